/**
 * The stat of every source file, taken on both cores. A rebuild of a large project knows
 * unchanged files by their stat alone (source-files.ts), and at 100,000 files the lstat
 * calls are a large part of its time. A worker thread stats the files from the last one
 * backwards while the main thread asks for them from the first one forwards, taking the
 * stat itself of any the worker has not reached: the two meet in the middle, and neither
 * waits for the other. The worker's results go through shared memory; it stops once it
 * reaches the files the main thread has passed. If the worker fails, the main thread simply
 * stats every file itself.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** Below this many files, starting a thread costs more than the calls it saves. */
export const STATS_AHEAD_FILES = 2_000;
const FIELDS = 4;

/** A file's stat as the cache compares it; undefined when the path is not a file (or is gone). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface StatsAhead {
  /** The stat of `file` (as given to statsAhead): undefined when it is not a file; "unknown" when it is not one of the files. */
  stat(file: string): FileStat | undefined | "unknown";
}

// CommonJS, evaluated: the same code runs whether the engine is compiled or run from its sources.
// shared[0]: the lowest index the worker has done; shared[1]: the index below which the main thread needs nothing more.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { lstatSync } = require("node:fs");
const { root, files, values, shared } = workerData;
for (let i = files.length - 1; i >= Atomics.load(shared, 1); i--) {
  let stats;
  try { stats = lstatSync(root + "/" + files[i]); } catch { stats = undefined; }
  if (stats && stats.isFile()) {
    values[i * ${FIELDS}] = stats.size; values[i * ${FIELDS} + 1] = stats.mtimeMs; values[i * ${FIELDS} + 2] = stats.ctimeMs; values[i * ${FIELDS} + 3] = stats.ino;
  } else values[i * ${FIELDS}] = -1;
  if ((i & 63) === 0) Atomics.store(shared, 0, i);
}
`;

/** lstat of a path that must be a file; undefined otherwise. */
export function fileStat(path: string): FileStat | undefined {
  try {
    const stats = lstatSync(path);
    return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino } : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the worker over `files` (paths relative to `root`, with "/"); undefined when it cannot start. */
export function statsAhead(root: string, files: readonly string[]): StatsAhead | undefined {
  const values = new Float64Array(new SharedArrayBuffer(files.length * FIELDS * Float64Array.BYTES_PER_ELEMENT));
  const shared = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  shared[0] = files.length;
  let worker: Worker;
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { root, files, values, shared } });
  } catch {
    return undefined;
  }
  worker.unref();
  // A failed worker never reaches the files: the main thread stats them all.
  worker.on("error", () => {});
  const index = new Map<string, number>();
  files.forEach((file, at) => index.set(file, at));
  return {
    stat(file) {
      const at = index.get(file);
      if (at === undefined) return "unknown";
      if (at >= Atomics.load(shared, 0)) {
        const size = values[at * FIELDS]!;
        if (size < 0) return undefined;
        return { size, mtimeMs: values[at * FIELDS + 1]!, ctimeMs: values[at * FIELDS + 2]!, ino: values[at * FIELDS + 3]! };
      }
      if (at + 1 > Atomics.load(shared, 1)) Atomics.store(shared, 1, at + 1);
      return fileStat(join(root, file));
    },
  };
}
