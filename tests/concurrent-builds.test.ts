/**
 * Two real build processes writing the same dist/ at once, repeated: each time both
 * finish and dist/ is one complete tree, byte-identical to a build on its own.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, REPO, run, snapshot } from "./helpers/project.ts";

const ROUNDS = 6;

function buildProcess(root: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "scripts", "build.ts"), "--root", root], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

describe("concurrency", () => {
  it(`two builds at once, repeated ${ROUNDS} times, always leave one complete dist/`, async () => {
    const reference = copyFixture();
    expect((await run(build, ["--root", reference])).status).toBe(0);
    const expected = snapshot(join(reference, "dist"));

    const root = copyFixture();
    for (let round = 1; round <= ROUNDS; round++) {
      const results = await Promise.all([buildProcess(root), buildProcess(root)]);
      expect(results, `round ${round}`).toEqual([
        { status: 0, stderr: "" },
        { status: 0, stderr: "" },
      ]);
      expect(snapshot(join(root, "dist")), `round ${round}`).toEqual(expected);
      expect(readdirSync(root).filter((name) => name.startsWith(".dist")), `round ${round}`).toEqual([]);
    }
  });
});
