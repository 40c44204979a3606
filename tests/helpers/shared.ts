/**
 * The source documents and specifications in ../shared, beside the repository in CI
 * but not in a fresh clone. A test that needs them calls needsShared first: without
 * them it is skipped with a reason the summary prints once (tests/summary-reporter.ts),
 * so a new contributor sees why instead of a failure. CI sets CAI_REQUIRE_SHARED=1,
 * where a missing ../shared is a failure rather than a quiet skip.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./project.ts";

export const SHARED = join(REPO, "..", "shared");

export function sharedPath(what: string): string {
  return join(SHARED, what);
}

/** The reason a test needing ../shared/<what> is skipped. */
export function sharedMissing(what: string): string {
  return `../shared/${what} is not beside the repository (CI has it)`;
}

/** What needsShared uses of vitest's test context. */
interface Skippable {
  skip(note: string): void;
}

export function needsShared(context: Skippable, what: string, shared = SHARED): void {
  if (existsSync(join(shared, what))) return;
  if (process.env.CAI_REQUIRE_SHARED === "1") throw new Error(`${sharedMissing(what)}; CAI_REQUIRE_SHARED=1 requires it`);
  context.skip(sharedMissing(what));
}
