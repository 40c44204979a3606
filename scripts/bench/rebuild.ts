/**
 * The rebuild figure: `npm run build` after one source file of the corpus is edited, with
 * the build cache warm, against two cold builds of the same edited corpus, each a child
 * process, in the same run: `npm run build -- --no-cache` (which neither reads nor writes
 * the cache) and `npm run build` with the cache emptied (a first build, which writes it).
 * The dist/ trees are compared file by file (sha256 of every file): the cached rebuild and
 * the first build must give the bytes of the build without the cache.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { RECORD_EXTENSIONS, SOURCES_FOLDER } from "../engine/records.ts";
import { TOMBSTONES_FILE } from "../engine/tombstones.ts";
import { cacheEmptier, NPM, runChild, type ChildRow } from "./children.ts";

export interface RebuildFigures {
  rows: ChildRow[];
  /** The edited file, relative to the corpus. */
  edited: string;
  /** Files that differ between the rebuild (or the first build) and the build without the cache of the same sources, over all runs. */
  differing: string[];
}

/** The first record of the largest table: the edit a curator makes, in the table that costs most to rebuild. */
function fileToEdit(corpus: string): string {
  const sources = join(corpus, SOURCES_FOLDER);
  const isRecord = (name: string) => name !== TOMBSTONES_FILE && RECORD_EXTENSIONS.some((extension) => name.endsWith(extension));
  const tables = readdirSync(sources).map((table) => ({ table, files: readdirSync(join(sources, table)).filter(isRecord).sort() }));
  const largest = tables.reduce((a, b) => (b.files.length > a.files.length ? b : a));
  return join(sources, largest.table, largest.files[0]!);
}

/**
 * Changes the value of the first quoted text property other than the id (the generator
 * writes every string quoted), so that the edit reaches the outputs; a file without one
 * gets a comment line.
 */
function edit(path: string, run: number): void {
  const text = readFileSync(path, "utf8");
  const line = /^(?!id:)([a-z_]+): "(.*)"$/m;
  const edited = line.test(text) ? text.replace(line, (_, key: string, value: string) => `${key}: "${value} (edit ${run + 1})"`) : `${text}# edit ${run + 1}\n`;
  writeFileSync(path, edited);
}

function digests(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(folder, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
  }
  return out;
}

function differences(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path)).sort();
}

/**
 * Each run: edit one file, rebuild with the cache, then build the same sources with
 * --no-cache, then with the cache emptied, and compare. The last leaves the corpus's dist/
 * and cache in step for the next run (the no-cache build writes dist/ anew).
 */
export function measureRebuild(repo: string, corpus: string, runs: number): RebuildFigures {
  const emptyCache = cacheEmptier(corpus);
  const path = fileToEdit(corpus);
  const rebuild: ChildRow = { stage: "npm run build after a one-file edit (cache warm)", samples: [] };
  const cold: ChildRow = { stage: "npm run build -- --no-cache, the same edited corpus", samples: [] };
  const first: ChildRow = { stage: "npm run build, cache emptied, the same edited corpus (writes the cache)", samples: [] };
  const differing = new Set<string>();
  const build = (...extra: string[]) => runChild([NPM, "run", "build", "--", "--root", corpus, ...extra], repo).sample;
  // A cached build first, so that the cache and dist/ are those of the corpus as it stands.
  build();
  for (let run = 0; run < runs; run++) {
    edit(path, run);
    rebuild.samples.push(build());
    const rebuilt = digests(join(corpus, "dist"));
    cold.samples.push(build("--no-cache"));
    const uncached = digests(join(corpus, "dist"));
    for (const file of differences(rebuilt, uncached)) differing.add(file);
    emptyCache();
    first.samples.push(build());
    for (const file of differences(digests(join(corpus, "dist")), uncached)) differing.add(file);
  }
  return { rows: [rebuild, cold, first], edited: relative(corpus, path), differing: [...differing].sort() };
}
