import type { Diagnostic } from "../../contract/diagnostics.ts";
import { idsByTable, type Rule } from "./rule.ts";

/**
 * A retired id must not name a live record (it would resolve two ways), a move must
 * land on a live record, and an id is retired once.
 */
export const tombstones: Rule = {
  name: "tombstones",
  codes: ["tombstone-conflict", "dangling-reference"],
  check(context) {
    const { tombstones: list } = context;
    const ids = idsByTable(context);
    const seen = new Set<string>();
    const problems: Diagnostic[] = [];
    for (const { tombstone, yaml, index } of list) {
      const live = ids.get(tombstone.table) ?? new Set<string>();
      const key = `${tombstone.table}\u0000${tombstone.id}`;
      if (live.has(tombstone.id) || seen.has(key)) {
        problems.push({
          ...yaml.locate([index, "id"]),
          code: "tombstone-conflict",
          message: live.has(tombstone.id)
            ? `"${tombstone.id}" is retired here but still names a record in table ${tombstone.table}`
            : `"${tombstone.id}" is retired twice in table ${tombstone.table}`,
          hint: "a published id is never reused: give the new record another id, or drop the duplicate entry",
        });
      }
      seen.add(key);
      if (tombstone.moved_to !== undefined && !live.has(tombstone.moved_to)) {
        problems.push({
          ...yaml.locate([index, "moved_to"]),
          code: "dangling-reference",
          message: `"${tombstone.moved_to}" is not the id of any record in table ${tombstone.table}`,
          hint: "a move must point at the id that now holds the record",
        });
      }
    }
    return problems;
  },
};
