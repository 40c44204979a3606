import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { memoKey, type TextMemo } from "./cache/text-memo.ts";
import { declarationMemo, prefetchedMemo } from "./declaration-prefetch.ts";
import { prefetchFor, startPrefetch } from "./prefetch.ts";

const made = (entries: [unknown, string][]) => () => Promise.resolve(new Map(entries.map(([input, text]) => [memoKey(input), text])));

describe("declarations made ahead by a worker thread", () => {
  it("answers from the worker's texts by what they were made from, and makes any other text here", async () => {
    const memo = prefetchedMemo(made([[["schema", "A"], "from the worker"]]), undefined);
    expect(await memo.get(["schema", "A"], () => Promise.resolve("made here"))).toBe("from the worker");
    expect(await memo.get(["schema", "B"], () => Promise.resolve("made here"))).toBe("made here");
  });

  it("asks the build cache's memo first, and the worker only for what the cache lacks", async () => {
    const asked: unknown[] = [];
    const base: TextMemo = { get: (input, make) => (asked.push(input), input === "cached" ? Promise.resolve("from the cache") : make()), save() {}, holdsAny: () => false };
    const memo = prefetchedMemo(made([["new", "from the worker"]]), base);
    expect(await memo.get("cached", () => Promise.resolve("made here"))).toBe("from the cache");
    expect(await memo.get("new", () => Promise.resolve("made here"))).toBe("from the worker");
    expect(asked).toEqual(["cached", "new"]);
  });

  it("keeps the process alive while a text is awaited from a worker that is still at work", () => {
    const dir = mkdtempSync(join(tmpdir(), "cai-prefetch-"));
    const worker = join(dir, "slow-worker.mjs");
    writeFileSync(worker, `import { parentPort } from "node:worker_threads";\nsetTimeout(() => parentPort.postMessage({ declarations: [[${JSON.stringify(memoKey("input"))}, "late"]] }), 500);\n`);
    const main = join(dir, "main.mts");
    const module = (name: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, name)).href);
    writeFileSync(
      main,
      `import { declarationMemo } from ${module("declaration-prefetch.ts")};\nimport { startPrefetch } from ${module("prefetch.ts")};\n` +
        `const memo = declarationMemo(startPrefetch(".", new URL(${JSON.stringify(pathToFileURL(worker).href)})), undefined);\nprocess.stdout.write(await memo!.get("input", async () => "made here"));\n`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", main], { encoding: "utf8" });
    expect(run.stderr + run.stdout).toBe("late");
    expect(run.status).toBe(0);
  });

  it("makes every text here when the worker fails", async () => {
    const memo = declarationMemo(startPrefetch(".", new URL("file:///no/such/worker.js")), undefined)!;
    expect(await memo.get("any", () => Promise.resolve("made here"))).toBe("made here");
  });

  it("starts no worker when the cache already holds the declarations, or the engine runs from its sources", () => {
    expect(prefetchFor(".", true, new URL("file:///no/such/worker.js"))).toBeUndefined();
    expect(prefetchFor(".", false)).toBeUndefined();
    const full: TextMemo = { get: (_input, make) => make(), save() {}, holdsAny: () => true };
    expect(declarationMemo(undefined, full)).toBe(full);
  });
});
