/**
 * What the site's record chunks and search shards need of each record besides the record
 * itself and its label: the records it links to and the words it is found by. Both parts are
 * made from these summaries rather than from the rows, so that a rebuild can tell from the
 * summaries of the last build which chunks and shards an edit reaches (site/stale-parts.ts)
 * and make only those. A summary is plain strings, kept in the build cache: links and words
 * are joined into one string per record, which the cache stores and reads back far faster
 * than many small strings.
 */
import { createHash } from "node:crypto";
import type { Row } from "../../../contract/flatten.ts";
import type { Shape } from "../../../contract/shapes.ts";
import type { TableData } from "../../model.ts";
import { chunkCount, tokens, type TableMeta } from "./layout.ts";
import { pathReader } from "./tables.ts";

/** Separates the parts of a record's links: ids and paths hold no control character (text rules). */
const SEPARATOR = "\u0000";

export interface TableSummary {
  /** Each row's id, in row order. */
  ids: string[];
  /** A digest of each row, when kept for a rebuild (its source file's, else its JSON's): a changed row changes its chunk. */
  rows: string[];
  /** Each row's links: link path index and value, alternating, joined by SEPARATOR ("" for none). */
  links: string[];
  /** Each row's search words, in first-seen order, joined by spaces ("" for none). */
  words: string[];
}

/** A row's digest when its file's is not known: 16 bytes of sha1 is plenty to tell an edited row from the one before. */
function rowDigest(row: Row): string {
  return createHash("sha1").update(JSON.stringify(row)).digest("base64").slice(0, 22);
}

/**
 * The summary of one table. Link values are those the record pages show: each path's
 * values once (a record naming another twice through one property is one link).
 */
export function summarize({ table, rows }: TableData, meta: TableMeta, { digests }: { digests?: ReadonlyMap<string, string> }): TableSummary {
  const links = linkPaths(meta).map((path) => pathReader(path));
  const texts = textPaths(table.shape, "").map(pathReader);
  const values: unknown[] = [];
  const summary: TableSummary = { ids: [], rows: [], links: [], words: [] };
  for (const row of rows) {
    summary.ids.push(String(row.id));
    if (digests) summary.rows.push(digests.get(String(row.id)) ?? rowDigest(row));
    const parts: string[] = [];
    links.forEach((read, index) => {
      values.length = 0;
      read(row, values);
      for (let i = 0; i < values.length; i++) {
        if (i > 0 && values.indexOf(values[i]) < i) continue;
        parts.push(String(index), String(values[i]));
      }
    });
    summary.links.push(parts.join(SEPARATOR));
    const words = new Set<string>();
    values.length = 0;
    for (const read of texts) read(row, values);
    for (const text of values) if (typeof text === "string") for (const word of tokens(text)) words.add(word);
    summary.words.push([...words].join(" "));
  }
  return summary;
}

/** The table's number of record chunks (layout.ts chunkCount): a record's chunk depends on it. */
export function chunksOf(summary: TableSummary): number {
  return chunkCount(summary.ids.length);
}

/** The link paths of a table in a fixed order: the indexes in TableSummary.links point into it. */
export function linkPaths(meta: TableMeta): string[] {
  return Object.keys(meta.links);
}

/** A record's links as [path index, value] pairs, in the order the record page lists them. */
export function linksOf(summary: TableSummary, row: number): [number, string][] {
  const joined = summary.links[row]!;
  if (joined === "") return [];
  const parts = joined.split(SEPARATOR);
  const pairs: [number, string][] = [];
  for (let i = 0; i < parts.length; i += 2) pairs.push([Number(parts[i]), parts[i + 1]!]);
  return pairs;
}

export function wordsOf(summary: TableSummary, row: number): string[] {
  const joined = summary.words[row]!;
  return joined === "" ? [] : joined.split(" ");
}

/** Dotted paths of the free-text strings of a shape (list items share their list's path). */
function textPaths(shape: Shape, path: string): string[] {
  if (shape.kind === "list") return textPaths(shape.items, path);
  if (shape.kind === "object") return shape.properties.flatMap((p) => (p.name === "id" ? [] : textPaths(p.shape, path ? `${path}.${p.name}` : p.name)));
  const free = shape.type === "string" && !shape.references && !shape.schema.enum && !shape.schema.pattern && !shape.schema.format;
  return free ? [path] : [];
}
