/**
 * Tables taken whole on a rebuild. After a build that found the project clean, each table
 * folder the build read leaves a snapshot: its files' names and stats, its records' ids and
 * the digest of its files. On the next build, a folder whose files all have those stats is
 * not read at all: its records had no problem then, and they have none now as long as
 * nothing they were checked against has changed either. That is the context: every table's
 * ids, the retired ids, the documents and the records naming them (engine/validate.ts works
 * it out). When the context differs from the last clean build's, every table is read again.
 *
 * A table taken whole gives its rows only when a later stage asks for them (model.ts), read
 * from its entry of the load cache (source-files.ts) without checking anything again.
 */
import { recordIds, stemOf } from "../records.ts";
import { TOMBSTONES_FILE } from "../tombstones.ts";
import type { CacheStore } from "./store.ts";
import type { FileStat } from "./stats-ahead.ts";

/** What the last clean build read from one table folder. */
export interface Snapshot {
  /** The folder's record files, `sources/<table>/<name>`, in the order they were listed. */
  files: string[];
  /** size, mtimeMs, ctimeMs and ino of each file, in the same order. */
  stats: Float64Array;
  /** The ids its records answer to (rules/rule.ts idsByTable), in file order. */
  ids: string[];
  /** The digest of its files (source-files.ts folderDigest). */
  digest: string;
  /** The parsed value of its list of retired ids, if it has one: the stages after loading need it whatever the records. */
  tombstones?: { file: string; data: unknown };
}

const FIELDS = 4;
const CONTEXT = "whole.context";

export interface WholeTables {
  /** The folder's snapshot when `files` are its files and each has the stat `stat` gives; nothing else is read. */
  take(folder: string, files: readonly string[], stat: (file: string) => FileStat | undefined): Snapshot | undefined;
  /** A snapshot of a folder read in this run, written only if the build turns out clean; undefined forgets the folder's. */
  offer(folder: string, snapshot: Snapshot | undefined): void;
  /** Notes this run's context, and says whether it is the last clean build's. */
  sameContext(digest: string): boolean;
  /** Called once the build has emitted its outputs: the run was clean. */
  save(): void;
}

/**
 * What the next build needs to take a folder whole, from what this build loaded of each of
 * its files (in listing order); undefined when a file's stat cannot vouch for it (it was
 * read too soon after a change).
 */
export function snapshotOf(files: readonly { file: string; stat?: FileStat | undefined; data: unknown }[], digest: string): Snapshot | undefined {
  const stats = new Float64Array(files.length * FIELDS);
  const ids: string[] = [];
  let tombstones: Snapshot["tombstones"];
  for (const [at, { file, stat, data }] of files.entries()) {
    if (!stat) return undefined;
    stats.set([stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino], at * FIELDS);
    if (file.endsWith(`/${TOMBSTONES_FILE}`)) tombstones = { file, data };
    else ids.push(...recordIds(stemOf(file), data));
  }
  return { files: files.map(({ file }) => file), stats, ids, digest, ...(tombstones ? { tombstones } : {}) };
}

export function wholeTables(store: CacheStore): WholeTables {
  const entryName = (folder: string) => `whole.${encodeURIComponent(folder)}`;
  const offered = new Map<string, Snapshot | null>();
  let context: string | undefined;
  return {
    take(folder, files, stat) {
      const snapshot = store.read<Snapshot | null>(entryName(folder));
      if (!snapshot || snapshot.files.length !== files.length || !(snapshot.stats instanceof Float64Array)) return undefined;
      for (let at = 0; at < files.length; at++) {
        if (files[at] !== snapshot.files[at]) return undefined;
      }
      for (let at = 0; at < files.length; at++) {
        const now = stat(files[at]!);
        const base = at * FIELDS;
        const { stats } = snapshot;
        if (!now || now.size !== stats[base] || now.mtimeMs !== stats[base + 1] || now.ctimeMs !== stats[base + 2] || now.ino !== stats[base + 3]) return undefined;
      }
      return snapshot;
    },
    offer(folder, snapshot) {
      offered.set(folder, snapshot ?? null);
    },
    sameContext(digest) {
      context = digest;
      return store.read<string>(CONTEXT) === digest;
    },
    save() {
      for (const [folder, snapshot] of offered) store.write(entryName(folder), snapshot);
      offered.clear();
      if (context !== undefined) store.write(CONTEXT, context);
    },
  };
}
