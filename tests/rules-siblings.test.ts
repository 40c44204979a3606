/**
 * Every lint rule listed in scripts/engine/rules/index.ts has its unit test beside it
 * (`rules/<name>.test.ts`), which calls the rule's check on in-memory records; the
 * fixture trees under tests/fixtures/invalid/ stay the end-to-end tests.
 */
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../scripts/engine/rules/index.ts";
import { REPO, tempDir } from "./helpers/project.ts";

const RULES_FOLDER = join(REPO, "scripts", "engine", "rules");

/** The modules index.ts takes a rule from: its value imports (rule.ts gives only types). */
function ruleModules(folder: string): string[] {
  const index = readFileSync(join(folder, "index.ts"), "utf8");
  return [...index.matchAll(/^import (?!type\b)[^;]*? from "\.\/([^"]+)\.ts";$/gm)].map((match) => match[1]!);
}

function withoutSiblingTest(folder: string): string[] {
  return ruleModules(folder).filter((name) => !existsSync(join(folder, `${name}.test.ts`)));
}

describe("a unit test beside every lint rule", () => {
  it("finds one rule module for each entry of RULES", () => {
    expect(ruleModules(RULES_FOLDER)).toHaveLength(RULES.length);
  });

  it("has rules/<name>.test.ts for every rule module", () => {
    expect(withoutSiblingTest(RULES_FOLDER)).toEqual([]);
  });

  it("names a rule whose test is missing", () => {
    const copy = tempDir("cai-rules-");
    cpSync(RULES_FOLDER, copy, { recursive: true });
    rmSync(join(copy, "formula.test.ts"));
    expect(withoutSiblingTest(copy)).toEqual(["formula"]);
  });
});
