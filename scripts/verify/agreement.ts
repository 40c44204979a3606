/**
 * CSV and JSON say the same thing. The rows each CSV file must hold are made from the
 * JSON records one record at a time, with the build's own flattening rule (csvLayouts and
 * cellText of scripts/contract/flatten.ts), and the CSV file is walked beside them: both
 * are sorted by primary key (scripts/contract/row-order.ts), so a merge join finds rows
 * missing on either side and cells that differ without holding either side.
 */
import { cellText, type CsvLayout, type Row } from "../contract/flatten.ts";
import { compareKeys } from "../contract/row-order.ts";
import type { CsvRow, CsvTable, TableResult } from "./csv-table.ts";
import type { Resource } from "./descriptor.ts";
import { HeldProblems, shownValue, type ProblemLog, type ProblemSink } from "./report.ts";

/** A row as the flattening rule makes it of a record. */
export interface MadeRow {
  /** The JSON record's 1-based position. */
  record: number;
  cells: string[];
  /** The primary key as the rows are ordered by it (a child row's index is a number). */
  key: unknown[];
}

/** A row the JSON records give, as the CSV side reads it (row-batch.ts). */
export interface ExpectedRow {
  /** The JSON record's 1-based position, to point at it when the CSV lacks the row. */
  record: number;
  /** The primary key as the rows are ordered by it (a child row's index is a number). */
  key: readonly unknown[];
  /** Whether the cell of column `i` is `text`. */
  cellIs(i: number, text: string): boolean;
  cell(i: number): string;
  keyCells(): string[];
}

/**
 * The rows one layout makes of each record, in order. A row whose key an earlier row of
 * the same id already has is reported and left out: the table is sorted, so only the rows
 * of the current id need remembering.
 */
export class LayoutRows {
  readonly columns: string[];
  /** Positions of the key's columns among the layout's. */
  readonly keyAt: number[];
  /** The id of the current run of rows, its first row's key, and the keys of the rest (only once a run has more than one row). */
  private runId: string | undefined;
  private runFirst = "";
  private runKeys: Set<string> | undefined;

  constructor(
    readonly layout: CsvLayout,
    readonly jsonFile: string,
    private readonly log: ProblemSink,
  ) {
    this.columns = layout.columns.map((c) => c.name);
    this.keyAt = layout.primaryKey.map((name) => this.columns.indexOf(name));
  }

  /** The rows of one record that broke no schema; undefined (reported) when the flattening rule cannot write it. */
  of(record: Row, index: number): MadeRow[] | undefined {
    let flat: Row[];
    let texts: string[][];
    try {
      flat = this.layout.rows([record]);
      texts = flat.map((row) => this.columns.map((name) => cellText(row[name])));
    } catch (error) {
      // The schema let through a value the flattening rule cannot write (the schema is the release's own).
      this.log.add({ code: "schema-error", file: this.jsonFile, row: index + 1, message: `the record cannot be flattened to ${this.layout.name}: ${(error as Error).message}` });
      return undefined;
    }
    const rows: MadeRow[] = [];
    for (let r = 0; r < flat.length; r++) {
      const cells = texts[r]!;
      const keyCells = this.keyAt.map((i) => cells[i]!);
      // Within a run the id is the same, so the rest of the key tells rows apart.
      const text = keyCells.join("\u0000");
      if (keyCells[0] !== this.runId) {
        this.runId = keyCells[0];
        this.runFirst = text;
        this.runKeys = undefined;
      } else if (text === this.runFirst || this.runKeys?.has(text)) {
        this.log.add({ code: "primary-key", file: this.jsonFile, row: index + 1, field: this.layout.primaryKey.join(","), message: `${keyCells.map((c) => shownValue(c)).join(", ")} appears twice in the JSON records` });
        continue;
      } else {
        (this.runKeys ??= new Set()).add(text);
      }
      rows.push({ record: index + 1, cells, key: this.layout.primaryKey.map((name) => flat[r]![name]) });
    }
    return rows;
  }
}

interface Placed {
  row: CsvRow;
  keyCells: string[];
  key: unknown[];
}

/**
 * One CSV resource walked beside the rows its layout makes of the JSON records. A row
 * found missing on one side stands only if the other side turns out sorted (and, for the
 * CSV, complete): until then it is held, so that a side out of order is reported once,
 * as such, rather than as every row after it.
 */
export class Agreement {
  private readonly columnAt: { column: string; at: number }[];
  /** Positions of the key's columns among the CSV's fields. */
  private readonly keyAt: number[];
  private readonly keyNames: string[];
  /** Rows the CSV lacks: they stand if the CSV is complete and sorted. */
  private readonly lacking: HeldProblems;
  /** CSV rows no record gives: they stand if the JSON records are read through in order. */
  private readonly surplus: HeldProblems;
  /** Ids of records that broke their schema (reported there): their CSV rows are not compared, which would only repeat it. */
  private readonly unchecked = new Set<string>();
  /** A record that broke its schema has no usable id: a CSV row without a record may be its, so is not reported. */
  private unidentified = false;
  private jsonStopped = false;
  private csvUnsorted = false;
  /** The CSV row read but not yet matched, and the key before it. */
  private current: Placed | undefined;
  private previous: unknown[] | undefined;

