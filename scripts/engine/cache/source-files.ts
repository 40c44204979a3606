/**
 * The load stage's cache: what loading one source file gave (its parsed value and its
 * per-file problems, both plain data) and what checking it alone gave (its schema result,
 * annotations and the problems of the rules that look at one record), kept per file path.
 * Every later stage (the rules across records, the model, the outputs) runs as without a
 * cache, on the same values, so the outputs are the same bytes.
 *
 * A file is known unchanged in one of two ways. Its stat (size, mtime, ctime, inode) is the
 * one recorded when it was last read, as git's index does: nothing is read at all. Or its
 * bytes have the recorded sha256: it is read, but not parsed. A stat is recorded only when
 * the file's times are a safe margin older than the moment it was read, so an edit made in
 * the same tick as a build (which a coarse clock would not tell apart) is read again next time.
 *
 * Entries are grouped by folder (one entry file per table), so that an edit rewrites the
 * group it belongs to and leaves the others alone.
 */
import { readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../contract/diagnostics.ts";
import type { Annotation } from "../../contract/keywords.ts";
import { loadYamlFile, type LoadOptions } from "../yaml-file.ts";
import { locatedOnDemand, type Checked, type LoadedFile } from "./located.ts";
import type { CacheStore } from "./store.ts";
import { fileStat, statsAhead, STATS_AHEAD_FILES, type FileStat, type StatsAhead } from "./stats-ahead.ts";
import { sha256Hex } from "../../contract/sha256.ts";
import { stemOf, type WholeFolder } from "../records.ts";
import { snapshotOf, wholeTables, type Snapshot, type WholeTables } from "./whole-tables.ts";

/** Younger than this (ms) when read, a file's stat is not trusted on the next run. */
const RACY_MS = 2_000;

interface Entry {
  sha256: string;
  stat?: FileStat;
  data: unknown;
  problems: Diagnostic[];
  /** As checked in this run, or as kept (annotations flattened: see flatAnnotations). */
  checked?: Checked | KeptChecked;
}

interface KeptChecked extends Omit<Checked, "annotations"> {
  flat: unknown[];
}

/**
 * Annotations as one flat array (keyword, argument, value, path length, path…) rather than
 * an object each: reading a table's entry back costs a fraction of the time, and each
 * annotation's parent is found again by following its path into the record's value.
 */
function flatAnnotations(annotations: readonly Annotation[]): unknown[] {
  const flat: unknown[] = [];
  for (const { keyword, argument, value, path } of annotations) flat.push(keyword, argument, value, path.length, ...path);
  return flat;
}

function annotationsOf(flat: readonly unknown[], data: unknown): Annotation[] {
  const annotations: Annotation[] = [];
  for (let at = 0; at < flat.length; ) {
    const [keyword, argument, value, length] = [flat[at], flat[at + 1], flat[at + 2], flat[at + 3] as number];
    const path = flat.slice(at + 4, at + 4 + length) as string[];
    at += 4 + length;
    let parent: unknown = undefined;
    if (path.length > 0) {
      parent = data;
      for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown>)[key];
    }
    annotations.push({ keyword: keyword as Annotation["keyword"], argument, value, path, parent });
  }
  return annotations;
}

function keptChecked(checked: Checked | KeptChecked): KeptChecked {
  if ("flat" in checked) return checked;
  const { annotations, ...rest } = checked;
  return { ...rest, flat: flatAnnotations(annotations) };
}

/** The checks as the records stage uses them; a kept entry's annotations are made again, once. */
function liveChecked(entry: Entry): Checked | undefined {
  const checked = entry.checked;
  if (!checked || !("flat" in checked)) return checked;
  const { flat, ...rest } = checked;
  const live: Checked = { ...rest, annotations: annotationsOf(flat, entry.data) };
  entry.checked = live;
  return live;
}

interface Group {
  entries: Map<string, Entry>;
  /** The files loaded in this run: those not loaded again are gone, and leave the entry. */
  seen: Set<string>;
  changed: boolean;
}

