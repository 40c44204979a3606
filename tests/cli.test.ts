/** The npm scripts as a user runs them: real processes, real exit status, real streams. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, REPO, snapshot, writeIn } from "./helpers/project.ts";

function script(name: string, args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "scripts", `${name}.ts`), ...args], {
    cwd: REPO,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("command line", () => {
  it("build prints its summary on stdout and exits 0", () => {
    const root = copyFixture();
    const result = script("build", ["--root", root]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^3 tables, 5 records -> \d+ files\nunreleased: nothing is released yet; built as 1\.2\.3-dev .*\n$/);
    expect(result.status).toBe(0);
  });

  it("validate prints located errors on stderr and exits 1, leaving dist/ alone", () => {
    const root = copyFixture();
    expect(script("build", ["--root", root]).status).toBe(0);
    const before = snapshot(join(root, "dist"));
    writeIn(root, "sources/people/bo.yaml", "id: bo\nname: [Bo\n");
    for (const command of ["validate", "build"]) {
      const result = script(command, ["--root", root]);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^sources\/people\/bo\.yaml:\d+:\d+ error\[yaml-syntax\]: /m);
      expect(result.stderr).toMatch(/1 problem in 1 file \(yaml-syntax 1\)\n/);
    }
    expect(snapshot(join(root, "dist"))).toEqual(before);
  });

  it("exits 2 on a usage error", () => {
    const result = script("validate", ["--no-such-option"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run validate");
  });
});
