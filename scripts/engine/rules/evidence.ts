import { basename } from "node:path";
import type { Diagnostic } from "../../contract/diagnostics.ts";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES } from "../../contract/keywords.ts";
import type { Rule } from "./rule.ts";

/**
 * With `--documents`, every source record's sha256 must name a document there, and
 * every quote must occur verbatim in the document of the source its sibling names.
 */
export const evidence: Rule = {
  name: "evidence",
  codes: ["document-missing", "quote-not-found"],
  check({ records, documents }) {
    if (!documents) return [];
    const problems: Diagnostic[] = [];
    // "<table>\0<id>" -> document text, for every record that names a document.
    const texts = new Map<string, string>();
    for (const record of records) {
      for (const annotation of record.annotations) {
        if (annotation.keyword !== DOCUMENT_SHA256 || typeof annotation.value !== "string") continue;
        const document = documents.get(annotation.value.toLowerCase());
        if (document) {
          texts.set(`${record.table.name}\u0000${String(record.data.id)}`, document.text);
          continue;
        }
        // A record usually names its file too: its hash tells a wrong hash from a missing file.
        const values = new Set(Object.values(record.data).filter((value): value is string => typeof value === "string"));
        const named = [...documents.values()].find((document) => values.has(basename(document.path)));
        problems.push({
          ...record.yaml.locate(annotation.path),
          code: "document-missing",
          message: `no document in the documents folder has sha256 ${annotation.value}`,
          hint: named
            ? `the file ${basename(named.path)} this record names has sha256 ${named.sha256}: if it is this source's document, write that hash`
            : "add the document's file to that folder, or correct the hash (sha256sum <file>)",
        });
      }
    }
    for (const record of records) {
      const referenceTables = new Map<string, string>();
      for (const annotation of record.annotations) {
        if (annotation.keyword === REFERENCES) referenceTables.set(annotation.path.join("/"), String(annotation.argument));
      }
      for (const annotation of record.annotations) {
        if (annotation.keyword !== QUOTE_IN || typeof annotation.value !== "string") continue;
        const siblingPath = [...annotation.path.slice(0, -1), String(annotation.argument)];
        const sourceId = (annotation.parent as Record<string, unknown> | undefined)?.[String(annotation.argument)];
        const table = referenceTables.get(siblingPath.join("/"));
        // A missing or unknown source is reported by the schema and dangling-reference rules.
        const text = typeof sourceId === "string" && table ? texts.get(`${table}\u0000${sourceId}`) : undefined;
        if (text === undefined || text.includes(annotation.value)) continue;
        const quote = annotation.value;
        // The commonest slip with two articles: the right quote under the wrong source.
        const elsewhere = [...texts].filter(([key, other]) => key.startsWith(`${table}\u0000`) && other.includes(quote)).map(([key]) => key.split("\u0000")[1]!);
        problems.push({
          ...record.yaml.locate(annotation.path),
          code: "quote-not-found",
          message: `the quote does not occur verbatim in the document of source "${sourceId}"`,
          hint: elsewhere.length
            ? `it occurs verbatim in the document of source ${elsewhere.map((id) => `"${id}"`).join(" and ")}: set the evidence's source to ${elsewhere.length === 1 ? "it" : "one of them"}`
            : divergence(quote, text),
        });
      }
    }
    return problems;
  },
};

/**
 * Where the longest matching start of the quote stops matching, shown at the place in
 * the document that the rest of the quote fits best (a prefix such as "Kazakhstan" can
 * occur several times), so a curly quote typed straight is easy to spot.
 */
function divergence(quote: string, text: string): string {
  let low = 0;
  let high = quote.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (text.includes(quote.slice(0, mid))) low = mid;
    else high = mid - 1;
  }
  if (low === 0) return "no part of its beginning occurs in the document; check the source id";
  const matched = quote.slice(0, low);
  const rest = quote.slice(low + 1);
  let at = text.indexOf(matched);
  let bestScore = -1;
  for (let i = at; i !== -1; i = text.indexOf(matched, i + 1)) {
    const after = text.slice(i + low + 1, i + low + 1 + rest.length);
    let score = 0;
    while (score < after.length && after[score] === rest[score]) score++;
    if (score > bestScore) [at, bestScore] = [i, score];
  }
  const theirs = text.slice(at + low, at + low + 12);
  const typographic = TYPOGRAPHIC[quote[low]!]?.includes(text[at + low]!) ? ` (the document has the typographic ${text[at + low]}, not ${quote[low]})` : "";
  return `the first ${low} characters match ("…${matched.slice(-30)}"); then the quote has ${JSON.stringify(quote.slice(low, low + 12))} where the document has ${JSON.stringify(theirs)}${typographic}`;
}

/** Straight characters that articles usually print as typographic ones. */
const TYPOGRAPHIC: Record<string, string> = { "'": "’‘", '"': "“”«»", "-": "–—" };
