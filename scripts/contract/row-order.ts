/**
 * The order of a table's rows in a release: the build writes every table in it and the
 * release validator relies on it, reading CSV and JSON side by side instead of holding
 * either. Rows are sorted by primary key, part by part: two numbers by value (a child
 * table's `index`, so 2 comes before 10), anything else by its text in code-unit order
 * (compareText), which no locale changes.
 */
import { compareText } from "./diagnostics.ts";

/** A value's identity as text, for keys, uniqueness and order: the same text whatever JavaScript type holds it. */
export function keyText(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Primary keys compared part by part; a shorter key that is a prefix of a longer one comes first. */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    const order = typeof x === "number" && typeof y === "number" ? (x < y ? -1 : x > y ? 1 : 0) : compareText(keyText(x), keyText(y));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
