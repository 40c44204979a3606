import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../records.ts";
import type { LocatedTombstone } from "../tombstones.ts";
import { text } from "./text.ts";
import { record, tombstoneFile } from "./test-records.ts";

const check = (records: SourceRecord[], tombstones: LocatedTombstone[] = []) => text.check({ records, tombstones });

describe("text", () => {
  it("passes NFC text with line feeds, tabs, a paired surrogate and directional marks", () => {
    const ada = record("people", "ada", { id: "ada", note: "Ada\tLovelace\nwrote 😀 \u200e", aliases: ["Äda"] });
    expect(check([ada], tombstoneFile("people", [{ id: "old", status: "removed", reason: "a duplicate" }]))).toEqual([]);
  });

  it.each([
    ["a carriage return", "a\rb", "U+000D CARRIAGE RETURN at character 2", "\\r"],
    ["a control character", "a\u001bb", "U+001B ESCAPE at character 2", "only a line feed"],
    ["a lone surrogate", "ab\ud800", "U+D800 at character 3", "whole character"],
    ["a directional override", "\u202eab", "U+202E RIGHT-TO-LEFT OVERRIDE at character 1", "U+200E"],
    ["a byte order mark", "a\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at character 2", "WORD JOINER"],
    ["a noncharacter", "a\ufdd0", "U+FDD0 at character 2", "remove it"],
  ])("reports %s in a record, at the string", (_, value, message, hint) => {
    const ada = record("people", "ada", { id: "ada", roles: [{ title: value }] });
    expect(check([ada])).toEqual([
      { ...ada.yaml.locate(["roles", 0, "title"]), code: "text", message: expect.stringContaining(message), hint: expect.stringContaining(hint) },
    ]);
  });

  it("reports text not in NFC, naming the stretch and its NFC spelling", () => {
    const ada = record("people", "ada", { id: "ada", aliases: ["Bo", "Ade\u0301le"] });
    expect(check([ada])).toEqual([
      {
        ...ada.yaml.locate(["aliases", 1]),
        code: "text",
        message: "text is not in Unicode normalization form NFC: U+0065 U+0301 at character 3 is U+00E9 in NFC",
        hint: expect.stringContaining('write "é" there'),
      },
    ]);
  });

  it("reports a tombstone's text at its entry in _tombstones.yaml", () => {
    const list = tombstoneFile("people", [
      { id: "old", status: "removed", reason: "fine" },
      { id: "older", status: "removed", reason: "merged\u0007" },
    ]);
    expect(check([], list)).toEqual([
      { ...list[1]!.yaml.locate([1, "reason"]), code: "text", message: expect.stringContaining("U+0007 BELL"), hint: expect.any(String) },
    ]);
  });
});
