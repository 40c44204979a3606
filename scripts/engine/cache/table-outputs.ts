/**
 * Output files made from one table alone (json/<table>.json, the table's CSV files, its
 * typed data modules), known per table under the digest of the table's source files. After
 * an edit, the tables whose files did not change give their outputs back unread, as the
 * files already in dist/ (when dist-files.ts vouches that they are still the bytes written),
 * and only the edited table's are made again. The emitters ask for them through
 * `TableOutputs` (emit/emitter.ts); an emitter that uses it vouches that the bytes depend on
 * nothing but that table's rows and schema (the schemas and the engine are in the cache's key).
 */
import type { TableOutputs } from "../emit/emitter.ts";
import { keptFile, type DistFiles } from "./dist-files.ts";
import type { CacheStore } from "./store.ts";
import { sha256Hex } from "../../contract/sha256.ts";

interface Made {
  sha256: string;
  size: number;
}

interface Stored {
  /** The digest of the table's source files the outputs were made from. */
  digest: string;
  outputs: Map<string, Made>;
}

export interface TableOutputCache extends TableOutputs {
  /** Writes the tables whose outputs this run made; the others' entries stay as they are. */
  save(): void;
  /** Outputs given back, and outputs made, in this run. */
  readonly counts: { hits: number; misses: number };
}

/** `digestOf(table)` is the digest of the table's source files in this run, `fileDigests(table)` each file's. */
export function tableOutputCache(store: CacheStore, digestOf: (table: string) => string, dist: DistFiles, fileDigests: (table: string) => ReadonlyMap<string, string>): TableOutputCache {
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
    digest: digestOf,
    recordDigests: fileDigests,
    file(table, path, make) {
      const entry = tableOf(table);
      const known = entry.stored?.outputs.get(path);
      if (known && dist.unchanged(path, known.sha256, known.size)) {
        counts.hits++;
        entry.made.outputs.set(path, known);
        return keptFile(path, known.sha256, known.size, dist);
      }
      counts.misses++;
      const bytes = make();
      const made = { sha256: sha256Hex(bytes), size: bytes.length };
      entry.made.outputs.set(path, made);
      entry.changed = true;
      return { path, bytes, ...made };
    },
    previous(path) {
      const written = dist.written(path);
      if (!written || !dist.unchanged(path, written.sha256, written.size)) return undefined;
      let bytes: Buffer | undefined;
      return {
        sha256: written.sha256,
        get bytes() {
          return (bytes ??= dist.read(path));
        },
      };
    },
    save() {
      for (const [table, entry] of tables) {
        if (entry.changed) store.write(entryName(table), entry.made);
        entry.changed = false;
      }
    },
  };
}
