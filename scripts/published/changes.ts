/**
 * `changes.json`, published in every release: what it changes against the release before
 * it. The build writes it and the release tool and changelog read it, so its shape lives
 * here, below both.
 */
import type { ReleaseDiff } from "./diff.ts";
import type { Bump } from "./versions.ts";

export const CHANGES_JSON = "changes.json";

/** The pre-release tag of a build whose data is not published yet: `1.3.0-dev`. */
export const DEV_TAG = "dev";

export interface Changes extends ReleaseDiff {
  name: string;
  /** The kind of step from `from` to `to`, or "initial" when nothing was released before. */
  release: Exclude<Bump, "none"> | "initial";
  /** Present, and true, when the build is not a published release: `to` is then `<next>-dev`. */
  unreleased?: true;
}
