import type { Diagnostic } from "../../contract/diagnostics.ts";
import type { SourceRecord } from "../records.ts";
import type { Rule } from "./rule.ts";

/** `x.yaml` and `x.yml` can both exist; the second would silently shadow the first. */
export const duplicateId: Rule = {
  name: "duplicate-id",
  codes: ["duplicate-id"],
  check({ records }) {
    const seen = new Map<string, SourceRecord>();
    const problems: Diagnostic[] = [];
    for (const record of records) {
      const id = record.data.id;
      if (typeof id !== "string") continue;
      const key = `${record.table.name}\u0000${id}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, record);
        continue;
      }
      const at = first.yaml.locate(["id"]);
      problems.push({
        ...record.yaml.locate(["id"]),
        code: "duplicate-id",
        message: `id "${id}" is already used in table ${record.table.name} by ${at.file}:${at.line}:${at.col}`,
        hint: "give one of the records another id, or merge them",
      });
    }
    return problems;
  },
};
