import { LIST_SEPARATOR } from "../../contract/flatten.ts";
import type { Rule } from "./rule.ts";
import { strings } from "./rule.ts";

export const listSeparator: Rule = {
  name: "list-separator",
  perRecord: true,
  codes: ["list-separator"],
  check({ records }) {
    return records.flatMap((record) =>
      [...strings(record.data)]
        .filter(({ text, inList }) => inList && text.includes(LIST_SEPARATOR))
        .map(({ path }) => ({
          ...record.yaml.locate(path),
          code: "list-separator" as const,
          message: `a list item contains "${LIST_SEPARATOR}", which separates list items in the CSV files`,
          hint: "split it into two items, or use a comma",
        })),
    );
  },
};
