/**
 * One tabular resource, streamed once and pulled row by row, so that several files (a
 * table's CSV files and its JSON records) can be walked side by side: the same pieces
 * feed the hash and csv-parse, and a file of any size is never held whole. Cells arrive
 * as bytes and are decoded here, so that a non-UTF-8 cell is reported at its row and
 * field instead of being silently replaced by U+FFFD.
 */
import { parse, type Parser } from "csv-parse";
import { isFormulaLike } from "../contract/formula-like.ts";
import { NotAValue, parseCell, type Field } from "./cell-types.ts";
import { constraintErrors } from "./constraints.ts";
import { csvParseOptions, MAX_CELL_BYTES } from "./csv-options.ts";
import type { Resource } from "./descriptor.ts";
import { FileDigest, type Digest } from "./file-digest.ts";
import type { OpenedFile } from "./release-files.ts";
import { shownValue, type ProblemLog } from "./report.ts";
import { Utf8Pieces } from "./utf8-pieces.ts";

export interface RowObserver {
  /** Each field's parsed value, in the Table Schema's order of fields (null: empty cell; undefined: missing or unparseable). */
  row(row: number, values: readonly unknown[]): void;
  end(complete: boolean): void;
}

/** A data row that has had its own checks: decoded cells by position (undefined where missing or not UTF-8, already reported) and parsed values by field. */
export interface CsvRow {
  row: number;
  cells: readonly (string | undefined)[];
  values: readonly unknown[];
}