export interface SourceFileCache {
  /** loadYamlFile's signature, with the file's stat when the caller has it: the records stage calls this in its place. */
  load(file: string, bytes: Uint8Array, options?: LoadOptions & { stats?: Stats }): LoadedFile;
  /** The file as last loaded, when its stat says it is unchanged; nothing is read. */
  unchanged(file: string): LoadedFile | undefined;
  /** The files the records stage is about to ask `unchanged` for, in that order: their stats may be taken ahead. */
  lookAhead(files: readonly string[]): void;
  /** Keeps what checking the file alone gave, for the next run. */
  checked(file: string, checked: Checked): void;
  /** Writes the groups this run changed. */
  save(): void;
  /** Files served from the cache (by stat or by sha256), of them those not even read (by stat), and files parsed, in this run. */
  readonly counts: { hits: number; unread: number; misses: number };
  /**
   * sha256 over the path and digest of every file loaded from `sources/<folder>/` in this
   * run: what a table's rows are made from, so outputs made from the table alone can be
   * kept under it.
   */
  folderDigest(folder: string): string;
  /** The sha256 of each file loaded from `sources/<folder>/` in this run, by file name without its extension (a record's id). */
  fileDigests(folder: string): ReadonlyMap<string, string>;
  /** The ids of the records of `sources/<folder>/`, when `files` are the folder's files as the last clean build read them (whole-tables.ts): none is read. */
  whole(folder: string, files: readonly string[]): WholeFolder | undefined;
  /** The files of a folder taken whole, as last loaded, in their order. */
  wholeFiles(folder: string): { file: string; loaded: LoadedFile }[];
  /** Notes what this run's records are checked against (whole-tables.ts); false when it is not what the last clean build's were. */
  sameContext(digest: string): boolean;
}

/** `sources/<table>/<file>` -> one entry file per table folder. */
function groupName(file: string): string {
  const folder = /^[^/]+\/([^/]+)\//.exec(file)?.[1];
  return folder === undefined ? "files" : folderGroup(folder);
}

function folderGroup(folder: string): string {
  return `files.${encodeURIComponent(folder)}`;
}

/** The table folder a group holds; undefined for files outside one. */
function groupFolder(name: string): string | undefined {
  return name.startsWith("files.") ? decodeURIComponent(name.slice("files.".length)) : undefined;
}

