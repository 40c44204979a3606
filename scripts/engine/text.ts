/**
 * Bytes to text for curated files: strict UTF-8 with the position of the first bad
 * byte, because a silently replaced character would corrupt a verbatim quote.
 */
import type { Diagnostic } from "../contract/diagnostics.ts";

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; line: number; col: number; byte: number };

const BOM = "\uFEFF";

/** The problem of a file that is not UTF-8, at its first bad byte. */
export function encodingProblem(file: string, bad: Extract<DecodeResult, { ok: false }>): Diagnostic {
  return {
    file, line: bad.line, col: bad.col, code: "encoding",
    message: `invalid UTF-8 byte sequence at byte ${bad.byte}`,
    hint: "save the file as UTF-8 (for example, re-encode it from Latin-1 or Windows-1252)",
  };
}

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text: text.startsWith(BOM) ? text.slice(BOM.length) : text };
  } catch {
    return { ok: false, ...locateBadByte(bytes) };
  }
}

/**
 * LF (0x0A) never occurs inside a multi-byte UTF-8 sequence, so lines can be decoded
 * one by one; inside the bad line, streaming byte by byte finds the first bad byte.
 */
function locateBadByte(bytes: Uint8Array): { line: number; col: number; byte: number } {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const lineBytes = bytes.subarray(lineStart, i);
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    let decoded = "";
    for (let j = 0; j <= lineBytes.length; j++) {
      try {
        decoded += j < lineBytes.length
          ? decoder.decode(lineBytes.subarray(j, j + 1), { stream: true })
          : decoder.decode();
      } catch {
        // The bad sequence starts right after the last character that decoded.
        const col = [...decoded].length + 1;
        return { line, col, byte: lineStart + new TextEncoder().encode(decoded).length };
      }
    }
    lineStart = i + 1;
    line++;
  }
  return { line: 1, col: 1, byte: 0 };
}
