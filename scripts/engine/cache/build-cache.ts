/**
 * The build cache as the pipeline sees it: loaders that stand in for the schema and
 * per-file load stages (validate.ts takes them), the published releases, and what the
 * emitters made before (the TypeScript declarations, each table's own output files).
 * docs/pipeline.md ("Start-up and the build cache") says what is kept, where, and what
 * clears it.
 */
import { join } from "node:path";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { Loaders } from "../validate.ts";
import { engineDigest } from "./engine.ts";
import { cachedReleaseHistory } from "./release-history.ts";
import { cachedSchemaSet, schemasDigest } from "./schema-set.ts";
import { sourceFileCache } from "./source-files.ts";
import { cacheFolder, openStore, type CacheStore } from "./store.ts";
import { tableOutputCache, type TableOutputCache } from "./table-outputs.ts";
import { textMemo, valueMemo, type TextMemo, type ValueMemo } from "./text-memo.ts";
import { distFiles, type DistFiles } from "./dist-files.ts";
import { emitterStates, type EmitterStates } from "./emitter-state.ts";
import { wholeTables } from "./whole-tables.ts";

export interface BuildCache {
  readonly store: CacheStore;
  readonly loaders: Loaders;
  readonly declarations: TextMemo;
  readonly tableOutputs: TableOutputCache;
  /** Values the emitters worked out before (a table's record diff). */
  readonly memo: ValueMemo;
  /** What emitters noted about their files at the last build. */
  readonly emitterState: EmitterStates;
  /** What the last build wrote to dist/, for the write stage to link what is unchanged. */
  readonly dist: DistFiles;
  releaseHistory: (root: string, meta: ProjectMeta, read: Parameters<typeof cachedReleaseHistory>[3]) => ReturnType<typeof cachedReleaseHistory>;
  /** Files of sources/ served from the cache (of them, not even read), and parsed, so far. */
  readonly counts: { hits: number; unread: number; misses: number };
  /** Writes what loading added (the files, the schema set is written when made). */
  save(): void;
  /** Writes what emitting added (declarations, table outputs), and what lets the next build take tables whole: the build was clean. */
  saveOutputs(): void;
}

/**
 * The cache of `root`'s build, or undefined when there is none to use: the engine runs
 * from its sources (no digest), or the project has no node_modules/. `engine`, `folder` and
 * `now` are for tests, which run the sources, keep their caches apart and move the clock on.
 */
export function openBuildCache(root: string, { engine = engineDigest(), folder = cacheFolder(root), now }: { engine?: string; folder?: string; now?: () => number } = {}): BuildCache | undefined {
  if (!engine || !folder) return undefined;
  const store = openStore(folder, [engine, process.version, schemasDigest(root)]);
  if (!store) return undefined;
  const whole = wholeTables(store);
  const files = sourceFileCache(store, root, now, whole);
  const declarations = textMemo(store, "declarations");
  const dist = distFiles(store, join(root, "dist"));
  const tableOutputs = tableOutputCache(store, (table) => files.folderDigest(table), dist, (table) => files.fileDigests(table));
  const memo = valueMemo(store, "memo");
  const emitterState = emitterStates(store, dist);
  return {
    store,
    loaders: { loadSchemas: (at) => cachedSchemaSet(at, store), loadFile: files.load, kept: files },
    declarations,
    tableOutputs,
    memo,
    emitterState,
    dist,
    releaseHistory: (at, meta, read) => cachedReleaseHistory(at, meta, store, read),
    counts: files.counts,
    save: () => files.save(),
    saveOutputs() {
      whole.save();
      declarations.save();
      tableOutputs.save();
      memo.save();
      emitterState.save();
    },
  };
}
