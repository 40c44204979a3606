/**
 * Each test run works in a temporary folder of its own (tests/setup/private-tmpdir.ts),
 * so checks that a command left nothing in the temporary folder see only this run's
 * folders, not those of whatever else runs on the machine at the same time.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { PRIVATE_TMPDIR_PREFIX } from "./setup/private-tmpdir.ts";
import { tempDir } from "./helpers/project.ts";

describe("the test run's temporary folder", () => {
  it("is a private folder made for this run, not the machine-wide one", () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${PRIVATE_TMPDIR_PREFIX}`));
    expect(existsSync(tmpdir())).toBe(true);
    expect(dirname(tempDir())).toBe(tmpdir());
  });

  it("is inherited by the commands tests run as child processes", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(require('node:os').tmpdir())"], { encoding: "utf8" });
    expect(basename(child.stdout)).toMatch(new RegExp(`^${PRIVATE_TMPDIR_PREFIX}`));
    expect(child.stdout).toBe(tmpdir());
  });
});
