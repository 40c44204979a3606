/**
 * The floor of each stage: the bare library call doing the same job on the same input,
 * with none of the engine's positions, checks or messages. A stage can hardly be faster
 * than its floor; the ratio says how much the engine adds on top.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { parse as parseYaml } from "yaml";
import type { Dataset } from "../engine/model.ts";
import type { EmittedFile } from "../engine/emit/emitter.ts";
import type { OutputFile } from "../engine/emit/output.ts";

export interface Floor {
  /** The bare call, as the report names it. */
  what: string;
  run(): unknown;
}

/** Every table schema of `schemaPaths` compiled by a plain ajv (unknown keywords ignored), definitions added first. */
export function compileBare(definitionPaths: readonly string[], tablePaths: ReadonlyMap<string, string>): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv, { mode: "full" });
  for (const path of definitionPaths) ajv.addSchema(JSON.parse(readFileSync(path, "utf8")) as object);
  return new Map([...tablePaths].map(([table, path]) => [table, ajv.compile(JSON.parse(readFileSync(path, "utf8")) as object)]));
}

export function parseYamlFiles(paths: readonly string[]): unknown[] {
  return paths.map((path) => parseYaml(readFileSync(path, "utf8")));
}

export function validateBare(validators: ReadonlyMap<string, ValidateFunction>, values: readonly { table: string; data: unknown }[]): number {
  let valid = 0;
  for (const { table, data } of values) if (validators.get(table)!(data)) valid++;
  return valid;
}

/** Each file read, parsed and, when it holds a record, validated: what loadRecords does, bare. */
export function loadBare(validators: ReadonlyMap<string, ValidateFunction>, files: readonly { table: string; path: string; record: boolean }[]): number {
  let valid = 0;
  for (const { table, path, record } of files) {
    const data: unknown = parseYaml(readFileSync(path, "utf8"));
    if (record && validators.get(table)!(data)) valid++;
  }
  return valid;
}

/** The ids of each table in a Set, then every reference looked up in its table's Set. */
export function lookUpReferences(ids: readonly { table: string; id: string }[], references: readonly { table: string; value: string }[]): number {
  const sets = new Map<string, Set<string>>();
  for (const { table, id } of ids) {
    let set = sets.get(table);
    if (!set) sets.set(table, (set = new Set()));
    set.add(id);
  }
  let found = 0;
  for (const { table, value } of references) if (sets.get(table)?.has(value)) found++;
  return found;
}

export function normalizeAll(strings: readonly string[]): number {
  let unchanged = 0;
  for (const text of strings) if (text.normalize("NFC") === text) unchanged++;
  return unchanged;
}

/**
 * The floor of one emitter, from the files it produced: JSON.stringify of each JSON
 * file's value (the explorer site's data files included), csv-stringify of each CSV file's
 * cells, JSON.stringify of the data the JavaScript modules embed (not the site's script,
 * which embeds none). Declarations (json-schema-to-typescript) have
 * none: their cost depends on the schemas, not on the records.
 */
export function emitterFloor(files: readonly EmittedFile[], dataset: Dataset): Floor | undefined {
  const work: (() => unknown)[] = [];
  const kinds = new Set<string>();
  for (const file of files) {
    if (/\.(json|jsonld)$/.test(file.path)) {
      const value: unknown = JSON.parse(file.read().toString("utf8"));
      work.push(() => JSON.stringify(value, null, 2));
      kinds.add("JSON.stringify");
    } else if (file.path.endsWith(".csv")) {
      const cells = parseCsv(file.read()) as string[][];
      work.push(() => stringifyCsv(cells, { record_delimiter: "\r\n" }));
      kinds.add("csv-stringify");
    } else if (/\.c?js$/.test(file.path) && !file.path.startsWith("site/")) {
      work.push(() => [...dataset.tables.map(({ rows }) => JSON.stringify(rows, null, 2)), JSON.stringify(dataset.tombstones, null, 2)]);
      kinds.add("JSON.stringify of the embedded data");
    }
  }
  if (work.length === 0) return undefined;
  return { what: [...kinds].join(" + "), run: () => work.map((step) => step()) };
}

/** The same bytes written with writeFileSync into a fresh folder. */
export function writeBare(target: string, files: readonly OutputFile[]): void {
  for (const file of files) {
    const path = join(target, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
  }
}
