/** Versions `MAJOR.MINOR.PATCH` (no pre-release or build suffixes) and the published releases in releases/. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { compareText } from "../contract/diagnostics.ts";

/** A release version: `MAJOR.MINOR.PATCH`, as semver writes it, without pre-release or build parts. */
export type Version = string;
export type { Bump } from "../contract/generated/changes.ts";
import type { Bump } from "../contract/generated/changes.ts";

export const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function parseVersion(text: string): Version | undefined {
  // semver.valid drops build metadata and keeps pre-releases; a release version has neither.
  return semver.valid(text) === text && semver.prerelease(text) === null ? text : undefined;
}

export const compareVersions: (a: Version, b: Version) => number = semver.compare;

/** What kind of step `to` is from `from` (which must be lower). */
export function stepKind(from: Version, to: Version): Exclude<Bump, "none"> {
  const kind = semver.diff(from, to);
  return kind === "major" || kind === "minor" ? kind : "patch";
}

/** The lowest version that makes a step of at least `bump` from `from`. */
export function lowestVersion(from: Version, bump: Bump): Version {
  return semver.inc(from, bump === "none" ? "patch" : bump)!;
}

export const RELEASES_DIR = "releases";
export const SUMS_FILE = "SHA256SUMS";

export interface PublishedRelease {
  version: Version;
  /** Archive file names in releases/, .tar.gz first. */
  archives: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Releases of package `name` in `<root>/releases/`, lowest version first. */
export function publishedReleases(root: string, name: string): PublishedRelease[] {
  const dir = join(root, RELEASES_DIR);
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${escapeRegExp(archiveBase(name))}-(\\d+\\.\\d+\\.\\d+)\\.(tar\\.gz|zip)$`);
  const found = new Map<string, PublishedRelease>();
  for (const file of readdirSync(dir).sort()) {
    const match = pattern.exec(file);
    const version = match ? parseVersion(match[1]!) : undefined;
    if (!match || !version) continue;
    const entry = found.get(match[1]!) ?? { version, archives: [] };
    entry.archives.push(file);
    found.set(match[1]!, entry);
  }
  return [...found.values()]
    .map((entry) => ({ ...entry, archives: entry.archives.sort((a, b) => Number(b.endsWith(".tar.gz")) - Number(a.endsWith(".tar.gz"))) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** The highest published release strictly lower than `version`. */
export function previousRelease(root: string, name: string, version: Version): PublishedRelease | undefined {
  return publishedReleases(root, name)
    .filter((release) => compareVersions(release.version, version) < 0)
    .at(-1);
}

/** A scoped name (`@scope/pkg`) becomes `scope-pkg` in file names. */
export function archiveBase(name: string): string {
  return name.replace(/^@/, "").replace(/\//g, "-");
}

/** `SHA256SUMS` as file name -> hex digest (the `sha256sum` format: "<hex>  <name>"). */
export function readSums(root: string): Map<string, string> {
  const path = join(root, RELEASES_DIR, SUMS_FILE);
  const sums = new Map<string, string>();
  if (!existsSync(path)) return sums;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match) sums.set(match[2]!, match[1]!);
  }
  return sums;
}

export function formatSums(sums: Map<string, string>): string {
  return [...sums]
    .sort(([a], [b]) => compareText(a, b))
    .map(([file, hex]) => `${hex}  ${file}\n`)
    .join("");
}
