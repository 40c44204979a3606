/**
 * The search index, sharded by the first characters of each word (layout.ts shardOf), so
 * that a query loads the shards of its own words only. Indexed: every free-text string of a
 * record (names, alternative names, titles, summaries, quotations, evidence quotes), not
 * ids, references, enumerated codes or patterned values such as dates and hashes.
 */
import type { Shape } from "../../../contract/shapes.ts";
import type { Dataset } from "../../model.ts";
import { shardOf, tokens, type SearchShard } from "./layout.ts";
import { labelOf, valuesAt } from "./tables.ts";

export function searchShards(dataset: Dataset): Map<string, SearchShard> {
  const shards = new Map<string, { shard: SearchShard; refIndex: Map<string, number> }>();
  for (const { table, rows } of dataset.tables) {
    const paths = textPaths(table.shape, "");
    for (const row of rows) {
      const id = String(row.id);
      const words = new Set<string>();
      for (const path of paths) for (const text of valuesAt(row, path)) if (typeof text === "string") for (const word of tokens(text)) words.add(word);
      for (const word of words) {
        const name = shardOf(word);
        let entry = shards.get(name);
        if (!entry) shards.set(name, (entry = { shard: { refs: [], tokens: {} }, refIndex: new Map() }));
        const key = `${table.name}/${id}`;
        let index = entry.refIndex.get(key);
        if (index === undefined) {
          index = entry.shard.refs.push([table.name, id, labelOf(row)]) - 1;
          entry.refIndex.set(key, index);
        }
        (entry.shard.tokens[word] ??= []).push(index);
      }
    }
  }
  return new Map([...shards].map(([name, { shard }]) => [name, shard]));
}

/** Dotted paths of the free-text strings of a shape (list items share their list's path). */
function textPaths(shape: Shape, path: string): string[] {
  if (shape.kind === "list") return textPaths(shape.items, path);
  if (shape.kind === "object") return shape.properties.flatMap((p) => (p.name === "id" ? [] : textPaths(p.shape, path ? `${path}.${p.name}` : p.name)));
  const free = shape.type === "string" && !shape.references && !shape.schema.enum && !shape.schema.pattern && !shape.schema.format;
  return free ? [path] : [];
}
