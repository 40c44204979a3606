/**
 * What changed between two releases, and which version bump that needs.
 *
 * Policy (the Data Package version recipe, applied to records and schemas):
 * - major: a table, field or record id removed or renamed; a field retyped; a field's
 *   constraints tightened (fewer values valid than before, including a field becoming
 *   required) or a required field becoming optional (consumers relied on it being there);
 *   the record type of a table renamed (its TypeScript type name changes).
 * - minor: tables, fields or records added; constraints loosened (e.g. a new enum value).
 * - patch: values of existing records corrected; descriptions changed.
 *
 * Both sides are release file maps (see files.ts), so a build compares its own outputs
 * with a published archive exactly as `npm run diff` compares two archives.
 */
import { BUMP_RANK, type Bump } from "./versions.ts";
import { jsonOf, type ReleaseFiles } from "./files.ts";

export interface ValueChange {
  /** Dotted path inside the record: `joined.year`, `evidence.1.quote`. */
  path: string;
  /** Absent when the value did not exist before. */
  old?: unknown;
  /** Absent when the value no longer exists. */
  new?: unknown;
}

export interface RecordChange {
  id: string;
  fields: ValueChange[];
}

export interface RemovedRecord {
  id: string;
  /** From the newer release's tombstones.json, when it retired the id. */
  status?: "moved" | "removed";
  moved_to?: string;
  reason?: string;
}

export interface TableDiff {
  table: string;
  added: string[];
  removed: RemovedRecord[];
  changed: RecordChange[];
}

export type SchemaChangeKind = "added" | "removed" | "retyped" | "tightened" | "loosened" | "optional" | "renamed" | "described";

export interface SchemaChange {
  table: string;
  /** Field path (`joined.year`, `evidence[].quote`); absent for a change of the table itself. */
  field?: string;
  change: SchemaChangeKind;
  /** What exactly, e.g. `maxLength 100 -> 50`. */
  detail?: string;
  bump: Exclude<Bump, "none">;
}

export interface ReleaseDiff {
  from: string | null;
  to: string | null;
  /** The smallest version step these changes need. */
  required: Bump;
  schema: SchemaChange[];
  tables: TableDiff[];
}

const SCHEMA_BUMP: Record<SchemaChangeKind, Exclude<Bump, "none">> = {
  added: "minor",
  removed: "major",
  retyped: "major",
  tightened: "major",
  loosened: "minor",
  optional: "major",
  renamed: "major",
  described: "patch",
};

type Row = Record<string, unknown>;

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- records

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

function tombstonesOf(files: ReleaseFiles): Map<string, RemovedRecord> {
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
  const diffs: TableDiff[] = [];
  for (const table of names) {
    const oldRows = byId(before.get(table) ?? []);
    const newRows = byId(after.get(table) ?? []);
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
    if (diff.added.length || diff.removed.length || diff.changed.length) diffs.push(diff);
  }
  return diffs;
}

function byId(rows: Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [String(row.id), row]));
}

function diffValues(path: string, a: unknown, b: unknown, out: ValueChange[]): void {
  if (sameValue(a, b)) return;
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

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  return false;
}

// ---------------------------------------------------------------- schemas

interface FieldSpec {
  type: string;
  required: boolean;
  keywords: Record<string, unknown>;
}

interface TableSpec {
  /** The record type's name (a JSON Schema `title`), when known. */
  title?: string;
  description?: string;
  fields: Map<string, FieldSpec>;
}

/** Keywords that describe and do not constrain. */
const DESCRIPTIVE = new Set(["description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"]);
/** Keywords handled structurally. */
const STRUCTURAL = new Set(["type", "properties", "items", "required", "$id", "$schema", "$defs"]);
const LOWER_BOUNDS = new Set(["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"]);
const UPPER_BOUNDS = new Set(["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"]);

/**
 * Tables and fields as the release describes them: from the bundled JSON Schemas in
 * schemas/ when `useSchemas`, otherwise from the Table Schemas in datapackage.json.
 */
