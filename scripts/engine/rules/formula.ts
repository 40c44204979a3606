import { cellText } from "../../contract/flatten.ts";
import { isObject } from "../../contract/shapes.ts";
import { FORMULA_START, INVISIBLE_LEAD, isFormulaLike } from "../../contract/formula-like.ts";
import type { Rule } from "./rule.ts";

interface Cell {
  path: (string | number)[];
  text: string;
  /** For a list of scalars: the cell holds the items joined, so say so. */
  joined: boolean;
}

/**
 * The CSV cells a record's value becomes (see flatten.ts): a string is a cell; a list of
 * scalars is one cell, its items joined by ';', and each item again, because readers split
 * that cell on ';'; objects, and lists of objects, hold cells of their own.
 */
function* cells(value: unknown, path: (string | number)[] = []): Generator<Cell> {
  if (typeof value === "string") {
    yield { path, text: value, joined: false };
  } else if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => !isObject(item) && !Array.isArray(item))) {
      // The joined cell starts with the first item, so only later items need a look of their own.
      yield { path: [...path, 0], text: cellText(value), joined: value.length > 1 };
      for (let i = 1; i < value.length; i++) {
        if (typeof value[i] === "string") yield { path: [...path, i], text: value[i] as string, joined: false };
      }
    } else {
      for (const [index, item] of value.entries()) yield* cells(item, [...path, index]);
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) yield* cells(item, [...path, key]);
  }
}

function describeStart(text: string): string {
  const lead = INVISIBLE_LEAD.exec(text)?.[0] ?? "";
  const first = String.fromCodePoint(text.codePointAt(lead.length) ?? 0);
  const shown = `${JSON.stringify(first)} (U+${first.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
  return lead && !FORMULA_START.test(text) ? `${shown} after ${[...lead].length} blank or invisible character(s)` : shown;
}

export const formula: Rule = {
  name: "formula",
  perRecord: true,
  codes: ["formula"],
  check({ records }) {
    return records.flatMap((record) =>
      [...cells(record.data)]
        .filter(({ text }) => isFormulaLike(text))
        .map(({ path, text, joined }) => ({
          ...record.yaml.locate(path),
          code: "formula" as const,
          message: `${joined ? `the CSV cell ${JSON.stringify(text)} (the list joined by ";")` : "text"} starting with ${describeStart(text)} would run as a formula in a spreadsheet`,
          hint: joined
            ? "put an item first that does not begin with =, +, -, @ (or their fullwidth forms), a tab or a carriage return"
            : "reword the value so it does not begin with =, +, -, @ (or their fullwidth forms), a tab or a carriage return, even after spaces or invisible characters",
        })),
    );
  },
};
