/**
 * Which record chunks and search shards an edit reaches, from the tables' summaries at the
 * last build and now. A record chunk shows its records whole, the labels of what they link
 * to and their backlinks; a search shard lists, for each of its words, the records found by
 * it with their labels. So a record that changed makes stale: its own chunk, the chunks of
 * the records it links to before and after (their backlinks), the chunks of the records
 * that link to it (its label may have changed), and the shards of its words before and after.
 * Anything that moves every chunk or shard (the number of chunks of a table, the shard
 * prefix, the retired ids, the set of tables) makes everything stale.
 */
import { chunkOf, shardOf, type TableMeta } from "./layout.ts";
import { chunksOf, linkPaths, linksOf, wordsOf, type TableSummary } from "./summary.ts";

export interface SiteParts {
  prefix: number;
  /** The retired ids, as JSON. */
  tombstones: string;
  tables: ReadonlyMap<string, TableSummary>;
}

export interface Stale {
  chunks: Map<string, Set<number>>;
  shards: Set<string>;
}

/** What is stale now, or undefined when everything is. Summaries of unchanged tables are the same objects. */
export function staleParts(last: SiteParts, now: SiteParts, metas: ReadonlyMap<string, TableMeta>): Stale | undefined {
  if (last.prefix !== now.prefix || last.tombstones !== now.tombstones || last.tables.size !== now.tables.size) return undefined;
  for (const table of now.tables.keys()) if (!last.tables.has(table)) return undefined;
  const stale: Stale = { chunks: new Map(), shards: new Set() };
  const markChunk = (table: string, id: string) => {
    const summary = now.tables.get(table);
    if (!summary) return;
    let set = stale.chunks.get(table);
    if (!set) stale.chunks.set(table, (set = new Set()));
    set.add(chunkOf(id, chunksOf(summary)));
  };
  const relabelled = new Map<string, Set<string>>();
  for (const [table, summary] of now.tables) {
    const before = last.tables.get(table)!;
    if (before === summary) continue;
    if (chunksOf(before) !== chunksOf(summary)) {
      stale.chunks.set(table, new Set(Array.from({ length: chunksOf(summary) }, (_, chunk) => chunk)));
    }
    const targets = linkPaths(metas.get(table)!).map((path) => metas.get(table)!.links[path]!);
    const mark = (side: TableSummary, row: number) => {
      for (const [index, value] of linksOf(side, row)) markChunk(targets[index]!, value);
      for (const word of wordsOf(side, row)) stale.shards.add(shardOf(word, now.prefix));
    };
    const rowsBefore = new Map(before.ids.map((id, row) => [id, row]));
    const rowsNow = new Map(summary.ids.map((id, row) => [id, row]));
    for (const id of new Set([...before.ids, ...summary.ids])) {
      const was = rowsBefore.get(id);
      const is = rowsNow.get(id);
      if (was !== undefined && is !== undefined && before.rows[was] === summary.rows[is]) continue;
      markChunk(table, id);
      if (was !== undefined) mark(before, was);
      if (is !== undefined) mark(summary, is);
      // Its label may have changed (the summary does not keep labels): the records that link to it show it.
      let set = relabelled.get(table);
      if (!set) relabelled.set(table, (set = new Set()));
      set.add(id);
    }
  }
  if (relabelled.size === 0) return stale;
  // The records that show a changed label among their links.
  for (const [table, summary] of now.tables) {
    const targets = linkPaths(metas.get(table)!).map((path) => metas.get(table)!.links[path]!);
    for (let row = 0; row < summary.ids.length; row++) {
      for (const [index, value] of linksOf(summary, row)) {
        if (relabelled.get(targets[index]!)?.has(value)) markChunk(table, summary.ids[row]!);
      }
    }
  }
  return stale;
}