function releaseSpecs(files: ReleaseFiles, useSchemas: boolean): Map<string, TableSpec> {
  const specs = new Map<string, TableSpec>();
  if (useSchemas) {
    for (const [path] of files) {
      const match = /^schemas\/([^/]+)\.schema\.json$/.exec(path);
      const schema = match ? jsonOf(files, path) : undefined;
      if (!match || !isObject(schema)) continue;
      const fields = new Map<string, FieldSpec>();
      walkSchema(schema, "", true, fields);
      specs.set(match[1]!, {
        ...(typeof schema.title === "string" ? { title: schema.title } : {}),
        ...(typeof schema.description === "string" ? { description: schema.description } : {}),
        fields,
      });
    }
    return specs;
  }
  const descriptor = jsonOf(files, "datapackage.json");
  const resources = isObject(descriptor) && Array.isArray(descriptor.resources) ? descriptor.resources : [];
  for (const resource of resources) {
    if (!isObject(resource) || typeof resource.name !== "string" || !isObject(resource.schema) || !Array.isArray(resource.schema.fields)) continue;
    const [table, ...rest] = resource.name.split(".");
    const child = rest.join(".");
    const spec = specs.get(table!) ?? { fields: new Map<string, FieldSpec>() };
    if (!child && typeof resource.description === "string") spec.description = resource.description;
    for (const field of resource.schema.fields) {
      if (!isObject(field) || typeof field.name !== "string") continue;
      // A child table repeats the parent id and numbers its items: neither is a field of the record.
      if (child && (field.name === "id" || field.name === "index")) continue;
      const { required, ...constraints } = isObject(field.constraints) ? field.constraints : {};
      spec.fields.set(child ? `${child}[].${field.name}` : field.name, {
        type: String(field.type ?? "any"),
        required: required === true,
        keywords: { ...constraints, ...(typeof field.format === "string" ? { format: field.format } : {}), ...(typeof field.description === "string" ? { description: field.description } : {}) },
      });
    }
    specs.set(table!, spec);
  }
  return specs;
}

function walkSchema(node: Record<string, unknown>, path: string, required: boolean, out: Map<string, FieldSpec>): void {
  if (path) {
    const keywords: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) if (!STRUCTURAL.has(key)) keywords[key] = value;
    out.set(path, { type: String(node.type ?? "any"), required, keywords });
  }
  if (isObject(node.properties)) {
    const requiredSet = new Set(Array.isArray(node.required) ? node.required : []);
    for (const [name, child] of Object.entries(node.properties)) {
      if (isObject(child)) walkSchema(child, path ? `${path}.${name}` : name, requiredSet.has(name), out);
    }
  }
  if (isObject(node.items)) walkSchema(node.items, `${path}[]`, true, out);
}

export function diffSchemas(older: ReleaseFiles, newer: ReleaseFiles): SchemaChange[] {
  const hasSchemas = (files: ReleaseFiles) => [...files.keys()].some((path) => /^schemas\/[^/]+\.schema\.json$/.test(path));
  // Compare like with like: JSON Schemas when both releases ship them, else both descriptors.
  const useSchemas = hasSchemas(older) && hasSchemas(newer);
  const before = releaseSpecs(older, useSchemas);
  const after = releaseSpecs(newer, useSchemas);
  const changes: SchemaChange[] = [];
  const push = (table: string, field: string | undefined, change: SchemaChangeKind, detail?: string) =>
    changes.push({ table, ...(field === undefined ? {} : { field }), change, ...(detail === undefined ? {} : { detail }), bump: SCHEMA_BUMP[change] });
  for (const table of [...new Set([...before.keys(), ...after.keys()])].sort(compareText)) {
    const a = before.get(table);
    const b = after.get(table);
    if (!a) {
      push(table, undefined, "added");
      continue;
    }
    if (!b) {
      push(table, undefined, "removed");
      continue;
    }
    if (a.title !== undefined && b.title !== undefined && a.title !== b.title) push(table, undefined, "renamed", `record type ${a.title} -> ${b.title}`);
    if (a.description !== b.description) push(table, undefined, "described");
    const paths = [...new Set([...a.fields.keys(), ...b.fields.keys()])].sort(compareText);
    for (const path of paths) {
      const old = a.fields.get(path);
      const neu = b.fields.get(path);
      // Report only the outermost field that appeared or vanished.
      const parent = parentPath(path);
      if (!old) {
        if (parent === undefined || a.fields.has(parent)) push(table, path, "added", `${neu!.type}${neu!.required ? ", required" : ""}`);
        continue;
      }
      if (!neu) {
        if (parent === undefined || b.fields.has(parent)) push(table, path, "removed");
        continue;
      }
      compareField(old, neu, (change, detail) => push(table, path, change, detail));
    }
  }
  return changes;
}

function parentPath(path: string): string | undefined {
  if (path.endsWith("[]")) return path.slice(0, -2);
  const dot = path.lastIndexOf(".");
  return dot === -1 ? undefined : path.slice(0, dot);
}

