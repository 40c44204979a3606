/**
 * Whether a file read piece by piece is valid UTF-8 so far, checked a piece at a time
 * (a native check, far cheaper than decoding) with a character cut at a piece's end
 * carried to the next. While it holds, any part of what was read decodes without a check
 * of its own.
 */
import { isUtf8 } from "node:buffer";

export class Utf8Pieces {
  /** Every piece so far was valid UTF-8. */
  valid = true;
  /** The start of a character the last piece cut short. */
  private carry: Buffer | undefined;

  /** Checks the next piece; false once anything read is not UTF-8. */
  push(piece: Buffer): boolean {
    if (!this.valid) return false;
    const bytes = this.carry ? Buffer.concat([this.carry, piece]) : piece;
    const whole = completeCharacters(bytes);
    this.carry = whole < bytes.length ? bytes.subarray(whole) : undefined;
    this.valid = isUtf8(bytes.subarray(0, whole));
    return this.valid;
  }

  /** The end of the file: a character cut short there is not UTF-8. */
  end(): boolean {
    if (this.carry) this.valid = false;
    return this.valid;
  }
}

/** The length of `bytes` without a UTF-8 character its end cuts short. */
function completeCharacters(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) return bytes.length - i >= (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) ? bytes.length : i;
  }
  return bytes.length;
}