function signature(stats: Stats | undefined, readAt: number): FileStat | undefined {
  if (!stats?.isFile() || readAt - Math.max(stats.mtimeMs, stats.ctimeMs) < RACY_MS) return undefined;
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** Annotations point into the record's value; a copy of the entry would break that, so the value is given as stored. */
function fromEntry(file: string, entry: Entry, root: string): LoadedFile {
  // Read again if a position is ever needed: holding every file's bytes would cost memory in a large build.
  const yaml = locatedOnDemand(file, entry.data, () => readFileSync(join(root, file)));
  const checked = liveChecked(entry);
  return { yaml, problems: [...entry.problems], ...(checked ? { checked } : {}) };
}

/**
 * `root` is the project the files are read from, relative to which their paths are given;
 * `now` is the clock a file's age is judged by (tests move it on rather than wait);
 * `tables` keeps the snapshots that let a later build take a folder whole.
 */
export function sourceFileCache(store: CacheStore, root: string, now: () => number = Date.now, tables: WholeTables = wholeTables(store)): SourceFileCache {
  const groups = new Map<string, Group>();
  /** Each folder's digest, once its group is saved and let go. */
  const digests = new Map<string, string>();
  /** Each folder's files' digests by stem, once its group is saved and let go. */
  const stems = new Map<string, Map<string, string>>();
  const counts = { hits: 0, unread: 0, misses: 0 };
  /** The folders taken whole in this run. */
  const taken = new Map<string, Snapshot>();
  let ahead: StatsAhead | undefined;
  const statOf = (file: string): FileStat | undefined => {
    const known = ahead ? ahead.stat(file) : "unknown";
    return known === "unknown" ? fileStat(join(root, file)) : known;
  };
  /** A folder's entries read for this once, not kept: the load stage is over. */
  const storedGroup = (folder: string): Group => {
    const stored = store.read<Map<string, Entry>>(folderGroup(folder));
    const entries = stored instanceof Map ? stored : new Map<string, Entry>();
    return { entries, seen: new Set(taken.get(folder)?.files ?? entries.keys()), changed: false };
  };
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
    folderDigest: (folder) => digests.get(folderGroup(folder)) ?? groupDigest(groups.get(folderGroup(folder))),
    fileDigests: (folder) => stems.get(folderGroup(folder)) ?? stemDigests(groups.get(folderGroup(folder)) ?? (taken.has(folder) ? storedGroup(folder) : undefined)),
    whole(folder, files) {
      const snapshot = tables.take(folder, files, statOf);
      if (!snapshot) return undefined;
      taken.set(folder, snapshot);
      counts.hits += files.length;
      counts.unread += files.length;
      digests.set(folderGroup(folder), snapshot.digest);
      const { tombstones } = snapshot;
      if (!tombstones) return { ids: snapshot.ids };
      return { ids: snapshot.ids, tombstones: { yaml: locatedOnDemand(tombstones.file, tombstones.data, () => readFileSync(join(root, tombstones.file))), problems: [] } };
    },
    sameContext: (digest) => tables.sameContext(digest),
    wholeFiles(folder) {
      const group = storedGroup(folder);
      return [...group.seen].map((file) => {
        const entry = group.entries.get(file);
        // An entry gone from the cache since the folder was taken: the file is read and parsed again.
        if (!entry) return { file, loaded: loadYamlFile(file, readFileSync(join(root, file))) };
        return { file, loaded: fromEntry(file, entry, root) };
      });
    },
    lookAhead(files) {
      // Only a rebuild asks for stats (a first build reads every file, and takes its stat then).
      if (files.length >= STATS_AHEAD_FILES && store.has(groupName(files[0]!))) ahead = statsAhead(root, files);
    },
    unchanged(file) {
      const group = groupOf(groupName(file));
      const entry = group.entries.get(file);
      if (!entry?.stat) return undefined;
      const stats = statOf(file);
      if (!stats || !sameStat(stats, entry.stat)) return undefined;
      counts.hits++;
      counts.unread++;
      group.seen.add(file);
      return fromEntry(file, entry, root);
    },
    load(file, bytes, options = {}) {
      const group = groupOf(groupName(file));
      const sha256 = sha256Hex(bytes);
      const stat = signature(options.stats, now());
      group.seen.add(file);
      const entry = group.entries.get(file);
      if (entry?.sha256 === sha256) {
        counts.hits++;
        if (stat && (!entry.stat || !sameStat(entry.stat, stat))) {
          entry.stat = stat;
          group.changed = true;
        }
        return fromEntry(file, entry, root);
      }
      counts.misses++;
      const loaded = loadYamlFile(file, bytes, options);
      group.entries.set(file, { sha256, ...(stat ? { stat } : {}), data: loaded.yaml.data, problems: loaded.problems });
      group.changed = true;
      return loaded;
    },
    checked(file, checked) {
      const group = groupOf(groupName(file));
      const entry = group.entries.get(file);
      if (!entry) return;
      entry.checked = checked;
      group.changed = true;
    },
    save() {
      for (const [name, group] of groups) {
        const folder = groupFolder(name);
        // A folder taken whole was not read: its entry stays as it is.
        if (folder !== undefined && taken.has(folder)) continue;
        const gone = [...group.entries.keys()].filter((file) => !group.seen.has(file));
        for (const file of gone) group.entries.delete(file);
        if (group.changed || gone.length > 0) {
          const kept = new Map([...group.entries].map(([file, entry]) => [file, entry.checked ? { ...entry, checked: keptChecked(entry.checked) } : entry]));
          store.write(name, kept);
        }
        digests.set(name, groupDigest(group));
        stems.set(name, stemDigests(group));
        if (folder !== undefined) tables.offer(folder, snapshotOf([...group.seen].map((file) => ({ file, ...group.entries.get(file)! })), digests.get(name)!));
      }
      // The stages after loading need none of it: a large build's entries would stay in memory to the end.
      groups.clear();
    },
  };
}

function stemDigests(group: Group | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of group?.seen ?? []) {
    const sha256 = group!.entries.get(file)?.sha256;
    if (sha256 !== undefined) out.set(stemOf(file), sha256);
  }
  return out;
}

function groupDigest(group: Group | undefined): string {
  const files = group ? [...group.seen].sort() : [];
  return sha256Hex(files.map((file) => `${file} ${group!.entries.get(file)?.sha256}`).join("\n"));
}
