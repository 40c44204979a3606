/**
 * The search index, sharded by the first characters of each word (layout.ts shardOf), so
 * that a query loads the shards of its own words only. Indexed: every free-text string of a
 * record (names, alternative names, titles, summaries, quotations, evidence quotes), not
 * ids, references, enumerated codes or patterned values such as dates and hashes.
 */
import type { Shape } from "../../../contract/shapes.ts";
import type { Dataset } from "../../model.ts";
import { shardOf, shardPrefix, shortLabel, tokens, WORD_RECORDS, type SearchShard } from "./layout.ts";
import { labelOf, pathReader } from "./tables.ts";

interface Building {
  refs: SearchShard["refs"];
  words: Map<string, number[]>;
  counts: Map<string, number>;
  /** The record whose ref was pushed last, and its index: a record's words arrive together. */
  lastRecord: number;
  lastRef: number;
}

export function searchShards(dataset: Dataset): Map<string, SearchShard> {
  const shards = new Map<string, Building>();
  const shardNames = new Map<string, string>();
  let serial = 0;
  const prefix = shardPrefix(dataset.tables.reduce((sum, { rows }) => sum + rows.length, 0));
  for (const { table, rows } of dataset.tables) {
    const readers = textPaths(table.shape, "").map(pathReader);
    const texts: unknown[] = [];
    for (const row of rows) {
      serial++;
      const words = new Set<string>();
      let label: string | undefined;
      texts.length = 0;
      for (const read of readers) read(row, texts);
      for (const text of texts) if (typeof text === "string") for (const word of tokens(text)) words.add(word);
      for (const word of words) {
        let name = shardNames.get(word);
        if (name === undefined) shardNames.set(word, (name = shardOf(word, prefix)));
        let shard = shards.get(name);
        if (!shard) shards.set(name, (shard = { refs: [], words: new Map(), counts: new Map(), lastRecord: 0, lastRef: -1 }));
        let list = shard.words.get(word);
        if (!list) shard.words.set(word, (list = []));
        if (list.length >= WORD_RECORDS) {
          shard.counts.set(word, (shard.counts.get(word) ?? WORD_RECORDS) + 1);
          continue;
        }
        if (shard.lastRecord !== serial) {
          shard.lastRef = shard.refs.push([table.name, String(row.id), (label ??= shortLabel(labelOf(row)))]) - 1;
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

/** Dotted paths of the free-text strings of a shape (list items share their list's path). */
function textPaths(shape: Shape, path: string): string[] {
  if (shape.kind === "list") return textPaths(shape.items, path);
  if (shape.kind === "object") return shape.properties.flatMap((p) => (p.name === "id" ? [] : textPaths(p.shape, path ? `${path}.${p.name}` : p.name)));
  const free = shape.type === "string" && !shape.references && !shape.schema.enum && !shape.schema.pattern && !shape.schema.format;
  return free ? [path] : [];
}
