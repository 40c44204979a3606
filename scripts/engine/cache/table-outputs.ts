/**
 * Output files made from one table alone (json/<table>.json, the table's CSV files), kept
 * per table under the digest of the table's source files. After an edit, the tables whose
 * files did not change give their outputs back as they were, and only the edited table's
 * are written out again: with large tables, writing every output is most of what a build
 * costs once parsing is cached. The emitters ask for them through `TableOutputs`
 * (emit/emitter.ts); an emitter that uses it vouches that the bytes depend on nothing but
 * that table's rows and schema (the schemas and the engine are in the cache's key).
 */
import type { TableOutputs } from "../emit/emitter.ts";
import type { CacheStore } from "./store.ts";

interface Stored {
  /** The digest of the table's source files the outputs were made from. */
  digest: string;
  outputs: Map<string, Buffer>;
}

export interface TableOutputCache extends TableOutputs {
  /** Writes the tables whose outputs this run made; the others' entries stay as they are. */
  save(): void;
  /** Outputs given back, and outputs made, in this run. */
  readonly counts: { hits: number; misses: number };
}

/** `digestOf(table)` is the digest of the table's source files in this run. */
export function tableOutputCache(store: CacheStore, digestOf: (table: string) => string): TableOutputCache {
  const tables = new Map<string, { stored?: Stored; made: Stored; changed: boolean }>();
  const counts = { hits: 0, misses: 0 };
  const entryName = (table: string) => `outputs.${encodeURIComponent(table)}`;
  const tableOf = (table: string) => {
    let entry = tables.get(table);
    if (!entry) {
      const digest = digestOf(table);
      const stored = store.read<Stored>(entryName(table));
      entry = { ...(stored?.digest === digest ? { stored } : {}), made: { digest, outputs: new Map() }, changed: stored?.digest !== digest };
      tables.set(table, entry);
    }
    return entry;
  };
  return {
    counts,
    bytes(table, path, make) {
      const entry = tableOf(table);
      let bytes = entry.stored?.outputs.get(path);
      if (bytes) counts.hits++;
      else {
        counts.misses++;
        bytes = make();
        entry.changed = true;
      }
      entry.made.outputs.set(path, bytes);
      return bytes;
    },
    save() {
      for (const [table, entry] of tables) {
        if (entry.changed) store.write(entryName(table), entry.made);
        entry.changed = false;
      }
    },
  };
}
