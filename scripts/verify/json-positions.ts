/**
 * Where a problem in a JSON file read as a stream is, worked out only once there is a
 * problem to report: the first place of a key an object repeats (read again from the
 * file, since positions of keys are not kept), and the tokenizer's own error turned into
 * what a reader can act on.
 */
import { Tokenizer, TokenType } from "@streamparser/json";
import type { OpenedFile } from "./release-files.ts";
import { shownValue } from "./report.ts";

/** Where each key of the object opened at `start` first appears, up to `upTo`. */
export function firstKeyOffsets(file: OpenedFile, start: number, upTo: number): Map<string, number> {
  const offsets = new Map<string, number>();
  const tokenizer = new Tokenizer();
  let depth = 0;
  let keyNext = false;
  tokenizer.onToken = ({ token, value, offset }) => {
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth++;
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    else if (token === TokenType.STRING && keyNext && !offsets.has(value as string)) offsets.set(value as string, start + offset);
    keyNext = depth === 1 && (token === TokenType.LEFT_BRACE || token === TokenType.COMMA);
  };
  // The slice ends inside the object: the tokenizer's complaint about that is expected.
  tokenizer.onError = () => undefined;
  tokenizer.write(file.readAt(start, upTo - start));
  return offsets;
}

/**
 * The tokenizer's error as a message: it gives a byte offset and the character inside
 * quotes in its text, which `line` turns into a line; any other wording is quoted as is.
 */
export function syntaxMessage(error: Error, line: (offset: number) => number, unfinished: () => string): string {
  if (/ended in the middle/.test(error.message)) return `not valid JSON: ${unfinished()}`;
  const at = /absolute position "(\d+)"/.exec(error.message);
  const what = /^Unexpected "(.*)" at chunk position/s.exec(error.message);
  if (at && what) return `not valid JSON (line ${line(Number(at[1]))}): unexpected ${shownValue(what[1])}`;
  return `not valid JSON: ${error.message.length <= 200 ? error.message : `${error.message.slice(0, 200)}…`}`;
}
