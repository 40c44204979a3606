/** The current table view as a CSV (RFC 4180, CRLF) or JSON file, made in the page. */
import type { Cell, TableMeta, TablePage } from "../layout.ts";

const csvCell = (cell: Cell): string => {
  const text = cell === null ? "" : Array.isArray(cell) ? cell.join(";") : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function viewFile(meta: TableMeta, rows: TablePage["rows"], format: "csv" | "json"): string {
  if (format === "json") return `${JSON.stringify(rows.map((row) => Object.fromEntries(meta.columns.map((column, index) => [column.name, row.cells[index] ?? null]))), null, 2)}\n`;
  const lines = [meta.columns.map((column) => csvCell(column.name)), ...rows.map((row) => row.cells.map((cell) => csvCell(cell ?? null)))];
  return lines.map((line) => `${line.join(",")}\r\n`).join("");
}

export function downloadView(meta: TableMeta, rows: TablePage["rows"], format: "csv" | "json"): void {
  const blob = new Blob([viewFile(meta, rows, format)], { type: format === "csv" ? "text/csv" : "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${meta.name}-view.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
