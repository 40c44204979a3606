/**
 * Numbers as written in curated YAML: a number is published only when the value JSON
 * carries is the number the curator wrote.
 */
import { describe, expect, it } from "vitest";
import { validate } from "../scripts/engine/cli.ts";
import { errorLines } from "./helpers/diagnostic-lines.ts";
import { copyFixture, run, writeIn } from "./helpers/project.ts";

const CIRCLE = "sources/groups/circle.yaml";

async function validateSize(written: string) {
  const root = copyFixture();
  writeIn(root, CIRCLE, `id: circle\nname: Circle\nsize: ${written}\npartners: [square]\nevidence:\n  - source: report\n    quote: "the Circle, a group of 12 \u201creaders\u201d"\n`);
  return run(validate, ["--root", root]);
}

describe("numbers YAML would read differently from how they are written", () => {
  it.each([
    [".inf", "infinity"],
    ["-.inf", "infinity"],
    [".nan", "NaN"],
    ["1e400", "infinity"],
    ["9007199254740993", "9007199254740992"],
    ["-9007199254740993", "2^53"],
    ["9007199254740994", "2^53"],
    ["0x1F", "hexadecimal"],
    ["0o17", "octal"],
    ["0755", "leading zero"],
    ["3.141592653589793238", "3.141592653589793"],
    ["1e-400", "as 0"],
  ])("%s is refused, saying why", async (written, why) => {
    const result = await validateSize(written);
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([`${CIRCLE}:3:7 error[number]`]);
    expect(result.stderr).toContain(why);
    expect(result.stderr).not.toContain("must be number");
  });

  it("a hex number's hint gives its decimal spelling", async () => {
    expect((await validateSize("0x1F")).stderr).toContain("31");
  });

  it("an integer too large for a double suggests a string when it is an identifier", async () => {
    expect((await validateSize("9007199254740993")).stderr).toMatch(/hint: .*string/);
  });

  it.each([["12"], ["0"], ["1.5"], ["0.1"], ["1.10"], ["1.5e3"], ["+7"], ["9007199254740991"], ["1e21"], ["0.000001"]])("%s is published as written", async (written) => {
    const result = await validateSize(written);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
