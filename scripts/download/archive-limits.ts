/** What both archive readers share: their failure types and the size they refuse to exceed. */

/** A zip bomb must not fill the downloader's disk: a release is a few megabytes, this is generous. */
export const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;

export interface ArchiveEntryProblem {
  entry: string;
  reason: string;
}

/** The archive cannot be read at all (corrupt, truncated, not the format its name says). */
export class UnreadableArchive extends Error {}