function compareField(a: FieldSpec, b: FieldSpec, report: (change: SchemaChangeKind, detail?: string) => void): void {
  if (a.type !== b.type) {
    report("retyped", `${a.type} -> ${b.type}`);
    return;
  }
  if (!a.required && b.required) report("tightened", "now required");
  if (a.required && !b.required) report("optional", "no longer required");
  const keys = [...new Set([...Object.keys(a.keywords), ...Object.keys(b.keywords)])].sort(compareText);
  let described = false;
  for (const key of keys) {
    const x = a.keywords[key];
    const y = b.keywords[key];
    if (sameValue(x, y)) continue;
    if (DESCRIPTIVE.has(key)) {
      described = true;
      continue;
    }
    const detail = `${key} ${show(x)} -> ${show(y)}`;
    if (key === "x-references") {
      report(x !== undefined && y !== undefined ? "retyped" : y === undefined ? "loosened" : "tightened", detail);
    } else if (LOWER_BOUNDS.has(key) && (x === undefined || y === undefined || (typeof x === "number" && typeof y === "number"))) {
      report(y === undefined || (x !== undefined && (y as number) < (x as number)) ? "loosened" : "tightened", detail);
    } else if (UPPER_BOUNDS.has(key) && (x === undefined || y === undefined || (typeof x === "number" && typeof y === "number"))) {
      report(y === undefined || (x !== undefined && (y as number) > (x as number)) ? "loosened" : "tightened", detail);
    } else if (key === "enum" && Array.isArray(x) && Array.isArray(y)) {
      const removed = x.filter((value) => !y.some((other) => sameValue(value, other)));
      const added = y.filter((value) => !x.some((other) => sameValue(value, other)));
      if (removed.length) report("tightened", `enum lost ${removed.map(show).join(", ")}`);
      if (added.length) report("loosened", `enum gained ${added.map(show).join(", ")}`);
    } else if ((key === "uniqueItems" || key === "unique") && (x === true || y === true)) {
      report(y === true ? "tightened" : "loosened", detail);
    } else {
      // Any other constraint: a new or changed one may reject values, a dropped one cannot.
      report(y === undefined ? "loosened" : "tightened", detail);
    }
  }
  if (described) report("described");
}

function show(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

// ---------------------------------------------------------------- together

export function diffReleases(older: ReleaseFiles | undefined, newer: ReleaseFiles): ReleaseDiff {
  const base: ReleaseFiles = older ?? new Map();
  const schema = diffSchemas(base, newer);
  const tables = diffRecords(base, newer);
  const bumps: Bump[] = [
    ...schema.map((change) => change.bump),
    ...tables.flatMap((t): Bump[] => [t.removed.length ? "major" : "none", t.added.length ? "minor" : "none", t.changed.length ? "patch" : "none"]),
  ];
  const required = bumps.reduce<Bump>((max, bump) => (BUMP_RANK[bump] > BUMP_RANK[max] ? bump : max), "none");
  return { from: older ? releaseVersion(older) : null, to: releaseVersion(newer), required, schema, tables };
}

/** One sentence per change that needs exactly `bump`, for error messages. */
export function reasons(diff: ReleaseDiff, bump: Bump): string[] {
  const out: string[] = [];
  for (const change of diff.schema) {
    if (change.bump !== bump) continue;
    const what = change.field === undefined ? `table "${change.table}"` : `field "${change.table}.${change.field}"`;
    const detail = change.detail ? ` (${change.detail})` : "";
    const verb: Record<SchemaChangeKind, string> = {
      added: "was added",
      removed: "was removed",
      retyped: "was retyped",
      tightened: "was tightened",
      loosened: "was loosened",
      optional: "is no longer required",
      renamed: "was renamed",
      described: "has a new description",
    };
    out.push(`${what} ${verb[change.change]}${change.change === "optional" ? "" : detail}`);
  }
  for (const table of diff.tables) {
    if (bump === "major" && table.removed.length) out.push(`table "${table.table}" lost records: ${list(table.removed.map((r) => r.id))}`);
    if (bump === "minor" && table.added.length) out.push(`table "${table.table}" gained records: ${list(table.added)}`);
    if (bump === "patch" && table.changed.length) out.push(`table "${table.table}" has changed records: ${list(table.changed.map((c) => c.id))}`);
  }
  return out;
}

function list(ids: string[], max = 5): string {
  return ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}

// ---------------------------------------------------------------- text

export function formatDiff(diff: ReleaseDiff): string[] {
  const lines = [`${diff.from ?? "(nothing)"} -> ${diff.to ?? "(unknown version)"}: needs a ${diff.required === "none" ? "release of any kind (no changes)" : `${diff.required} release`}`];
  if (diff.schema.length) {
    lines.push("", "schema:");
    for (const change of diff.schema) {
      const what = change.field === undefined ? `table ${change.table}` : `${change.table}.${change.field}`;
      lines.push(`  ${change.change} ${what}${change.detail ? `: ${change.detail}` : ""} [${change.bump}]`);
    }
  }
  for (const table of diff.tables) {
    lines.push("", `${table.table}: ${table.added.length} added, ${table.removed.length} removed, ${table.changed.length} changed`);
    for (const id of table.added) lines.push(`  + ${id}`);
    for (const removed of table.removed) {
      const why = removed.moved_to ? ` (moved to ${removed.moved_to})` : removed.status === "removed" ? " (retired)" : "";
      lines.push(`  - ${removed.id}${why}`);
    }
    for (const change of table.changed) {
      lines.push(`  ~ ${change.id}`);
      for (const field of change.fields) lines.push(`      ${field.path}: ${show(field.old)} -> ${show(field.new)}`);
    }
  }
  if (!diff.schema.length && !diff.tables.length) lines.push("no changes");
  return lines;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
