/**
 * CSV and JSON say the same thing: the rows each CSV file must hold are computed from
 * the JSON records with the build's own flattening rule (csvLayouts and cellText of
 * scripts/engine/flatten.ts), then compared cell by cell as the CSV streams past.
 */
import { cellText, csvLayouts, type CsvLayout } from "../engine/flatten.ts";
import type { Resource } from "./descriptor.ts";
import type { JsonTable } from "./json-tables.ts";
import type { ProblemLog } from "./report.ts";

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
}

/** Expected CSV contents by resource name (the layout name: `<table>` or `<table>.<property>`). */
export function expectedCsv(tables: readonly JsonTable[], log: ProblemLog): Map<string, ExpectedCsv> {
  const expected = new Map<string, ExpectedCsv>();
  for (const { table, records, file } of tables) {
    if (!table) continue;
    for (const layout of csvLayouts(table)) {
      const columns = layout.columns.map((c) => c.name);
      const keyAt = layout.primaryKey.map((name) => columns.indexOf(name));
      const rows = new Map<string, ExpectedRow>();
      // Rows in order, each knowing its record: flatten one record at a time.
      records.forEach((record, index) => {
        for (const row of layout.rows([record])) {
          const cells = columns.map((name) => cellText(row[name]));
          const key = JSON.stringify(keyAt.map((i) => cells[i]));
          if (rows.has(key)) log.add({ code: "primary-key", file, row: index + 1, field: layout.primaryKey.join(","), message: `${key} appears twice in the JSON records` });
          else rows.set(key, { cells, record: index + 1 });
        }
      });
      expected.set(layout.name, { layout, jsonFile: file, columns, rows });
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
    const key = JSON.stringify(keyCells);
    // A repeated key is a primary-key problem, reported there.
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const file = this.resource.path;
    const expected = this.expected.rows.get(key);
    if (!expected) {
      this.log.add({ code: "csv-json-mismatch", file, row, field: this.expected.layout.primaryKey.join(","), message: `no record of ${this.expected.jsonFile} gives the row ${keyCells.map((c) => JSON.stringify(c)).join(", ")}` });
      return;
    }
    this.columnAt.forEach(({ column, at }, i) => {
      const cell = at === -1 ? undefined : cells[at];
      if (cell === undefined || cell === expected.cells[i]) return;
      this.log.add({ code: "csv-json-mismatch", file, row, field: column, message: `the CSV has ${JSON.stringify(cell)} where ${this.expected.jsonFile} gives ${JSON.stringify(expected.cells[i])}` });
    });
  }

  /** `complete`: every row was read; otherwise missing rows are expected and not reported. */
  end(complete: boolean): void {
    if (!complete) return;
    for (const [key, { record }] of this.expected.rows) {
      if (this.seen.has(key)) continue;
      const shown = (JSON.parse(key) as string[]).map((c) => JSON.stringify(c)).join(", ");
      this.log.add({ code: "csv-json-mismatch", file: this.expected.jsonFile, row: record, field: this.expected.layout.property ?? "id", message: `${this.resource.path} has no row ${shown}` });
    }
  }
}
