/**
 * The load stage's cache: what loading one source file gave (its parsed value and its
 * per-file problems, both plain data), kept per file path and used again while the file's
 * bytes have the same sha256. Parsing YAML is most of a large build's cost; every later
 * stage (the schema check, the rules, the model, the outputs) runs as without a cache, on
 * the same values, so the outputs are the same bytes.
 *
 * Entries are grouped by folder (one entry file per table), so that an edit rewrites the
 * group it belongs to and leaves the others alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../contract/diagnostics.ts";
import { loadYamlFile, type LoadOptions } from "../yaml-file.ts";
import { locatedOnDemand, type LoadedFile } from "./located.ts";
import { digestOf, type CacheStore } from "./store.ts";

interface Entry {
  sha256: string;
  data: unknown;
  problems: Diagnostic[];
}

interface Group {
  entries: Map<string, Entry>;
  /** The files loaded in this run: those not loaded again are gone, and leave the entry. */
  seen: Set<string>;
  changed: boolean;
}

export interface SourceFileCache {
  /** loadYamlFile's signature: the records stage calls this in its place. */
  load(file: string, bytes: Uint8Array, options?: LoadOptions): LoadedFile;
  /** Writes the groups this run changed. */
  save(): void;
  /** Files served from the cache, and files parsed, in this run. */
  readonly counts: { hits: number; misses: number };
  /**
   * sha256 over the path and digest of every file loaded from `sources/<folder>/` in this
   * run: what a table's rows are made from, so outputs made from the table alone can be
   * kept under it.
   */
  folderDigest(folder: string): string;
}

/** `sources/<table>/<file>` -> one entry file per table folder. */
function groupName(file: string): string {
  const folder = /^[^/]+\/([^/]+)\//.exec(file)?.[1];
  return folder === undefined ? "files" : folderGroup(folder);
}

function folderGroup(folder: string): string {
  return `files.${encodeURIComponent(folder)}`;
}

/** `root` is the project the files are read from, relative to which their paths are given. */
export function sourceFileCache(store: CacheStore, root: string): SourceFileCache {
  const groups = new Map<string, Group>();
  const counts = { hits: 0, misses: 0 };
  const groupOf = (name: string): Group => {
    let group = groups.get(name);
    if (!group) {
      const stored = store.read<Map<string, Entry>>(name);
      group = { entries: stored instanceof Map ? stored : new Map(), seen: new Set(), changed: false };
      groups.set(name, group);
    }
    return group;
  };
  return {
    counts,
    folderDigest(folder) {
      const group = groups.get(folderGroup(folder));
      const files = group ? [...group.seen].sort() : [];
      return digestOf(files.map((file) => `${file} ${group!.entries.get(file)?.sha256}`).join("\n"));
    },
    load(file, bytes, options) {
      const group = groupOf(groupName(file));
      const sha256 = digestOf(bytes);
      group.seen.add(file);
      const entry = group.entries.get(file);
      if (entry?.sha256 === sha256) {
        counts.hits++;
        // Read again if a position is ever needed: holding every file's bytes would cost memory in a large build.
        return { yaml: locatedOnDemand(file, entry.data, () => readFileSync(join(root, file))), problems: [...entry.problems] };
      }
      counts.misses++;
      const loaded = loadYamlFile(file, bytes, options);
      group.entries.set(file, { sha256, data: loaded.yaml.data, problems: loaded.problems });
      group.changed = true;
      return loaded;
    },
    save() {
      for (const [name, group] of groups) {
        const gone = [...group.entries.keys()].filter((file) => !group.seen.has(file));
        for (const file of gone) group.entries.delete(file);
        if (group.changed || gone.length > 0) store.write(name, group.entries);
        group.changed = false;
      }
    },
  };
}
