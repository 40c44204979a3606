/**
 * The build's worker thread (prefetch-worker.ts): work that needs nothing the main thread
 * makes runs on the second core while the main thread loads modules, validates and models.
 * It does two jobs, in this order: the TypeScript declarations (json-schema-to-typescript
 * and prettier, see declaration-prefetch.ts), then reading the published releases in
 * releases/ (unpacking the archives with the release validator's safe reader, see
 * release-history.ts) when the main thread has not taken that job by then. It compiles no
 * validators: on two cores a table compiled in the worker cost about twice what it costs
 * the main thread, whose ajv has warmed up, and put the declarations later.
 *
 * The worker only saves time. What it delivers is what the main thread would have made, by
 * the same functions from the same files, and is used only when it was made from what the
 * main thread has (declarations by the digest of their schema, releases by package.json's
 * name and version). Whatever it does not deliver, because it failed, or had not begun when
 * the main thread needed it, is made in the main thread as before. So that no job runs
 * twice, each side claims the releases job before starting it (a shared word, `claims`).
 *
 * `npm run build` starts the worker before the engine's modules load (scripts/launch.js
 * calls prefetchEarly), when the build will have no cache to use; otherwise the pipeline
 * starts it as the build begins. It needs the compiled engine: a worker thread cannot load
 * the TypeScript sources.
 *
 * Kept free of the emitters' and the release readers' imports, which a run that does not
 * emit never loads.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { ProjectMeta } from "../contract/project-meta.ts";
import { cacheFolder } from "./cache/store.ts";
import type { ReleaseHistory, ReleaseRead } from "./release-history.ts";

/** What the worker is sent: the project it reads, and the word through which the releases job is claimed. */
export interface PrefetchRequest {
  root: string;
  claims: SharedArrayBuffer;
}

/** The releases as read for package.json's name and version (which the main thread checks again). */
export interface ReleasesReply {
  name: string;
  version: string;
  read: ReleaseRead;
}

/** What the worker sends, one message a job: `releases` is null when it did not read them. */
export type PrefetchMessage = { declarations: [key: string, text: string][] } | { releases: ReleasesReply | null };

/** Values of the claim word: nobody started the releases job, the worker did, or the main thread did. */
export const UNCLAIMED = 0;
export const BY_WORKER = 1;
export const BY_MAIN = 2;

export interface Prefetch {
  readonly root: string;
  /** The declarations by memo key; empty when the worker made none. */
  declarations(): Promise<ReadonlyMap<string, string>>;
  /** The releases the worker read for `meta`, or undefined: then the caller reads them itself. */
  releases(meta: Pick<ProjectMeta, "name" | "version">): Promise<ReleaseRead | undefined>;
}

/** The compiled worker beside the compiled engine, or none when the engine runs from sources. */
export function compiledWorker(): URL | undefined {
  return import.meta.url.endsWith(".js") ? new URL("./prefetch-worker.js", import.meta.url) : undefined;
}

/** Starts the worker for `root`; undefined when it cannot start. */
export function startPrefetch(root: string, url: URL): Prefetch | undefined {
  const claims = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData: { root, claims } satisfies PrefetchRequest });
  } catch {
    return undefined;
  }
  let declared: (texts: ReadonlyMap<string, string>) => void = () => {};
  let read: (reply: ReleasesReply | null) => void = () => {};
  const declarations = new Promise<ReadonlyMap<string, string>>((done) => (declared = done));
  const releases = new Promise<ReleasesReply | null>((done) => (read = done));
  worker.on("message", (message: PrefetchMessage) => {
    if ("declarations" in message) declared(new Map(message.declarations));
    else read(message.releases);
  });
  // A job not answered by then never will be: the main thread does it.
  const none = (): void => {
    declared(new Map());
    read(null);
  };
  worker.once("error", none);
  worker.once("exit", none);
  // After the listeners, which would take the reference again: the worker alone does not keep
  // the process alive, so a build that stops at a problem in the data exits at once. Once the
  // pipeline waits for it, it must, since nothing else may be pending then.
  worker.unref();
  // Referenced only while an answer is awaited: once the build has all it asked for, a job it
  // did not ask for (releases the cache held) does not keep the process.
  const waitFor = async <T>(answer: Promise<T>): Promise<T> => {
    worker.ref();
    try {
      return await answer;
    } finally {
      worker.unref();
    }
  };
  const word = new Int32Array(claims);
  return {
    root,
    declarations: () => waitFor(declarations),
    async releases(meta) {
      // Not begun by the worker: the main thread takes the job, and the worker will skip it.
      if (Atomics.compareExchange(word, 0, UNCLAIMED, BY_MAIN) === UNCLAIMED) return undefined;
      const reply = await waitFor(releases);
      if (!reply || reply.name !== meta.name || reply.version !== meta.version) return undefined;
      return asRead(reply.read);
    },
  };
}

/**
 * The read as the main thread's own: a message brings a Buffer back as a plain Uint8Array,
 * so each file's bytes are viewed as a Buffer again (no copy).
 */
function asRead(read: ReleaseRead): ReleaseRead {
  if (!("history" in read)) return read;
  const history: ReleaseHistory = { ...read.history };
  for (const key of ["current", "previous"] as const) {
    const published = history[key];
    if (!published) continue;
    const files = new Map([...published.files].map(([path, bytes]) => [path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
    history[key] = { ...published, files };
  }
  return { history };
}

let early: Prefetch | undefined;

/**
 * Starts the worker before the build's modules load, for a build of the current folder
 * (no --root) that will find nothing in the build cache: --no-cache, or no cache folder
 * yet. A build whose cache folder exists may hold the declarations and releases already;
 * the pipeline decides for it once the cache is open.
 */
export function prefetchEarly(argv: readonly string[], url = compiledWorker(), root = resolve(".")): void {
  if (!url || early || argv.some((arg) => arg === "--root" || arg.startsWith("--root=") || arg === "--help" || arg === "-h")) return;
  const folder = cacheFolder(root);
  if (!argv.includes("--no-cache") && folder !== undefined && existsSync(folder)) return;
  early = startPrefetch(root, url);
}

/**
 * The worker for a build of `root`: the one started early for it, else a new one unless
 * there is nothing to gain (no compiled worker, or a cache that already holds the
 * declarations, and with them the releases).
 */
export function prefetchFor(root: string, cacheHolds: boolean, url = compiledWorker()): Prefetch | undefined {
  if (early?.root === root) {
    const started = early;
    early = undefined;
    return started;
  }
  return !url || cacheHolds ? undefined : startPrefetch(root, url);
}
