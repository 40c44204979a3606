/**
 * The site's record chunks and search shards on a rebuild (emit/site/chunks-and-shards.ts):
 * after each kind of edit, a build with the cache writes the same bytes as a build without
 * it, while making again only some of the chunk and shard files (the others are handed on
 * from dist/ unmade). A corpus of 2,100 records from the benchmark's
 * generator has tables of many chunks and a search index of many shards.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readTemplates, writeCorpus } from "../scripts/bench/corpus.ts";
import { build } from "./helpers/cached-build.ts";
import { REPO, tempDir, writeIn } from "./helpers/project.ts";

const RECORDS = 2_100;
// Files are seen as older than the stat-trust window, as they would be in real use.
const later = () => Date.now() + 60_000;

let root: string;
let folder: string;
beforeAll(() => {
  root = tempDir("cai-site-rebuild-");
  writeCorpus(REPO, readTemplates(REPO), root, RECORDS, 7);
  folder = tempDir();
});

/** The number of files in dist/site/data/<sub>/ ("records": chunks, "search": shards; both when not given). */
function parts(sub?: "records" | "search"): number {
  if (!sub) return parts("records") + parts("search");
  return readdirSync(join(root, "dist", "site", "data", sub), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

function recordFile(table: string, index: number): string {
  const files = readdirSync(join(root, "sources", table)).filter((name) => name !== "_tombstones.yaml").sort();
  return `sources/${table}/${files[index]}`;
}

const edit = (path: string, from: RegExp, to: (match: string) => string) => {
  const text = readFileSync(join(root, path), "utf8");
  expect(text).toMatch(from);
  writeIn(root, path, text.replace(from, to));
};

/** Rebuilds with the cache, checks the bytes against a build without it, and gives the share of chunk and shard files made again. */
async function rebuildAndCompare(): Promise<number> {
  const cached = await build(root, { folder, now: later });
  expect(cached.problems).toEqual([]);
  const fresh = await build(root);
  expect(fresh.problems).toEqual([]);
  expect(cached.files).toEqual(fresh.files);
  return 1 - cached.handedOn / parts();
}

describe("the site's chunks and shards after an edit", () => {
  it("are the bytes of a build without the cache after each kind of edit, with most files kept", async () => {
    const first = await build(root, { folder, now: later });
    expect(first.problems).toEqual([]);
    const shards = readdirSync(join(root, "dist", "site", "data", "search"));
    expect(shards.length).toBeGreaterThan(10);

    // A label that other records show (a topic's name), and a word of the search index.
    edit(recordFile("topics", 3), /^name: "(.*)"$/m, (line) => line.replace(/"$/, ' zeugma"'));
    expect(await rebuildAndCompare()).toBeLessThan(0.5);

    // A link moved: the old and the new target's backlinks change.
    const proposal = recordFile("proposals", 5);
    const topic = readFileSync(join(root, recordFile("topics", 0)), "utf8").match(/^id: "(.*)"$/m)![1]!;
    edit(proposal, /^topics:\n {2}- "(.*)"$/m, () => `topics:\n  - "${topic}"`);
    expect(await rebuildAndCompare()).toBeLessThan(0.5);

    // Free text only: the words of a record, not its label.
    edit(recordFile("proposals", 9), /^description: "(.*)"$/m, (line) => line.replace(/"$/, ' quixotic parley"'));
    expect(await rebuildAndCompare()).toBeLessThan(0.5);

    // A new record, then the same record removed again.
    const added = readFileSync(join(root, recordFile("topics", 1)), "utf8").replace(/^id: "(.*)"$/m, 'id: "zz-added-topic"');
    writeIn(root, "sources/topics/zz-added-topic.yaml", added);
    expect(await rebuildAndCompare()).toBeLessThan(0.5);
    rmSync(join(root, "sources/topics/zz-added-topic.yaml"));
    expect(await rebuildAndCompare()).toBeLessThan(0.5);

    // A retired id: every chunk is made again, and the bytes still agree.
    const retired = join(root, "sources/discrepancies/_tombstones.yaml");
    writeIn(root, "sources/discrepancies/_tombstones.yaml", readFileSync(retired, "utf8").replace(/reason: "(.*)"/, (line) => line.replace(/"$/, ' (restated)"')));
    expect(await rebuildAndCompare()).toBeGreaterThan(0.5);
  }, 240_000);

  it("makes a chunk again when dist/ no longer holds what the last build wrote", async () => {
    rmSync(join(root, "dist", "site", "data", "records"), { recursive: true });
    const cached = await build(root, { folder, now: later });
    expect(cached.problems).toEqual([]);
    expect(cached.files).toEqual((await build(root)).files);
    // The shards are still handed on; none of the chunks can be.
    expect(cached.handedOn).toBe(parts("search"));
  }, 120_000);
});
