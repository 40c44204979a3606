/**
 * A table schema with every `$ref` written out in place: a self-contained file for
 * consumers of a release, and the input the TypeScript generator needs, which would
 * otherwise try to fetch our `urn:` ids.
 */
import { splitPointer } from "../contract/keywords.ts";
import { isObject, type JsonSchema, type SchemaFile } from "../contract/shapes.ts";

/** What bundling reads of a schema file: plain data, which a worker thread can be sent. */
export type SchemaSource = Pick<SchemaFile, "id" | "data">;

export function bundleTableSchema(table: { schemaFile: SchemaSource }, schemas: { definitions: readonly SchemaSource[] }): JsonSchema {
  const files = new Map<string, SchemaSource>(schemas.definitions.map((file) => [file.id, file]));
  files.set(table.schemaFile.id, table.schemaFile);
  const { $defs: _unused, ...top } = table.schemaFile.data;
  return inline(top, table.schemaFile, files, new Set([table.schemaFile.data])) as JsonSchema;
}

/** `open` holds the objects on the current path: a `$ref` back to one of them would never end. */
function inline(node: unknown, base: SchemaSource, files: Map<string, SchemaSource>, open: Set<object>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, base, files, open));
  if (!isObject(node)) return node;
  open.add(node);
  try {
    if (typeof node.$ref === "string") {
      // Shape reading has already rejected unresolvable and recursive references.
      const [id, fragment = ""] = node.$ref.split("#", 2);
      const file = id ? files.get(id) : base;
      let target: unknown = file?.data;
      for (const segment of splitPointer(fragment)) target = isObject(target) ? target[segment] : undefined;
      if (!file || !isObject(target)) throw new Error(`$ref ${node.$ref} does not resolve`);
      if (open.has(target)) throw new Error(`$ref ${node.$ref} is recursive`);
      const { $ref: _ref, ...siblings } = node;
      const { $id: _id, $schema: _schema, $defs: _defs, ...resolved } = inline(target, file, files, open) as JsonSchema;
      return { ...resolved, ...inline(siblings, base, files, open) as JsonSchema };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, base, files, open)]));
  } finally {
    open.delete(node);
  }
}
