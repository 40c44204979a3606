"use strict";
// Generic browser for the data embedded above: it knows no table by name.
const data = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};
const names = Object.keys(data.tables);
const byId = new Map(names.map((table) => [table, new Map(data.tables[table].rows.map((row) => [row.id, row]))]));

function label(table, id) {
  const row = byId.get(table)?.get(id);
  const text = row && (row.name ?? row.title ?? row.measure ?? row.summary);
  return typeof text === "string" ? text : id;
}

function link(table, id) {
  return el("a", { className: "ref", href: `#${table}/${encodeURIComponent(id)}`, textContent: label(table, id), title: `${table}/${id}` });
}

function render(value, table, path) {
  const target = data.tables[table].links[path];
  if (Array.isArray(value)) return el("ul", {}, ...value.map((item) => el("li", {}, render(item, table, path))));
  if (value !== null && typeof value === "object") {
    // An object holding a quote (x-quote-in) reads as the quote and its source.
    const quoteKey = Object.keys(value).find((key) => data.tables[table].quotes[`${path}.${key}`]);
    if (quoteKey) {
      const sourceKey = data.tables[table].quotes[`${path}.${quoteKey}`];
      return el("div", {}, el("blockquote", { textContent: value[quoteKey] }), render(value[sourceKey], table, `${path}.${sourceKey}`));
    }
    return el("dl", {}, ...Object.entries(value).flatMap(([key, item]) => [
      el("dt", { textContent: key }),
      el("dd", {}, render(item, table, `${path}.${key}`)),
    ]));
  }
  if (target && typeof value === "string") return link(target, value);
  return document.createTextNode(String(value));
}

function showList(table, selected) {
  const query = $("search").value.trim().toLowerCase();
  const rows = data.tables[table].rows.filter((row) => !query || JSON.stringify(row).toLowerCase().includes(query));
  $("list").replaceChildren(
    el("p", { className: "description", textContent: `${data.tables[table].description} (${rows.length} of ${data.tables[table].rows.length})` }),
    el("ol", {}, ...rows.map((row) => {
      const a = el("a", { href: `#${table}/${encodeURIComponent(row.id)}` }, label(table, row.id), el("small", { textContent: row.id }));
      a.setAttribute("aria-current", String(row.id === selected));
      return el("li", {}, a);
    })),
  );
}

function showRecord(table, id) {
  const row = byId.get(table)?.get(id);
  if (!row) {
    const tombstone = data.tombstones.find((t) => t.table === table && t.id === id);
    $("record").replaceChildren(tombstone
      ? el("div", { className: "tombstone" }, `${table}/${id} was ${tombstone.status}: ${tombstone.reason} `, tombstone.moved_to ? link(table, tombstone.moved_to) : "")
      : el("p", { textContent: id ? `No record ${table}/${id}.` : "Choose a record." }));
    return;
  }
  const columns = data.tables[table].columns.filter((c) => row[c.name] !== undefined);
  const backlinks = names.flatMap((other) => data.tables[other].rows
    .filter((candidate) => Object.entries(data.tables[other].links).some(([path, target]) => target === table && valuesAt(candidate, path).includes(id)))
    .map((candidate) => el("li", {}, `${other}: `, link(other, candidate.id))));
  $("record").replaceChildren(
    el("h2", { textContent: label(table, id) }),
    el("p", { className: "description", textContent: `${data.tables[table].title} · ${table}/${id}` }),
    el("dl", {}, ...columns.flatMap((c) => [el("dt", { textContent: c.name, title: c.description }), el("dd", {}, render(row[c.name], table, c.name))])),
    ...(backlinks.length ? [el("h3", { textContent: "Referred to by" }), el("ul", {}, ...backlinks)] : []),
  );
}

// The values at a dotted path; list items share their list's path.
function valuesAt(value, path) {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path === "") return value === undefined ? [] : [value];
  const [head, ...rest] = path.split(".");
  return valuesAt(value?.[head], rest.join("."));
}

function route() {
  const [name, id = ""] = location.hash.slice(1).split("/").map(decodeURIComponent);
  const table = name || names[0];
  if (!data.tables[table]) return;
  for (const a of $("tables").querySelectorAll("a")) a.setAttribute("aria-current", a.dataset.table === table ? "page" : "false");
  showList(table, id);
  showRecord(table, id);
}

$("package-title").textContent = `${data.title} · ${data.version}`;
$("tables").replaceChildren(...names.map((table) => el("a", { href: `#${table}` }, table, el("small", { textContent: data.tables[table].rows.length }))));
for (const a of $("tables").querySelectorAll("a")) a.dataset.table = a.getAttribute("href").slice(1);
$("search").addEventListener("input", route);
window.addEventListener("hashchange", route);
route();
