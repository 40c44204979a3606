/**
 * Property tests of text through the CSV: (a) any value the text and formula rules let
 * through comes back from a standard CSV reader exactly as written, one row, no cell
 * starting like a formula; (b) any value written into a record either stops the build
 * with located errors or builds a release that our own release validator accepts, with
 * the value published as written.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateDownload } from "../scripts/verify/cli.ts";
import { build } from "../scripts/engine/cli.ts";
import { csvText } from "../scripts/engine/emit/csv.ts";
import { cellText } from "../scripts/contract/flatten.ts";
import { isFormulaLike } from "../scripts/contract/formula-like.ts";
import { LIST_SEPARATOR } from "../scripts/contract/flatten.ts";
import { textProblem } from "../scripts/engine/rules/text.ts";
import { arbitraryText, cellValue, propertyConfig } from "./helpers/arbitrary-text.ts";
import { everyProblemLocated } from "./helpers/diagnostic-lines.ts";
import { copyFixture, run, writeIn } from "./helpers/project.ts";
import { yamlEscaped } from "./helpers/arbitrary-yaml.ts";

/** What validation lets through to the CSV writer: the text rule, the formula rule, the list separator. */
function publishable(value: string, inList: boolean): boolean {
  return textProblem(value) === undefined && !isFormulaLike(value) && !(inList && value.includes(LIST_SEPARATOR));
}

describe("(a) the CSV writer and a standard reader", () => {
  it("give back every publishable value as written, in one row, with no formula-like cell", () => {
    let checked = 0;
    fc.assert(
      fc.property(cellValue, arbitraryText(), cellValue, (scalar, first, second) => {
        const list = [first, second];
        fc.pre(publishable(scalar, false) && list.every((item) => publishable(item, true)) && !isFormulaLike(cellText(list)));
        const rows = [["id", "name", "aliases"], ["a", scalar, cellText(list)]];
        // Through bytes, as a reader gets them (UTF-8 is where a lone surrogate would break), and
        // ending rows at CR, LF or CRLF outside quotes, as Python's csv and LibreOffice do.
        const read = parse(Buffer.from(csvText(rows), "utf8"), { encoding: "utf8", bom: false, record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
        expect(read).toEqual(rows);
        expect(read.flat().filter(isFormulaLike)).toEqual([]);
        expect(read[1]![2]!.split(LIST_SEPARATOR)).toEqual(list);
        checked++;
      }),
      propertyConfig(400),
    );
    expect(checked).toBe(400);
  });
});

/** A YAML double-quoted scalar: escaped code point by code point, or JSON-style with the rest raw. */
function yamlQuoted(value: string, escapeAll: boolean): string {
  return escapeAll ? yamlEscaped(value) : JSON.stringify(value);
}

describe("(b) the whole build, then the release validator", () => {
  it("stops with located errors or publishes a release our validator accepts, holding the values as written", async () => {
    const outcomes = { refused: 0, published: 0 };
    await fc.assert(
      fc.asyncProperty(cellValue, cellValue, cellValue, fc.boolean(), async (name, first, second, escapeAll) => {
        const root = copyFixture();
        const aliases = `[${yamlQuoted(first, escapeAll)}, ${yamlQuoted(second, escapeAll)}]`;
        writeIn(root, "sources/people/ada.yaml", `id: ada\nname: ${yamlQuoted(name, escapeAll)}\naliases: ${aliases}\nevidence:\n  - source: report\n    quote: "Ada Lovelace leads the Circle"\n`);
        const built = await run(build, ["--root", root]);
        expect(built.stderr, "no stack trace").not.toMatch(/^\s+at /m);
        if (built.status === 1) {
          expect(everyProblemLocated(built.stderr), built.stderr).toBe(true);
          expect(existsSync(join(root, "dist"))).toBe(false);
          outcomes.refused++;
          return;
        }
        expect(built.status, built.stderr).toBe(0);
        const checked = await run((argv, io) => validateDownload(argv[0]!, { format: "human" }, io), [join(root, "dist")]);
        expect(checked.status, checked.stdout).toBe(0);
        const people = JSON.parse(readFileSync(join(root, "dist", "json", "people.json"), "utf8")) as { id: string; name: string; aliases: string[] }[];
        const ada = people.find((p) => p.id === "ada")!;
        expect([ada.name, ...ada.aliases]).toEqual([name, first, second]);
        outcomes.published++;
      }),
      propertyConfig(150),
    );
    // Both branches must have been taken, or the property says little.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.published).toBeGreaterThan(0);
  });
});
