import type { Rule } from "./rule.ts";

/** Ids come from file names, so a reader can find a record from its id alone. */
export const fileIdMismatch: Rule = {
  name: "file-id-mismatch",
  perRecord: true,
  codes: ["file-id-mismatch"],
  check({ records }) {
    return records
      .filter((record) => typeof record.data.id === "string" && record.data.id !== record.stem)
      .map((record) => {
        const id = String(record.data.id);
        // The file name an id asks for must itself be a valid id: kebab-case, lower case.
        const wanted = kebabCase(id);
        const rename = wanted === id ? `rename the file to ${id}.yaml` : `set id: ${wanted} and rename the file to ${wanted}.yaml`;
        return {
          ...record.yaml.locate(["id"]),
          code: "file-id-mismatch" as const,
          message: `id "${id}" differs from the file name "${record.stem}"`,
          hint: `${rename}, or set id: ${record.stem}`,
        };
      });
  },
};

/** "Ada Lovelace", "ada_lovelace", "AdaLovelace" -> "ada-lovelace". */
export function kebabCase(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
