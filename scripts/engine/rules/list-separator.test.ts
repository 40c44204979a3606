import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../records.ts";
import { listSeparator } from "./list-separator.ts";
import { record } from "./test-records.ts";

const check = (...records: SourceRecord[]) => listSeparator.check({ records, tombstones: [] });

describe("list-separator", () => {
  it("passes list items without ';', and a ';' in text that is not a list item", () => {
    expect(check(record("people", "ada", { id: "ada", note: "one; two", aliases: ["Ada", "A. L."] }))).toEqual([]);
  });

  it("reports a list item holding ';', at that item, also inside a list of objects", () => {
    const ada = record("people", "ada", { id: "ada", aliases: ["Ada", "A;L"], roles: [{ titles: ["chair;host"] }] });
    expect(check(ada)).toEqual(
      [["aliases", 1], ["roles", 0, "titles", 0]].map((path) => ({
        ...ada.yaml.locate(path),
        code: "list-separator",
        message: 'a list item contains ";", which separates list items in the CSV files',
        hint: "split it into two items, or use a comma",
      })),
    );
  });
});
