/**
 * Text on the source side: what may be written in a string (the `text` rule), what a CSV
 * cell may start with (the `formula` rule, applied to the cell as written), and cells
 * with line breaks (quoted, so every reader sees one row).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runValidateDownload } from "../scripts/verify/cli.ts";
import { build, validate } from "../scripts/engine/cli.ts";
import { csvText } from "../scripts/engine/emit/csv.ts";
import { isFormulaLike } from "../scripts/contract/formula-like.ts";
import { errorLines } from "./helpers/diagnostic-lines.ts";
import { copyFixture, run, writeIn } from "./helpers/project.ts";

const ADA = "sources/people/ada.yaml";
const EVIDENCE = 'evidence:\n  - source: report\n    quote: "Ada Lovelace leads the Circle"\n';

/** Validates the fixture project with Ada's record written as given (lines after `id: ada`). */
async function validateAda(lines: string) {
  const root = copyFixture();
  writeIn(root, ADA, `id: ada\n${lines}\n${EVIDENCE}`);
  return run(validate, ["--root", root]);
}

describe("isFormulaLike: the text of a cell as a spreadsheet would read it", () => {
  it.each([
    ["=1+1"], ["+A1"], ["-x"], ["@SUM(A1)"], ["\t1"], ["\r=1"],
    ["-1;2"],
    [" =1+1"], ["\u00a0=1+1"], ["\u3000+A1"], ["\n=1+1"],
    ["\u200b=1+1"], ["\u200d@x"], ["\u2060-x"], ["\ufeff+A1"], [" \u200b\u00a0=1"],
    ["\uff1d1+1"], ["\uff0bA1"], ["\uff0dx"], ["\uff20SUM(A1)"],
  ])("rejects %j", (text) => {
    expect(isFormulaLike(text)).toBe(true);
  });

  it.each([["Ada"], [""], ["  "], ["a=1"], ["5-3"], ["-5"], ["+1"], ["+1.5"], ["-.5e3"], ["\uff0b1"], [" -5"], ["\uff0d5"], ["Bo;=1"]])("accepts %j", (text) => {
    expect(isFormulaLike(text)).toBe(false);
  });
});

describe("the formula rule checks each CSV cell as written", () => {
  it("a list whose joined cell starts like a formula, though no item alone does", async () => {
    const result = await validateAda('name: Ada\naliases: ["-5", "Bo"]');
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([`${ADA}:3:11 error[formula]`]);
    expect(result.stderr).toContain('"-5;Bo"');
  });

  it("a later list item that starts like a formula, since readers split the cell on ';'", async () => {
    const result = await validateAda('name: Ada\naliases: ["Bo", "@SUM(A1)"]');
    expect(errorLines(result.stderr)).toEqual([`${ADA}:3:17 error[formula]`]);
  });

  it.each([
    ["a zero-width space", '"\\u200B=1+1"'],
    ["a no-break space", '"\\u00A0=1+1"'],
    ["a byte order mark", '"\\uFEFF+A1"'],
    ["a fullwidth equals sign", '"\uff1d1+1"'],
  ])("a formula behind %s", async (_, written) => {
    const result = await validateAda(`name: ${written}`);
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toContain(`${ADA}:2:7 error[formula]`);
    expect(result.stderr).toContain("would run as a formula");
  });
});

describe("the text rule rejects what no reader can round-trip", () => {
  it.each([
    ["a carriage return", '"Abdulaziz Komilov\\r=1+1"', "U+000D"],
    ["a lone surrogate", '"Abdul\\ud800aziz"', "U+D800"],
    ["NUL", '"Ada\\0"', "U+0000"],
    ["ESC", '"Ada\\e[31m"', "U+001B"],
    ["BEL", '"Ada\\a"', "U+0007"],
    ["DEL", '"Ada\\x7F"', "U+007F"],
    ["a C1 control", '"Ada\\x9B"', "U+009B"],
    ["a right-to-left override", '"Ada \\u202Eecalevol"', "U+202E"],
    ["a directional isolate", '"Ada \\u2066x\\u2069"', "U+2066"],
    ["a byte order mark inside the text", '"Ada\\uFEFFLovelace"', "U+FEFF"],
    ["a noncharacter", '"Ada\\uFFFE"', "U+FFFE"],
    ["a noncharacter beyond the BMP", '"Ada\\U0001FFFF"', "U+1FFFF"],
    ["a noncharacter of the FDD0 block", '"Ada\\uFDD0"', "U+FDD0"],
    ["text not in NFC", '"Ame\\u0301lie"', "U+00E9"],
  ])("%s", async (_, written, named) => {
    const result = await validateAda(`name: ${written}`);
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([`${ADA}:2:7 error[text]`]);
    expect(result.stderr).toContain(named);
  });

  it("names the character's position in the text", async () => {
    const result = await validateAda('name: "Ada \\u202Eecalevol"');
    expect(result.stderr).toContain("U+202E RIGHT-TO-LEFT OVERRIDE at character 5");
  });

  it("two spellings of one name in a list: the one not in NFC is reported", async () => {
    const result = await validateAda('name: Ada\naliases: ["Am\\u00E9lie", "Ame\\u0301lie"]');
    expect(errorLines(result.stderr)).toEqual([`${ADA}:3:26 error[text]`]);
  });

  it("checks the strings of _tombstones.yaml too", async () => {
    const root = copyFixture();
    writeIn(root, "sources/people/_tombstones.yaml", '- id: carl\n  status: removed\n  reason: "Not \\u202Enamed"\n');
    const result = await run(validate, ["--root", root]);
    expect(errorLines(result.stderr)).toEqual(["sources/people/_tombstones.yaml:3:11 error[text]"]);
  });

  it("allows line feeds, tabs inside text, any script, emoji, and directional marks", async () => {
    const result = await validateAda('name: "Ada\\tLovelace \u0410\u0434\u0430 \ud83d\udc4b \u0645\u200f \u0642\u0307"\naliases:\n  - |\n    Ada\n    Lovelace');
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("CSV cells holding line breaks", () => {
  it("are quoted, so that a lone CR or LF never ends a row", () => {
    const text = csvText([["id", "name"], ["a", "x\ry"], ["b", "x\ny"], ["c", "x\r\ny"]]);
    expect(text).toBe('id,name\r\na,"x\ry"\r\nb,"x\ny"\r\nc,"x\r\ny"\r\n');
    expect(parse(text, { relax_column_count: false })).toEqual([["id", "name"], ["a", "x\ry"], ["b", "x\ny"], ["c", "x\r\ny"]]);
  });

  it("a multi-line value builds into a release that the release validator accepts", async () => {
    const root = copyFixture();
    writeIn(root, ADA, `id: ada\nname: |-\n  Ada\n  =Lovelace\n${EVIDENCE}`);
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(readFileSync(join(root, "dist", "csv", "people.csv"), "utf8")).toContain('"Ada\n=Lovelace"');
    const checked = await run(runValidateDownload, [join(root, "dist")]);
    expect(checked.stdout + checked.stderr).not.toMatch(/\[[a-z-]+\] field/);
    expect(checked.status).toBe(0);
  });
});
