/**
 * A table schema with every `$ref` written out in place: a self-contained file for
 * consumers of a release, and the input the TypeScript generator needs, which would
 * otherwise try to fetch our `urn:` ids.
 */
import type { SchemaSet, Table } from "./schemas.ts";
import { isObject, type JsonSchema, type SchemaFile } from "./shapes.ts";

export function bundleTableSchema(table: Table, schemas: SchemaSet): JsonSchema {
  const files = new Map<string, SchemaFile>(schemas.definitions.map((file) => [file.id, file]));
  files.set(table.schemaFile.id, table.schemaFile);
  const { $defs: _unused, ...top } = table.schemaFile.data;
  return inline(top, table.schemaFile, files, 0) as JsonSchema;
}

function inline(node: unknown, base: SchemaFile, files: Map<string, SchemaFile>, depth: number): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, base, files, depth));
  if (!isObject(node)) return node;
  if (typeof node.$ref === "string") {
    // Shape reading has already rejected unresolvable and circular references.
    if (depth > 16) throw new Error(`$ref ${node.$ref} is circular`);
    const [id, fragment = ""] = node.$ref.split("#", 2);
    const file = id ? files.get(id) : base;
    if (!file) throw new Error(`$ref ${node.$ref} does not resolve`);
    let target: unknown = file.data;
    for (const segment of fragment.split("/").slice(1)) target = (target as Record<string, unknown>)[segment];
    const { $ref: _ref, ...siblings } = node;
    const { $id: _id, $schema: _schema, $defs: _defs, ...resolved } = inline(target, file, files, depth + 1) as JsonSchema;
    return { ...resolved, ...inline(siblings, base, files, depth) as JsonSchema };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, base, files, depth)]));
}
