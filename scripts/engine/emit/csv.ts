/**
 * CSV outputs, RFC 4180: comma, double quotes where needed, CRLF record ends, UTF-8
 * without BOM, a header row. Formula-like text never gets here (validation rejects it),
 * so no cell is rewritten. docs/formats.md ("The CSV rule") states the quoting for users.
 */
import { stringify } from "csv-stringify/sync";
import { cellText, csvLayouts, type CsvLayout } from "../../contract/flatten.ts";
import type { Dataset } from "../model.ts";
import type { Emitter, TableOutputs } from "./emitter.ts";
import type { OutputFile } from "./output.ts";

export const CSV_LINE_END = "\r\n";

export const csvEmitter: Emitter = {
  name: "csv",
  mediaTypes: [[".csv", "text/csv"]],
  emit: ({ dataset, tableOutputs }) => emitCsv(dataset, tableOutputs),
};

function emitCsv(dataset: Dataset, tableOutputs?: TableOutputs): OutputFile[] {
  // A table's rows are read only when its files are made (a table taken whole reads them then).
  return dataset.tables.flatMap((data) =>
    csvLayouts(data.table).map((layout) => {
      const { table } = data;
      const path = csvPath(layout);
      const make = () => {
        const header = layout.columns.map((column) => column.name);
        const body = layout.rows(data.rows).map((row) => header.map((name) => cellText(row[name])));
        return Buffer.from(csvText([header, ...body]), "utf8");
      };
      return tableOutputs ? tableOutputs.file(table.name, path, make) : { path, bytes: make() };
    }),
  );
}

/**
 * Every cell holding CR or LF is quoted: with a CRLF record delimiter csv-stringify
 * quotes only cells holding the pair, and a lone CR or LF left bare ends the row for
 * standard readers. Validation rejects CR in text; quoting it too costs nothing.
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { record_delimiter: CSV_LINE_END, bom: false, escape_formulas: false, quoted_match: /[\r\n]/ });
}

export function csvPath(layout: CsvLayout): string {
  return `csv/${layout.name}.csv`;
}
