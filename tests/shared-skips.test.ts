/** Tests that need ../shared skip with their reason when it is absent, and fail when CI requires it. */
import { afterEach, describe, expect, it } from "vitest";
import { needsShared, sharedMissing } from "./helpers/shared.ts";
import { tempDir } from "./helpers/project.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

function context() {
  const notes: string[] = [];
  return { notes, skip: (note: string) => void notes.push(note) };
}

const saved = process.env.CAI_REQUIRE_SHARED;
afterEach(() => {
  if (saved === undefined) delete process.env.CAI_REQUIRE_SHARED;
  else process.env.CAI_REQUIRE_SHARED = saved;
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
