/**
 * Every command the documentation shows is run: the ```sh blocks of each file, in order,
 * in a copy of the repository of its own with its dependencies installed offline, each
 * expected to exit 0 (or the status its `<!-- exits n -->` comment names). A block marked
 * `<!-- not run: reason -->` is skipped and the reason is checked to be there.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentationFiles, shellBlocks } from "./helpers/doc-blocks.ts";
import { REPO, tempDir } from "./helpers/project.ts";
import { needsShared, SHARED } from "./helpers/shared.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * The files git would check out, as they are in the working tree, plus an offline
 * `npm ci`; ../shared beside it when it is beside this repository, as in CI.
 */
function copyOfRepository(): string {
  const outer = tempDir("cai-docs-");
  const dir = join(outer, "repository");
  if (existsSync(SHARED)) symlinkSync(SHARED, join(outer, "shared"), "dir");
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  expect(listed.status, listed.stderr).toBe(0);
  for (const path of listed.stdout.split("\0").filter(Boolean)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(REPO, path), join(dir, path), { verbatimSymlinks: true });
  }
  const install = spawnSync(NPM, ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  expect(install.status, install.stderr).toBe(0);
  return dir;
}

const files = documentationFiles(REPO).map((file) => ({ file, blocks: shellBlocks(REPO, file) }));

describe("the documentation's shell blocks", () => {
  it("are each either run or marked as not run with a reason, and none holds a <placeholder> it would run", () => {
    const all = files.flatMap(({ blocks }) => blocks);
    expect(all.length).toBeGreaterThan(0);
    for (const block of all.filter((b) => !b.notRun)) expect(block.code, `${block.file}:${block.line}`).not.toMatch(/<[a-z][a-z -]*>/);
  });
});

describe.each(files.filter(({ blocks }) => blocks.some((block) => !block.notRun)))("$file", ({ blocks }) => {
  let dir: string | undefined;
  for (const block of blocks.filter((candidate) => !candidate.notRun)) {
    it(`line ${block.line}: ${block.code.split("\n")[0]}`, (context) => {
      if (block.needsDocuments) needsShared(context, "seeds");
      dir ??= copyOfRepository();
      // INIT_CWD and npm's own variables would point the commands at this repository.
      const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "INIT_CWD" && !key.startsWith("npm_")));
      const result = spawnSync("bash", ["-e", "-o", "pipefail", "-c", block.code], { cwd: dir, encoding: "utf8", env });
      expect(result.status, `${block.file}:${block.line}\n${result.stdout}\n${result.stderr}`).toBe(block.exits);
    }, 180_000);
  }
});
