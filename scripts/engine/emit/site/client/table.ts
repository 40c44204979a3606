/**
 * A table view: paged rows in primary-key order; sort by a column, filter by text and by
 * facet values (counts per value, click to filter); each header shows the field's
 * description; the current view downloads as CSV or JSON. The plain view loads one page;
 * sorting or filtering loads the table's pages, which is per table, never the whole dataset.
 */
import { PAGE_ROWS, type Cell, type ColumnMeta, type Facets, type TableMeta, type TablePage } from "../layout.ts";
import { allRows, facets as loadFacets, page as loadPage, tableMeta } from "./data.ts";
import { el, formatNumber, recordLink, show, tableHref } from "./dom.ts";
import { go, type Route } from "./route.ts";
import { downloadView } from "./export.ts";

type Row = TablePage["rows"][number];

/** Characters of a text cell shown in the table. */
const LONG_TEXT = 120;

interface ViewState {
  q: string;
  sort: string;
  desc: boolean;
  page: number;
  /** column -> chosen values */
  filters: Map<string, string[]>;
}

function stateOf(params: URLSearchParams): ViewState {
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) if (key.startsWith("f.")) filters.set(key.slice(2), [...(filters.get(key.slice(2)) ?? []), value]);
  return { q: params.get("q") ?? "", sort: params.get("sort") ?? "", desc: params.get("desc") === "1", page: Math.max(0, Number(params.get("page") ?? 0) || 0), filters };
}

function hrefOf(table: string, state: ViewState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  if (state.desc) params.set("desc", "1");
  for (const [column, values] of state.filters) for (const value of values) params.append(`f.${column}`, value);
  if (state.page) params.set("page", String(state.page));
  return tableHref(table, params.toString());
}

const cellText = (cell: Cell): string => (cell === null ? "" : Array.isArray(cell) ? cell.join(", ") : String(cell));

function compareCells(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = cellText(a);
  const y = cellText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(row: Row, columns: ColumnMeta[], state: ViewState): boolean {
  for (const [column, values] of state.filters) {
    const index = columns.findIndex((c) => c.name === column);
    const cell = row.cells[index];
    const held = cell === null || cell === undefined ? [] : Array.isArray(cell) ? cell.map(String) : [String(cell)];
    if (!values.some((value) => held.includes(value))) return false;
  }
  if (!state.q) return true;
  const needle = state.q.toLowerCase();
  return row.label.toLowerCase().includes(needle) || row.cells.some((cell) => cellText(cell ?? null).toLowerCase().includes(needle));
}

/** Facet counts over the rows in view. */
function countFacets(meta: TableMeta, rows: Row[]): Facets {
  const result: Facets = {};
  meta.columns.forEach((column, index) => {
    if (!column.facet) return;
    const counts = new Map<string, number>();
    for (const row of rows) {
      const cell = row.cells[index];
      for (const value of cell === null || cell === undefined ? [] : Array.isArray(cell) ? cell : [cell]) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    }
    result[column.name] = { values: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)), others: 0 };
  });
  return result;
}

export async function tableView(route: Route): Promise<void> {
  const name = route.parts[0] ?? "";
  const meta = await tableMeta(name);
  if (!meta) return show("No such table", el("h1", { text: "No such table" }), el("p", { text: `There is no table “${name}”.` }));
  const state = stateOf(route.params);
  const whole = state.q !== "" || state.sort !== "" || state.filters.size > 0;
  let rows: Row[];
  let total: number;
  let counts: Facets;
  if (whole) {
    const every = await allRows(meta);
    rows = every.filter((row) => matches(row, meta.columns, state));
    const index = meta.columns.findIndex((c) => c.name === state.sort);
    if (index >= 0) rows.sort((a, b) => compareCells(a.cells[index] ?? null, b.cells[index] ?? null) * (state.desc ? -1 : 1) || (a.id < b.id ? -1 : 1));
    total = rows.length;
    counts = countFacets(meta, rows);
  } else {
    const [one, stored] = await Promise.all([loadPage(meta.name, Math.min(state.page, meta.pages - 1)), loadFacets(meta.name)]);
    rows = one.rows;
    total = meta.count;
    counts = stored;
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_ROWS));
  const current = Math.min(state.page, pages - 1);
  const shown = whole ? rows.slice(current * PAGE_ROWS, (current + 1) * PAGE_ROWS) : rows;
  const first = total === 0 ? 0 : current * PAGE_ROWS + 1;

  const search = el("input", { type: "search", name: "q", value: state.q, id: "table-filter" });
  const form = el("form", { className: "controls", role: "search" },
    el("label", { for: "table-filter" }, "Filter rows", search),
    el("button", { type: "submit", text: "Filter" }),
    el("button", { type: "button", id: "download-csv", text: "Download this view as CSV" }),
    el("button", { type: "button", id: "download-json", text: "Download this view as JSON" }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(hrefOf(meta.name, { ...state, q: search.value.trim(), page: 0 }));
  });
  const viewRows = async () => (whole ? rows : allRows(meta));
  form.querySelector("#download-csv")!.addEventListener("click", async () => downloadView(meta, await viewRows(), "csv"));
  form.querySelector("#download-json")!.addEventListener("click", async () => downloadView(meta, await viewRows(), "json"));

  show(`${meta.title} (${meta.name})`,
    el("h1", {}, meta.title, el("small", { text: ` · ${meta.name}` })),
    el("p", { text: meta.description }),
    form,
    chips(meta, state),
    el("div", { className: "layout" },
      facetPanel(meta, state, counts),
      el("div", {},
        el("p", { id: "row-count", role: "status", "data-count": total, text: whole ? `${formatNumber(total)} of ${formatNumber(meta.count)} records match; showing ${formatNumber(first)}–${formatNumber(first + shown.length - 1)}.` : `${formatNumber(total)} records; showing ${formatNumber(first)}–${formatNumber(first + shown.length - 1)}.` }),
        el("div", { className: "table-wrap" }, grid(meta, state, shown)),
        pager(meta, state, current, pages))),
  );
}

