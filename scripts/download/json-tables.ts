/**
 * `json/<table>.json` checked against `schemas/<table>.schema.json` of the same
 * release, and turned into the engine's `Table` so that the CSV flattening rule of the
 * build (scripts/engine/flatten.ts) can say what each CSV file must hold.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES } from "../engine/keywords.ts";
import type { Row } from "../engine/model.ts";
import type { Table } from "../engine/schemas.ts";
import { ShapeReader, type JsonSchema, type SchemaFile } from "../engine/shapes.ts";
import type { ProblemLog } from "./report.ts";

export interface JsonTable {
  name: string;
  file: string;
  records: Row[];
  /** Absent when the schema cannot be read as a table shape; then CSV agreement is not checked. */
  table?: Table;
}

/** Tables are named by the release's json/ and schemas/ files, and by the descriptor's top-level resources. */
export function tableNames(root: string, resourceNames: readonly string[]): string[] {
  const list = (folder: string, suffix: string) =>
    existsSync(join(root, folder)) ? readdirSync(join(root, folder)).filter((n) => n.endsWith(suffix)).map((n) => n.slice(0, -suffix.length)) : [];
  const names = new Set([...list("json", ".json"), ...list("schemas", ".schema.json"), ...resourceNames.filter((n) => !n.includes("."))]);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function loadJsonTables(root: string, names: readonly string[], log: ProblemLog): JsonTable[] {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv, { mode: "full" });
  // The project's own keywords only annotate; strict mode must know them to accept them.
  ajv.addVocabulary([REFERENCES, QUOTE_IN, DOCUMENT_SHA256]);
  const schemas = new Map<string, JsonSchema>();
  for (const name of names) {
    const schema = readJson(root, `schemas/${name}.schema.json`, log);
    if (schema !== undefined) schemas.set(name, schema as JsonSchema);
  }
  const tables: JsonTable[] = [];
  for (const name of names) {
    const file = `json/${name}.json`;
    const schemaFile = `schemas/${name}.schema.json`;
    const records = readJson(root, file, log);
    const schema = schemas.get(name);
    if (records === undefined || schema === undefined) continue;
    if (!Array.isArray(records) || records.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) {
      log.add({ code: "schema-error", file, message: "a table's JSON file must be an array of records (objects)" });
      continue;
    }
    let validate: ReturnType<Ajv2020["compile"]>;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      log.add({ code: "schema-error", file: schemaFile, message: `the schema cannot be compiled: ${(error as Error).message}` });
      continue;
    }
    records.forEach((record, index) => {
      if (validate(record)) return;
      for (const error of validate.errors ?? []) {
        const params = error.params as Record<string, unknown>;
        const extra = typeof params.additionalProperty === "string" ? params.additionalProperty : typeof params.missingProperty === "string" ? params.missingProperty : undefined;
        const path = [...splitPointer(error.instancePath), ...(extra ? [extra] : [])];
        log.add({
          code: "schema-error",
          file,
          row: index + 1,
          ...(path.length ? { field: path.join(".") } : {}),
          pointer: `/${index}${error.instancePath}`,
          message: `${error.message ?? "is invalid"}${extra ? ` ("${extra}")` : ""} (${schemaFile})`,
        });
      }
    });
    tables.push({ name, file, records: records as Row[], ...tableOf(name, schema, schemaFile, validate, new Set(names)) });
  }
  return tables;
}

/** The engine's table shape, read from the bundled schema; problems here would have stopped the build, so none is expected. */
function tableOf(name: string, data: JsonSchema, file: string, validate: Table["validate"], names: Set<string>): { table?: Table } {
  const schemaFile: SchemaFile = { id: typeof data.$id === "string" ? data.$id : file, data, yaml: { file, data, locate: () => ({ file, line: 1, col: 1 }) } };
  const reader = new ShapeReader(new Map([[schemaFile.id, schemaFile]]), names);
  const shape = reader.readTable(schemaFile);
  return shape && reader.problems.length === 0 ? { table: { name, schemaFile, shape, validate } } : {};
}

function readJson(root: string, file: string, log: ProblemLog): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(root, file));
  } catch {
    log.add({ code: "missing-file", file, message: "the file is missing" });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    log.add({ code: "encoding-error", file, message: "the file is not valid UTF-8" });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    log.add({ code: "format-error", file, message: `not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

function splitPointer(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
