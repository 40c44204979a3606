/**
 * The layers of scripts/ (see .dependency-cruiser.cjs and docs/pipeline.md): imports go
 * down only, and no modules import each other in a circle; packages/ runs only compiled code. dependency-cruiser checks
 * the real tree, and a copy with one forbidden import added must fail, so that the rules
 * are known to bite.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, tempDir } from "./helpers/project.ts";

const CRUISER = join(REPO, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

function cruise(root: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [CRUISER, "scripts", "packages", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: root, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The scripts/ and packages/ trees and the files the rules read, copied, with `line` added to one module. */
function treeWith(file: string, line: string): string {
  const root = tempDir("cai-layers-");
  for (const name of ["scripts", "packages", ".dependency-cruiser.cjs", "tsconfig.json", "package.json"]) cpSync(join(REPO, name), join(root, name), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  appendFileSync(join(root, file), `\n${line}\n`);
  return root;
}

describe("the layers of scripts/ and packages/", () => {
  it("import downward only, with no circle", () => {
    const { status, output } = cruise(REPO);
    expect(output).toContain("no dependency violations found");
    expect(status).toBe(0);
  });

  it.each([
    ["contract/ importing the build", "scripts/contract/flatten.ts", 'import "../engine/model.ts";', "contract-is-the-bottom"],
    ["published/ importing the release validator", "scripts/published/versions.ts", 'import "../verify/report.ts";', "published-imports-only-contract"],
    ["the build importing the release validator", "scripts/engine/pipeline.ts", 'import "../verify/cli.ts";', "programs-do-not-import-each-other"],
    ["the release validator importing the build", "scripts/verify/cli.ts", 'import "../engine/model.ts";', "verify-imports-down-only"],
    ["the release tool importing the build", "scripts/release/command.ts", 'import "../engine/cli.ts";', "release-imports-down-only"],
    ["two modules importing each other", "scripts/published/versions.ts", 'import "./diff.ts";', "no-circular"],
    ["the validator package's bin importing TypeScript sources", "packages/validator/bin/central-asia-integration-validate.js", 'import "../../../scripts/verify/main.ts";', "packages-ship-compiled-code"],
  ])("fail on %s", (_, file, line, rule) => {
    const { status, output } = cruise(treeWith(file, line));
    expect(output).toContain(`error ${rule}:`);
    expect(status).not.toBe(0);
  });
});
