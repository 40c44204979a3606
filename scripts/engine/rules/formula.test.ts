import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../records.ts";
import { formula } from "./formula.ts";
import { record } from "./test-records.ts";

const check = (...records: SourceRecord[]) => formula.check({ records, tombstones: [] });

describe("formula", () => {
  it("passes text and lists that do not start like a formula, signed numbers included", () => {
    expect(check(record("people", "ada", { id: "ada", name: "Ada", score: "-5", aliases: ["Bo", "+1"], roles: [{ title: "a=b" }] }))).toEqual([]);
  });

  it("reports a string starting like a formula, at that string, also inside a list of objects", () => {
    const ada = record("people", "ada", { id: "ada", roles: [{ title: "=1+1" }] });
    expect(check(ada)).toEqual([
      {
        ...ada.yaml.locate(["roles", 0, "title"]),
        code: "formula",
        message: 'text starting with "=" (U+003D) would run as a formula in a spreadsheet',
        hint: expect.stringContaining("reword the value"),
      },
    ]);
  });

  it("names the invisible characters before the sign a spreadsheet skips", () => {
    const ada = record("people", "ada", { id: "ada", name: "\u200b\u00a0@SUM(A1)" });
    expect(check(ada)).toEqual([
      expect.objectContaining({ ...ada.yaml.locate(["name"]), code: "formula", message: expect.stringContaining('"@" (U+0040) after 2 blank or invisible character(s)') }),
    ]);
  });

  it("reports the joined cell of a list whose first item makes it start like a formula, at the first item", () => {
    const ada = record("people", "ada", { id: "ada", aliases: ["-5", "Bo"] });
    expect(check(ada)).toEqual([
      {
        ...ada.yaml.locate(["aliases", 0]),
        code: "formula",
        message: 'the CSV cell "-5;Bo" (the list joined by ";") starting with "-" (U+002D) would run as a formula in a spreadsheet',
        hint: expect.stringContaining("put an item first"),
      },
    ]);
  });

  it("reports a later list item on its own, since readers split the cell on ';'", () => {
    const ada = record("people", "ada", { id: "ada", aliases: ["Bo", "@SUM(A1)"] });
    expect(check(ada)).toEqual([
      expect.objectContaining({ ...ada.yaml.locate(["aliases", 1]), code: "formula", message: expect.stringMatching(/^text starting with "@"/) }),
    ]);
  });
});
