/**
 * How many records of each table a corpus of N records holds, and their ids: the plan is
 * made before any record is written, so that every reference can point at an id that
 * will exist.
 */
import { compareText } from "../contract/diagnostics.ts";

/** Ids are kebab-case of at most 80 characters (schemas/defs/common.schema.json). */
const MAX_ID_LENGTH = 80;

/**
 * Records per table in the proportions of `real` (largest remainder, so the counts add
 * up to `total` exactly), with at least one record in every table that has any, so that
 * every reference finds a record to point at.
 */
export function planCounts(real: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const tables = [...real].filter(([, count]) => count > 0).sort(([a], [b]) => compareText(a, b));
  const sum = tables.reduce((acc, [, count]) => acc + count, 0);
  if (total < tables.length) throw new RangeError(`a corpus needs at least ${tables.length} records, one for each table`);
  const shares = tables.map(([name, count]) => ({ name, exact: (total * count) / sum }));
  const counts = new Map(shares.map(({ name, exact }) => [name, Math.floor(exact)]));
  let left = total - [...counts.values()].reduce((a, b) => a + b, 0);
  // Ties go to the table first by name: the plan must not depend on sort stability.
  const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || compareText(a.name, b.name));
  for (const { name } of byRemainder) {
    if (left === 0) break;
    counts.set(name, counts.get(name)! + 1);
    left--;
  }
  for (const [name, count] of counts) {
    if (count > 0) continue;
    const largest = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    counts.set(largest[0], largest[1] - 1);
    counts.set(name, 1);
  }
  return counts;
}

/**
 * The id of the `serial`-th generated record (from 1) modelled on the record `stem`. The
 * serial is the last segment, so ids of one table never collide whichever stems they
 * start with; the stem is cut to keep the id within the schema's length.
 */
export function generatedId(stem: string, serial: number): string {
  const suffix = `-${serial}`;
  return `${stem.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/** A retired id: its last segment is not a number, so it never equals a live generated id. */
export function retiredId(stem: string, serial: number): string {
  const suffix = `-${serial}-retired`;
  return `${stem.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}
