/**
 * The releases stage of the build: the published releases in releases/ that this build is
 * compared with, read once before anything is emitted, so that the emitters stay pure and
 * a damaged archive is reported like any other problem of the project.
 *
 * Only committed files are read (package.json, releases/), never git history or the
 * clock, so a fresh clone builds the same bytes.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../contract/diagnostics.ts";
import type { ProjectMeta } from "../contract/project-meta.ts";
import { loadRelease, type ReleaseFiles } from "../published/files.ts";
import { CHANGELOG_FILE, recordedReleaseDate } from "../published/release-dates.ts";
import { compareVersions, parseVersion, publishedReleases, readSums, RELEASES_DIR, type PublishedRelease, type Version } from "../published/versions.ts";

export interface PublishedData {
  version: Version;
  files: ReleaseFiles;
}

export interface ReleaseHistory {
  /** package.json's version, read from releases/ when it is published there. */
  current?: PublishedData;
  /** The date CHANGELOG.md records for package.json's version, once it is released. */
  date?: string;
  /** The highest release below package.json's version. */
  previous?: PublishedData;
}

export type ReleaseRead = { history: ReleaseHistory } | { problem: Diagnostic };

/** Reads only package.json's name and version, which the build's worker thread reads too (prefetch.ts). */
export async function readReleaseHistory(root: string, meta: Pick<ProjectMeta, "name" | "version">): Promise<ReleaseRead> {
  const version = parseVersion(meta.version);
  if (!version) return { problem: versionProblem(root, `version "${meta.version}" must be MAJOR.MINOR.PATCH (digits only)`, 'a build that is not released yet gets a "-dev" version by itself; package.json keeps the plain version') };
  const published = publishedReleases(root, meta.name);
  const changelog = join(root, CHANGELOG_FILE);
  const date = recordedReleaseDate(existsSync(changelog) ? readFileSync(changelog, "utf8") : undefined, version);
  const history: ReleaseHistory = date ? { date } : {};
  const current = published.find((release) => release.version === version);
  const previous = published.filter((release) => compareVersions(release.version, version) < 0).at(-1);
  for (const [key, release] of [["current", current], ["previous", previous]] as const) {
    if (!release) continue;
    const loaded = await readPublished(root, release);
    if ("problem" in loaded) return loaded;
    history[key] = { version: release.version, files: loaded.files };
  }
  return { history };
}

/** A release of releases/, checked against SHA256SUMS before it is trusted. */
async function readPublished(root: string, release: PublishedRelease): Promise<{ files: ReleaseFiles } | { problem: Diagnostic }> {
  const archive = release.archives[0]!;
  const path = join(root, RELEASES_DIR, archive);
  const expected = readSums(root).get(archive);
  if (expected !== undefined && createHash("sha256").update(readFileSync(path)).digest("hex") !== expected) {
    return {
      problem: versionProblem(
        root,
        `${RELEASES_DIR}/${archive} does not match its sha256 in ${RELEASES_DIR}/SHA256SUMS`,
        `a published archive never changes: restore it with \`git checkout -- ${RELEASES_DIR}/${archive}\``,
      ),
    };
  }
  try {
    return { files: await loadRelease(path) };
  } catch (error) {
    return { problem: versionProblem(root, `cannot read the release ${RELEASES_DIR}/${archive}: ${(error as Error).message}`) };
  }
}

/** Located at package.json's "version", the value these problems are about. */
function versionProblem(root: string, message: string, hint?: string): Diagnostic {
  let line = 1;
  let col = 1;
  try {
    const lines = readFileSync(join(root, "package.json"), "utf8").split("\n");
    const index = lines.findIndex((text) => /^\s*"version"\s*:/.test(text));
    if (index !== -1) {
      line = index + 1;
      col = lines[index]!.indexOf('"version"') + 1;
    }
  } catch {
    // package.json was read before this point; a position is a courtesy.
  }
  return { file: "package.json", line, col, code: "version", message, ...(hint ? { hint } : {}) };
}
