/**
 * Values worked out from inputs alone (TypeScript declarations from a JSON Schema, a table's
 * record diff from the sha256 of the files compared), kept under a key naming their inputs.
 * Entries not asked for in a run are dropped when it saves, so a memo holds what the
 * current build needs and no more.
 */
import type { EmitMemo } from "../emit/emitter.ts";
import type { CacheStore } from "./store.ts";
import { sha256Hex } from "../../contract/sha256.ts";

/** The key of an input: the worker that makes declarations ahead (engine/declaration-prefetch.ts) uses it too. */
export function memoKey(input: unknown): string {
  return sha256Hex(JSON.stringify(input));
}

export interface TextMemo {
  /** The text made from `input` before, or a new one from `make`, kept for next time. */
  get(input: unknown, make: () => Promise<string>): Promise<string>;
  save(): void;
  /** Whether earlier runs left any text: the cache is keyed on the schemas, so then it holds them all. */
  holdsAny(): boolean;
}

export interface ValueMemo extends EmitMemo {
  save(): void;
}

/** The memo's entries by key, read when first asked for and written back by `save` when they changed. */
function memoEntries<T>(store: CacheStore, name: string) {
  let stored: Map<string, T> | undefined;
  const used = new Map<string, T>();
  let changed = false;
  return {
    known(key: string): T | undefined {
      stored ??= store.read<Map<string, T>>(name) ?? new Map();
      const value = used.has(key) ? used.get(key) : stored.get(key);
      if (value !== undefined || stored.has(key)) used.set(key, value as T);
      return value;
    },
    has: (key: string) => used.has(key),
    any(): boolean {
      stored ??= store.read<Map<string, T>>(name) ?? new Map();
      return stored.size > 0 || used.size > 0;
    },
    add(key: string, value: T) {
      used.set(key, value);
      changed = true;
    },
    save() {
      // Nothing asked for (a run that emits nothing), or nothing new: the entry stays.
      if (!changed && (stored === undefined || stored.size === used.size)) return;
      store.write(name, used);
      stored = new Map(used);
      changed = false;
    },
  };
}

export function textMemo(store: CacheStore, name: string): TextMemo {
  const entries = memoEntries<string>(store, name);
  return {
    async get(input, make) {
      const key = memoKey(input);
      const known = entries.known(key);
      if (known !== undefined) return known;
      const made = await make();
      entries.add(key, made);
      return made;
    },
    save: entries.save,
    holdsAny: entries.any,
  };
}

export function valueMemo(store: CacheStore, name: string): ValueMemo {
  const entries = memoEntries<unknown>(store, name);
  return {
    value<T>(key: string, make: () => T): T {
      const known = entries.known(key);
      if (known !== undefined || entries.has(key)) return known as T;
      const made = make();
      entries.add(key, made);
      return made;
    },
    save: entries.save,
  };
}
