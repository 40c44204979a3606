/**
 * A release's tombstones.json: the ids it retired. Each entry must have the shipped
 * shape, belong to a table of the release, not still name a live record (an id would
 * then resolve two ways), and, when moved, point at a record that exists.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { ajvLinearRegExp } from "../contract/linear-regex.ts";
import { TOMBSTONE_SCHEMA } from "../contract/tombstone-schema.ts";
import type { JsonTable } from "./json-tables.ts";
import { readReleaseJson } from "./json-file.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog } from "./report.ts";

export const TOMBSTONES_FILE = "tombstones.json";

export function checkTombstones(files: ReleaseFiles, tables: readonly JsonTable[], log: ProblemLog): void {
  if (!files.exists(TOMBSTONES_FILE)) return;
  const read = readReleaseJson(files, TOMBSTONES_FILE, { contentCode: "schema-error", records: true });
  if (!read) return;
  const entries = read.value;
  if (!Array.isArray(entries)) {
    log.add({ code: "schema-error", file: TOMBSTONES_FILE, message: "must be an array of tombstones" });
    return;
  }
  // The schema is ours but the ids are the release's: its patterns run on RE2 like every other.
  const validate = new Ajv2020({ strict: false, allErrors: true, code: { regExp: ajvLinearRegExp } }).compile(TOMBSTONE_SCHEMA);
  // Only text ids can name a record; any other id already broke its table's schema.
  const ids = new Map(tables.map((table) => [table.name, new Set(table.records.flatMap((record) => (typeof record.id === "string" ? [record.id] : [])))]));
  const seen = new Set<string>();
  entries.forEach((entry: unknown, index) => {
    const row = index + 1;
    if (!validate(entry)) {
      for (const error of validate.errors ?? []) {
        log.add({ code: "schema-error", file: TOMBSTONES_FILE, row, pointer: `/${index}${error.instancePath}`, message: error.message ?? "is invalid" });
      }
      return;
    }
    const { table, id, moved_to: movedTo } = entry as { table: string; id: string; moved_to?: string };
    const live = ids.get(table);
    if (!live) {
      log.add({ code: "foreign-key", file: TOMBSTONES_FILE, row, field: "table", message: `${shownValue(table)} is not a table of this release` });
      return;
    }
    const key = `${table}\u0000${id}`;
    if (live.has(id) || seen.has(key)) {
      const why = live.has(id) ? `still names a record of ${table}` : `is retired twice in ${table}`;
      log.add({ code: "tombstone-conflict", file: TOMBSTONES_FILE, row, field: "id", message: `${shownValue(id)} ${why}` });
    }
    seen.add(key);
    if (movedTo !== undefined && !live.has(movedTo)) {
      log.add({ code: "foreign-key", file: TOMBSTONES_FILE, row, field: "moved_to", message: `${shownValue(movedTo)} is not the id of any record of ${table}` });
    }
  });
}
