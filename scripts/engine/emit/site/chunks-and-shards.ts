/**
 * The site's files that depend on every table: the record chunks and the search shards.
 * Without the build cache, all are made. With it, the site notes the tables' summaries and
 * each file's sha256 (emitter.ts EmitterState); the next build makes again only the files
 * an edit reached (stale-parts.ts) and hands on the others as dist/ holds them, so that a
 * one-record edit of a large dataset costs a few chunks and shards, not all of them.
 */
import { compareText } from "../../../contract/diagnostics.ts";
import { sha256Hex } from "../../../contract/sha256.ts";
import { rowCount, rowsAtHand, type Dataset } from "../../model.ts";
import { nextTurn, type EmitterState, type TableOutputs } from "../emitter.ts";
import type { OutputFile } from "../output.ts";
import { chunkPath, shardPath, shardPrefix, type TableMeta } from "./layout.ts";
import { recordChunks } from "./records.ts";
import { searchShards } from "./search-index.ts";
import { staleParts, type SiteParts } from "./stale-parts.ts";
import { chunksOf, summarize, type TableSummary } from "./summary.ts";
import { rowsFromLastBuild, rowsInMemory, type LabelNote, type TableRows } from "./table-rows.ts";
import { labelOf } from "./tables.ts";

/** The site's folder in dist/. */
export const SITE_FOLDER = "site";
const NOTE = "site";

interface Made {
  sha256: string;
  size: number;
}

/** What the site notes for the next build (each table's summary is a note of its own). */
interface SiteNote extends Omit<SiteParts, "tables"> {
  /** The digest of each table's source files: the summary noted for the table is the one made from them. */
  digests: Map<string, string>;
  /** The search shards written. */
  shards: string[];
  /** The chunk and shard files written, by path in dist/. */
  files: Map<string, Made>;
}

/** A table's summary, noted apart so that a rebuild writes again only the edited tables'. */
interface TableNote {
  digest: string;
  summary: TableSummary;
}

/** Compact JSON: the site's data is read by its script, not by people. */
export function siteData(path: string, value: unknown): OutputFile {
  return { path: `${SITE_FOLDER}/${path}`, bytes: Buffer.from(`${JSON.stringify(value)}\n`, "utf8") };
}

export async function chunksAndShards(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, tableOutputs?: TableOutputs, state?: EmitterState): Promise<OutputFile[]> {
  const last = state?.last<SiteNote>(NOTE);
  const before = new Map<string, TableSummary>();
  const tables = new Map<string, TableSummary>();
  const digests = new Map<string, string>();
  const rows = new Map<string, TableRows>();
  /** The bytes of a chunk the last build wrote, while dist/ still holds them. */
  const chunkFile = (path: string): Buffer | undefined => {
    const made = last?.files.get(`${SITE_FOLDER}/${path}`);
    return made && state?.kept(`${SITE_FOLDER}/${path}`, made.sha256, made.size)?.bytes;
  };
  const noteLabels = (name: string, note: LabelNote) => state?.note(`${NOTE}.${name}.labels`, note);
  for (const data of dataset.tables) {
    const name = data.table.name;
    const digest = state ? tableOutputs?.digest(name) : undefined;
    const lastDigest = last?.digests.get(name);
    const noted = lastDigest !== undefined ? state?.last<TableNote>(`${NOTE}.${name}`) : undefined;
    const lastSummary = noted?.digest === lastDigest ? noted?.summary : undefined;
    if (lastSummary) before.set(name, lastSummary);
    if (digest !== undefined) digests.set(name, digest);
    // The same digest, the same rows (the schemas are in the cache's key): the summary is the one noted.
    if (lastSummary && digest === lastDigest) {
      tables.set(name, lastSummary);
      const labels = () => state?.last<LabelNote>(`${NOTE}.${name}.labels`);
      rows.set(name, rowsAtHand(data) || digest === undefined ? rowsInMemory(data) : rowsFromLastBuild(data, lastSummary, digest, { labels, chunkFile, noteLabels: (note) => noteLabels(name, note) }));
      continue;
    }
    const summary = summarize(data, metas.get(name)!, state ? { digests: tableOutputs?.recordDigests(name) ?? new Map() } : {});
    tables.set(name, summary);
    if (digest !== undefined && state) {
      const labels = data.rows.map(labelOf);
      rows.set(name, rowsInMemory(data, labels));
      state.note(`${NOTE}.${name}`, { digest, summary } satisfies TableNote);
      noteLabels(name, { digest, labels });
    } else rows.set(name, rowsInMemory(data));
  }
  const now: SiteParts = { prefix: shardPrefix(dataset.tables.reduce((sum, data) => sum + rowCount(data), 0)), tombstones: JSON.stringify(dataset.tombstones), tables };
  // Without the last build's summary of every table, what an edit reached cannot be told: all is made.
  const stale = last && before.size === tables.size ? staleParts({ ...last, tables: before }, now, metas) : undefined;
  const files = new Map<string, Made>();
  const out: OutputFile[] = [];
  /** A file of the last build, handed on as dist/ holds it; undefined when dist/ no longer does. */
  const keep = (path: string): boolean => {
    const made = last?.files.get(path);
    const file = made && state?.kept(path, made.sha256, made.size);
    if (!file) return false;
    files.set(path, made);
    out.push(file);
    return true;
  };
  const make = (path: string, value: unknown) => {
    const file = siteData(path, value);
    if (state) {
      const made = { sha256: sha256Hex(file.bytes), size: file.bytes.length };
      files.set(file.path, made);
      Object.assign(file, made);
    }
    out.push(file);
  };

  const wantedChunks = new Map<string, Set<number>>();
  for (const [table, summary] of tables) {
    const wanted = new Set<number>();
    for (let chunk = 0; chunk < chunksOf(summary); chunk++) {
      if (!(stale && !stale.chunks.get(table)?.has(chunk) && keep(`${SITE_FOLDER}/${chunkPath(table, chunk)}`))) wanted.add(chunk);
    }
    wantedChunks.set(table, wanted);
  }
  for (const [table, chunks] of recordChunks(dataset, metas, tables, rows, stale ? wantedChunks : undefined)) {
    for (const [index, chunk] of chunks) make(chunkPath(table, index), chunk);
  }
  // Each part takes seconds at 100,000 records: the lock on dist/ must be refreshed between them.
  await nextTurn();

  let wantedShards: Set<string> | undefined;
  const keptShards: string[] = [];
  if (stale && last) {
    wantedShards = new Set(stale.shards);
    for (const shard of last.shards) {
      if (wantedShards.has(shard)) continue;
      if (keep(`${SITE_FOLDER}/${shardPath(shard)}`)) keptShards.push(shard);
      else wantedShards.add(shard);
    }
  }
  const shards = searchShards(dataset, tables, rows, wantedShards);
  for (const [shard, index] of [...shards].sort(([a], [b]) => compareText(a, b))) make(shardPath(shard), index);
  const note: SiteNote = { prefix: now.prefix, tombstones: now.tombstones, digests, shards: [...keptShards, ...shards.keys()].sort(compareText), files };
  state?.note(NOTE, note);
  return out;
}
