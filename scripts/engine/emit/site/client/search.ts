/**
 * Search across every table: each word of the query loads the one shard its first letters
 * name (layout.ts), matches the indexed words it begins, and the results are the records
 * that match every word of the query.
 */
import { shardOf, tokens, WORD_RECORDS } from "../layout.ts";
import { manifest, shard } from "./data.ts";
import { el, recordLink, show } from "./dom.ts";
import { go, type Route } from "./route.ts";

/** Results listed at most; the count says how many there are. */
const SHOWN = 200;

interface Hit {
  table: string;
  id: string;
  label: string;
}

export async function find(query: string): Promise<{ hits: Hit[]; common: [string, number][] }> {
  const words = [...new Set(tokens(query))];
  if (words.length === 0) return { hits: [], common: [] };
  const { searchPrefix } = await manifest();
  let found: Map<string, Hit> | undefined;
  const common: [string, number][] = [];
  for (const word of words) {
    const index = await shard(shardOf(word, searchPrefix));
    const hits = new Map<string, Hit>();
    for (const [token, refs] of Object.entries(index.tokens)) {
      if (!token.startsWith(word)) continue;
      const count = index.counts?.[token];
      if (count !== undefined) common.push([token, count]);
      for (const ref of refs) {
        const [table, id, label] = index.refs[ref]!;
        hits.set(`${table}/${id}`, { table, id, label });
      }
    }
    found = found ? new Map([...found].filter(([key]) => hits.has(key))) : hits;
  }
  const hits = [...(found ?? new Map<string, Hit>()).values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.id < b.id ? -1 : 1));
  return { hits, common };
}

/** A search box (on the home page, and above the results): submitting it opens the results for its words. */
export function searchForm(id: string, label: string, value?: string): { form: HTMLFormElement; input: HTMLInputElement } {
  const input = el("input", { type: "search", name: "q", id, ...(value === undefined ? {} : { value }), autocomplete: "off" });
  const form = el("form", { className: "controls", role: "search" }, el("label", { for: id }, label, input), el("button", { type: "submit", text: "Search" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(`#/search?${new URLSearchParams({ q: input.value.trim() }).toString()}`);
  });
  return { form, input };
}

export async function searchView(route: Route): Promise<void> {
  const query = route.params.get("q") ?? "";
  const { form, input } = searchForm("search-input", "Names, titles, text and quotes in every table", query);
  const [{ hits, common }, data] = await Promise.all([find(query), manifest()]);
  const titles = new Map(data.tables.map((table) => [table.name, table.title]));
  const results = query === "" ? null : el("section", { "aria-labelledby": "results-title" },
    el("h2", { id: "results-title", text: `${hits.length} ${hits.length === 1 ? "record matches" : "records match"} “${query}”` }),
    el("ol", { className: "results", id: "results" }, ...hits.slice(0, SHOWN).map((hit) => el("li", {},
      recordLink(hit.table, hit.id, hit.label), el("small", { text: ` · ${titles.get(hit.table) ?? hit.table} (${hit.table}/${hit.id})` })))),
    hits.length > SHOWN ? el("p", { className: "muted", text: `The first ${SHOWN} are listed; add a word to narrow the search.` }) : null,
    common.length ? el("p", { className: "muted", id: "common-words", text: `Common words are searched in their first ${WORD_RECORDS} records only: ${common.map(([word, count]) => `“${word}” is in ${count}`).join(", ")}. Add a rarer word to find the rest.` }) : null);
  show(query ? `Search: ${query}` : "Search", el("h1", { text: "Search" }), form, results);
  if (!query) input.focus();
}
