/**
 * CSV and JSON say the same thing: the rows each CSV file must hold are computed from
 * the JSON records with the build's own flattening rule (csvLayouts and cellText of
 * scripts/contract/flatten.ts), then compared cell by cell as the CSV streams past.
 */
import { cellText, csvLayouts, type CsvLayout } from "../contract/flatten.ts";
import type { Row } from "../contract/flatten.ts";
import type { Resource } from "./descriptor.ts";
import type { JsonTable } from "./json-tables.ts";
import { shownValue, type ProblemLog } from "./report.ts";

interface ExpectedRow {
  cells: string[];
  /** The JSON record's 1-based position, to point at it when the CSV lacks the row. */
  record: number;
}

export interface ExpectedCsv {
  layout: CsvLayout;
  jsonFile: string;
  columns: string[];
  rows: Map<string, ExpectedRow>;
  /** Ids of records that broke their schema (reported there): their CSV rows are not compared, which would only repeat it. */
  unchecked: ReadonlySet<string>;
  /** A record that broke its schema has no usable id: a CSV row without a record may be its, so is not reported. */
  unidentified: boolean;
}

/** Expected CSV contents by resource name (the layout name: `<table>` or `<table>.<property>`). */
export function expectedCsv(tables: readonly JsonTable[], log: ProblemLog): Map<string, ExpectedCsv> {
  const expected = new Map<string, ExpectedCsv>();
  for (const { table, records, file, invalid } of tables) {
    if (!table) continue;
    for (const layout of csvLayouts(table)) {
      const columns = layout.columns.map((c) => c.name);
      const keyAt = layout.primaryKey.map((name) => columns.indexOf(name));
      const rows = new Map<string, ExpectedRow>();
      const unchecked = new Set<string>();
      let unidentified = false;
      const skip = (record: Row) => {
        if (typeof record.id === "string") unchecked.add(record.id);
        else unidentified = true;
      };
      // Rows in order, each knowing its record: flatten one record at a time.
      records.forEach((record, index) => {
        if (invalid.has(index)) return skip(record);
        let flat: string[][];
        try {
          flat = layout.rows([record]).map((row) => columns.map((name) => cellText(row[name])));
        } catch (error) {
          // The schema let through a value the flattening rule cannot write (the schema is the release's own).
          log.add({ code: "schema-error", file, row: index + 1, message: `the record cannot be flattened to ${layout.name}: ${(error as Error).message}` });
          return skip(record);
        }
        for (const cells of flat) {
          const key = JSON.stringify(keyAt.map((i) => cells[i]));
          if (rows.has(key)) log.add({ code: "primary-key", file, row: index + 1, field: layout.primaryKey.join(","), message: `${keyAt.map((i) => shownValue(cells[i])).join(", ")} appears twice in the JSON records` });
          else rows.set(key, { cells, record: index + 1 });
        }
      });
      expected.set(layout.name, { layout, jsonFile: file, columns, rows, unchecked, unidentified });
    }
  }
  return expected;
}

/** Compares one CSV resource with its expected rows; `end()` reports JSON rows the CSV lacks. */
export class Agreement {
  private readonly columnAt: { column: string; at: number }[];
  private readonly keyAt: number[];
  private readonly seen = new Set<string>();

  constructor(
    private readonly resource: Resource,
    private readonly expected: ExpectedCsv,
    private readonly log: ProblemLog,
  ) {
    const fields = resource.table!.fields.map((f) => f.name);
    this.columnAt = expected.columns.map((column) => ({ column, at: fields.indexOf(column) }));
    this.keyAt = expected.layout.primaryKey.map((name) => fields.indexOf(name));
    const file = resource.path;
    for (const { column, at } of this.columnAt) {
      if (at === -1) log.add({ code: "csv-json-mismatch", file, row: 1, field: column, message: `${expected.jsonFile} flattens to a column "${column}" that the Table Schema lacks` });
    }
    for (const name of fields) {
      if (!expected.columns.includes(name)) log.add({ code: "csv-json-mismatch", file, row: 1, field: name, message: `no property of ${expected.jsonFile} flattens to the column "${name}"` });
    }
  }

  /** `cells`: decoded cells by position; undefined where a cell is missing or not UTF-8 (already reported). */
  row(row: number, cells: readonly (string | undefined)[]): void {
    if (this.keyAt.includes(-1)) return;
    const keyCells = this.keyAt.map((i) => cells[i]);
    if (keyCells.includes(undefined)) return;
    // The first key column is always the record's id (a child table's rows carry their parent's).
    if (this.expected.unchecked.has(keyCells[0]!)) return;
    const key = JSON.stringify(keyCells);
    // A repeated key is a primary-key problem, reported there.
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const file = this.resource.path;
    const expected = this.expected.rows.get(key);
    if (!expected) {
      if (this.expected.unidentified) return;
      this.log.add({ code: "csv-json-mismatch", file, row, field: this.expected.layout.primaryKey.join(","), message: `no record of ${this.expected.jsonFile} gives the row ${keyCells.map((c) => shownValue(c)).join(", ")}` });
      return;
    }
    this.columnAt.forEach(({ column, at }, i) => {
      const cell = at === -1 ? undefined : cells[at];
      if (cell === undefined || cell === expected.cells[i]) return;
      this.log.add({ code: "csv-json-mismatch", file, row, field: column, message: `the CSV has ${shownValue(cell)} where ${this.expected.jsonFile} gives ${shownValue(expected.cells[i])}` });
    });
  }

  /** `complete`: every row was read; otherwise missing rows are expected and not reported. */
  end(complete: boolean): void {
    if (!complete) return;
    for (const [key, { record }] of this.expected.rows) {
      if (this.seen.has(key)) continue;
      const shown = (JSON.parse(key) as string[]).map((c) => shownValue(c)).join(", ");
      this.log.add({ code: "csv-json-mismatch", file: this.expected.jsonFile, row: record, field: this.expected.layout.property ?? "id", message: `${this.resource.path} has no row ${shown}` });
    }
  }
}
