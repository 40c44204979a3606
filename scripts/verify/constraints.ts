/** Table Schema constraints on a cell that parsed; `required` and `unique` are checked by their callers. */
import { keyText } from "../contract/row-order.ts";
import { NotAValue, parseCell, type Field } from "./cell-types.ts";
import { shownValue } from "./report.ts";

const ORDERED = new Set(["integer", "number", "year", "date", "time", "datetime", "yearmonth"]);

const BOUNDS: [string, (order: number) => boolean, string][] = [
  ["minimum", (o) => o < 0, "less than"],
  ["maximum", (o) => o > 0, "more than"],
  ["exclusiveMinimum", (o) => o <= 0, "not more than"],
  ["exclusiveMaximum", (o) => o >= 0, "not less than"],
];
const NONE: string[] = [];
/** Allowed values named in a message; a release may list thousands. */
const ENUM_SHOWN = 10;

/** One message per broken constraint. */
export function constraintErrors(field: Field, text: string, value: unknown): string[] {
  const c = field.constraints;
  if (!field.hasValueConstraints) return NONE;
  // Made only for a cell that breaks something: most cells break nothing.
  let errors: string[] | undefined;
  if (Array.isArray(c.enum) && !allowed(field, c.enum).has(keyText(value))) {
    const listed = c.enum.slice(0, ENUM_SHOWN).map((v) => shownValue(v)).join(", ");
    (errors ??= []).push(`${shownValue(text)} is not one of ${listed}${c.enum.length > ENUM_SHOWN ? `, … (${c.enum.length} values)` : ""}`);
  }
  if (field.pattern && !field.pattern.testWhole(text)) (errors ??= []).push(`${shownValue(text)} does not match the pattern ${shownValue(c.pattern)}`);
  const length = lengthToCheck(c, value);
  if (length !== undefined) {
    if (typeof c.minLength === "number" && length < c.minLength) (errors ??= []).push(`${shownValue(text)} is shorter than ${c.minLength}`);
    if (typeof c.maxLength === "number" && length > c.maxLength) (errors ??= []).push(`${shownValue(text)} is longer than ${c.maxLength}`);
  }
  if (ORDERED.has(field.type)) {
    for (const [name, fails, words] of BOUNDS) {
      const limit = c[name];
      if (limit === undefined) continue;
      const order = compare(field, value, limit);
      if (order !== undefined && fails(order)) (errors ??= []).push(`${shownValue(text)} is ${words} ${shownValue(limit)}`);
    }
  }
  return errors ?? NONE;
}

/** Constraint values may be written typed (12) or as the cell would be ("12"). */
function logical(field: Field, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const parsed = parseCell(field, value);
  return parsed instanceof NotAValue ? value : parsed;
}

/** Each field's allowed values as keys, made once: a cell is checked against them by lookup. */
const enums = new WeakMap<Field, Set<string>>();

function allowed(field: Field, list: unknown[]): Set<string> {
  let keys = enums.get(field);
  if (!keys) enums.set(field, (keys = new Set(list.map((value) => keyText(logical(field, value))))));
  return keys;
}

function compare(field: Field, value: unknown, limit: unknown): number | undefined {
  const bound = logical(field, limit);
  if (typeof value === "number" && typeof bound === "number") return value - bound;
  // ISO dates and times of one format order as text.
  if (typeof value === "string" && typeof bound === "string") return value < bound ? -1 : value > bound ? 1 : 0;
  return undefined;
}

/**
 * The length to check against minLength and maxLength, if either could fail: a string
 * of n UTF-16 units has between n/2 and n code points, which settles most cells
 * without counting.
 */
function lengthToCheck(c: Record<string, unknown>, value: unknown): number | undefined {
  const min = typeof c.minLength === "number" ? c.minLength : undefined;
  const max = typeof c.maxLength === "number" ? c.maxLength : undefined;
  if (min === undefined && max === undefined) return undefined;
  if (Array.isArray(value)) return value.length;
  if (typeof value !== "string") return undefined;
  if ((max === undefined || value.length <= max) && (min === undefined || Math.ceil(value.length / 2) >= min)) return undefined;
  return codePoints(value);
}

/** Code points, as JSON Schema counts a length: UTF-16 units less one per surrogate pair, counted without making an array of characters. */
function codePoints(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
