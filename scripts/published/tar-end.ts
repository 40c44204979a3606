/**
 * Where a tar archive ends, found by following its block structure: a 512-byte header,
 * then the entry's body rounded up to whole blocks, until two zero blocks in a row.
 * node-tar's Parser keeps every byte it is given after that end in one buffer, grown by
 * concatenation (16 MB of trailing zeros took 5 s and 150 MB), so the bytes after the end
 * are counted against the limits but never handed to it.
 */
import { Header } from "tar";

const BLOCK = 512;

export class TarEnd {
  /** Body bytes of the current entry still to pass. */
  private body = 0;
  /** The start of a header block split across chunks. */
  private partial: Buffer = Buffer.alloc(0);
  private zeroBlocks = 0;
  ended = false;

  /** How many leading bytes of `chunk` belong to the tar: all of them until its end is found. */
  take(chunk: Buffer): number {
    let position = 0;
    while (position < chunk.length && !this.ended) {
      if (this.body > 0) {
        const step = Math.min(this.body, chunk.length - position);
        this.body -= step;
        position += step;
        continue;
      }
      const piece = chunk.subarray(position, position + BLOCK - this.partial.length);
      position += piece.length;
      const block = this.partial.length > 0 ? Buffer.concat([this.partial, piece]) : piece;
      if (block.length < BLOCK) {
        this.partial = Buffer.from(block);
        break;
      }
      this.partial = Buffer.alloc(0);
      this.header(block);
    }
    return position;
  }

  private header(block: Buffer): void {
    if (block.every((byte) => byte === 0)) {
      this.zeroBlocks += 1;
      this.ended = this.zeroBlocks === 2;
      return;
    }
    this.zeroBlocks = 0;
    // A header the Parser cannot read makes it fail the archive; its size here does not matter.
    const size = new Header(block).size ?? 0;
    this.body = Number.isFinite(size) && size > 0 ? Math.ceil(size / BLOCK) * BLOCK : 0;
  }
}
