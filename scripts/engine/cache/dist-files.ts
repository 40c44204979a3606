/**
 * What the last build wrote to dist/: each file's sha256 and size, and the stat it had once
 * in place (size, mtime, inode). While a file's stat still matches, its bytes are the ones
 * written, without reading them: the write stage links such a file into the new tree
 * instead of writing it again, and the table outputs cache gives it back unread. A file
 * edited by hand (or replaced, or touched) no longer matches and is made and written anew.
 */
import { lstatSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../emit/output.ts";
import type { CacheStore } from "./store.ts";

const ENTRY = "dist";

interface Written {
  sha256: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface DistFiles {
  /** True when dist/<path> is still the file of this sha256 and size that the last build wrote. */
  unchanged(path: string, sha256: string, size: number): boolean;
  /** The sha256 and size dist/<path> was written with by the last build, if it wrote it. */
  written(path: string): { sha256: string; size: number } | undefined;
  /** The bytes of dist/<path>. */
  read(path: string): Buffer;
  /** The folder the files are in. */
  readonly folder: string;
  /** Records the files now in dist/ (after the swap), each with the sha256 it was written with. */
  record(files: Iterable<{ path: string; sha256: string }>): void;
}

function statOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export function distFiles(store: CacheStore, folder: string): DistFiles {
  let written: Map<string, Written> | undefined;
  const known = () => (written ??= store.read<Map<string, Written>>(ENTRY) ?? new Map());
  return {
    folder,
    unchanged(path, sha256, size) {
      const entry = known().get(path);
      if (!entry || entry.sha256 !== sha256 || entry.size !== size) return false;
      const stats = statOf(join(folder, path));
      return stats !== undefined && stats.isFile() && stats.size === size && stats.mtimeMs === entry.mtimeMs && stats.ino === entry.ino;
    },
    written: (path) => known().get(path),
    read: (path) => readFileSync(join(folder, path)),
    record(files) {
      const next = new Map<string, Written>();
      for (const { path, sha256 } of files) {
        const stats = statOf(join(folder, path));
        if (stats?.isFile()) next.set(path, { sha256, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino });
      }
      written = next;
      store.write(ENTRY, next);
    },
  };
}

/** A file of dist/ handed on as it is: its bytes are read only if something asks for them. */
export function keptFile(path: string, sha256: string, size: number, dist: DistFiles): OutputFile {
  return {
    path,
    sha256,
    size,
    get bytes() {
      return dist.read(path);
    },
  };
}
