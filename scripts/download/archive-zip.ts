/**
 * .zip releases, read with yauzl: it reads the central directory first, so every entry
 * name is known, and checked, before a single byte is written.
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { ArchiveEntryProblem, MAX_UNPACKED_BYTES, UnreadableArchive } from "./archive-limits.ts";
import { insideRoot, unsafeReason } from "./safe-path.ts";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export async function unpackZip(archive: string, into: string): Promise<ArchiveEntryProblem[]> {
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
    const entries = await readEntries(zip);
    const problems: ArchiveEntryProblem[] = [];
    let total = 0;
    for (const { entry, name } of entries) {
      const reason = unsafeReason(name.replace(/\/$/, "")) ?? (isLink(entry) ? "the entry is a symbolic link" : undefined);
      if (reason) problems.push({ entry: name, reason });
      total += entry.uncompressedSize;
    }
    if (problems.length > 0) return problems;
    if (total > MAX_UNPACKED_BYTES) throw new UnreadableArchive(`the archive would unpack to ${total} bytes, more than the limit of ${MAX_UNPACKED_BYTES}`);
    for (const { entry, name } of entries) {
      if (name.endsWith("/")) {
        mkdirSync(insideRoot(into, name.slice(0, -1)), { recursive: true });
        continue;
      }
      const target = insideRoot(into, name);
      mkdirSync(dirname(target), { recursive: true });
      const source = await new Promise<NodeJS.ReadableStream>((done, fail) => zip.openReadStream(entry, (error, stream) => (error ? fail(error) : done(stream))));
      // "wx": a name listed twice must not silently overwrite the first copy.
      await pipeline(source, createWriteStream(target, { flags: "wx" }));
    }
    return [];
  } catch (error) {
    if (error instanceof UnreadableArchive) throw error;
    throw new UnreadableArchive(`cannot unpack the zip archive: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function readEntries(zip: ZipFile): Promise<{ entry: Entry; name: string }[]> {
  return new Promise((done, fail) => {
    const entries: { entry: Entry; name: string }[] = [];
    zip.on("entry", (entry: Entry) => {
      // Names are UTF-8 when flag 0x800 is set, else CP437; the characters that make a path unsafe are ASCII in both.
      entries.push({ entry, name: Buffer.from(entry.fileName as unknown as Uint8Array).toString("utf8") });
      zip.readEntry();
    });
    zip.on("end", () => done(entries));
    zip.on("error", fail);
    zip.readEntry();
  });
}

function isLink(entry: Entry): boolean {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  return madeByUnix && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}
