/**
 * .zip releases, read with yauzl: it reads the central directory first, so every entry
 * name and declared size is known, and checked, before a single byte is inflated. Only
 * the entries the release needs are then unpacked, their real bytes counted as they
 * stream (yauzl also refuses an entry longer than its header says).
 */
import { createWriteStream, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { ByteBudget, MAX_DESCRIPTOR_BYTES, UnreadableArchive, type ArchiveEntryProblem } from "./archive-limits.ts";
import { entriesToUnpack, Listing, type ListedEntry, type UnpackOptions } from "./archive-listing.ts";
import { insideRoot } from "./safe-path.ts";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export async function unpackZip(archive: string, into: string, options: UnpackOptions = {}): Promise<ArchiveEntryProblem[]> {
  const archiveBytes = statSync(archive).size;
  let zip: ZipFile;
  try {
    // decodeStrings off: yauzl would throw at the first unsafe name; we want them all, as problems.
    zip = await new Promise<ZipFile>((done, fail) =>
      yauzl.open(archive, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, file) => (error ? fail(error) : done(file))),
    );
  } catch (error) {
    throw new UnreadableArchive(`cannot read the zip archive: ${(error as Error).message}`);
  }
  try {
    const listing = new Listing(archiveBytes);
    const entries = await readEntries(zip, listing);
    const problems = listing.finish();
    if (problems.length > 0) return problems;
    const wanted = await entriesToUnpack(listing.entries, (listed) => readSmall(zip, entries.get(listed)!), options);
    const budget = new ByteBudget(archiveBytes);
    for (const [listed, entry] of entries) {
      if (!wanted.has(listed.name)) continue;
      const target = insideRoot(into, listed.name);
      mkdirSync(dirname(target), { recursive: true });
      try {
        // "wx": the listing refused repeated names; never overwrite whatever is there.
        await pipeline(await openEntry(zip, entry), budget.meter(listed.raw), createWriteStream(target, { flags: "wx" }));
      } catch (error) {
        // yauzl's own refusals (more bytes than declared, a bad CRC) do not say which entry.
        if (error instanceof UnreadableArchive) throw error;
        throw new UnreadableArchive(`cannot unpack "${listed.raw}" from the zip archive: ${(error as Error).message}`);
      }
    }
    return [];
  } catch (error) {
    if (error instanceof UnreadableArchive) throw error;
    throw new UnreadableArchive(`cannot unpack the zip archive: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function readEntries(zip: ZipFile, listing: Listing): Promise<Map<ListedEntry, Entry>> {
  return new Promise((done, fail) => {
    const entries = new Map<ListedEntry, Entry>();
    zip.on("entry", (entry: Entry) => {
      try {
        // Names are UTF-8 when flag 0x800 is set, else CP437; the characters that make a path unsafe are ASCII in both.
        const name = Buffer.from(entry.fileName as unknown as Uint8Array).toString("utf8");
        const kind = isLink(entry) ? "other" : name.endsWith("/") ? "folder" : "file";
        entries.set(listing.add(name, kind, entry.uncompressedSize, "symbolic link"), entry);
      } catch (error) {
        fail(error);
        return;
      }
      zip.readEntry();
    });
    zip.on("end", () => done(entries));
    zip.on("error", fail);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((done, fail) => zip.openReadStream(entry, (error, stream) => (error ? fail(error) : done(stream))));
}

/** The descriptor, read into memory; its declared size was checked, and the real bytes are capped too. */
async function readSmall(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const chunk of await openEntry(zip, entry)) {
    seen += (chunk as Buffer).length;
    if (seen > MAX_DESCRIPTOR_BYTES) throw new UnreadableArchive(`the descriptor holds more than the limit of ${MAX_DESCRIPTOR_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isLink(entry: Entry): boolean {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  return madeByUnix && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}
