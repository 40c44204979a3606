/**
 * A release as a map of relative path -> bytes, read from a dist/-like folder, its
 * datapackage.json, or a .zip / .tar.gz of one. Archives are opened by the download
 * validator's safe unpacker (entries checked before anything is written, one top folder
 * allowed), so there is one archive reader in the project.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { UnpackOptions } from "./archive-listing.ts";

export type ReleaseFiles = Map<string, Uint8Array>;

/**
 * By default an archive gives only the files a diff reads (the descriptor, data.json,
 * json/, schemas/, tombstones.json and the resources); `allFiles` gives them all.
 */
export async function loadRelease(path: string, options: UnpackOptions = {}): Promise<ReleaseFiles> {
  if (/\.(tar\.gz|tgz)$/.test(path)) {
    // A small release in one pass in memory; anything else, or any fault, by the unpacker below.
    const { MAX_IN_MEMORY_BYTES, readSmallTarGz } = await import("./archive-memory.ts");
    const packed = readIfSmall(path, MAX_IN_MEMORY_BYTES);
    const files = packed && (await readSmallTarGz(packed, options));
    if (files) return files;
  }
  // The archive readers load with the first release opened: a build that diffs releases it
  // already holds, or only reads jsonOf, never needs them.
  const { openRelease } = await import("./open-release.ts");
  let opened;
  try {
    opened = await openRelease(path, options);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  try {
    if (!opened.root) throw new Error(`${path}: ${opened.problems.map((p) => `${p.file}: ${p.message}`).join("; ")}`);
    return readFolder(opened.root);
  } finally {
    opened.close();
  }
}

function readIfSmall(path: string, limit: number): Buffer | undefined {
  try {
    return statSync(path).size <= limit ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

export function readFolder(dir: string): ReleaseFiles {
  const files: ReleaseFiles = new Map();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path).split("\\").join("/"), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

export function jsonOf(files: ReleaseFiles, path: string): unknown {
  const bytes = files.get(path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
}