  constructor(
    private readonly resource: Resource,
    private readonly expected: LayoutRows,
    private readonly csv: CsvTable,
    private readonly log: ProblemLog,
  ) {
    this.lacking = new HeldProblems(log);
    this.surplus = new HeldProblems(log);
    const fields = resource.table!.fields.map((f) => f.name);
    this.columnAt = expected.columns.map((column) => ({ column, at: fields.indexOf(column) }));
    this.keyNames = expected.layout.primaryKey;
    this.keyAt = this.keyNames.map((name) => fields.indexOf(name));
    const file = resource.path;
    for (const { column, at } of this.columnAt) {
      if (at === -1) log.add({ code: "csv-json-mismatch", file, row: 1, field: column, message: `${expected.jsonFile} flattens to a column "${column}" that the Table Schema lacks` });
    }
    for (const name of fields) {
      if (!expected.columns.includes(name)) log.add({ code: "csv-json-mismatch", file, row: 1, field: name, message: `no property of ${expected.jsonFile} flattens to the column "${name}"` });
    }
  }

  /** A record that broke its schema or the flattening rule (reported there). */
  skip(id: unknown): void {
    if (typeof id === "string") this.unchecked.add(id);
    else this.unidentified = true;
  }

  /** The JSON records are out of order or could not be read to their end (reported): nothing more is matched. */
  stop(): void {
    this.jsonStopped = true;
  }

  /** The next row the JSON records give: matched with the CSV row of its key, or found missing. */
  expect(row: ExpectedRow): void {
    if (this.jsonStopped) return;
    // Without its key columns the CSV holds none of the rows (the columns are reported).
    if (this.keyAt.includes(-1)) return this.lacks(row);
    for (let placed = this.place(); ; placed = this.place()) {
      if (!placed) {
        if (!this.csvUnsorted) this.lacks(row);
        return;
      }
      const order = compareKeys(placed.key, row.key);
      if (order > 0) return this.lacks(row);
      this.current = undefined;
      if (order === 0) {
        if (!this.unchecked.has(placed.keyCells[0]!)) this.compare(placed.row, row);
        return;
      }
      this.extra(placed);
    }
  }

  /** After the last record: the CSV rows left have no record. Returns what the CSV file holds. */
  finish(): TableResult {
    if (!this.jsonStopped) {
      for (let placed = this.place(); placed; placed = this.place()) {
        this.current = undefined;
        this.extra(placed);
      }
    }
    const result = this.csv.finish();
    if (this.jsonStopped) this.surplus.discard();
    else this.surplus.commit();
    if (result.complete && !this.jsonStopped && !this.csvUnsorted) this.lacking.commit();
    else this.lacking.discard();
    return result;
  }

  /** The next CSV row to match, past those that cannot be; undefined at the end, or once the rows go out of order. */
  private place(): Placed | undefined {
    while (!this.current && !this.csvUnsorted) {
      const row = this.csv.next();
      if (!row) return undefined;
      const keyCells = this.keyAt.map((i) => row.cells[i]);
      // A key cell missing or not UTF-8 is already reported.
      if (keyCells.includes(undefined)) continue;
      const key = this.keyAt.map((at, i) => row.values[at] ?? keyCells[i]);
      const order = this.previous ? compareKeys(key, this.previous) : 1;
      // Out of order (reported with the keys): past here a missing row cannot be told from a late one.
      if (order < 0) this.csvUnsorted = true;
      // A repeated key is a primary-key problem, reported there.
      if (order <= 0) continue;
      this.previous = key;
      this.current = { row, keyCells: keyCells as string[], key };
    }
    return this.current;
  }

  private extra({ row, keyCells }: Placed): void {
    if (this.unidentified || this.unchecked.has(keyCells[0]!)) return;
    this.surplus.add({ code: "csv-json-mismatch", file: this.resource.path, row: row.row, field: this.keyNames.join(","), message: `no record of ${this.expected.jsonFile} gives the row ${keyCells.map((c) => shownValue(c)).join(", ")}` });
  }

  private lacks(row: ExpectedRow): void {
    const shown = row.keyCells().map((c) => shownValue(c)).join(", ");
    this.lacking.add({ code: "csv-json-mismatch", file: this.expected.jsonFile, row: row.record, field: this.expected.layout.property ?? "id", message: `${this.resource.path} has no row ${shown}` });
  }

  private compare(csv: CsvRow, expected: ExpectedRow): void {
    this.columnAt.forEach(({ column, at }, i) => {
      const cell = at === -1 ? undefined : csv.cells[at];
      if (cell === undefined || expected.cellIs(i, cell)) return;
      this.log.add({ code: "csv-json-mismatch", file: this.resource.path, row: csv.row, field: column, message: `the CSV has ${shownValue(cell)} where ${this.expected.jsonFile} gives ${shownValue(expected.cell(i))}` });
    });
  }
}
