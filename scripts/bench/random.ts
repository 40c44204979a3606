/**
 * A small seeded generator (mulberry32), so that a corpus is the same bytes for the same
 * seed on every machine: Math.random cannot be seeded, and the clock must not leak in.
 */

export interface Random {
  /** An integer in [0, n). */
  below(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer when there are not that many), in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[];
}

export const MAX_SEED = 2 ** 32 - 1;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const below = (n: number): number => Math.floor(next() * n);
  return {
    below,
    pick: (items) => items[below(items.length)]!,
    sample<T>(items: readonly T[], count: number): T[] {
      const wanted = Math.min(count, items.length);
      // Few items out of many (a record's topics out of thousands): draw and skip repeats,
      // rather than shuffle a copy of the whole pool for every record.
      if (wanted * 2 <= items.length) {
        const chosen = new Set<number>();
        while (chosen.size < wanted) chosen.add(below(items.length));
        return [...chosen].map((index) => items[index]!);
      }
      const copy = [...items];
      for (let i = 0; i < wanted; i++) {
        const j = i + below(copy.length - i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, wanted);
    },
  };
}
