/**
 * One tabular resource, streamed once: the same chunks feed the hash and csv-parse, so a
 * file of any size is read a single time and never held whole in memory. Cells arrive
 * as bytes and are decoded here, so that a non-UTF-8 cell is reported at its row and
 * field instead of being silently replaced by U+FFFD.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { isFormulaLike } from "../contract/formula-like.ts";
import { parseCell } from "./cell-types.ts";
import { constraintErrors } from "./constraints.ts";
import type { Resource } from "./descriptor.ts";
import { FileDigest, type Digest } from "./file-digest.ts";
import { shownValue, type ProblemLog } from "./report.ts";

export interface RowObserver {
  /** Each field's parsed value by name (null: empty cell; undefined: missing or unparseable), and the decoded cells by position. */
  row(row: number, values: ReadonlyMap<string, unknown>, cells: readonly (string | undefined)[]): void;
  end(complete: boolean): void;
}

export interface TableResult extends Digest {
  rows: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The most bytes one CSV cell may hold (csv-parse's `max_record_size`, which counts the
 * bytes of the cell being read when cells stay bytes). Each cell becomes a JavaScript
 * string, and no string can hold more than about 512 Mi UTF-16 units (V8's limit): a
 * larger cell would fail to decode and be misreported. 64 MiB is far below that, counting
 * the copies a cell makes while checked, and far above any real cell (a quote is at most
 * a few hundred characters).
 */
export const MAX_CELL_BYTES = 64 * 1024 * 1024;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function readCsvResource(absolute: string, resource: Resource, observers: readonly RowObserver[], log: ProblemLog, onBytes: (n: number) => void): Promise<TableResult> {
  const table = resource.table!;
  const file = resource.path;
  const { dialect, fields } = table;
  const parser = parse({
    encoding: null,
    // csv-parse's own BOM handling switches its output to strings, which the UTF-8 check below reads as bad bytes; the BOM is skipped before parsing instead.
    bom: false,
    max_record_size: MAX_CELL_BYTES,
    relax_column_count: true,
    skip_empty_lines: false,
    delimiter: dialect.delimiter,
    quote: dialect.quoteChar,
    escape: dialect.escapeChar ?? (dialect.doubleQuote ? dialect.quoteChar : null),
    // The declared terminator first; plain LF too, so that a file whose line ends a checkout rewrote still parses (its hash reports the change).
    record_delimiter: [...new Set([dialect.lineTerminator, "\r\n", "\n"])],
    ltrim: dialect.skipInitialSpace,
    ...(dialect.commentChar ? { comment: dialect.commentChar } : {}),
  });

  let header: string[] | undefined = dialect.header ? undefined : fields.map((f) => f.name);
  let rows = 0;
  let failed = false;
  const labelOf = (i: number) => header?.[i] || fields[i]?.name || `column ${i + 1}`;

  // Records counted here rather than with csv-parse's `info`, which costs more than the parse itself.
  let records = 0;
  parser.on("data", (record: Buffer[]) => {
    if (failed) return;
    const row = ++records;
    const cells = record.map((bytes, i) => {
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        log.add({ code: "encoding-error", file, row, field: labelOf(i), message: "the cell is not valid UTF-8 (is the file in Latin-1 or Windows-1252?)" });
        return undefined;
      }
      if (isFormulaLike(text)) log.add({ code: "formula", file, row, field: labelOf(i), message: `${shownValue(text)} starts like a formula: a spreadsheet opening the file could run it` });
      return text;
    });
    if (!header) {
      header = cells.map((c) => c ?? "");
      checkHeader(header, resource, log);
      return;
    }
    rows++;
    if (cells.every((c) => c === "")) {
      log.add({ code: "blank-row", file, row, message: "the row has no values" });
      return;
    }
    for (let i = fields.length; i < cells.length; i++) {
      log.add({ code: "extra-cell", file, row, field: labelOf(i), message: `the row has ${cells.length} cells, the header ${fields.length}` });
    }
    const values = new Map<string, unknown>();
    fields.forEach((field, i) => {
      if (i >= cells.length) {
        log.add({ code: "missing-cell", file, row, field: field.name, message: `the row has ${cells.length} cells, the header ${fields.length}` });
        values.set(field.name, undefined);
        return;
      }
      const text = cells[i];
      if (text === undefined) return values.set(field.name, undefined);
      if (field.missingValues.includes(text)) {
        if (field.constraints.required === true) log.add({ code: "constraint-error", file, row, field: field.name, message: "the field is required but the cell is empty" });
        return values.set(field.name, null);
      }
      const parsed = parseCell(field, text);
      if (!parsed.ok) {
        log.add({ code: "type-error", file, row, field: field.name, message: parsed.reason });
        return values.set(field.name, undefined);
      }
      for (const message of constraintErrors(field, text, parsed.value)) log.add({ code: "constraint-error", file, row, field: field.name, message });
      values.set(field.name, parsed.value);
    });
    for (const observer of observers) observer.row(row, values, cells);
  });

  const parsed = new Promise<void>((done) => {
    parser.on("error", (error: Error & { code?: string; records?: number; column?: number | string }) => {
      failed = true;
      const row = (error.records ?? 0) + 1;
      if (error.code === "CSV_MAX_RECORD_SIZE") {
        const field = typeof error.column === "number" ? { field: labelOf(error.column) } : {};
        log.add({ code: "cell-too-large", file, row, ...field, message: `the cell holds more than ${MAX_CELL_BYTES} bytes, the most a cell may hold; the file is not read further` });
      } else {
        log.add({ code: "format-error", file, row, message: `the CSV cannot be parsed: ${error.message}` });
      }
      done();
    });
    parser.on("end", done);
  });

  const digest = new FileDigest(resource.hash?.algorithm ?? "sha256");
  // The first bytes wait until there are enough to tell whether they are a BOM.
  let start: Buffer | undefined = Buffer.alloc(0);
  const feed = async (bytes: Buffer) => {
    if (!failed && bytes.length > 0 && !parser.write(bytes) && !failed) await drained(parser);
  };
  for await (const chunk of createReadStream(absolute)) {
    digest.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
    if (failed) continue; // keep hashing: the hash is checked whatever the CSV holds
    if (start) {
      start = Buffer.concat([start, chunk as Buffer]);
      if (start.length < BOM.length) continue;
      const bytes = withoutBom(start);
      start = undefined;
      await feed(bytes);
    } else {
      await feed(chunk as Buffer);
    }
  }
  if (start) await feed(withoutBom(start));
  if (!failed) parser.end();
  await parsed;
  if (!header && !failed) log.add({ code: "format-error", file, row: 1, message: "the file is empty: it has no header row" });
  for (const observer of observers) observer.end(!failed);
  return { ...digest.result(), rows };
}

/** One leading UTF-8 BOM is not part of the first cell (the hash still covers it). */
function withoutBom(bytes: Buffer): Buffer {
  return bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
}

/** Resolves when the parser wants more input, or has failed and wants none. */
function drained(parser: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      parser.off("drain", done);
      parser.off("error", done);
      resume();
    };
    parser.on("drain", done);
    parser.on("error", done);
  });
}

/** The header must name the Table Schema's fields, in order (Table Schema's default `fieldsMatch: exact`). */
function checkHeader(labels: readonly string[], resource: Resource, log: ProblemLog): void {
  const file = resource.path;
  const fields = resource.table!.fields.map((f) => f.name);
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    if (label === "") log.add({ code: "blank-header", file, row: 1, field: fields[i] ?? `column ${i + 1}`, message: `header cell ${i + 1} is empty` });
    else if (seen.has(label)) log.add({ code: "duplicate-label", file, row: 1, field: label, message: `the header names ${shownValue(label)} twice` });
    else if (i >= fields.length) log.add({ code: "extra-label", file, row: 1, field: label, message: `the Table Schema has ${fields.length} fields; ${shownValue(label)} is column ${i + 1}` });
    else if (label !== fields[i]) log.add({ code: "incorrect-label", file, row: 1, field: fields[i], message: `column ${i + 1} is headed ${shownValue(label)}, the Table Schema says ${shownValue(fields[i])}` });
    seen.add(label);
  });
  for (let i = labels.length; i < fields.length; i++) {
    log.add({ code: "missing-label", file, row: 1, field: fields[i], message: `the header has no column for field ${shownValue(fields[i])}` });
  }
}
