/**
 * `json/<table>.json` checked against `schemas/<table>.schema.json` of the same
 * release, and read as a table shape so that the CSV flattening rule of the
 * build (scripts/contract/flatten.ts) can say what each CSV file must hold.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES, splitPointer } from "../contract/keywords.ts";
import { ajvLinearRegExp } from "../contract/linear-regex.ts";
import type { Row, TableShape } from "../contract/flatten.ts";
import { ShapeReader, type JsonSchema, type SchemaFile } from "../contract/shapes.ts";
import { readReleaseJson } from "./json-file.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog } from "./report.ts";
import { compareText } from "../contract/diagnostics.ts";

export interface JsonTable {
  name: string;
  file: string;
  records: Row[];
  /** Positions (0-based) of records that broke their schema (reported): never flattened, since their shape is unknown. */
  invalid: ReadonlySet<number>;
  /** Absent when the schema cannot be read as a table shape; then CSV agreement is not checked. */
  table?: TableShape;
}

/** Tables are named by the release's json/ and schemas/ files, and by the descriptor's top-level resources. */
export function tableNames(root: string, resourceNames: readonly string[]): string[] {
  // Only names are listed here; each file is then read through ReleaseFiles, which refuses links.
  const list = (folder: string, suffix: string) => {
    let entries: string[];
    try {
      entries = readdirSync(join(root, folder));
    } catch {
      return []; // absent, or not a folder: no tables named by it
    }
    return entries.filter((n) => n.endsWith(suffix)).map((n) => n.slice(0, -suffix.length));
  };
  const names = new Set([...list("json", ".json"), ...list("schemas", ".schema.json"), ...resourceNames.filter((n) => !n.includes("."))]);
  return [...names].sort(compareText);
}

export function loadJsonTables(files: ReleaseFiles, names: readonly string[]): JsonTable[] {
  const log = files.log;
  // Patterns come from the release: RE2 runs them in linear time, where a backtracking engine could run for ever.
  const ajv = new Ajv2020({ strict: true, allErrors: true, code: { regExp: ajvLinearRegExp } });
  addFormats.default(ajv, { mode: "full" });
  // The project's own keywords only annotate; strict mode must know them to accept them.
  ajv.addVocabulary([REFERENCES, QUOTE_IN, DOCUMENT_SHA256]);
  const schemas = new Map<string, JsonSchema>();
  for (const name of names) {
    const read = readReleaseJson(files, `schemas/${name}.schema.json`, { contentCode: "schema-error" });
    if (read !== undefined) schemas.set(name, read.value as JsonSchema);
  }
  const tables: JsonTable[] = [];
  for (const name of names) {
    const file = `json/${name}.json`;
    const schemaFile = `schemas/${name}.schema.json`;
    const read = readReleaseJson(files, file, { contentCode: "schema-error", records: true });
    const schema = schemas.get(name);
    if (read === undefined || schema === undefined) continue;
    const records = read.value;
    if (!Array.isArray(records) || records.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) {
      log.add({ code: "schema-error", file, message: "a table's JSON file must be an array of records (objects)" });
      continue;
    }
    const unusable = (error: unknown, what: string) =>
      log.add({ code: "schema-error", file: schemaFile, message: `the schema ${what}: ${error instanceof RangeError ? "it refers to itself without end" : (error as Error).message}` });
    let validate: ReturnType<Ajv2020["compile"]>;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      unusable(error, "cannot be compiled");
      continue;
    }
    const invalid = new Set<number>();
    try {
      records.forEach((record, index) => {
        const outOfRange = [...read.nonFinite].filter((pointer) => pointer === `/${index}` || pointer.startsWith(`/${index}/`));
        if (outOfRange.length > 0) invalid.add(index);
        if (validate(record)) return;
        invalid.add(index);
        for (const error of validate.errors ?? []) {
          // Infinity also fails `type: number`; the range problem already says why, better.
          if (outOfRange.includes(`/${index}${error.instancePath}`)) continue;
          const params = error.params as Record<string, unknown>;
          const extra = typeof params.additionalProperty === "string" ? params.additionalProperty : typeof params.missingProperty === "string" ? params.missingProperty : undefined;
          const path = [...splitPointer(error.instancePath), ...(extra ? [extra] : [])];
          log.add({
            code: "schema-error",
            file,
            row: index + 1,
            ...(path.length ? { field: path.join(".") } : {}),
            pointer: `/${index}${error.instancePath}`,
            message: `${error.message ?? "is invalid"}${extra ? ` (${shownValue(extra)})` : ""} (${schemaFile})`,
          });
        }
      });
    } catch (error) {
      unusable(error, "cannot be applied");
      continue;
    }
    tables.push({ name, file, records: records as Row[], invalid, ...tableOf(name, schema, schemaFile, new Set(names), log) });
  }
  return tables;
}

/**
 * The table's shape, read from the bundled schema. A schema the build wrote always
 * reads; one that does not (or that sends the reader round in circles) is reported, and
 * then CSV agreement is not checked for the table.
 */
function tableOf(name: string, data: JsonSchema, file: string, names: Set<string>, log: ProblemLog): { table?: TableShape } {
  const schemaFile: SchemaFile = { id: typeof data.$id === "string" ? data.$id : file, data, yaml: { file, data, locate: () => ({ file, line: 1, col: 1 }) } };
  const reader = new ShapeReader(new Map([[schemaFile.id, schemaFile]]), names);
  let shape: ReturnType<ShapeReader["readTable"]>;
  try {
    shape = reader.readTable(schemaFile);
  } catch (error) {
    const why = error instanceof RangeError ? "its references go round in a circle" : (error as Error).message;
    log.add({ code: "schema-error", file, message: `the schema cannot be read as a table of records, so its CSV files are not compared with ${name}.json: ${why}` });
    return {};
  }
  for (const problem of reader.problems) log.add({ code: "schema-error", file, message: `the schema cannot be read as a table of records: ${problem.message}` });
  return shape && reader.problems.length === 0 ? { table: { name, shape } } : {};
}
