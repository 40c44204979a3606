/**
 * Text worked out from a value alone (TypeScript declarations from a JSON Schema), kept
 * under the digest of what it was made from. Entries not asked for in a run are dropped
 * when it saves, so the memo holds what the current schemas need and no more.
 */
import { digestOf, type CacheStore } from "./store.ts";

export interface TextMemo {
  /** The text made from `input` before, or a new one from `make`, kept for next time. */
  get(input: unknown, make: () => Promise<string>): Promise<string>;
  save(): void;
}

export function textMemo(store: CacheStore, name: string): TextMemo {
  let stored: Map<string, string> | undefined;
  const used = new Map<string, string>();
  let changed = false;
  return {
    async get(input, make) {
      const key = digestOf(JSON.stringify(input));
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
    save() {
      // Nothing asked for (a run that emits no declarations), or nothing new: the entry stays.
      if (!changed && (stored === undefined || stored.size === used.size)) return;
      store.write(name, used);
      stored = new Map(used);
      changed = false;
    },
  };
}
