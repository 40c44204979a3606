/**
 * Where the build cache lives and how its entries are kept. A cache folder belongs to one
 * key: the engine that wrote it (the digest of its compiled copy, which covers
 * package-lock.json), the Node.js version (whose serializer wrote the entries) and the
 * bytes of schemas/. Any of them changing starts an empty folder, and the others are
 * removed, so no entry is ever read by code other than the code that wrote it.
 *
 * The folder is `<project>/node_modules/.cache/central-asia-integration/`: where tools keep
 * caches by convention, already ignored by git, and removed with the dependencies by
 * `npm ci`. A project without node_modules/ (a copy elsewhere) builds without a cache
 * rather than gaining the folder.
 *
 * Entries are V8-serialized values (Maps, typed arrays, -0 and shared objects come back as
 * they were), each written to a private file and renamed into place, so a reader sees a
 * whole entry or none. The cache never makes a build fail: an entry that cannot be read is
 * a miss, and one that cannot be written is skipped.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";

export const CACHE_NAME = "central-asia-integration";
/** Raised when the layout of the entries changes, so that no older entry is misread. */
const LAYOUT = "1";

export interface CacheStore {
  /** The key folder, for messages and tests. */
  readonly folder: string;
  read<T>(name: string): T | undefined;
  /** Whether an entry is there, without reading it. */
  has(name: string): boolean;
  write(name: string, value: unknown): void;
}

/** The cache folder of a project: undefined when the project has no node_modules/. */
export function cacheFolder(root: string): string | undefined {
  const modules = join(root, "node_modules");
  return existsSync(modules) ? join(modules, ".cache", CACHE_NAME) : undefined;
}

/** Opens (creating when needed) the folder for `key`, and removes the folders of other keys. */
export function openStore(base: string, key: readonly string[]): CacheStore | undefined {
  const name = createHash("sha256").update([LAYOUT, ...key].join("\0")).digest("hex").slice(0, 24);
  const folder = join(base, name);
  try {
    mkdirSync(folder, { recursive: true });
    for (const other of readdirSync(base)) {
      if (other !== name) rmSync(join(base, other), { recursive: true, force: true });
    }
  } catch {
    return undefined;
  }
  return {
    folder,
    read<T>(entry: string): T | undefined {
      try {
        return deserialize(readFileSync(join(folder, entry))) as T;
      } catch {
        return undefined;
      }
    },
    has: (entry) => existsSync(join(folder, entry)),
    write(entry, value) {
      const staging = join(folder, `.${entry}.${process.pid}.${randomBytes(4).toString("hex")}`);
      try {
        writeFileSync(staging, serialize(value));
        renameSync(staging, join(folder, entry));
      } catch {
        rmSync(staging, { force: true });
      }
    },
  };
}

