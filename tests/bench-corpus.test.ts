/**
 * The benchmark's synthetic corpus (scripts/bench/corpus.ts): the same bytes for the same
 * size and seed, the size asked for in the curated proportions, and data the engine
 * builds without a single problem, references and retired ids included.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { benchCorpus } from "../scripts/bench/corpus-command.ts";
import { planCounts } from "../scripts/bench/corpus-plan.ts";
import { readTemplates, writeCorpus, type Templates } from "../scripts/bench/corpus.ts";
import { recordCount, runPipeline } from "../scripts/engine/pipeline.ts";
import { REPO, run, snapshot, tempDir } from "./helpers/project.ts";

let templates: Templates;
beforeAll(() => {
  templates = readTemplates(REPO);
});

function corpus(records: number, seed: number): string {
  const root = tempDir("cai-corpus-test-");
  writeCorpus(REPO, templates, root, records, seed);
  return root;
}

/** One hash over every path and its bytes: equal trees, equal hashes. */
function treeHash(root: string): string {
  const hash = createHash("sha256");
  for (const [path, bytes] of [...snapshot(root)].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${bytes}\0`);
  return hash.digest("hex");
}

function recordFiles(root: string): Map<string, string[]> {
  const sources = join(root, "sources");
  return new Map(readdirSync(sources).map((table) => [table, readdirSync(join(sources, table)).filter((name) => name !== "_tombstones.yaml")]));
}

describe("the benchmark corpus", () => {
  it("is the same bytes for the same size and seed, and different bytes for another seed", () => {
    const first = treeHash(corpus(60, 5));
    expect(treeHash(corpus(60, 5))).toBe(first);
    expect(treeHash(corpus(60, 6))).not.toBe(first);
  });

  describe("of 300 records", () => {
    let root: string;
    beforeAll(() => {
      root = corpus(300, 1);
    });

    it("holds exactly 300 record files, each table within one record of its curated share", () => {
      const files = recordFiles(root);
      const real = new Map([...templates.records].map(([table, records]) => [table, records.length]));
      const curated = [...real.values()].reduce((a, b) => a + b, 0);
      expect([...files.values()].reduce((sum, names) => sum + names.length, 0)).toBe(300);
      expect([...files.keys()].sort()).toEqual([...real.keys()].sort());
      for (const [table, names] of files) {
        expect(Math.abs(names.length - (300 * real.get(table)!) / curated), table).toBeLessThan(1);
      }
    });

    it("copies the schemas and keeps package.json without a documents folder", () => {
      expect(snapshot(join(root, "schemas"))).toEqual(snapshot(join(REPO, "schemas")));
      const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
      const own = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as Record<string, unknown>;
      expect(pkg.evidence).toBeUndefined();
      expect(pkg.datapackage).toEqual(own.datapackage);
      expect(pkg.version).toBe(own.version);
    });

    it("builds through the engine with no problem: ids, references, evidence and retired ids all hold", async () => {
      const { problems, dataset, files } = await runPipeline(root, { emit: true });
      expect(problems).toEqual([]);
      expect(recordCount(dataset!)).toBe(300);
      expect(dataset!.tombstones.length).toBeGreaterThan(0);
      expect(files.some((file) => file.path === "data.json")).toBe(true);
      const curatedIds = new Set([...templates.records.values()].flat().map((record) => record.stem));
      // Where every curated record of a table quotes its sources, so does every generated one.
      const alwaysQuoted = new Set([...templates.records].filter(([, records]) => records.every((record) => Array.isArray(record.data.evidence))).map(([table]) => table));
      expect(alwaysQuoted.size).toBeGreaterThan(10);
      for (const { table, rows } of dataset!.tables) {
        for (const row of rows) {
          const where = `${table.name}/${String(row.id)}`;
          expect(curatedIds.has(String(row.id)), `${where} repeats a curated id`).toBe(false);
          const evidence = (row.evidence ?? []) as { source?: string; quote?: string }[];
          if (alwaysQuoted.has(table.name)) expect(evidence.length, where).toBeGreaterThan(0);
          for (const item of evidence) expect(item.source && item.quote, where).toBeTruthy();
        }
      }
    }, 30_000);
  });

  it("plans counts that add up to the size asked for, with a record in every table", () => {
    const real = new Map([["a", 1], ["b", 2], ["c", 97]]);
    for (const total of [3, 4, 10, 101, 1000]) {
      const counts = planCounts(real, total);
      expect([...counts.values()].reduce((a, b) => a + b, 0), String(total)).toBe(total);
      expect(Math.min(...counts.values()), String(total)).toBeGreaterThanOrEqual(1);
    }
    expect(() => planCounts(real, 2)).toThrow(/at least 3 records/);
  });
});

describe("npm run bench:corpus", () => {
  it("writes the corpus into the folder given and prints its path last", async () => {
    const out = join(tempDir("cai-corpus-cli-"), "corpus");
    const result = await run(benchCorpus, ["--records", "20", "--seed", "3", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n").at(-1)).toBe(out);
    expect([...recordFiles(out).values()].flat()).toHaveLength(20);
  });

  it.each([
    ["a folder inside the repository", ["--records", "20", "--out", join(REPO, "bench-corpus-here")], /inside the repository/],
    ["fewer records than tables", ["--records", "3"], /at least \d+, one record for each table/],
    ["no --records", [], /--records is required/],
    ["a seed that is not a whole number", ["--records", "20", "--seed", "x"], /--seed must be a whole number/],
  ])("refuses %s with exit status 2 and writes nothing", async (_, argv, message) => {
    const result = await run(benchCorpus, argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(REPO, "bench-corpus-here"))).toBe(false);
  });

  it("refuses a folder that is not empty", async () => {
    const out = tempDir("cai-corpus-cli-");
    await run(benchCorpus, ["--records", "20", "--out", out]);
    const again = await run(benchCorpus, ["--records", "20", "--out", out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
  });
});
