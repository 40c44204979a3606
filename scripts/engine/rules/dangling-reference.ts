import type { Diagnostic } from "../diagnostics.ts";
import { REFERENCES } from "../keywords.ts";
import type { Rule } from "./rule.ts";
import { closest } from "./closest.ts";

/** Every value annotated `x-references: <table>` must be the id of a record in that table. */
export const danglingReference: Rule = {
  name: "dangling-reference",
  codes: ["dangling-reference"],
  check({ records }) {
    const ids = new Map<string, Set<string>>();
    for (const record of records) {
      if (typeof record.data.id !== "string") continue;
      const set = ids.get(record.table.name) ?? new Set<string>();
      set.add(record.data.id);
      ids.set(record.table.name, set);
    }
    const problems: Diagnostic[] = [];
    for (const record of records) {
      for (const annotation of record.annotations) {
        if (annotation.keyword !== REFERENCES || typeof annotation.value !== "string") continue;
        const table = String(annotation.argument);
        const known = ids.get(table) ?? new Set<string>();
        if (known.has(annotation.value)) continue;
        const suggestion = closest(annotation.value, known);
        problems.push({
          ...record.yaml.locate(annotation.path),
          code: "dangling-reference",
          message: `"${annotation.value}" is not the id of any record in table ${table}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : `add sources/${table}/${annotation.value}.yaml, or correct the id`,
        });
      }
    }
    return problems;
  },
};
