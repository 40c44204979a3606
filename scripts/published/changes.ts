/**
 * `changes.json`, published in every release: what it changes against the release before
 * it. The build writes it and the release tool and changelog read it, so its shape lives
 * here, below both.
 */
import type { ReleaseDiff } from "./diff.ts";
import type { Bump } from "./versions.ts";

export const CHANGES_JSON = "changes.json";

export interface Changes extends ReleaseDiff {
  name: string;
  /** The kind of step from `from` to `to`, or "initial" when nothing was released before. */
  release: Exclude<Bump, "none"> | "initial";
}
