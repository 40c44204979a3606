/**
 * The version policy, enforced where a version is cut: `npm run release` refuses a version
 * step smaller than the changes need, and a published version whose data has changed.
 * The build only describes; a curator previews any edit without a version bump.
 */
import type { Changes } from "../published/changes.ts";
import { diffReleases, reasons } from "../published/diff.ts";
import type { ReleaseFiles } from "../published/files.ts";
import { BUMP_RANK, lowestVersion, type Version } from "../published/versions.ts";

export interface Refusal {
  message: string;
  /** Every change that decides the level, not only the first: the curator fixes them in one go. */
  reasons: string[];
  hint: string;
}

/** A release of `changes.to` (a version not yet published) described by the build's changes.json. */
export function stepRefusal(changes: Changes, diffCommand: string): Refusal | undefined {
  if (changes.from === null || changes.release === "initial" || BUMP_RANK[changes.required] <= BUMP_RANK[changes.release]) return undefined;
  return {
    message:
      `version ${changes.to} is a ${changes.release} release from ${changes.from}, but the changes need a ${changes.required} release; ` +
      `set "version" in package.json to ${lowestVersion(changes.from, changes.required)} or higher`,
    reasons: reasons(changes, changes.required),
    hint: `\`${diffCommand}\` lists every change`,
  };
}

/** A published version built again: its data must be what was published. */
export function republishRefusal(version: Version, published: ReleaseFiles, built: ReleaseFiles, diffCommand: string): Refusal | undefined {
  const since = diffReleases(published, built);
  if (since.required === "none") return undefined;
  return {
    message: `version ${version} is already published in releases/, and the data now differs from it; set "version" in package.json to ${lowestVersion(version, since.required)} or higher`,
    reasons: reasons(since, since.required),
    hint: `\`${diffCommand}\` lists every change`,
  };
}
