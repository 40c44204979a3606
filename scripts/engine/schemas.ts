/**
 * Schema stage: every `schemas/<table>.schema.json` defines a table, and
 * `schemas/defs/*.schema.json` holds definitions they share. Nothing here names a table.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
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
import { validatorFromCode } from "./cache/validators.ts";
import { fixedValidator, type FixedValidator } from "../contract/precompiled-validator.ts";

export { DEFS_FOLDER, TABLE_SCHEMA_SUFFIX };
const require = createRequire(import.meta.url);
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

/** The schema set; `ajv` is the compiler of its validators, whose code the build cache keeps. */
export function loadSchemas(root: string): { schemas: SchemaSet; problems: Diagnostic[]; ajv?: Ajv2020 } {
  const problems: Diagnostic[] = [];
  const tableFiles = new Map<string, SchemaFile>();
  const definitions: SchemaFile[] = [];
  const byId = new Map<string, SchemaFile>();

  /** A file that keeps the conventions joins the set; one that does not is reported and left out. */
  const read = (relative: string, kind: SchemaFileKind): SchemaFile | undefined => {
    const bytes = readFileSync(join(root, relative));
    const { json: yaml, problems: loadProblems } = loadSchemaJson(relative, bytes);
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
  // Each schema is checked against the JSON Schema meta-schema by checkSchema, as ajv would.
  const ajv = createAjv({ validateSchema: false });
  for (const file of definitions) {
    checkSchema(ajv, file.data);
    ajv.addSchema(file.data);
  }
  const shapes = new Map<string, ObjectShape | undefined>();
  for (const [name, schemaFile] of tableFiles) {
    const before = reader.problems.length;
    const shape = reader.readTable(schemaFile);
    // ajv would refuse an unresolved "$ref" again, without its place.
    if (reader.problems.length === before) shapes.set(name, shape);
  }
  const validators = compileValidators(ajv, [...shapes.keys()].map((name) => [name, tableFiles.get(name)!] as const));
  const tables = new Map<string, Table>();
  for (const [name, shape] of shapes) {
    const schemaFile = tableFiles.get(name)!;
    const validate = validators.get(name)!;
    if (validate instanceof Error) {
      problems.push({ ...schemaFile.yaml.locate([]), code: "schema-definition", message: `ajv cannot compile the schema: ${validate.message}` });
      continue;
    }
    if (shape) tables.set(name, { name, schemaFile, shape, validate });
  }
  problems.push(...reader.problems);
  // The compiler goes with its functions: the build cache keeps them as standalone code (engine/cache/).
  return { schemas: { tables, definitions }, problems, ajv };
}

/** Each table's validate function, or why ajv refused it. */
function compileValidators(ajv: Ajv2020, tableFiles: readonly (readonly [string, SchemaFile])[]): Map<string, ValidateFunction | Error> {
  const functions = new Map<string, ValidateFunction | Error>();
  for (const [name, file] of tableFiles) {
    try {
      checkSchema(ajv, file.data);
      functions.set(name, ajv.compile(file.data));
    } catch (error) {
      functions.set(name, error as Error);
    }
  }
  return functions;
}

/** `validateSchema: false` is for the engine's own schemas, which their tests check against draft 2020-12. */
export function createAjv({ validateSchema = true }: { validateSchema?: boolean } = {}): Ajv2020 {
  // strict: a misspelt keyword fails here instead of silently allowing anything.
  // verbose: errors carry their parent schema, from which hints list the allowed properties.
  // code.regExp: patterns run on RE2, in time linear in the value; with allErrors a
  // backtracking match would run even on a value already too long for its maxLength.
  // code.source: the build cache writes the compiled functions out as standalone code.
  // code.optimize: ajv's pass over the generated code (dropping unused names, folding
  // constant conditions) was about a quarter of compiling a table, and changes nothing a
  // validator returns; V8 makes the same simplifications when the code runs hot.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: false, verbose: true, code: { regExp: ajvLinearRegExp, source: true, optimize: false }, validateSchema });
  // "full" checks calendars: fast mode would accept 2020-13-01.
  addFormats.default(ajv, { mode: "full" });
  registerKeywords(ajv);
  return ajv;
}

/** The meta-schema of the schemas the engine reads (and ajv's default). */
const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

/**
 * The check of a schema against the JSON Schema 2020-12 meta-schema, which ajv compiles
 * (about 45 ms) before the first schema it is given: compiled with the engine instead
 * (contract/precompiled-validator.ts), with the compiler the build uses, keyed on ajv's
 * version, which brings the meta-schema.
 */
export const JSON_SCHEMA_META: FixedValidator = {
  name: "json-schema-2020-12",
  schemaText: () => JSON.stringify([DRAFT_2020_12, (require("ajv/package.json") as { version: string }).version]),
  compile() {
    const ajv = createAjv();
    return { ajv, validate: ajv.getSchema(DRAFT_2020_12)! };
  },
  fromCode: validatorFromCode,
};

/**
 * Throws what ajv's own check (option validateSchema) throws for `schema`, with the
 * precompiled meta-schema when the schema names draft 2020-12 or none, else ajv's.
 */
function checkSchema(ajv: Ajv2020, schema: unknown): void {
  const named = isObject(schema) ? schema.$schema : undefined;
  if (typeof schema === "boolean" || (named !== undefined && named !== DRAFT_2020_12)) {
    ajv.validateSchema(schema as object, true);
    return;
  }
  const validate = fixedValidator(JSON_SCHEMA_META);
  if (!validate(schema)) throw new Error(`schema is invalid: ${ajv.errorsText(validate.errors)}`);
}

