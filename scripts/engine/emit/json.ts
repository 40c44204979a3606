/** JSON outputs: one array of records per table, one object holding every table, and the retired ids. */
import type { Dataset } from "../model.ts";
import type { Emitter, TableOutputs } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";

export const TOMBSTONES_JSON = "tombstones.json";

export const jsonEmitter: Emitter = {
  name: "json",
  mediaTypes: [[".json", "application/json"]],
  emit: ({ dataset, tableOutputs }) => emitJson(dataset, tableOutputs),
};

function emitJson(dataset: Dataset, tableOutputs?: TableOutputs): OutputFile[] {
  const files = dataset.tables.map(({ table, rows }) => {
    const path = `json/${table.name}.json`;
    const make = () => jsonFile(path, rows).bytes;
    return { path, bytes: tableOutputs ? tableOutputs.bytes(table.name, path, make) : make() };
  });
  const all = nestedJson(dataset.tables.map(({ table }, i) => [table.name, files[i]!.bytes]));
  return [...files, { path: "data.json", bytes: all }, jsonFile(TOMBSTONES_JSON, dataset.tombstones)];
}

const LF = 0x0a;

/**
 * `{ "<name>": <array>, … }` as JSON.stringify(…, null, 2) writes it, from each array's own
 * file (JSON text and a final LF): nested one level down, an array's text is the same with
 * two more spaces after each line break (JSON escapes line breaks inside strings). Copying
 * bytes costs a fraction of writing every record out a second time.
 */
function nestedJson(entries: readonly (readonly [string, Buffer])[]): Buffer {
  if (entries.length === 0) return Buffer.from("{}\n", "utf8");
  const parts: Buffer[] = [Buffer.from("{\n", "utf8")];
  entries.forEach(([name, file], index) => {
    const text = file.subarray(0, file.at(-1) === LF ? -1 : undefined);
    // Latin-1 maps each byte to one character and back, and the byte 0x0A only ever stands
    // for a line break in UTF-8: the indentation goes in without decoding the text.
    const indented = Buffer.from(text.toString("latin1").replaceAll("\n", "\n  "), "latin1");
    parts.push(Buffer.from(`  ${JSON.stringify(name)}: `, "utf8"), indented, Buffer.from(index < entries.length - 1 ? ",\n" : "\n", "utf8"));
  });
  parts.push(Buffer.from("}\n", "utf8"));
  return Buffer.concat(parts);
}
