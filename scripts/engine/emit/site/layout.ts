/**
 * The data layout of dist/site/, shared by the emitter (which writes it) and the page's
 * script (which reads it), so that both name a record's chunk, a table's pages and a search
 * shard the same way. Nothing here touches Node or the DOM: it is bundled into the page.
 */

/** Rows of a table view per page file, in primary-key order. */
export const PAGE_ROWS = 100;
/** Records per detail chunk, on average: a table of n records has ceil(n / CHUNK_RECORDS) chunks. */
export const CHUNK_RECORDS = 64;
/** Values listed per facet; the rest are counted together. */
export const FACET_VALUES = 30;
/**
 * Characters of a word that name its search shard, by the number of records: a small
 * dataset keeps its index in one file (no prefix), a larger one splits it by first letter,
 * then by the first two, so that a shard's size stays bounded without a small build
 * writing hundreds of files. The manifest states the choice.
 */
export function shardPrefix(records: number): number {
  return records < 2_000 ? 0 : records < 20_000 ? 1 : 2;
}
/**
 * Records listed per word in the search index: a word held by more (such as "the") lists
 * its first ones by table and id, and the shard says how many hold it, so that no shard
 * grows with the dataset; a rarer word in the query narrows the search.
 */
export const WORD_RECORDS = 200;
/** Characters of a label kept in the search index and the backlinks. */
export const LABEL_CHARS = 100;
/** Records listed per table and property linking to a record; the rest are counted, and the table view lists them. */
export const BACKLINKS_LISTED = 20;

/** A label cut to LABEL_CHARS, with an ellipsis when cut. */
export function shortLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1).trimEnd()}…` : label;
}

export const DATA = "data";
export const MANIFEST = `${DATA}/manifest.json`;
export const TIMELINE = `${DATA}/timeline.json`;
export const CHARTS = `${DATA}/charts.json`;

export function pagePath(table: string, page: number): string {
  return `${DATA}/tables/${table}/page-${page}.json`;
}
export function facetsPath(table: string): string {
  return `${DATA}/tables/${table}/facets.json`;
}
export function chunkPath(table: string, chunk: number): string {
  return `${DATA}/records/${table}/${chunk}.json`;
}
export function shardPath(shard: string): string {
  return `${DATA}/search/${shard}.json`;
}

export function chunkCount(records: number): number {
  return Math.max(1, Math.ceil(records / CHUNK_RECORDS));
}

/** FNV-1a over the id's UTF-16 code units: stable across builds and engines, so a URL's id alone names its chunk. */
export function chunkOf(id: string, chunks: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % chunks;
}

/** Lower-cased words without diacritics, as indexed and as searched. */
export function tokens(text: string): string[] {
  const lower = text.toLowerCase();
  // ASCII text needs no Unicode classes; other text is split first, and only its non-ASCII
  // words lose their diacritics (NFD, then marks dropped), which is cheaper than the whole string.
  if (/^[\x00-\x7f]*$/.test(lower)) return (lower.match(/[a-z0-9]+/g) ?? []).filter((word) => word.length >= 2);
  const words: string[] = [];
  for (const word of lower.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    const plain = /^[\x00-\x7f]*$/.test(word) ? word : word.normalize("NFD").replace(/\p{M}/gu, "");
    if (plain.length >= 2) words.push(plain);
  }
  return words;
}

/** A token's first `prefix` characters, written in ASCII (other letters as u<hex>) so that every file name is portable; "all" for no prefix. */
export function shardOf(token: string, prefix: number): string {
  if (prefix === 0) return "all";
  return [...token]
    .slice(0, prefix)
    .map((char) => (/[a-z0-9]/.test(char) ? char : `u${char.codePointAt(0)!.toString(16)}`))
    .join("");
}

/** The dataset as the home page needs it; its size depends on the number of tables and files, not of records. */
export interface Manifest {
  name: string;
  title: string;
  description: string;
  version: string;
  licence: { name: string; url?: string }[];
  citation: string;
  /** Release data files, for download (the site's own files are not listed). */
  downloads: { path: string; bytes: number; sha256: string; mediaType: string }[];
  /** Characters of a word that name its search shard (layout.ts shardPrefix). */
  searchPrefix: number;
  tables: TableMeta[];
}

export interface ColumnMeta {
  name: string;
  description: string;
  /** scalar, list (of scalars), object or objects (a list of objects). */
  kind: "scalar" | "list" | "object" | "objects";
  type?: string;
  references?: string;
  enum?: string[];
  /** Whether the table view has a facet for it. */
  facet: boolean;
}

export interface TableMeta {
  name: string;
  title: string;
  description: string;
  count: number;
  pages: number;
  chunks: number;
  columns: ColumnMeta[];
  /** Dotted property path (list items share their list's path) -> referenced table. */
  links: Record<string, string>;
  /** Dotted path of a quote -> the sibling property naming its source. */
  quotes: Record<string, string>;
}

/** A table view row: the table's columns, objects reduced to a count. */
export type Cell = string | number | boolean | null | (string | number | boolean)[];
export interface TablePage {
  rows: { id: string; label: string; cells: Cell[] }[];
}

export interface Facets {
  /** Column -> [value, count] sorted by count then value; `others`: the count of the values left off. */
  [column: string]: { values: [string, number][]; others: number };
}

export interface Backlink {
  table: string;
  id: string;
  label: string;
  /** The property of the linking record that names this one. */
  via: string;
}

export interface BacklinkCount {
  table: string;
  via: string;
  count: number;
}

export interface RecordEntry {
  table: string;
  id: string;
  label?: string;
  record?: Record<string, unknown>;
  /**
   * [table, id, label] of every record this one links to: a list rather than an object keyed
   * by id, whose every new key would cost the build a new object shape.
   */
  labels?: [string, string, string][];
  backlinks?: Backlink[];
  /** Per table and property whose links are more than BACKLINKS_LISTED: how many there are. */
  backlinkCounts?: BacklinkCount[];
  /** A retired id: where it went. */
  retired?: { status: string; reason: string; moved_to?: string };
}

export interface RecordChunk {
  entries: RecordEntry[];
}

export interface SearchShard {
  /** [table, id, label] */
  refs: [string, string, string][];
  /** token -> indexes into refs */
  tokens: Record<string, number[]>;
  /** token -> how many records hold it, for the tokens that list only WORD_RECORDS of them. */
  counts?: Record<string, number>;
}

export interface TimelineEntry {
  table: string;
  id: string;
  label: string;
  /** ISO date when stated, else undefined. */
  date?: string;
  /** The date as the sources state it. */
  asStated?: string;
  /** Decisions (table/id/label) taken at this event. */
  decisions: { table: string; id: string; label: string }[];
}

export interface ChartSeries {
  measure: string;
  unit: string;
  points: { table: string; id: string; label: string; year: number | null; value: number; asStated?: string }[];
}
