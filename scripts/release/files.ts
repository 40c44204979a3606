/**
 * A release as a map of relative path -> bytes, read from a dist/-like folder or from a
 * .zip / .tar.gz of one. Archives hold everything under one top folder
 * (`<name>-<version>/`); it is stripped, so paths are the same as in dist/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { archiveKind, readArchive } from "./archive.ts";

export type ReleaseFiles = Map<string, Uint8Array>;

export function loadRelease(path: string): ReleaseFiles {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`${path}: no such file or folder`);
  }
  if (stat.isDirectory()) return readFolder(path);
  const kind = archiveKind(path);
  if (!kind) throw new Error(`${path}: expected a folder, a .zip, a .tar.gz or a .tgz`);
  return stripTopFolder(readArchive(readFileSync(path), kind));
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

/** Removes the single folder every path starts with, unless the release sits at the top already. */
export function stripTopFolder(files: ReleaseFiles): ReleaseFiles {
  if (files.has("datapackage.json") || files.has("data.json")) return files;
  const tops = new Set([...files.keys()].map((path) => path.split("/")[0]));
  const [top] = tops;
  if (tops.size !== 1 || top === undefined || [...files.keys()].some((path) => !path.includes("/"))) return files;
  return new Map([...files].map(([path, bytes]) => [path.slice(top.length + 1), bytes]));
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
