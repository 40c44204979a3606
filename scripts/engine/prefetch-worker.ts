/**
 * The build's worker thread, started by prefetch.ts: reads the published releases and makes
 * the TypeScript declarations, the two interleaved on this thread's event loop (unpacking
 * waits on the file system and zlib), and sends each as soon as it is done.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isObject } from "../contract/shapes.ts";
import { makeDeclarations } from "./emit/declaration-worker.ts";
import { BY_WORKER, UNCLAIMED, type PrefetchMessage, type PrefetchRequest, type ReleasesReply } from "./prefetch.ts";
import { readReleaseHistory } from "./release-history.ts";

/**
 * The releases for package.json's name and version, read plainly (the build checks the file
 * and compares what it finds with what this used); null when the main thread took the job
 * first, or package.json names no version.
 */
export async function readReleases(root: string, claims: Int32Array): Promise<ReleasesReply | null> {
  const data: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  if (!isObject(data) || typeof data.name !== "string" || typeof data.version !== "string") return null;
  if (Atomics.compareExchange(claims, 0, UNCLAIMED, BY_WORKER) !== UNCLAIMED) return null;
  const meta = { name: data.name, version: data.version };
  return { ...meta, read: await readReleaseHistory(root, meta) };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { root, claims } = workerData as PrefetchRequest;
  const send = (message: PrefetchMessage): void => port.postMessage(message);
  // Either job failing leaves it to the main thread: a releases job that threw says so at
  // once (the main thread meets the same fault and reports it), a declarations job ends the
  // worker with an error event.
  const releases = readReleases(root, new Int32Array(claims)).then(
    (reply) => send({ releases: reply }),
    () => send({ releases: null }),
  );
  send({ declarations: await makeDeclarations(root) });
  await releases;
}
