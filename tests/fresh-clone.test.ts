/**
 * The repository as a new contributor gets it: the tracked files in a folder with no
 * ../shared beside it and no compiled validator. The tests that need ../shared are
 * skipped with their reason printed once, not failed; and the install step (`prepare`)
 * makes the validator package's bin work.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, tempDir } from "./helpers/project.ts";
import { sharedMissing } from "./helpers/shared.ts";

let clone: string;

/** The environment of a shell, without what this vitest run set for its own workers. */
function freshEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "CAI_REQUIRE_SHARED" || key === "NODE_ENV") delete env[key];
  return env;
}

beforeAll(() => {
  clone = join(tempDir(), "project");
  // Tracked and new files as they are now, which is what a commit of this tree would hold.
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  expect(listed.status).toBe(0);
  for (const path of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(join(REPO, path))) continue;
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    cpSync(join(REPO, path), join(clone, path), { verbatimSymlinks: true });
  }
  // What `npm ci` would install; shared rather than installed again.
  symlinkSync(join(REPO, "node_modules"), join(clone, "node_modules"), "dir");
});

describe("a fresh clone without ../shared", () => {
  it("skips the tests that need ../shared, each reason printed once in the summary, and passes", () => {
    const needsShared = "official Data Package v2 profile|official v2 profile|evidence against the source documents";
    const result = spawnSync(process.execPath, [join("node_modules", "vitest", "vitest.mjs"), "run", "tests/dataset.test.ts", "tests/build-outputs.test.ts", "tests/download-cli.test.ts", "-t", needsShared], {
      cwd: clone,
      env: freshEnv(),
      encoding: "utf8",
    });
    const reasons = result.stdout.split("\n").filter((line) => line.startsWith("skipped "));
    expect(reasons).toEqual([`skipped 2: ${sharedMissing("seeds")}`, `skipped 3: ${sharedMissing("specs/datapackage-2.0/datapackage.json")}`]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("has a working validator bin once the install step has run (each workspace's prepare, which npm ci runs, compiles its lib/)", () => {
    const validator = join(clone, "packages", "validator");
    expect(existsSync(join(validator, "lib"))).toBe(false);
    const prepare = spawnSync("npm", ["run", "prepare", "--workspaces"], { cwd: clone, env: freshEnv(), encoding: "utf8" });
    expect(prepare.status, prepare.stderr).toBe(0);
    const bin = spawnSync(process.execPath, [join(validator, "bin", "central-asia-integration-validate.js"), join(clone, "dist")], { cwd: clone, encoding: "utf8" });
    expect(bin.stderr).toBe("");
    expect(bin.stdout).toMatch(/^valid: /);
    expect(bin.status).toBe(0);
  });
});