export interface TableResult extends Digest {
  rows: number;
  /** Every row was read: no parse error cut the file short. */
  complete: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export { MAX_CELL_BYTES };

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class CsvTable {
  private readonly parser: Parser;
  private readonly digest: FileDigest;
  private readonly records: Buffer[][] = [];
  private taken = 0;
  private header: string[] | undefined;
  private rows = 0;
  private count = 0;
  private failed = false;
  private flushed = false;
  private result: TableResult | undefined;
  private readonly utf8 = new Utf8Pieces();
  /** The first bytes wait until there are enough to tell whether they are a BOM. */
  private start: Buffer | undefined = Buffer.alloc(0);

  constructor(
    private readonly file: OpenedFile,
    private readonly resource: Resource,
    private readonly observers: readonly RowObserver[],
    private readonly log: ProblemLog,
    private readonly onBytes: (n: number) => void,
  ) {
    const { dialect, fields } = resource.table!;
    this.digest = new FileDigest(resource.hash?.algorithm ?? "sha256");
    this.header = dialect.header ? undefined : fields.map((f) => f.name);
    this.parser = parse(csvParseOptions(dialect));
    // Records arrive during write(), synchronously; a failure shows in `errored` at once, its event only later.
    this.parser.on("data", (record: Buffer[]) => this.records.push(record));
    this.parser.on("error", () => undefined);
  }

  /** The next data row, after its own checks and the observers'; undefined once the file is read (or can be read no further). */
  next(): CsvRow | undefined {
    for (;;) {
      while (this.taken < this.records.length) {
        const row = this.check(this.records[this.taken++]!);
        if (row) return row;
      }
      this.records.length = 0;
      this.taken = 0;
      if (this.result) return undefined;
      if (this.flushed) {
        this.conclude();
        return undefined;
      }
      this.feed();
    }
  }

  /** Size, hash, row count; reads what is left of the file first, its rows checked but handed to no one. */
  finish(): TableResult {
    while (this.next());
    return this.result!;
  }

  private feed(): void {
    const piece = this.file.next();
    if (!piece) return this.flush();
    this.digest.update(piece);
    this.onBytes(piece.length);
    // Past a parse failure the file is still hashed: the hash is checked whatever the CSV holds.
    if (this.failed) return;
    if (this.start) {
      this.start = Buffer.concat([this.start, piece]);
      if (this.start.length < BOM.length) return;
      const bytes = withoutBom(this.start);
      this.start = undefined;
      this.write(bytes);
    } else {
      this.write(piece);
    }
  }

  private write(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.utf8.push(bytes);
    this.parser.write(bytes);
    this.failure();
  }

  /** The end of the file: the parser gives its last record. */
  private flush(): void {
    if (this.start && !this.failed) this.write(withoutBom(this.start));
    this.utf8.end();
    if (!this.failed) {
      this.parser.end();
      this.failure();
    }
    this.flushed = true;
  }

  /** Every row handed on: the end of the table for the observers. */
  private conclude(): void {
    if (!this.header && !this.failed) this.log.add({ code: "format-error", file: this.resource.path, row: 1, message: "the file is empty: it has no header row" });
    const complete = !this.failed && !this.file.failed;
    for (const observer of this.observers) observer.end(complete);
    this.result = { ...this.digest.result(), rows: this.rows, complete };
  }

  private failure(): void {
    const error = this.parser.errored as (Error & { code?: string; records?: number; column?: number | string }) | null;
    if (!error || this.failed) return;
    this.failed = true;
    const file = this.resource.path;
    const row = (error.records ?? 0) + 1;
    if (error.code === "CSV_MAX_RECORD_SIZE") {
      const field = typeof error.column === "number" ? { field: this.labelOf(error.column) } : {};
      this.log.add({ code: "cell-too-large", file, row, ...field, message: `the cell holds more than ${MAX_CELL_BYTES} bytes, the most a cell may hold; the file is not read further` });
    } else {
      this.log.add({ code: "format-error", file, row, message: `the CSV cannot be parsed: ${error.message}` });
    }
  }

  private labelOf(i: number): string {
    return this.header?.[i] || this.resource.table!.fields[i]?.name || `column ${i + 1}`;
  }

  /** The checks of one record; the row to hand on, or undefined for the header or a blank row. */
  private check(record: Buffer[]): CsvRow | undefined {
    const { log, resource } = this;
    const file = resource.path;
    const fields = resource.table!.fields;
    // Records counted here rather than with csv-parse's `info`, which costs more than the parse itself.
    const row = ++this.count;
    // While the file is valid UTF-8 so far, so is every cell of it: only past a bad byte is each cell checked, to say which.
    const checked = !this.utf8.valid;
    // Loops rather than map callbacks: this runs for every cell of a release.
    const cells = new Array<string | undefined>(record.length);
    for (let i = 0; i < record.length; i++) {
      const bytes = record[i]!;
      let text: string | undefined;
      if (!checked) text = bytes.toString("utf8");
      else {
        try {
          text = utf8.decode(bytes);
        } catch {
          log.add({ code: "encoding-error", file, row, field: this.labelOf(i), message: "the cell is not valid UTF-8 (is the file in Latin-1 or Windows-1252?)" });
        }
      }
      // An empty cell, the most common, cannot start a formula.
      if (text && isFormulaLike(text)) log.add({ code: "formula", file, row, field: this.labelOf(i), message: `${shownValue(text)} starts like a formula: a spreadsheet opening the file could run it` });
      cells[i] = text;
    }
    if (!this.header) {
      this.header = cells.map((c) => c ?? "");
      checkHeader(this.header, resource, log);
      return undefined;
    }
    this.rows++;
    if (cells.every((c) => c === "")) {
      log.add({ code: "blank-row", file, row, message: "the row has no values" });
      return undefined;
    }
    for (let i = fields.length; i < cells.length; i++) {
      log.add({ code: "extra-cell", file, row, field: this.labelOf(i), message: `the row has ${cells.length} cells, the header ${fields.length}` });
    }
    const values = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) values[i] = this.value(fields[i]!, i, cells, row);
    for (const observer of this.observers) observer.row(row, values);
    return { row, cells, values };
  }

  /** The value of field `i` of a data row, after its checks. */
  private value(field: Field, i: number, cells: readonly (string | undefined)[], row: number): unknown {
    const { log } = this;
    const file = this.resource.path;
    if (i >= cells.length) {
      log.add({ code: "missing-cell", file, row, field: field.name, message: `the row has ${cells.length} cells, the header ${this.resource.table!.fields.length}` });
      return undefined;
    }
    const text = cells[i];
    if (text === undefined) return undefined;
    if (field.missingValues.includes(text)) {
      if (field.constraints.required === true) log.add({ code: "constraint-error", file, row, field: field.name, message: "the field is required but the cell is empty" });
      return null;
    }
    const value = parseCell(field, text);
    if (value instanceof NotAValue) {
      log.add({ code: "type-error", file, row, field: field.name, message: value.reason });
      return undefined;
    }
    if (field.hasValueConstraints) for (const message of constraintErrors(field, text, value)) log.add({ code: "constraint-error", file, row, field: field.name, message });
    return value;
  }
}

/** One leading UTF-8 BOM is not part of the first cell (the hash still covers it). */
function withoutBom(bytes: Buffer): Buffer {
  return bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
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
