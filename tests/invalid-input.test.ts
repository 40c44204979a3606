/**
 * Bad input: one fixture tree per class of error in tests/fixtures/invalid/<case>/. Each
 * case is the fixture project with the files of its `overlay/` written over it (and the
 * files its case.json lists under `remove` taken away); case.json lists every problem
 * expected, as printed (`<file>:<line>:<col> error[<code>]`), and a fragment of the
 * message or hint that tells the curator how to fix it. Each case asserts the exact
 * problems, the exit status, and that nothing on disk changed.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, validate } from "../scripts/engine/cli.ts";
import { CODES } from "../scripts/contract/diagnostics.ts";
import { copyFixture, removeIn, REPO, run, snapshot, writeIn } from "./helpers/project.ts";

interface Case {
  name: string;
  /** Paths to remove from the project, relative to its root. */
  remove?: string[];
  /** Check quotes and hashes against the fixture project's documents/. */
  documents?: boolean;
  expected: string[];
  mentions?: string;
}

const INVALID = join(REPO, "tests", "fixtures", "invalid");
const CASES = readdirSync(INVALID)
  .sort()
  .map((dir) => ({ dir, ...(JSON.parse(readFileSync(join(INVALID, dir, "case.json"), "utf8")) as Case) }));

const ADA = "sources/people/ada.yaml";
const evidence = '\nevidence:\n  - source: report\n    quote: "Ada Lovelace leads the Circle"\n';

it("has a fixture tree for every class of error the engine reports on curated input", () => {
  const codes = new Set(CASES.flatMap((c) => c.expected.map((line) => /error\[([a-z-]+)\]/.exec(line)![1])));
  // `version` concerns package.json against releases/, tested in version-policy.test.ts;
  // `symlink` needs links, which the tests make themselves (source-hardening.test.ts)
  // since a fixture tree copied on any platform cannot be trusted to keep one.
  expect([...Object.keys(CODES)].filter((code) => code !== "version" && code !== "symlink" && !codes.has(code))).toEqual([]);
});

describe.each(CASES)("$name", (testCase) => {
  it.each([
    ["build", build],
    ["validate", validate],
  ] as const)("%s reports it where it is and changes nothing on disk", async (_, command) => {
    const root = copyFixture();
    const args = testCase.documents ? ["--documents", join(root, "documents")] : [];
    expect((await run(build, ["--root", root, ...args])).status).toBe(0);
    const overlay = join(INVALID, testCase.dir, "overlay");
    if (existsSync(overlay)) cpSync(overlay, root, { recursive: true });
    for (const path of testCase.remove ?? []) removeIn(root, path);
    const before = snapshot(root);

    const result = await run(command, ["--root", root, ...args]);

    expect(result.status).toBe(1);
    const printed = result.stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"));
    expect(printed).toEqual(testCase.expected);
    if (testCase.mentions) expect(result.stderr).toContain(testCase.mentions);
    expect(result.stdout).toBe("");
    expect(result.stderr, "no stack trace").not.toMatch(/^\s+at /m);
    expect(snapshot(root)).toEqual(before);
  });
});

describe("one run", () => {
  it("reports every problem in every file, then counts them per code", async () => {
    const root = copyFixture();
    writeIn(root, ADA, `id: ada\nname: 1815\nrole: chair${evidence}`);
    writeIn(root, "sources/groups/square.yaml", `id: square\nname: Square\npartners: [triangle]${evidence}`);
    writeIn(root, "sources/people/bo.yaml", "id: bo\nname: [Bo\n");
    const result = await run(validate, ["--root", root]);
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"))).toEqual([
      "sources/groups/square.yaml:3:12 error[dangling-reference]",
      `${ADA}:2:7 error[schema]`,
      `${ADA}:3:7 error[schema]`,
      "sources/people/bo.yaml:3:1 error[yaml-syntax]",
    ]);
    expect(result.stderr.split("\n").at(-1)).toBe("4 problems in 3 files (dangling-reference 1, schema 2, yaml-syntax 1)");
  });
});
