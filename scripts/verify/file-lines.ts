/**
 * The line of a byte offset in a file being streamed, found only when a problem is to be
 * reported there: counting the lines of every piece as it streams by would cost a tenth
 * of reading a JSON table, for the rare file that has a problem at all.
 */
import { CHUNK_BYTES, type OpenedFile } from "./release-files.ts";

const LF = 0x0a;

export class FileLines {
  /** Offsets whose line is known, ascending, and their lines: each lookup counts on from the nearest. */
  private readonly offsets = [0];
  private readonly lines = [1];

  constructor(private readonly file: OpenedFile) {}

  /** The 1-based line holding the byte at `offset`. */
  at(offset: number): number {
    let low = 0;
    let high = this.offsets.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.offsets[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    let position = this.offsets[low]!;
    let line = this.lines[low]!;
    while (position < offset) {
      const piece = this.file.readAt(position, Math.min(CHUNK_BYTES, offset - position));
      if (piece.length === 0) break;
      for (let at = piece.indexOf(LF); at !== -1; at = piece.indexOf(LF, at + 1)) line++;
      position += piece.length;
    }
    if (position === offset && this.offsets[low] !== offset) {
      this.offsets.splice(low + 1, 0, offset);
      this.lines.splice(low + 1, 0, line);
    }
    return line;
  }
}
