/** The schema side of a release diff: tables and fields added, removed, retyped, tightened or loosened. */
import { isDeepStrictEqual } from "node:util";
import { compareText } from "../contract/diagnostics.ts";
import { isObject } from "../contract/shapes.ts";
import type { SchemaChange, SchemaChangeKind } from "./diff-shapes.ts";
import type { Bump } from "./versions.ts";
import { jsonOf, type ReleaseFiles } from "./files.ts";

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
  // Compare like with like: JSON Schemas when both releases ship them, else both
  // descriptors. Nothing released before counts as no schemas: a build compares its schemas
  // before its descriptor is written (the descriptor states the version the diff decides).
  const useSchemas = hasSchemas(newer) && (hasSchemas(older) || older.size === 0);
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
    if (isDeepStrictEqual(x, y)) continue;
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
      const removed = x.filter((value) => !y.some((other) => isDeepStrictEqual(value, other)));
      const added = y.filter((value) => !x.some((other) => isDeepStrictEqual(value, other)));
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

export function show(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

