/**
 * Evidence coverage: which sentences of each source document no quote cites. The goal
 * is every sentence cited, so the report is a to-do list for curators.
 */
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES } from "../contract/keywords.ts";
import type { DocumentIndex, SourceDocument } from "./documents.ts";
import type { SourceRecord } from "./records.ts";

export interface Sentence {
  line: number;
  start: number;
  end: number;
  text: string;
}

export interface DocumentCoverage {
  /** `<table>/<id>` of the record that stands for the document. */
  source: string;
  document: SourceDocument;
  sentences: Sentence[];
  uncited: Sentence[];
  /** Share of the sentences' characters inside some quote: how closely the quotes cover the text. */
  characterShare: number;
}

/**
 * Lines are paragraphs or headings; inside a line a sentence ends at . ! or ? (and any
 * closing quotes) before a space and a capital or an opening quote. "Nov. 14" stays whole.
 */
const SENTENCE_END = /(?<=[.!?][”"»’)]*)\s+(?=[“"«‘(A-Z])/g;

export function sentences(text: string): Sentence[] {
  const found: Sentence[] = [];
  let offset = 0;
  for (const [index, line] of text.split("\n").entries()) {
    let start = 0;
    const pieces = [...line.matchAll(SENTENCE_END)].map((m) => ({ end: m.index!, next: m.index! + m[0].length }));
    for (const piece of [...pieces, { end: line.length, next: line.length }]) {
      const raw = line.slice(start, piece.end);
      const trimmed = raw.trim();
      if (trimmed !== "") {
        const lead = raw.length - raw.trimStart().length;
        found.push({ line: index + 1, start: offset + start + lead, end: offset + start + lead + trimmed.length, text: trimmed });
      }
      start = piece.next;
    }
    offset += line.length + 1;
  }
  return found;
}

export function coverage(records: readonly SourceRecord[], documents: DocumentIndex): DocumentCoverage[] {
  const bySource = new Map<string, { document: SourceDocument; quotes: string[] }>();
  for (const record of records) {
    for (const annotation of record.annotations) {
      if (annotation.keyword !== DOCUMENT_SHA256 || typeof annotation.value !== "string") continue;
      const document = documents.get(annotation.value.toLowerCase());
      if (document) bySource.set(`${record.table.name}/${String(record.data.id)}`, { document, quotes: [] });
    }
  }
  for (const record of records) {
    const tables = new Map(record.annotations.filter((a) => a.keyword === REFERENCES).map((a) => [a.path.join("/"), String(a.argument)]));
    for (const annotation of record.annotations) {
      if (annotation.keyword !== QUOTE_IN || typeof annotation.value !== "string") continue;
      const sibling = String(annotation.argument);
      const table = tables.get([...annotation.path.slice(0, -1), sibling].join("/"));
      const id = (annotation.parent as Record<string, unknown> | undefined)?.[sibling];
      bySource.get(`${table}/${String(id)}`)?.quotes.push(annotation.value);
    }
  }
  return [...bySource.entries()].map(([source, { document, quotes }]) => {
    const spans = quotes.flatMap((quote) => occurrences(document.text, quote));
    const all = sentences(document.text);
    const covered = new Uint8Array(document.text.length);
    for (const [from, to] of spans) covered.fill(1, from, to);
    let total = 0;
    let inQuotes = 0;
    for (const sentence of all) {
      total += sentence.end - sentence.start;
      for (let i = sentence.start; i < sentence.end; i++) inQuotes += covered[i]!;
    }
    return {
      source,
      document,
      sentences: all,
      uncited: all.filter((s) => !spans.some(([from, to]) => from < s.end && to > s.start)),
      characterShare: total === 0 ? 1 : inQuotes / total,
    };
  });
}

function occurrences(text: string, quote: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) spans.push([at, at + quote.length]);
  return spans;
}
