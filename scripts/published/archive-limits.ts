/**
 * What both archive readers share: their failure types and the limits that keep an
 * archive bomb from filling the downloader's memory or disk. A real release is well
 * under a megabyte packed, about 750 KB unpacked (7 times its packed size), in about a
 * hundred files; every limit leaves room for the dataset to grow a thousandfold.
 */
import { Transform } from "node:stream";

/** More entries than this is not a release, and listing them would cost memory. */
export const MAX_ENTRIES = 10_000;
/** Per file: the content validator streams files, but a JSON table must fit in one string. */
export const MAX_ENTRY_BYTES = 1024 ** 3;
/** All entries together, as declared and as really inflated. */
export const MAX_UNPACKED_BYTES = 2 * 1024 ** 3;
/**
 * Unpacked bytes per packed byte. Deflate cannot exceed about 1032, which zeros reach,
 * so a limit of 1000 would let nearly every bomb through; text compresses 5 to 20 times.
 */
export const MAX_RATIO = 100;
/** Below this many unpacked bytes the ratio is not checked: tiny archives of repetitive text are harmless. */
export const RATIO_FREE_BYTES = 16 * 1024 ** 2;
/** datapackage.json is read into memory to learn which files to unpack. */
export const MAX_DESCRIPTOR_BYTES = 16 * 1024 ** 2;

export interface ArchiveEntryProblem {
  entry: string;
  reason: string;
}

/** The archive cannot be read at all (corrupt, truncated, not the format its name says), or a limit refuses it. */
export class UnreadableArchive extends Error {}

/** Checks one size against the limits that apply to it; throws UnreadableArchive naming the entry and the limit. */
export function checkEntrySize(entry: string, bytes: number): void {
  if (bytes > MAX_ENTRY_BYTES) throw new UnreadableArchive(`the entry "${entry}" holds more than the limit of ${MAX_ENTRY_BYTES} bytes for one file`);
}

export function checkTotalSize(total: number, archiveBytes: number, what: string): void {
  if (total > MAX_UNPACKED_BYTES) throw new UnreadableArchive(`${what} more than the limit of ${MAX_UNPACKED_BYTES} bytes`);
  if (total > RATIO_FREE_BYTES && total > archiveBytes * MAX_RATIO) {
    throw new UnreadableArchive(`${what} more than ${MAX_RATIO} times the archive's ${archiveBytes} bytes: refused as an archive bomb`);
  }
}

/**
 * Counts bytes as they really stream out of the archive (headers can lie), per entry and
 * in all, and throws the moment a limit is passed.
 */
export class ByteBudget {
  private total = 0;
  constructor(private readonly archiveBytes: number) {}

  /** `inEntry`: the entry's running count after this chunk. */
  take(entry: string, inEntry: number, chunk: number): void {
    this.total += chunk;
    checkEntrySize(entry, inEntry);
    checkTotalSize(this.total, this.archiveBytes, `while unpacking "${entry}", the archive inflated to`);
  }

  /**
   * A pass-through that charges each chunk of one entry to the budget. A stream, not an
   * async generator stage: Node 20's pipeline() reports an error thrown from a generator
   * as "The operation was aborted", losing which limit was passed.
   */
  meter(entry: string): Transform {
    let seen = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        seen += chunk.length;
        try {
          this.take(entry, seen, chunk.length);
        } catch (error) {
          done(error as Error);
          return;
        }
        done(null, chunk);
      },
    });
  }
}
