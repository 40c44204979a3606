/**
 * Text worked out from a value alone (TypeScript declarations from a JSON Schema), kept
 * under the digest of what it was made from. Entries not asked for in a run are dropped
 * when it saves, so the memo holds what the current schemas need and no more.
 */
import { digestOf, type CacheStore } from "./store.ts";

/** The key of an input: the worker that makes declarations ahead (engine/declaration-prefetch.ts) uses it too. */
export function memoKey(input: unknown): string {
  return digestOf(JSON.stringify(input));
}

export interface TextMemo {
  /** The text made from `input` before, or a new one from `make`, kept for next time. */
  get(input: unknown, make: () => Promise<string>): Promise<string>;
  save(): void;
  /** Whether earlier runs left any text: the cache is keyed on the schemas, so then it holds them all. */
  holdsAny(): boolean;
}

export function textMemo(store: CacheStore, name: string): TextMemo {
  let stored: Map<string, string> | undefined;
  const used = new Map<string, string>();
  let changed = false;
  return {
    async get(input, make) {
      const key = memoKey(input);
      stored ??= store.read<Map<string, string>>(name) ?? new Map();
      const known = used.get(key) ?? stored.get(key);
      if (known !== undefined) {
        used.set(key, known);
        return known;
      }
      const made = await make();
      used.set(key, made);
      changed = true;
      return made;
    },
    holdsAny() {
      stored ??= store.read<Map<string, string>>(name) ?? new Map();
      return stored.size > 0 || used.size > 0;
    },
    save() {
      // Nothing asked for (a run that emits no declarations), or nothing new: the entry stays.
      if (!changed && (stored === undefined || stored.size === used.size)) return;
      store.write(name, used);
      stored = new Map(used);
      changed = false;
    },
  };
}
