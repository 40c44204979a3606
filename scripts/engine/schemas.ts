/**
 * Schema stage: every `schemas/<table>.schema.json` defines a table, and
 * `schemas/defs/*.schema.json` holds definitions they share. Nothing here names a table.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Diagnostic } from "../contract/diagnostics.ts";
import { registerKeywords } from "../contract/keywords.ts";
import { backtrackingPatterns } from "./schema-patterns.ts";
import { ajvLinearRegExp } from "../contract/linear-regex.ts";
import { DEFS_FOLDER, listProjectFolder, TABLE_SCHEMA_SUFFIX } from "./project-tree.ts";
import { isObject, ShapeReader, type ObjectShape, type SchemaFile } from "../contract/shapes.ts";
import { conventionProblems, type SchemaFileKind } from "./authoring-meta-schema.ts";
import { loadSchemaJson } from "./schema-json.ts";

export { DEFS_FOLDER, TABLE_SCHEMA_SUFFIX };
const TABLE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface Table {
  name: string;
  schemaFile: SchemaFile;
  shape: ObjectShape;
  validate: ValidateFunction;
}

export interface SchemaSet {
  tables: Map<string, Table>;
  /** Shared definition files, by `$id`. */
  definitions: SchemaFile[];
}

export function loadSchemas(root: string): { schemas: SchemaSet; problems: Diagnostic[]; ajv?: Ajv2020 } {
  const problems: Diagnostic[] = [];
  const tableFiles = new Map<string, SchemaFile>();
  const definitions: SchemaFile[] = [];
  const byId = new Map<string, SchemaFile>();

  /** A file that keeps the conventions joins the set; one that does not is reported and left out. */
  const read = (relative: string, kind: SchemaFileKind): SchemaFile | undefined => {
    const { json: yaml, problems: loadProblems } = loadSchemaJson(relative, readFileSync(join(root, relative)));
    problems.push(...loadProblems);
    if (!yaml) return undefined;
    const broken = conventionProblems(yaml, kind);
    // Patterns are checked whatever else is wrong: RE2's verdict does not depend on the rest.
    if (isObject(yaml.data)) problems.push(...backtrackingPatterns(yaml, yaml.data));
    problems.push(...broken);
    if (broken.length > 0 || !isObject(yaml.data) || typeof yaml.data.$id !== "string") return undefined;
    const id = yaml.data.$id;
    if (byId.has(id)) {
      problems.push({ ...yaml.locate(["$id"]), code: "schema-definition", message: `"$id" ${id} is already used by ${byId.get(id)!.yaml.file}`, hint: "give each schema file a \"$id\" of its own" });
      return undefined;
    }
    const file = { id, yaml, data: yaml.data };
    byId.set(id, file);
    return file;
  };

  const top = listProjectFolder(root, "schemas");
  const defs = top.folders.includes(DEFS_FOLDER) ? listProjectFolder(root, `schemas/${DEFS_FOLDER}`) : undefined;
  problems.push(...top.problems, ...(defs?.problems ?? []));
  // A linked file may be the schema a table or a "$ref" needs: what is left would only add noise.
  if (problems.length > 0) return { schemas: { tables: new Map(), definitions }, problems };
  for (const name of top.files) {
    if (!name.endsWith(TABLE_SCHEMA_SUFFIX)) continue;
    const table = name.slice(0, -TABLE_SCHEMA_SUFFIX.length);
    const file = read(`schemas/${name}`, "table");
    if (!file) continue;
    if (!TABLE_NAME.test(table)) {
      problems.push({ ...file.yaml.locate([]), code: "schema-definition", message: `table name "${table}" must be lower-case kebab-case` });
      continue;
    }
    tableFiles.set(table, file);
  }
  for (const name of defs?.files ?? []) {
    if (!name.endsWith(TABLE_SCHEMA_SUFFIX)) continue;
    const file = read(`schemas/${DEFS_FOLDER}/${name}`, "definitions");
    if (file) definitions.push(file);
  }

  // The shape of a schema that breaks the conventions would only repeat what they say.
  if (problems.length > 0) return { schemas: { tables: new Map(), definitions }, problems };
  const reader = new ShapeReader(byId, new Set(tableFiles.keys()));
  const ajv = createAjv();
  for (const file of definitions) ajv.addSchema(file.data);
  const tables = new Map<string, Table>();
  for (const [name, schemaFile] of tableFiles) {
    const before = reader.problems.length;
    const shape = reader.readTable(schemaFile);
    // ajv would refuse an unresolved "$ref" again, without its place.
    if (reader.problems.length > before) continue;
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schemaFile.data);
    } catch (error) {
      problems.push({ ...schemaFile.yaml.locate([]), code: "schema-definition", message: `ajv cannot compile the schema: ${(error as Error).message}` });
      continue;
    }
    if (shape) tables.set(name, { name, schemaFile, shape, validate });
  }
  problems.push(...reader.problems);
  // The compiler goes with its functions: the build cache keeps them as standalone code (engine/cache/).
  return { schemas: { tables, definitions }, problems, ajv };
}

/** `validateSchema: false` is for the engine's own schemas, which their tests check against draft 2020-12. */
export function createAjv({ validateSchema = true }: { validateSchema?: boolean } = {}): Ajv2020 {
  // strict: a misspelt keyword fails here instead of silently allowing anything.
  // verbose: errors carry their parent schema, from which hints list the allowed properties.
  // code.regExp: patterns run on RE2, in time linear in the value; with allErrors a
  // backtracking match would run even on a value already too long for its maxLength.
  // code.source: the build cache writes the compiled functions out as standalone code.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: false, verbose: true, code: { regExp: ajvLinearRegExp, source: true }, validateSchema });
  // "full" checks calendars: fast mode would accept 2020-13-01.
  addFormats.default(ajv, { mode: "full" });
  registerKeywords(ajv);
  return ajv;
}
