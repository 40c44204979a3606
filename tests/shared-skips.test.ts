/** Tests that need ../shared, or Chromium, skip with their reason when it is absent, and fail when CI requires it. */
import { afterEach, describe, expect, it } from "vitest";
import { needsShared, sharedMissing } from "./helpers/shared.ts";
import { chromiumMissing, needsChromium } from "./helpers/browser.ts";
import { tempDir } from "./helpers/project.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

function context() {
  const notes: string[] = [];
  return { notes, skip: (note: string) => void notes.push(note) };
}

const saved = { CAI_REQUIRE_SHARED: process.env.CAI_REQUIRE_SHARED, CAI_REQUIRE_CHROMIUM: process.env.CAI_REQUIRE_CHROMIUM };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("needsShared", () => {
  it("skips with the reason when ../shared/<what> is absent", () => {
    delete process.env.CAI_REQUIRE_SHARED;
    const ctx = context();
    needsShared(ctx, "seeds", tempDir());
    expect(ctx.notes).toEqual(["../shared/seeds is not beside the repository (CI has it)"]);
  });

  it("lets the test run when it is there", () => {
    const shared = tempDir();
    mkdirSync(join(shared, "seeds"));
    const ctx = context();
    needsShared(ctx, "seeds", shared);
    expect(ctx.notes).toEqual([]);
  });

  it("fails instead of skipping when CAI_REQUIRE_SHARED=1 (as in CI)", () => {
    process.env.CAI_REQUIRE_SHARED = "1";
    expect(() => needsShared(context(), "seeds", tempDir())).toThrow(`${sharedMissing("seeds")}; CAI_REQUIRE_SHARED=1 requires it`);
  });
});

describe("needsChromium", () => {
  it("skips with the reason, naming the command that installs it, when Chromium is absent", () => {
    delete process.env.CAI_REQUIRE_CHROMIUM;
    const ctx = context();
    const path = join(tempDir(), "chromium");
    needsChromium(ctx, path);
    expect(ctx.notes).toEqual([`Chromium is not at ${path} (install it with \`apt-get update && apt-get install -y chromium\`, or set CHROMIUM_PATH)`]);
  });

  it("fails instead of skipping when CAI_REQUIRE_CHROMIUM=1 (as in CI)", () => {
    process.env.CAI_REQUIRE_CHROMIUM = "1";
    const path = join(tempDir(), "chromium");
    expect(() => needsChromium(context(), path)).toThrow(`${chromiumMissing(path)}; CAI_REQUIRE_CHROMIUM=1 requires it`);
  });
});
