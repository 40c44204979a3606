import type { Rule } from "./rule.ts";
import { strings } from "./rule.ts";

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
 * We reject such text rather than escape it, because escaping would change the data.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

export const formula: Rule = {
  name: "formula",
  codes: ["formula"],
  check({ records }) {
    return records.flatMap((record) =>
      [...strings(record.data)]
        .filter(({ text }) => isFormulaLike(text))
        .map(({ path, text }) => ({
          ...record.yaml.locate(path),
          code: "formula" as const,
          message: `text starting with ${JSON.stringify(text[0])} would run as a formula in a spreadsheet`,
          hint: "reword the value so it does not begin with =, +, -, @, a tab or a carriage return",
        })),
    );
  },
};
