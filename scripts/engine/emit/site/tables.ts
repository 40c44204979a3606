/**
 * What the site knows of each table from its schema (columns, links, quotes), and the files
 * made from one table alone: its rows in pages for the table view and its facet counts.
 */
import { QUOTE_IN } from "../../../contract/keywords.ts";
import type { Row } from "../../../contract/flatten.ts";
import type { Shape } from "../../../contract/shapes.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import { rowCount, type TableData } from "../../model.ts";
import { chunkCount, FACET_VALUES, PAGE_ROWS, type Cell, type ColumnMeta, type Facets, type TableMeta, type TablePage } from "./layout.ts";

/** Properties that name a record for people, tried in this order; else its id, in words. */
const LABEL_FIELDS = ["name", "title", "measure", "summary", "quotation"];

export function labelOf(row: Row): string {
  for (const field of LABEL_FIELDS) {
    const value = row[field];
    if (typeof value === "string" && value !== "") return value;
  }
  return String(row.id).replace(/-/g, " ");
}

export function tableMeta(data: TableData): TableMeta {
  const { table } = data;
  const count = rowCount(data);
  const links: Record<string, string> = {};
  const quotes: Record<string, string> = {};
  collectLinks(table.shape, "", links, quotes);
  return {
    name: table.name,
    title: String(table.schemaFile.data.title),
    description: table.shape.description,
    count,
    pages: Math.max(1, Math.ceil(count / PAGE_ROWS)),
    chunks: chunkCount(count),
    columns: table.shape.properties.map(({ name, shape }) => columnMeta(name, shape)),
    links,
    quotes,
  };
}

function columnMeta(name: string, shape: Shape): ColumnMeta {
  const scalar = shape.kind === "scalar" ? shape : shape.kind === "list" && shape.items.kind === "scalar" ? shape.items : undefined;
  const kind = shape.kind === "scalar" ? "scalar" : shape.kind === "object" ? "object" : scalar ? "list" : "objects";
  const values = scalar && Array.isArray(scalar.schema.enum) ? scalar.schema.enum.map(String) : undefined;
  return {
    name,
    description: shape.description,
    kind,
    ...(scalar ? { type: scalar.type } : {}),
    ...(scalar?.references ? { references: scalar.references } : {}),
    ...(values ? { enum: values } : {}),
    facet: name !== "id" && (values !== undefined || scalar?.references !== undefined),
  };
}

function collectLinks(shape: Shape, path: string, links: Record<string, string>, quotes: Record<string, string>): void {
  if (shape.kind === "scalar" && shape.references) links[path] = shape.references;
  if (shape.kind === "scalar" && typeof shape.schema[QUOTE_IN] === "string") quotes[path] = shape.schema[QUOTE_IN];
  if (shape.kind === "list") collectLinks(shape.items, path, links, quotes);
  if (shape.kind === "object") {
    for (const property of shape.properties) collectLinks(property.shape, path ? `${path}.${property.name}` : property.name, links, quotes);
  }
}

/** The values at a dotted path; list items share their list's path. */
export function valuesAt(value: unknown, path: string): unknown[] {
  const found: unknown[] = [];
  collect(value, path === "" ? [] : path.split("."), 0, found);
  return found;
}

/** A dotted path split once, for the loops that read it from every row. */
export function pathReader(path: string): (value: unknown, into: unknown[]) => void {
  const keys = path === "" ? [] : path.split(".");
  return (value, into) => collect(value, keys, 0, into);
}

// Pushes into one array rather than building one per level: this runs for every path of every row.
function collect(value: unknown, keys: readonly string[], at: number, into: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, keys, at, into);
    return;
  }
  if (at === keys.length) {
    if (value !== undefined) into.push(value);
    return;
  }
  if (value !== null && typeof value === "object") collect((value as Record<string, unknown>)[keys[at]!], keys, at + 1, into);
}

function cell(value: unknown, column: ColumnMeta): Cell {
  if (value === undefined || value === null) return null;
  if (column.kind === "scalar" || column.kind === "list") return value as Cell;
  // Objects read on the record page; the table says how many there are.
  return Array.isArray(value) ? value.length : 1;
}

export function tablePages(meta: TableMeta, rows: readonly Row[]): TablePage[] {
  const pages: TablePage[] = [];
  for (let start = 0; start < Math.max(rows.length, 1); start += PAGE_ROWS) {
    pages.push({
      rows: rows.slice(start, start + PAGE_ROWS).map((row) => ({
        id: String(row.id),
        label: labelOf(row),
        cells: meta.columns.map((column) => cell(row[column.name], column)),
      })),
    });
  }
  return pages;
}

export function tableFacets(meta: TableMeta, rows: readonly Row[]): Facets {
  const facets: Facets = {};
  for (const column of meta.columns.filter((c) => c.facet)) {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const value = row[column.name];
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) counts.set(String(item), (counts.get(String(item)) ?? 0) + 1);
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const others = sorted.slice(FACET_VALUES).reduce((sum, [, count]) => sum + count, 0);
    facets[column.name] = { values: sorted.slice(0, FACET_VALUES), others };
  }
  return facets;
}
