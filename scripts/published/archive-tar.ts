/**
 * .tar.gz releases, streamed twice through zlib and node-tar's Parser with backpressure
 * (node-tar's list() and extract() read a small archive whole and inflate it faster than
 * it is consumed: a 4 MB bomb took 4.3 GB of memory). The first pass lists and checks
 * every entry and keeps datapackage.json; the second writes only the entries the
 * release needs, counting bytes as they stream.
 */
import { createReadStream, createWriteStream, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { ByteBudget, checkTotalSize, MAX_DESCRIPTOR_BYTES, UnreadableArchive, type ArchiveEntryProblem } from "./archive-limits.ts";
import { entriesToUnpack, Listing, mayBeDescriptor, normalName, type EntryKind, type UnpackOptions } from "./archive-listing.ts";
import { insideRoot } from "./safe-path.ts";
import { TarEnd } from "./tar-end.ts";

export const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
/** gzip and zstd: node-tar's Parser would silently inflate a second layer, uncounted. */
export const COMPRESSED_MAGIC = [Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];

export async function unpackTarGz(archive: string, into: string, options: UnpackOptions = {}): Promise<ArchiveEntryProblem[]> {
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
  const wanted = await entriesToUnpack(listing.entries, async (entry) => descriptors.get(entry.name) ?? Buffer.alloc(0), options);
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
    try {
      // "wx": the listing refused repeated names; never overwrite whatever is there.
      await pipeline(entry, budget.meter(entry.path), createWriteStream(target, { flags: "wx" }));
    } catch (error) {
      // A write that fails (a full disk) says which entry it was writing.
      if (error instanceof UnreadableArchive) throw error;
      throw new UnreadableArchive(`cannot unpack "${entry.path}" from the tar.gz archive: ${(error as Error).message}`);
    }
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
 * (which must consume or resume it); the Parser's backpressure reaches back to the file.
 * Inflated bytes are counted against the total and ratio limits, so a gzip stream that
 * runs on past the tar's end is stopped too. The first failure, wherever it happens, is
 * the one reported; everything else is stopped with it.
 */
async function readTar(archive: string, archiveBytes: number, verb: string, onEntry: (entry: ReadEntry) => Promise<void>): Promise<void> {
  // The outer gzip layer is inflated (and counted) here; the Parser must not guess at other compressions.
  const parser = new Parser({ strict: true, zstd: false, brotli: false });
  const jobs: Promise<void>[] = [];
  const open = new Set<ReadEntry>();
  const stop = new AbortController();
  let failure: unknown;
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    stop.abort();
    parser.abort(error instanceof Error ? error : new Error(String(error)));
    // An entry cut off mid-way would keep its consumer waiting for bytes that never come.
    for (const entry of open) entry.destroy();
  };
  parser.on("error", fail);
  parser.on("entry", (entry: ReadEntry) => {
    open.add(entry);
    jobs.push(onEntry(entry).then(() => void open.delete(entry), fail));
  });
  try {
    await pipeline(createReadStream(archive), createGunzip(), inflateMeter(archiveBytes), parserSink(parser), { signal: stop.signal });
    await Promise.all(jobs);
  } catch (error) {
    fail(error);
  }
  if (failure === undefined) return;
  if (failure instanceof UnreadableArchive) throw failure;
  throw new UnreadableArchive(`cannot ${verb} the tar.gz archive: ${(failure as Error).message}`);
}

/**
 * Counts the inflated bytes, refuses a tar that is itself compressed (the Parser would
 * inflate that layer uncounted), and hands on only the bytes up to the tar's end.
 */
function inflateMeter(archiveBytes: number): Transform {
  let inflated = 0;
  let head = Buffer.alloc(0);
  const end = new TarEnd();
  const forward = (chunk: Buffer) => chunk.subarray(0, end.take(chunk));
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      try {
        checkTotalSize(inflated, archiveBytes, "the gzip stream inflates to");
      } catch (error) {
        done(error as Error);
        return;
      }
      if (head.length >= 4) {
        done(null, forward(chunk));
        return;
      }
      // Held back until the first bytes are known not to start a second compressed layer.
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) return done();
      if (COMPRESSED_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))) return done(new UnreadableArchive("the tar inside the archive is compressed a second time"));
      done(null, forward(head));
    },
    flush(done) {
      done(null, head.length < 4 ? head : undefined);
    },
  });
}

/** The Parser as the end of a pipeline: a write waits for its drain, the end for its last entry to be parsed. */
function parserSink(parser: Parser): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (parser.write(chunk)) done();
      else parser.once("drain", () => done());
    },
    final(done) {
      parser.once("end", () => done());
      parser.end();
    },
  });
}
