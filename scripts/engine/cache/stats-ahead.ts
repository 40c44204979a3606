/**
 * The stat of every source file, taken by a worker thread ahead of the records stage. A
 * rebuild of a large project knows unchanged files by their stat alone (source-files.ts),
 * and at 100,000 files the lstat calls are a large part of its time; the worker makes them
 * on the other core while the main thread reads the cache and checks the records in the
 * same order. The results go through shared memory, so the main thread takes each one
 * synchronously, waiting only when it has caught up with the worker; if the worker fails or
 * stalls, the main thread makes the calls itself.
 */
import { Worker } from "node:worker_threads";

/** Below this many files, starting a thread costs more than the calls it saves. */
export const STATS_AHEAD_FILES = 2_000;
/** The longest wait for the worker's next result before the main thread stats files itself. */
const STALL_MS = 2_000;
const FIELDS = 4;

/** A file's stat as the cache compares it; undefined when the path is not a file (or is gone). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface StatsAhead {
  /** The stat of `file` (as given to statsAhead), or "unknown" when it is not one of the files, or the worker failed. */
  stat(file: string): FileStat | undefined | "unknown";
}

// CommonJS, evaluated: the same code runs whether the engine is compiled or run from its sources.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { lstatSync } = require("node:fs");
const { root, files, values, done } = workerData;
for (let i = 0; i < files.length; i++) {
  let stats;
  try { stats = lstatSync(root + "/" + files[i]); } catch { stats = undefined; }
  if (stats && stats.isFile()) {
    values[i * ${FIELDS}] = stats.size; values[i * ${FIELDS} + 1] = stats.mtimeMs; values[i * ${FIELDS} + 2] = stats.ctimeMs; values[i * ${FIELDS} + 3] = stats.ino;
  } else values[i * ${FIELDS}] = -1;
  if ((i & 63) === 63 || i === files.length - 1) { Atomics.store(done, 0, i + 1); Atomics.notify(done, 0); }
}
`;

/** Starts the worker over `files` (paths relative to `root`, with "/"); undefined when it cannot start. */
export function statsAhead(root: string, files: readonly string[]): StatsAhead | undefined {
  const values = new Float64Array(new SharedArrayBuffer(files.length * FIELDS * Float64Array.BYTES_PER_ELEMENT));
  const done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let worker: Worker;
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { root, files, values, done } });
  } catch {
    return undefined;
  }
  worker.unref();
  // A failed worker is noticed by its stall: nothing to report, the main thread takes over.
  worker.on("error", () => {});
  const index = new Map<string, number>();
  files.forEach((file, at) => index.set(file, at));
  let failed = false;
  return {
    stat(file) {
      const at = index.get(file);
      if (at === undefined || failed) return "unknown";
      let ready = Atomics.load(done, 0);
      while (ready <= at) {
        if (Atomics.wait(done, 0, ready, STALL_MS) === "timed-out" && Atomics.load(done, 0) === ready) {
          failed = true;
          void worker.terminate();
          return "unknown";
        }
        ready = Atomics.load(done, 0);
      }
      const size = values[at * FIELDS]!;
      if (size < 0) return undefined;
      return { size, mtimeMs: values[at * FIELDS + 1]!, ctimeMs: values[at * FIELDS + 2]!, ino: values[at * FIELDS + 3]! };
    },
  };
}
