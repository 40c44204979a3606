/**
 * json-schema-to-typescript and prettier take about a third of a cold build of the curated
 * dataset, and need nothing but the schemas. So as a build starts, a worker thread
 * (emit/declaration-worker.ts) reads the schemas and makes the declarations on the other
 * core while this thread loads and validates the records and reads the published releases.
 * The worker only saves time: its texts are kept under the digest of what they were made
 * from, so one made from other bytes (a schema edited meanwhile, or one that does not load)
 * is simply not found, and whatever it does not deliver is made in this thread as before.
 * It needs the compiled engine: a worker thread cannot load the TypeScript sources.
 *
 * Kept free of the emitters' imports, which a run that does not emit never loads.
 */
import { Worker } from "node:worker_threads";
import { memoKey, type TextMemo } from "./cache/text-memo.ts";

/** What the worker is sent: the project whose schemas/ it reads. */
export interface DeclarationRequest {
  root: string;
}

/** What it sends back: each declaration under the memo key of what it was made from. */
export interface DeclarationReply {
  texts: [key: string, text: string][];
}

/** The compiled worker beside the compiled engine, or none when the engine runs from sources. */
function compiledWorker(): URL | undefined {
  return import.meta.url.endsWith(".js") ? new URL("./emit/declaration-worker.js", import.meta.url) : undefined;
}

/**
 * Starts the worker and returns a memo that answers from what it made, after `base` (the
 * build cache's memo, if any) and before making the text here. Returns `base` itself when
 * there is nothing to gain: no compiled worker, or a cache that already holds the declarations.
 */
export function prefetchDeclarations(root: string, base: TextMemo | undefined, url = compiledWorker()): TextMemo | undefined {
  if (!url || base?.holdsAny()) return base;
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData: { root } satisfies DeclarationRequest });
  } catch {
    return base;
  }
  const made = new Promise<ReadonlyMap<string, string>>((resolve) => {
    const none = (): void => resolve(new Map());
    worker.once("message", (reply: DeclarationReply) => resolve(new Map(reply.texts)));
    worker.once("error", none);
    worker.once("exit", none);
  });
  // After the listeners, which would take the reference again: the worker alone does not keep
  // the process alive, so a build that stops at a problem in the data exits at once. Once the
  // emitter waits for it, it must, since nothing else may be pending then.
  worker.unref();
  return prefetchedMemo(() => {
    worker.ref();
    return made;
  }, base);
}

/** A memo that takes a text from what `made` gives when it has one for the input, else from `base` or `make`. */
export function prefetchedMemo(made: () => Promise<ReadonlyMap<string, string>>, base: TextMemo | undefined): TextMemo {
  const fromWorker = async (input: unknown, make: () => Promise<string>): Promise<string> => (await made()).get(memoKey(input)) ?? make();
  return {
    get: (input, make) => (base ? base.get(input, () => fromWorker(input, make)) : fromWorker(input, make)),
    save: () => base?.save(),
    holdsAny: () => base?.holdsAny() ?? false,
  };
}
