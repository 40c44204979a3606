/**
 * The releases stage's cache: the published releases a build compares with, unpacked once
 * and kept while nothing it was read from changes (package.json's name and version,
 * CHANGELOG.md, every file of releases/). Unpacking an archive costs more than a small
 * build's every other stage; a damaged archive is never kept, so it is reported each time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../contract/diagnostics.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { CHANGELOG_FILE } from "../../published/release-dates.ts";
import { RELEASES_DIR } from "../../published/versions.ts";
import type { ReleaseHistory } from "../release-history.ts";
import type { CacheStore } from "./store.ts";
import { sha256Hex } from "../../contract/sha256.ts";

const ENTRY = "releases";

type Read = { history: ReleaseHistory } | { problem: Diagnostic };

function readIfThere(path: string): Uint8Array | string {
  try {
    return readFileSync(path);
  } catch {
    return "(none)";
  }
}

/** sha256 over what readReleaseHistory reads. */
function inputsDigest(root: string, meta: ProjectMeta): string {
  const parts: string[] = [meta.name, meta.version, sha256Hex(readIfThere(join(root, CHANGELOG_FILE)))];
  let names: string[] = [];
  try {
    names = readdirSync(join(root, RELEASES_DIR)).sort();
  } catch {
    // No releases/: nothing is published yet.
  }
  for (const name of names) parts.push(name, sha256Hex(readIfThere(join(root, RELEASES_DIR, name))));
  return sha256Hex(parts.join("\0"));
}

export async function cachedReleaseHistory(root: string, meta: ProjectMeta, store: CacheStore, read: (root: string, meta: ProjectMeta) => Promise<Read>): Promise<Read> {
  const digest = inputsDigest(root, meta);
  const stored = store.read<{ digest: string; history: ReleaseHistory }>(ENTRY);
  if (stored?.digest === digest) return { history: stored.history };
  const result = await read(root, meta);
  if ("history" in result) store.write(ENTRY, { digest, history: result.history });
  return result;
}
