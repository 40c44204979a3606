/** Table Schema constraints on a cell that parsed; `required` and `unique` are checked by their callers. */
import { keyText } from "../contract/row-order.ts";
import { parseCell, type Field } from "./cell-types.ts";
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
  const errors: string[] = [];
  const quoted = shownValue(text);
  if (Array.isArray(c.enum) && !c.enum.some((allowed) => sameValue(field, allowed, value))) {
    const listed = c.enum.slice(0, ENUM_SHOWN).map((v) => shownValue(v)).join(", ");
    errors.push(`${quoted} is not one of ${listed}${c.enum.length > ENUM_SHOWN ? `, … (${c.enum.length} values)` : ""}`);
  }
  if (field.pattern && !field.pattern.testWhole(text)) errors.push(`${quoted} does not match the pattern ${shownValue(c.pattern)}`);
  const bounded = typeof c.minLength === "number" || typeof c.maxLength === "number";
  // Code points, as JSON Schema counts them; a string has at least as many UTF-16 units.
  const length = !bounded ? undefined : typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : undefined;
  if (length !== undefined) {
    if (typeof c.minLength === "number" && length < c.minLength) errors.push(`${quoted} is shorter than ${c.minLength}`);
    if (typeof c.maxLength === "number" && length > c.maxLength) errors.push(`${quoted} is longer than ${c.maxLength}`);
  }
  if (ORDERED.has(field.type)) {
    for (const [name, fails, words] of BOUNDS) {
      const limit = c[name];
      if (limit === undefined) continue;
      const order = compare(field, value, limit);
      if (order !== undefined && fails(order)) errors.push(`${quoted} is ${words} ${shownValue(limit)}`);
    }
  }
  return errors;
}

/** Constraint values may be written typed (12) or as the cell would be ("12"). */
function logical(field: Field, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const parsed = parseCell(field, value);
  return parsed.ok ? parsed.value : value;
}

function sameValue(field: Field, allowed: unknown, value: unknown): boolean {
  return keyText(logical(field, allowed)) === keyText(value);
}

function compare(field: Field, value: unknown, limit: unknown): number | undefined {
  const bound = logical(field, limit);
  if (typeof value === "number" && typeof bound === "number") return value - bound;
  // ISO dates and times of one format order as text.
  if (typeof value === "string" && typeof bound === "string") return value < bound ? -1 : value > bound ? 1 : 0;
  return undefined;
}
