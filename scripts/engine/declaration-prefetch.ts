/**
 * json-schema-to-typescript and prettier take about a third of a cold build of the curated
 * dataset, and need nothing but the schemas, so the build's worker thread (prefetch.ts)
 * makes the declarations (emit/declaration-worker.ts) while this thread loads and validates
 * the records. Its texts are kept under the digest of what they were made from, so one made
 * from other bytes (a schema edited meanwhile, or one that does not load) is simply not
 * found, and whatever it does not deliver is made in this thread as before.
 *
 * Kept free of the emitters' imports, which a run that does not emit never loads.
 */
import { memoKey, type TextMemo } from "./cache/text-memo.ts";
import type { Prefetch } from "./prefetch.ts";

/**
 * The memo the TypeScript emitter asks: `base` (the build cache's memo, if any) first, then
 * the worker's texts, then making the text here. Just `base` when there is no worker.
 */
export function declarationMemo(prefetch: Prefetch | undefined, base: TextMemo | undefined): TextMemo | undefined {
  return prefetch ? prefetchedMemo(() => prefetch.declarations(), base) : base;
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
