/**
 * The date a version was released, as CHANGELOG.md records it (`## [1.2.4] - 2024-05-02`):
 * the one committed place a release date lives, so that a rebuild of a published version
 * states the same date without a clock.
 */
export const CHANGELOG_FILE = "CHANGELOG.md";

/** A version's heading: `## [<version>] - <date>`, the date absent while it is not released. */
export const CHANGELOG_SECTION = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?[ \t]*$/;

export function recordedReleaseDate(changelog: string | undefined, version: string): string | undefined {
  if (changelog === undefined) return undefined;
  for (const line of changelog.split(/\r?\n/)) {
    const match = CHANGELOG_SECTION.exec(line);
    if (match && match[1] === version) return match[2];
  }
  return undefined;
}
