/**
 * The first pass over an archive, the same for both formats: every entry is listed and
 * checked (names, types, declared sizes, repeats) before a byte is written, and the
 * release's datapackage.json says which entries are worth unpacking at all.
 */
import {
  checkEntrySize,
  checkTotalSize,
  MAX_DESCRIPTOR_BYTES,
  MAX_ENTRIES,
  UnreadableArchive,
  type ArchiveEntryProblem,
} from "./archive-limits.ts";
import { isObject } from "../contract/shapes.ts";
import { unsafeReason } from "./safe-path.ts";

export const DESCRIPTOR = "datapackage.json";

/** Files the release validator (and the build's release diff) read besides the descriptor's resources. */
const FIXED_FILES = [DESCRIPTOR, "tombstones.json", "data.json"];
/** The content validator finds the JSON tables and their schemas by listing these folders. */
const TABLE_FILES = /^json\/[^/]+\.json$|^schemas\/.+\.schema\.json$/;

export type EntryKind = "file" | "folder" | "other";

export interface ListedEntry {
  /** The name as stored, for messages. */
  raw: string;
  /** Without "." segments, repeated or trailing slashes: how the file lands on disk. */
  name: string;
  kind: EntryKind;
  /** Declared size in bytes. */
  size: number;
}

export function normalName(raw: string): string {
  return raw
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

/** Whether an entry may be the release's descriptor: at the root or in a single top folder. */
export function mayBeDescriptor(name: string): boolean {
  const parts = name.split("/");
  return parts.at(-1) === DESCRIPTOR && parts.length <= 2;
}

/** Entries as they are listed; refuses the archive the moment a count or a declared size passes its limit. */
export class Listing {
  readonly entries: ListedEntry[] = [];
  private declared = 0;
  private readonly problems: ArchiveEntryProblem[] = [];

  constructor(private readonly archiveBytes: number) {}

  /** `otherType`: what a non-plain entry is, to say why it is refused. */
  add(raw: string, kind: EntryKind, size: number, otherType = "special file"): ListedEntry {
    if (this.entries.length >= MAX_ENTRIES) throw new UnreadableArchive(`the archive has more than ${MAX_ENTRIES} entries, the limit for a release`);
    const reason = unsafeReason(raw.replace(/\/$/, "")) ?? (kind === "other" ? `the entry is a ${otherType}, not a plain file or folder` : undefined);
    if (reason) this.problems.push({ entry: raw, reason });
    checkEntrySize(raw, size);
    this.declared += size;
    checkTotalSize(this.declared, this.archiveBytes, "the archive's entries declare");
    const entry = { raw, name: normalName(raw), kind, size };
    this.entries.push(entry);
    return entry;
  }

  /** Unsafe entries, each a problem of the data; a repeated file name refuses the archive as unusable. */
  finish(): ArchiveEntryProblem[] {
    if (this.problems.length > 0) return this.problems;
    const seen = new Map<string, EntryKind>();
    for (const { raw, name, kind } of this.entries) {
      const before = seen.get(name);
      if (before !== undefined && (before !== "folder" || kind !== "folder")) {
        throw new UnreadableArchive(`the archive holds "${raw}" twice; which copy is meant cannot be known`);
      }
      seen.set(name, kind);
    }
    return [];
  }
}

/** The folder inside the archive that holds the release ("" or "top/"), undefined when there is no descriptor. */
function releasePrefix(entries: readonly ListedEntry[]): string | undefined {
  const files = new Set(entries.filter((e) => e.kind === "file").map((e) => e.name));
  if (files.has(DESCRIPTOR)) return "";
  const tops = new Set(entries.map((e) => e.name.split("/")[0]).filter((top) => top !== ""));
  const [top] = tops;
  return tops.size === 1 && files.has(`${top}/${DESCRIPTOR}`) ? `${top}/` : undefined;
}

export interface UnpackOptions {
  /**
   * Every file of the release, not only those the validator reads: for callers that need
   * the whole release (its CHANGELOG.md, changes.json), still under the same limits.
   */
  allFiles?: boolean;
}

/**
 * The names (normalized) of the entries to unpack: the descriptor, every resource it
 * names, the JSON tables and their schemas, tombstones.json and data.json (or, with
 * `allFiles`, every file in the release's folder). An archive without a descriptor
 * unpacks nothing, and the caller says it is not a release.
 */
export async function entriesToUnpack(entries: readonly ListedEntry[], read: (entry: ListedEntry) => Promise<Buffer>, options: UnpackOptions = {}): Promise<Set<string>> {
  const prefix = releasePrefix(entries);
  if (prefix === undefined) return new Set();
  if (options.allFiles) return new Set(entries.filter((e) => e.kind === "file" && e.name.startsWith(prefix)).map((e) => e.name));
  const descriptor = entries.find((e) => e.name === `${prefix}${DESCRIPTOR}`)!;
  if (descriptor.size > MAX_DESCRIPTOR_BYTES) {
    throw new UnreadableArchive(`"${descriptor.raw}" declares ${descriptor.size} bytes, more than the limit of ${MAX_DESCRIPTOR_BYTES} for a descriptor`);
  }
  const wanted = new Set([...FIXED_FILES, ...resourcePaths(await read(descriptor))].map((path) => `${prefix}${normalName(path)}`));
  const names = new Set<string>();
  for (const { name, kind } of entries) {
    if (kind === "file" && name.startsWith(prefix) && (wanted.has(name) || TABLE_FILES.test(name.slice(prefix.length)))) names.add(name);
  }
  return names;
}

/** Every resource `path` (a string or a list of them); a descriptor that cannot be parsed names none, and the validator reports it. */
function resourcePaths(bytes: Buffer): string[] {
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(bytes.toString("utf8"));
  } catch {
    return [];
  }
  if (!isObject(descriptor) || !Array.isArray(descriptor.resources)) return [];
  return descriptor.resources.flatMap((resource: unknown) => (isObject(resource) ? [resource.path].flat().filter((p): p is string => typeof p === "string") : []));
}
