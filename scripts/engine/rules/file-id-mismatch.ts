import type { Rule } from "./rule.ts";

/** Ids come from file names, so a reader can find a record from its id alone. */
export const fileIdMismatch: Rule = {
  name: "file-id-mismatch",
  codes: ["file-id-mismatch"],
  check({ records }) {
    return records
      .filter((record) => typeof record.data.id === "string" && record.data.id !== record.stem)
      .map((record) => ({
        ...record.yaml.locate(["id"]),
        code: "file-id-mismatch" as const,
        message: `id "${String(record.data.id)}" differs from the file name "${record.stem}"`,
        hint: `rename the file to ${String(record.data.id)}.yaml, or set id: ${record.stem}`,
      }));
  },
};
