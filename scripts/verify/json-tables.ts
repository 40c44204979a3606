/**
 * `json/<table>.json` and `schemas/<table>.schema.json` of a release: each schema read
 * as a table shape, so that the CSV flattening rule of the build
 * (scripts/contract/flatten.ts) can say what each CSV file must hold, and compiled to
 * check the records one at a time as they stream past (table-group.ts).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { compareText } from "../contract/diagnostics.ts";
import { csvLayouts, type CsvLayout } from "../contract/flatten.ts";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES, splitPointer } from "../contract/keywords.ts";
import { ajvLinearRegExp } from "../contract/linear-regex.ts";
import { isObject, ShapeReader, type JsonSchema, type SchemaFile } from "../contract/shapes.ts";
import { readReleaseJson } from "./json-file.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type Problem, type ProblemSink } from "./report.ts";

export interface JsonTable {
  name: string;
  file: string;
  schemaFile: string;
  /** Absent when the schema file cannot be read (reported): the records are then only read, not checked. */
  schema?: JsonSchema;
  /** The CSV files the records flatten to; none when the schema cannot be read as a table shape, and then CSV agreement is not checked. */
  layouts: CsvLayout[];
  /** Why the schema cannot be read as a table shape: reported once the records have been checked against it, as a table in use. */
  shapeProblems: Problem[];
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

/** Every table's schema, read (the schema files are small) before any record. */
export function readJsonTables(files: ReleaseFiles, names: readonly string[]): JsonTable[] {
  return names.map((name) => jsonTable(name, readReleaseJson(files, schemaFileOf(name), { contentCode: "schema-error" })?.value as JsonSchema | undefined, names));
}

/** The table `name` of a release whose tables are `names`, from its schema as read (undefined: unreadable); what a worker thread makes again from the same schema. */
export function jsonTable(name: string, schema: JsonSchema | undefined, names: readonly string[]): JsonTable {
  const schemaFile = schemaFileOf(name);
  const table: JsonTable = { name, file: `json/${name}.json`, schemaFile, layouts: [], shapeProblems: [] };
  if (schema === undefined) return table;
  return { ...table, schema, ...shapeOf(name, schema, schemaFile, new Set(names)) };
}

function schemaFileOf(name: string): string {
  return `schemas/${name}.schema.json`;
}

/** The validator of every table's records; patterns come from the release, so they run on RE2, in linear time. */
export function recordAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, code: { regExp: ajvLinearRegExp } });
  addFormats.default(ajv, { mode: "full" });
  // The project's own keywords only annotate; strict mode must know them to accept them.
  ajv.addVocabulary([REFERENCES, QUOTE_IN, DOCUMENT_SHA256]);
  return ajv;
}

/** Thrown when a schema that compiled cannot be applied to a record (it recurses without end). */
export class UnusableSchema extends Error {}

/** One table's records checked against its schema, one at a time. */
export class RecordCheck {
  private constructor(
    private readonly table: JsonTable,
    private readonly validate: ReturnType<Ajv2020["compile"]>,
    private readonly log: ProblemSink,
  ) {}

  /** The check, or undefined after reporting why the schema cannot be compiled. */
  static compile(ajv: Ajv2020, table: JsonTable, log: ProblemSink): RecordCheck | undefined {
    try {
      return new RecordCheck(table, ajv.compile(table.schema!), log);
    } catch (error) {
      reportUnusable(table, log, error, "cannot be compiled");
      return undefined;
    }
  }

  /**
   * Whether the record (the array's element at `index`) is a record its schema accepts;
   * problems reported. `nonFinite`: pointers of numbers read as Infinity, already
   * reported. Throws UnusableSchema, after reporting it, when the schema cannot be applied.
   */
  check(record: unknown, index: number, nonFinite: readonly string[]): boolean {
    const file = this.table.file;
    if (!isObject(record)) {
      this.log.add({ code: "schema-error", file, row: index + 1, pointer: `/${index}`, message: "a table's JSON file must be an array of records (objects): this element is not an object" });
      return false;
    }
    let valid: boolean;
    try {
      valid = this.validate(record) as boolean;
    } catch (error) {
      reportUnusable(this.table, this.log, error, "cannot be applied");
      throw new UnusableSchema();
    }
    if (valid) return nonFinite.length === 0;
    for (const error of this.validate.errors ?? []) {
      // Infinity also fails `type: number`; the range problem already says why, better.
      if (nonFinite.includes(`/${index}${error.instancePath}`)) continue;
      const params = error.params as Record<string, unknown>;
      const extra = typeof params.additionalProperty === "string" ? params.additionalProperty : typeof params.missingProperty === "string" ? params.missingProperty : undefined;
      const path = [...splitPointer(error.instancePath), ...(extra ? [extra] : [])];
      this.log.add({
        code: "schema-error",
        file,
        row: index + 1,
        ...(path.length ? { field: path.join(".") } : {}),
        pointer: `/${index}${error.instancePath}`,
        message: `${error.message ?? "is invalid"}${extra ? ` (${shownValue(extra)})` : ""} (${this.table.schemaFile})`,
      });
    }
    return false;
  }
}

function reportUnusable(table: JsonTable, log: ProblemSink, error: unknown, what: string): void {
  const why = error instanceof RangeError ? "it refers to itself without end" : (error as Error).message;
  log.add({ code: "schema-error", file: table.schemaFile, message: `the schema ${what}: ${why}` });
}

/**
 * The table's CSV layouts, read from the bundled schema. A schema the build wrote always
 * reads; one that does not (or that sends the reader round in circles) gives none, and
 * its CSV files are then not compared with the records.
 */
function shapeOf(name: string, data: JsonSchema, file: string, names: Set<string>): Pick<JsonTable, "layouts" | "shapeProblems"> {
  const schemaFile: SchemaFile = { id: typeof data.$id === "string" ? data.$id : file, data, yaml: { file, data, locate: () => ({ file, line: 1, col: 1 }) } };
  const reader = new ShapeReader(new Map([[schemaFile.id, schemaFile]]), names);
  let shape: ReturnType<ShapeReader["readTable"]>;
  try {
    shape = reader.readTable(schemaFile);
  } catch (error) {
    const why = error instanceof RangeError ? "its references go round in a circle" : (error as Error).message;
    return { layouts: [], shapeProblems: [{ code: "schema-error", file, message: `the schema cannot be read as a table of records, so its CSV files are not compared with ${name}.json: ${why}` }] };
  }
  const shapeProblems: Problem[] = reader.problems.map((problem) => ({ code: "schema-error", file, message: `the schema cannot be read as a table of records: ${problem.message}` }));
  if (!shape || shapeProblems.length > 0) return { layouts: [], shapeProblems };
  try {
    return { layouts: csvLayouts({ name, shape }), shapeProblems };
  } catch (error) {
    return { layouts: [], shapeProblems: [{ code: "schema-error", file, message: `the schema cannot be read as a table of records: ${(error as Error).message}` }] };
  }
}
