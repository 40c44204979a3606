/** JSON outputs: one array of records per table, one object holding every table, and the retired ids. */
import type { Dataset } from "../model.ts";
import type { Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";

export const TOMBSTONES_JSON = "tombstones.json";

export const jsonEmitter: Emitter = {
  name: "json",
  mediaTypes: [[".json", "application/json"]],
  emit: ({ dataset }) => emitJson(dataset),
};

function emitJson(dataset: Dataset): OutputFile[] {
  const files = dataset.tables.map(({ table, rows }) => jsonFile(`json/${table.name}.json`, rows));
  const all = Object.fromEntries(dataset.tables.map(({ table, rows }) => [table.name, rows]));
  return [...files, jsonFile("data.json", all), jsonFile(TOMBSTONES_JSON, dataset.tombstones)];
}
