/**
 * The search index, sharded by the first characters of each word (layout.ts shardOf), so
 * that a query loads the shards of its own words only. Indexed: every free-text string of a
 * record (names, alternative names, titles, summaries, quotations, evidence quotes), not
 * ids, references, enumerated codes or patterned values such as dates and hashes.
 */
import { rowCount, type Dataset } from "../../model.ts";
import { shardOf, shardPrefix, shortLabel, WORD_RECORDS, type SearchShard } from "./layout.ts";
import { wordsOf, type TableSummary } from "./summary.ts";
import type { TableRows } from "./table-rows.ts";

interface Building {
  refs: SearchShard["refs"];
  words: Map<string, number[]>;
  counts: Map<string, number>;
  /** The record whose ref was pushed last, and its index: a record's words arrive together. */
  lastRecord: number;
  lastRef: number;
}

/** The shards named in `wanted` (every shard when undefined) that have words, from the tables' summaries. */
export function searchShards(dataset: Dataset, summaries: ReadonlyMap<string, TableSummary>, rows: ReadonlyMap<string, TableRows>, wanted?: ReadonlySet<string>): Map<string, SearchShard> {
  const shards = new Map<string, Building>();
  const shardNames = new Map<string, string>();
  let serial = 0;
  const prefix = shardPrefix(dataset.tables.reduce((sum, data) => sum + rowCount(data), 0));
  for (const { table } of dataset.tables) {
    const summary = summaries.get(table.name)!;
    const tableRows = rows.get(table.name)!;
    for (let row = 0; row < summary.ids.length; row++) {
      serial++;
      let label: string | undefined;
      for (const word of wordsOf(summary, row)) {
        let name = shardNames.get(word);
        if (name === undefined) shardNames.set(word, (name = shardOf(word, prefix)));
        if (wanted && !wanted.has(name)) continue;
        let shard = shards.get(name);
        if (!shard) shards.set(name, (shard = { refs: [], words: new Map(), counts: new Map(), lastRecord: 0, lastRef: -1 }));
        let list = shard.words.get(word);
        if (!list) shard.words.set(word, (list = []));
        if (list.length >= WORD_RECORDS) {
          shard.counts.set(word, (shard.counts.get(word) ?? WORD_RECORDS) + 1);
          continue;
        }
        if (shard.lastRecord !== serial) {
          shard.lastRef = shard.refs.push([table.name, summary.ids[row]!, (label ??= shortLabel(tableRows.label(row)))]) - 1;
          shard.lastRecord = serial;
        }
        list.push(shard.lastRef);
      }
    }
  }
  const done = new Map<string, SearchShard>();
  for (const [name, { refs, words, counts }] of shards) {
    done.set(name, { refs, tokens: Object.fromEntries(words), ...(counts.size ? { counts: Object.fromEntries(counts) } : {}) });
  }
  return done;
}
