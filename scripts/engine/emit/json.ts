/** JSON outputs: one array of records per table, one object holding every table, and the retired ids. */
import type { Dataset } from "../model.ts";
import type { EmitMemo, Emitter, TableOutputs } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";
import { sha256Hex } from "../../contract/sha256.ts";

export const TOMBSTONES_JSON = "tombstones.json";

export const jsonEmitter: Emitter = {
  name: "json",
  mediaTypes: [[".json", "application/json"]],
  emit: ({ dataset, tableOutputs, memo }) => emitJson(dataset, tableOutputs, memo),
};

const DATA_JSON = "data.json";

/** Where each table's text sits in a data.json, by the sha256 of the table's own file. */
type Layout = { table: string; sha256: string; start: number; end: number }[];

function emitJson(dataset: Dataset, tableOutputs?: TableOutputs, memo?: EmitMemo): OutputFile[] {
  const files = dataset.tables.map((data) => {
    const { table } = data;
    const path = `json/${table.name}.json`;
    const make = () => jsonFile(path, data.rows).bytes;
    return tableOutputs ? tableOutputs.file(table.name, path, make) : { path, bytes: make() };
  });
  // With the build cache, the tables unchanged since the last build are copied from its data.json, already indented.
  const previous = tableOutputs?.previous(DATA_JSON);
  const layout = previous && memo ? memo.value<Layout | null>(`${DATA_JSON} ${previous.sha256}`, () => null) : null;
  const kept = (table: string, sha256: string | undefined) => {
    const at = layout?.find((entry) => entry.table === table && entry.sha256 === sha256);
    return at ? previous!.bytes.subarray(at.start, at.end) : undefined;
  };
  const { bytes, spans } = nestedJson(files.map((file, i) => ({ name: dataset.tables[i]!.table.name, text: () => file.bytes, indented: kept(dataset.tables[i]!.table.name, file.sha256) })));
  const all: OutputFile = { path: DATA_JSON, bytes };
  if (memo && files.every((file) => file.sha256 !== undefined)) {
    all.sha256 = sha256Hex(bytes);
    all.size = bytes.length;
    memo.value<Layout>(`${DATA_JSON} ${all.sha256}`, () => spans.map((span, i) => ({ ...span, sha256: files[i]!.sha256! })));
  }
  return [...files, all, jsonFile(TOMBSTONES_JSON, dataset.tombstones)];
}

const LF = 0x0a;
const INDENT = Buffer.from("  ", "utf8");

/**
 * `{ "<name>": <array>, … }` as JSON.stringify(…, null, 2) writes it, from each array's own
 * file (JSON text and a final LF): nested one level down, an array's text is the same with
 * two more spaces after each line break (JSON escapes line breaks inside strings, and the
 * byte 0x0A stands for nothing else in UTF-8). The bytes are copied into one buffer of the
 * final size, with no string made of them: a fraction of the time and memory of writing
 * every record out a second time.
 */
function nestedJson(entries: readonly { name: string; text: () => Buffer; indented?: Buffer | undefined }[]): { bytes: Buffer; spans: { table: string; start: number; end: number }[] } {
  if (entries.length === 0) return { bytes: Buffer.from("{}\n", "utf8"), spans: [] };
  const pieces = entries.map(({ name, text: read, indented }, index) => {
    const file = indented ? undefined : read();
    const text = file?.subarray(0, file.at(-1) === LF ? -1 : undefined);
    let breaks = 0;
    if (text) for (let at = text.indexOf(LF); at !== -1; at = text.indexOf(LF, at + 1)) breaks++;
    const size = indented ? indented.length : text!.length + breaks * INDENT.length;
    return { name, head: Buffer.from(`  ${JSON.stringify(name)}: `, "utf8"), text, indented, size, tail: Buffer.from(index < entries.length - 1 ? ",\n" : "\n", "utf8") };
  });
  const open = Buffer.from("{\n", "utf8");
  const close = Buffer.from("}\n", "utf8");
  const size = pieces.reduce((sum, piece) => sum + piece.head.length + piece.size + piece.tail.length, open.length + close.length);
  const out = Buffer.allocUnsafe(size);
  const spans: { table: string; start: number; end: number }[] = [];
  let offset = open.copy(out, 0);
  for (const { name, head, text, indented, tail } of pieces) {
    offset += head.copy(out, offset);
    const start = offset;
    if (indented) offset += indented.copy(out, offset);
    else {
      let from = 0;
      for (let at = text!.indexOf(LF); at !== -1; at = text!.indexOf(LF, from)) {
        offset += text!.copy(out, offset, from, at + 1);
        offset += INDENT.copy(out, offset);
        from = at + 1;
      }
      offset += text!.copy(out, offset, from);
    }
    spans.push({ table: name, start, end: offset });
    offset += tail.copy(out, offset);
  }
  close.copy(out, offset);
  return { bytes: out, spans };
}