function chips(meta: TableMeta, state: ViewState): Node | null {
  if (state.filters.size === 0 && !state.q) return null;
  const list = el("p", { className: "chips", id: "active-filters" }, "Filtered by: ");
  for (const [column, values] of state.filters) {
    for (const value of values) {
      const rest = new Map(state.filters);
      const left = values.filter((v) => v !== value);
      if (left.length) rest.set(column, left);
      else rest.delete(column);
      list.append(el("a", { href: hrefOf(meta.name, { ...state, filters: rest, page: 0 }), text: `${column} = ${value} ✕`, "aria-label": `Remove filter ${column} = ${value}` }), " ");
    }
  }
  if (state.q) list.append(el("a", { href: hrefOf(meta.name, { ...state, q: "", page: 0 }), text: `text “${state.q}” ✕`, "aria-label": `Remove text filter ${state.q}` }));
  return list;
}

function facetPanel(meta: TableMeta, state: ViewState, counts: Facets): Node {
  const panel = el("aside", { className: "facets", "aria-label": "Facets" }, el("h2", { text: "Facets" }));
  for (const column of meta.columns.filter((c) => c.facet)) {
    const facet = counts[column.name];
    if (!facet || facet.values.length === 0) continue;
    const chosen = state.filters.get(column.name) ?? [];
    panel.append(el("details", { open: true, "data-facet": column.name },
      el("summary", { text: column.name }),
      el("ul", {}, ...facet.values.map(([value, count]) => {
        const on = chosen.includes(value);
        const filters = new Map(state.filters);
        const next = on ? chosen.filter((v) => v !== value) : [...chosen, value];
        if (next.length) filters.set(column.name, next);
        else filters.delete(column.name);
        return el("li", {}, el("a", { href: hrefOf(meta.name, { ...state, filters, page: 0 }), "aria-current": on ? "true" : false, "data-value": value, text: `${value} (${formatNumber(count)})` }));
      })),
      facet.others ? el("p", { className: "muted", text: `and ${formatNumber(facet.others)} more` }) : null));
  }
  return panel;
}

function grid(meta: TableMeta, state: ViewState, rows: Row[]): Node {
  const header = el("tr", {}, ...meta.columns.map((column) => {
    const sorted = state.sort === column.name;
    const next = { ...state, sort: column.name, desc: sorted ? !state.desc : false, page: 0 };
    return el("th", { scope: "col", "aria-sort": sorted ? (state.desc ? "descending" : "ascending") : false },
      el("a", { href: hrefOf(meta.name, next), title: `Sort by ${column.name}`, text: `${column.name}${sorted ? (state.desc ? " ▼" : " ▲") : ""}` }),
      el("span", { className: "desc", text: column.description }));
  }));
  const body = el("tbody", {}, ...rows.map((row) => el("tr", {}, ...meta.columns.map((column, index) => {
    const cell = row.cells[index] ?? null;
    if (column.name === "id") return el("td", {}, recordLink(meta.name, row.id, row.id));
    if (column.references && cell !== null) {
      const values = Array.isArray(cell) ? cell : [cell];
      return el("td", {}, ...values.flatMap((value, i) => [i ? ", " : "", recordLink(column.references!, String(value), String(value))]));
    }
    if (column.kind === "objects" || column.kind === "object") return el("td", { className: "num", text: cell === null ? "" : `${cell} ${cell === 1 ? "item" : "items"}` });
    const text = cellText(cell);
    // Long text reads on the record page; the table keeps its start.
    return el("td", { className: typeof cell === "number" ? "num" : "", text: text.length > LONG_TEXT ? `${text.slice(0, LONG_TEXT).trimEnd()}…` : text });
  }))));
  return el("table", { id: "rows" }, el("caption", { className: "muted", text: `${meta.title}: a column header shows the field’s description; follow it to sort.` }), el("thead", {}, header), body);
}

function pager(meta: TableMeta, state: ViewState, current: number, pages: number): Node {
  return el("nav", { className: "pager", "aria-label": "Pages" },
    current > 0 ? el("a", { href: hrefOf(meta.name, { ...state, page: current - 1 }), rel: "prev", text: "← Previous" }) : null,
    el("span", { text: `Page ${current + 1} of ${pages}` }),
    current < pages - 1 ? el("a", { href: hrefOf(meta.name, { ...state, page: current + 1 }), rel: "next", text: "Next →" }) : null);
}
