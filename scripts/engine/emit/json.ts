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
  const pieces = entries.map(([name, file], index) => ({
    key: Buffer.from(`  ${JSON.stringify(name)}: `, "utf8"),
    text: file.subarray(0, file.at(-1) === LF ? -1 : undefined),
    end: index < entries.length - 1 ? ",\n" : "\n",
  }));
  const breaks = (text: Buffer) => {
    let count = 0;
    for (let at = text.indexOf(LF); at !== -1; at = text.indexOf(LF, at + 1)) count++;
    return count;
  };
  // One buffer of the final size, filled in place: a piece per line would cost more than the copy.
  const size = 4 + pieces.reduce((sum, { key, text, end }) => sum + key.length + text.length + 2 * breaks(text) + end.length, 0);
  const out = Buffer.allocUnsafe(size);
  let at = out.write("{\n", 0, "utf8");
  for (const { key, text, end } of pieces) {
    at += key.copy(out, at);
    let from = 0;
    for (let lf = text.indexOf(LF); lf !== -1; lf = text.indexOf(LF, from)) {
      at += text.copy(out, at, from, lf + 1);
      at += out.write("  ", at, "utf8");
      from = lf + 1;
    }
    at += text.copy(out, at, from);
    at += out.write(end, at, "utf8");
  }
  at += out.write("}\n", at, "utf8");
  if (at !== size) throw new Error(`data.json: wrote ${at} bytes of ${size}`);
  return out;
}
