/**
 * A small .tar.gz release read in memory, in one pass: inflated whole, listed and checked
 * (Listing, entriesToUnpack, the same limits), and the wanted entries kept as bytes, with
 * no temporary folder written and read back. It is the streaming reader's checks applied
 * to bytes already in memory, for callers that want the files as values (files.ts); it
 * gives up, returning undefined, on anything that is not a plain, small, acceptable
 * release, and the caller then reads the archive with the streaming reader, which reports
 * whatever is wrong in its own words. So an archive it accepts is one the streaming reader
 * accepts, and the bytes are those it would have written.
 */
import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { checkEntrySize, checkTotalSize } from "./archive-limits.ts";
import { entriesToUnpack, Listing, normalName, type EntryKind, type UnpackOptions } from "./archive-listing.ts";
import { COMPRESSED_MAGIC, FILE_TYPES } from "./archive-tar.ts";
import { TarEnd } from "./tar-end.ts";

/**
 * Inflated bytes this reader holds at most; a larger archive is streamed. A release is
 * about a megabyte unpacked: this keeps the memory bounded for one that is not.
 */
export const MAX_IN_MEMORY_BYTES = 64 * 1024 ** 2;

/** The release's files by path inside its folder, or undefined: then stream the archive instead. */
export function readSmallTarGz(packed: Buffer, options: UnpackOptions = {}, limit = MAX_IN_MEMORY_BYTES): Promise<Map<string, Buffer> | undefined> {
  try {
    return collect(packed, options, limit).catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}

async function collect(packed: Buffer, options: UnpackOptions, limit: number): Promise<Map<string, Buffer> | undefined> {
  const inflated = gunzipSync(packed, { maxOutputLength: limit });
  checkTotalSize(inflated.length, packed.length, "the gzip stream inflates to");
  if (inflated.length < 4 || COMPRESSED_MAGIC.some((magic) => inflated.subarray(0, magic.length).equals(magic))) return undefined;
  const tar = inflated.subarray(0, new TarEnd().take(inflated));
  const listing = new Listing(packed.length);
  const bodies = new Map<string, Buffer>();
  const parser = new Parser({ strict: true, zstd: false, brotli: false });
  let failed = false;
  parser.on("error", () => (failed = true));
  parser.on("entry", (entry: ReadEntry) => {
    try {
      const kind: EntryKind = FILE_TYPES.has(entry.type) ? "file" : entry.type === "Directory" ? "folder" : "other";
      const listed = listing.add(entry.path, kind, entry.size ?? 0, entry.type);
      if (kind !== "file") return void entry.resume();
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => {
        const bytes = Buffer.concat(chunks);
        checkEntrySize(entry.path, bytes.length);
        bodies.set(listed.name, bytes);
      });
    } catch {
      failed = true;
      entry.resume();
    }
  });
  const ended = new Promise<void>((done) => parser.once("end", () => done()));
  parser.end(tar);
  await ended;
  if (failed || listing.finish().length > 0) return undefined;
  const wanted = await entriesToUnpack(listing.entries, async (entry) => bodies.get(entry.name) ?? Buffer.alloc(0), options);
  if (wanted.size === 0) return undefined;
  const prefix = releasePrefix([...wanted]);
  if (prefix === undefined) return undefined;
  // The streaming reader cannot write a file where another needs a folder; nor is one taken here.
  if ([...wanted].some((name) => name.split("/").some((_, i, parts) => i > 0 && wanted.has(parts.slice(0, i).join("/"))))) return undefined;
  const files = new Map<string, Buffer>();
  for (const name of wanted) {
    const bytes = bodies.get(name);
    if (!bytes) return undefined;
    files.set(name.slice(prefix.length), bytes);
  }
  return files;
}

/** The folder the streaming reader's caller would take as the release's: the root, or the single top folder. */
function releasePrefix(names: readonly string[]): string | undefined {
  if (names.includes("datapackage.json")) return "";
  const tops = new Set(names.map((name) => normalName(name).split("/")[0]));
  const [top] = tops;
  return tops.size === 1 && names.includes(`${top}/datapackage.json`) ? `${top}/` : undefined;
}
