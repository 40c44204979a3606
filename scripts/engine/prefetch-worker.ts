/**
 * The build's worker thread, started by prefetch.ts: makes the TypeScript declarations, then
 * reads the published releases unless the main thread has taken that job meanwhile, and
 * sends each as soon as it is done. The declarations come first: they take longest, and the
 * main thread, which waits for them last, is usually ready to read the releases itself
 * before they are done.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isObject } from "../contract/shapes.ts";
import { makeDeclarations } from "./emit/declaration-worker.ts";
import { BY_WORKER, UNCLAIMED, type PrefetchMessage, type PrefetchRequest, type ReleasesReply } from "./prefetch.ts";

/**
 * The releases for package.json's name and version, read plainly (the build checks the file
 * and compares what it finds with what this used); null when the main thread took the job
 * first, or package.json names no version. The job is claimed as this is called, before
 * anything is awaited; the archive readers are loaded only once it is.
 */
export async function readReleases(root: string, claims: Int32Array): Promise<ReleasesReply | null> {
  const data: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  if (!isObject(data) || typeof data.name !== "string" || typeof data.version !== "string") return null;
  if (Atomics.compareExchange(claims, 0, UNCLAIMED, BY_WORKER) !== UNCLAIMED) return null;
  const meta = { name: data.name, version: data.version };
  const { readReleaseHistory } = await import("./release-history.ts");
  return { ...meta, read: await readReleaseHistory(root, meta) };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { root, claims } = workerData as PrefetchRequest;
  const send = (message: PrefetchMessage): void => port.postMessage(message);
  // A declarations job that fails ends the worker with an error event: the main thread then
  // makes them, and reads the releases, unclaimed.
  const declarations = await makeDeclarations(root);
  // Claimed (or found claimed) before the declarations go, so that a main thread that asks
  // for the releases only once it has them finds the job begun. A releases job that throws
  // says so at once: the main thread meets the same fault and reports it.
  const releases = readReleases(root, new Int32Array(claims)).then(
    (reply) => send({ releases: reply }),
    () => send({ releases: null }),
  );
  send({ declarations });
  await releases;
}
