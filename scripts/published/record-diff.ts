/** The record side of a release diff: ids added and removed (with their tombstones), values changed. */
import { isDeepStrictEqual } from "node:util";
import { compareText } from "../contract/diagnostics.ts";
import type { Row } from "../contract/flatten.ts";
import { isObject } from "../contract/shapes.ts";
import type { RecordChange, RemovedRecord, TableDiff, ValueChange } from "./diff-shapes.ts";
import { jsonOf, type ReleaseFiles } from "./files.ts";

/** Records by table from data.json, or from json/<table>.json when data.json is missing. */
export function releaseTables(files: ReleaseFiles): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  const all = jsonOf(files, "data.json");
  if (isObject(all)) {
    for (const [table, rows] of Object.entries(all)) if (Array.isArray(rows)) tables.set(table, rows as Row[]);
    return tables;
  }
  for (const [path] of files) {
    const match = /^json\/([^/]+)\.json$/.exec(path);
    const rows = match ? jsonOf(files, path) : undefined;
    if (match && Array.isArray(rows)) tables.set(match[1]!, rows as Row[]);
  }
  return tables;
}

export function releaseVersion(files: ReleaseFiles): string | null {
  const descriptor = jsonOf(files, "datapackage.json");
  return isObject(descriptor) && typeof descriptor.version === "string" ? descriptor.version : null;
}

export function tombstonesOf(files: ReleaseFiles): Map<string, RemovedRecord> {
  const list = jsonOf(files, "tombstones.json");
  const byKey = new Map<string, RemovedRecord>();
  if (!Array.isArray(list)) return byKey;
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.table !== "string" || typeof entry.id !== "string") continue;
    byKey.set(`${entry.table}\0${entry.id}`, {
      id: entry.id,
      ...(entry.status === "moved" || entry.status === "removed" ? { status: entry.status } : {}),
      ...(typeof entry.moved_to === "string" ? { moved_to: entry.moved_to } : {}),
      ...(typeof entry.reason === "string" ? { reason: entry.reason } : {}),
    });
  }
  return byKey;
}

export function diffRecords(older: ReleaseFiles, newer: ReleaseFiles): TableDiff[] {
  const before = releaseTables(older);
  const after = releaseTables(newer);
  const retired = tombstonesOf(newer);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  return names.flatMap((table) => diffTable(table, before.get(table) ?? [], after.get(table) ?? [], retired) ?? []);
}

/**
 * One table's records compared, or undefined when nothing changed; `retired` holds the newer
 * release's tombstones by `<table>\0<id>` (tombstonesOf). The build compares a table at a time.
 */
export function diffTable(table: string, older: readonly Row[], newer: readonly Row[], retired: ReadonlyMap<string, RemovedRecord>): TableDiff | undefined {
  const oldRows = byId(older);
  const newRows = byId(newer);
  const diff: TableDiff = { table, added: [], removed: [], changed: [] };
  for (const id of [...newRows.keys()].sort(compareText)) if (!oldRows.has(id)) diff.added.push(id);
  for (const id of [...oldRows.keys()].sort(compareText)) {
    const newRow = newRows.get(id);
    if (newRow === undefined) {
      diff.removed.push(retired.get(`${table}\0${id}`) ?? { id });
      continue;
    }
    const fields: ValueChange[] = [];
    diffValues("", oldRows.get(id), newRow, fields);
    if (fields.length) diff.changed.push({ id, fields });
  }
  return diff.added.length || diff.removed.length || diff.changed.length ? diff : undefined;
}

function byId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [String(row.id), row]));
}

function diffValues(path: string, a: unknown, b: unknown, out: ValueChange[]): void {
  if (isDeepStrictEqual(a, b)) return;
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isObject(a) && isObject(b)) {
    for (const key of mergedKeys(Object.keys(a), Object.keys(b))) diffValues(at(key), a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, index) => diffValues(at(index), item, b[index], out));
    return;
  }
  out.push({ path, ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) });
}

/** The keys of both objects: the newer one's order, with keys it dropped where the older one had them. */
function mergedKeys(older: string[], newer: string[]): string[] {
  const kept = new Set(newer);
  const out: string[] = [];
  let next = 0;
  for (const key of newer) {
    const at = older.indexOf(key);
    for (; next < at; next++) if (!kept.has(older[next]!)) out.push(older[next]!);
    if (at >= next) next = at + 1;
    out.push(key);
  }
  for (; next < older.length; next++) if (!kept.has(older[next]!)) out.push(older[next]!);
  return out;
}

