import type { Diagnostic } from "../../contract/diagnostics.ts";
import { REFERENCES } from "../../contract/keywords.ts";
import { idsByTable, type Rule } from "./rule.ts";
import { closest } from "../../contract/closest.ts";

/** Every value annotated `x-references: <table>` must be the id of a record in that table. */
export const danglingReference: Rule = {
  name: "dangling-reference",
  codes: ["dangling-reference"],
  check(context) {
    const { records, tombstones } = context;
    const ids = idsByTable(context);
    const retired = new Map(tombstones.map(({ tombstone }) => [`${tombstone.table}\u0000${tombstone.id}`, tombstone]));
    const problems: Diagnostic[] = [];
    for (const record of records) {
      for (const annotation of record.annotations) {
        if (annotation.keyword !== REFERENCES || typeof annotation.value !== "string") continue;
        const table = String(annotation.argument);
        const known = ids.get(table) ?? new Set<string>();
        if (known.has(annotation.value)) continue;
        const suggestion = closest(annotation.value, known);
        const tombstone = retired.get(`${table}\u0000${annotation.value}`);
        problems.push({
          ...record.yaml.locate(annotation.path),
          code: "dangling-reference",
          message: `"${annotation.value}" is not the id of any record in table ${table}`,
          hint: tombstone?.moved_to
            ? `it was moved to "${tombstone.moved_to}": refer to that id`
            : tombstone
              ? `it was removed (${tombstone.reason})`
              : suggestion
                ? `did you mean "${suggestion}"?`
                : `add sources/${table}/${annotation.value}.yaml, or correct the id`,
        });
      }
    }
    return problems;
  },
};
