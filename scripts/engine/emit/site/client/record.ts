/**
 * A record page: every field, with links to the records it names; the records that name it;
 * each evidence quote with its source, side by side per source when there are several (so a
 * discrepancy shows each source's version next to the other's); a retired id's successor.
 */
import type { RecordEntry, TableMeta } from "../layout.ts";
import { record, tableMeta } from "./data.ts";
import { el, recordHref, recordLink, show, tableHref } from "./dom.ts";

/** The table whose records are points where the sources disagree: its backlinks come first. */
const DISCREPANCIES = "discrepancies";

export async function recordPage(table: string, id: string): Promise<void> {
  const meta = await tableMeta(table);
  if (!meta) return show("No such table", el("h1", { text: "No such table" }), el("p", { text: `There is no table “${table}”.` }));
  const entry = await record(meta, id);
  if (!entry) return show("No such record", el("h1", { text: "No such record" }), el("p", {}, `${table} has no record “${id}”. `, el("a", { href: tableHref(table), text: `Browse ${table}` })));
  if (entry.retired) return retired(meta, entry);
  const row = entry.record ?? {};
  const fields = el("dl", { className: "fields", id: "fields" });
  for (const column of meta.columns) {
    const value = row[column.name];
    if (value === undefined) continue;
    fields.append(el("dt", { title: column.description, text: column.name }), el("dd", { "data-field": column.name }, render(value, meta, entry, column.name)));
  }
  const backlinks = entry.backlinks ?? [];
  const more = (entry.backlinkCounts ?? []).map(({ table: from, via, count }) => {
    // A top-level reference column filters its table's view; a nested one is only counted.
    const filter = via.includes(".") ? null : tableHref(from, new URLSearchParams({ [`f.${via}`]: id }).toString());
    const text = `all ${count} ${from} records linking here via ${via}`;
    return el("li", {}, filter ? el("a", { href: filter, text }) : text);
  });
  const disagreements = backlinks.filter((link) => link.table === DISCREPANCIES);
  const others = backlinks.filter((link) => link.table !== DISCREPANCIES);
  show(`${entry.label ?? id} · ${meta.title}`,
    el("p", { className: "muted" }, el("a", { href: tableHref(table), text: meta.title }), ` · ${table}/${id}`),
    el("h1", { className: (entry.label ?? id).length > 100 ? "long" : "", text: entry.label ?? id }),
    disagreements.length > 0 && el("section", { id: "disagreements", "aria-labelledby": "disagreements-title" },
      el("h2", { id: "disagreements-title", text: "Where the sources disagree about it" }),
      el("ul", {}, ...disagreements.map((link) => el("li", {}, recordLink(link.table, link.id, link.label))))),
    el("h2", { text: "Fields" }),
    fields,
    el("section", { id: "backlinks", "aria-labelledby": "backlinks-title" },
      el("h2", { id: "backlinks-title", text: "Records that link here" }),
      others.length === 0 ? el("p", { className: "muted", text: "None." }) :
        el("ul", {}, ...others.map((link) => el("li", {}, recordLink(link.table, link.id, link.label), el("small", { text: ` (${link.table}, via ${link.via})` }))), ...more)),
  );
}

function retired(meta: TableMeta, entry: RecordEntry): void {
  const info = entry.retired!;
  show(`${entry.id} (retired) · ${meta.title}`,
    el("h1", { text: `${meta.name}/${entry.id} is retired` }),
    el("div", { className: "retired", id: "retired" },
      el("p", { text: `This id was ${info.status}: ${info.reason}` }),
      info.moved_to ? el("p", {}, "It is now ", el("a", { href: recordHref(meta.name, info.moved_to), id: "successor", text: `${meta.name}/${info.moved_to}` }), ".") : null),
  );
}

function render(value: unknown, meta: TableMeta, entry: RecordEntry, path: string): Node {
  const target = meta.links[path];
  if (Array.isArray(value)) {
    if (value.length > 1 && quoteKeys(meta, path)) return sideBySide(value as Record<string, unknown>[], meta, entry, path);
    return el("ul", {}, ...value.map((item) => el("li", {}, render(item, meta, entry, path))));
  }
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    const keys = quoteKeys(meta, path);
    if (keys) return quote(object, keys, meta, entry, path);
    return el("dl", { className: "nested" }, ...Object.entries(object).flatMap(([key, item]) => [
      el("dt", { text: key }),
      el("dd", {}, render(item, meta, entry, `${path}.${key}`)),
    ]));
  }
  if (target && typeof value === "string") return recordLink(target, value, labelOf(entry, target, value));
  return document.createTextNode(String(value));
}

/** The quote property of the objects at `path` and its sibling naming the source, when they hold quotes. */
function quoteKeys(meta: TableMeta, path: string): { quote: string; source: string } | undefined {
  for (const [quotePath, source] of Object.entries(meta.quotes)) {
    if (quotePath.startsWith(`${path}.`) && !quotePath.slice(path.length + 1).includes(".")) return { quote: quotePath.slice(path.length + 1), source };
  }
  return undefined;
}

function quote(object: Record<string, unknown>, keys: { quote: string; source: string }, meta: TableMeta, entry: RecordEntry, path: string): Node {
  const source = object[keys.source];
  return el("figure", { className: "quote" },
    el("blockquote", { text: String(object[keys.quote]) }),
    source !== undefined ? el("figcaption", {}, "— ", render(source, meta, entry, `${path}.${keys.source}`)) : null);
}

/** Quotes grouped by source, one column each: how each source puts it, next to the other. */
function sideBySide(items: Record<string, unknown>[], meta: TableMeta, entry: RecordEntry, path: string): Node {
  const keys = quoteKeys(meta, path)!;
  const bySource = new Map<string, Record<string, unknown>[]>();
  for (const item of items) {
    const source = String(item[keys.source]);
    bySource.set(source, [...(bySource.get(source) ?? []), item]);
  }
  if (bySource.size < 2) return el("div", {}, ...items.map((item) => quote(item, keys, meta, entry, path)));
  const target = meta.links[`${path}.${keys.source}`];
  return el("div", { className: "sides" }, ...[...bySource].map(([source, quotes]) => el("section", { className: "side", "data-source": source },
    el("h3", {}, target ? recordLink(target, source, labelOf(entry, target, source)) : source),
    ...quotes.map((item) => el("blockquote", { text: String(item[keys.quote]) })))));
}

const labelMaps = new WeakMap<RecordEntry, Map<string, string>>();

/** The label a record's entry gives for a record it links to; the id when it gives none. */
function labelOf(entry: RecordEntry, table: string, id: string): string {
  let labels = labelMaps.get(entry);
  if (!labels) labelMaps.set(entry, (labels = new Map((entry.labels ?? []).map(([t, i, label]) => [`${t}/${i}`, label]))));
  return labels.get(`${table}/${id}`) ?? id;
}
