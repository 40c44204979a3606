/**
 * .tar.gz releases, streamed twice through zlib and node-tar's Parser with backpressure
 * (node-tar's list() and extract() read a small archive whole and inflate it faster than
 * it is consumed: a 4 MB bomb took 4.3 GB of memory). The first pass lists and checks
 * every entry and keeps datapackage.json; the second writes only the entries the
 * release needs, counting bytes as they stream.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { ByteBudget, checkTotalSize, MAX_DESCRIPTOR_BYTES, UnreadableArchive, type ArchiveEntryProblem } from "./archive-limits.ts";
import { entriesToUnpack, Listing, mayBeDescriptor, normalName, type EntryKind } from "./archive-listing.ts";
import { insideRoot } from "./safe-path.ts";

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
/** gzip and zstd: node-tar's Parser would silently inflate a second layer, uncounted. */
const COMPRESSED_MAGIC = [Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];

export async function unpackTarGz(archive: string, into: string): Promise<ArchiveEntryProblem[]> {
  const archiveBytes = statSync(archive).size;
  const listing = new Listing(archiveBytes);
  const descriptors = new Map<string, Buffer>();
  await readTar(archive, archiveBytes, "read", async (entry) => {
    const kind: EntryKind = FILE_TYPES.has(entry.type) ? "file" : entry.type === "Directory" ? "folder" : "other";
    const listed = listing.add(entry.path, kind, entry.size ?? 0, entry.type);
    // Only the root's and the first top folder's: no archive makes us hold more than two.
    if (kind === "file" && mayBeDescriptor(listed.name) && listed.size <= MAX_DESCRIPTOR_BYTES && descriptors.size < 2) {
      descriptors.set(listed.name, await collect(entry));
    } else {
      entry.resume();
    }
  });
  const problems = listing.finish();
  if (problems.length > 0) return problems;
  const wanted = await entriesToUnpack(listing.entries, async (entry) => descriptors.get(entry.name) ?? Buffer.alloc(0));
  if (wanted.size === 0) return [];

  const budget = new ByteBudget(archiveBytes);
  await readTar(archive, archiveBytes, "unpack", async (entry) => {
    const name = normalName(entry.path);
    if (!FILE_TYPES.has(entry.type) || !wanted.has(name)) {
      entry.resume();
      return;
    }
    const target = insideRoot(into, name);
    mkdirSync(dirname(target), { recursive: true });
    let seen = 0;
    await pipeline(
      entry,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          seen += chunk.length;
          budget.take(entry.path, seen, chunk.length);
          yield chunk;
        }
      },
      // "wx": the listing refused repeated names; never overwrite whatever is there.
      createWriteStream(target, { flags: "wx" }),
    );
  });
  return [];
}

async function collect(entry: ReadEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Streams the archive through gunzip into a tar Parser, handing each entry to `onEntry`
 * (which must consume or resume it). Inflated bytes are counted against the total and
 * ratio limits, so a gzip stream that runs on past the tar's end is stopped too.
 */
async function readTar(archive: string, archiveBytes: number, verb: string, onEntry: (entry: ReadEntry) => Promise<void>): Promise<void> {
  const parser = new Parser({ strict: true, zstd: false });
  const jobs: Promise<void>[] = [];
  const open = new Set<ReadEntry>();
  let failure: unknown;
  const failed = new Promise<never>((_, reject) => {
    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      reject(error);
      parser.abort(error instanceof Error ? error : new Error(String(error)));
      // An entry cut off mid-way would keep its consumer waiting for bytes that never come.
      for (const entry of open) entry.destroy();
    };
    parser.on("error", fail);
    parser.on("entry", (entry: ReadEntry) => {
      open.add(entry);
      jobs.push(onEntry(entry).then(() => void open.delete(entry), fail));
    });
  });
  failed.catch(() => undefined);
  const ended = new Promise<void>((done) => parser.on("end", done));
  let inflated = 0;
  let head = Buffer.alloc(0);
  try {
    await pipeline(createReadStream(archive), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (let chunk of chunks) {
        inflated += chunk.length;
        checkTotalSize(inflated, archiveBytes, "the gzip stream inflates to");
        if (head.length < 4) {
          // Held back until the first bytes are known not to start a second compressed layer.
          head = Buffer.concat([head, chunk]);
          if (head.length < 4) continue;
          if (COMPRESSED_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))) throw new UnreadableArchive("the tar inside the archive is compressed a second time");
          chunk = head;
        }
        if (!parser.write(chunk)) await Promise.race([once(parser, "drain"), failed]);
        if (failure !== undefined) throw failure;
      }
      if (head.length > 0 && head.length < 4) parser.write(head);
      parser.end();
      await Promise.race([ended, failed]);
      await Promise.race([Promise.all(jobs), failed]);
    });
  } catch (error) {
    if (error instanceof UnreadableArchive) throw error;
    throw new UnreadableArchive(`cannot ${verb} the tar.gz archive: ${(error as Error).message}`);
  }
  if (failure !== undefined) throw failure instanceof UnreadableArchive ? failure : new UnreadableArchive(`cannot ${verb} the tar.gz archive: ${(failure as Error).message}`);
}
