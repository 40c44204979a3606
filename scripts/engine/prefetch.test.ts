import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BY_MAIN, BY_WORKER, prefetchEarly, prefetchFor, startPrefetch } from "./prefetch.ts";
import { CACHE_NAME } from "./cache/store.ts";
import { readReleases } from "./prefetch-worker.ts";

const REPO = join(import.meta.dirname, "..", "..");

/** A worker script of its own: `body` runs with `parentPort`, `workerData` and `Atomics` at hand. */
function workerScript(body: string): URL {
  const path = join(mkdtempSync(join(tmpdir(), "cai-prefetch-")), "worker.mjs");
  writeFileSync(path, `import { parentPort, workerData } from "node:worker_threads";\nconst claims = new Int32Array(workerData.claims);\n${body}\n`);
  return pathToFileURL(path);
}

/** The same value as a worker script writes it (a Map does not pass through JSON). */
const HISTORY_SOURCE = `{ date: "2026-01-02", current: { version: "1.0.0", files: new Map([["data.json", Buffer.from("{}\\n")]]) } }`;
/** A worker that claims the releases job, says so (as a declarations message), then sends `history` for pkg@1.0.0. */
const claimingWorker = () =>
  workerScript(`Atomics.store(claims, 0, ${BY_WORKER});\nparentPort.postMessage({ declarations: [] });\nparentPort.postMessage({ releases: { name: "pkg", version: "1.0.0", read: { history: ${HISTORY_SOURCE} } } });`);

/** Started, and past its claim: the main thread asks only then. */
async function claimed() {
  const prefetch = startPrefetch(REPO, claimingWorker())!;
  await prefetch.declarations();
  return prefetch;
}

const history = { date: "2026-01-02", current: { version: "1.0.0", files: new Map([["data.json", Buffer.from("{}\n")]]) } };

describe("the releases read by the build's worker thread", () => {
  it("come back as the main thread's own read: each file's bytes a Buffer again", async () => {
    const read = await (await claimed()).releases({ name: "pkg", version: "1.0.0" });
    expect(read).toEqual({ history });
    const bytes = read && "history" in read ? read.history.current?.files.get("data.json") : undefined;
    expect(Buffer.isBuffer(bytes)).toBe(true);
  });

  it("are not used when read for another name or version than the main thread's package.json", async () => {
    expect(await (await claimed()).releases({ name: "pkg", version: "1.0.1" })).toBeUndefined();
    expect(await (await claimed()).releases({ name: "other", version: "1.0.0" })).toBeUndefined();
  });

  it("are read by the main thread when the worker has not begun: the job is claimed, so the worker skips it", async () => {
    // A slow worker: it looks at the claim only after a while, and reports what it finds.
    const script = workerScript(`setTimeout(() => parentPort.postMessage({ declarations: [["claim", String(Atomics.load(claims, 0))]] }), 300);`);
    const prefetch = startPrefetch(REPO, script)!;
    expect(await prefetch.releases({ name: "pkg", version: "1.0.0" })).toBeUndefined();
    expect((await prefetch.declarations()).get("claim")).toBe(String(BY_MAIN));
  });

  it("are read by the main thread when the worker fails after claiming them, or cannot start", async () => {
    const script = workerScript(`Atomics.store(claims, 0, ${BY_WORKER});\nparentPort.postMessage({ declarations: [] });\nsetTimeout(() => { throw new Error("broken"); }, 50);`);
    const failing = startPrefetch(REPO, script)!;
    await failing.declarations();
    expect(await failing.releases({ name: "pkg", version: "1.0.0" })).toBeUndefined();
    expect(await startPrefetch(REPO, new URL("file:///no/such/worker.js"))!.releases({ name: "pkg", version: "1.0.0" })).toBeUndefined();
  });
});

describe("the worker's releases job", () => {
  it("reads the releases for package.json's name and version, having claimed the job", async () => {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    const got = await readReleases(REPO, claims);
    expect(Atomics.load(claims, 0)).toBe(BY_WORKER);
    expect(got?.name).toBe("central-asia-integration");
    expect(got && "history" in got.read && got.read.history.current?.files.has("datapackage.json")).toBe(true);
  });

  it("skips a job the main thread claimed first", async () => {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(claims, 0, BY_MAIN);
    expect(await readReleases(REPO, claims)).toBeNull();
    expect(Atomics.load(claims, 0)).toBe(BY_MAIN);
  });
});

describe("the worker started before the build's modules load", () => {
  const idle = () => workerScript("");
  const project = () => mkdtempSync(join(tmpdir(), "cai-early-"));

  it("is the one the build of that folder takes, once; a build of another folder starts its own", () => {
    const root = project();
    prefetchEarly([], idle(), root);
    const early = prefetchFor(root, false, idle());
    expect(early?.root).toBe(root);
    expect(prefetchFor(root, false, new URL("file:///no/such/worker.js"))).not.toBe(early);
  });

  it("starts only for a build of the current folder that will find no build cache", () => {
    const root = project();
    mkdirSync(join(root, "node_modules", ".cache", CACHE_NAME), { recursive: true });
    for (const argv of [[], ["--root", root], ["--help"]]) {
      prefetchEarly(argv, idle(), root);
      // Nothing started early: with the cache holding the declarations the build starts none.
      expect(prefetchFor(root, true, idle())).toBeUndefined();
    }
    prefetchEarly(["--no-cache"], idle(), root);
    expect(prefetchFor(root, true, idle())?.root).toBe(root);
  });
});
