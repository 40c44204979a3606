/**
 * Text every reader gets back as written: well-formed Unicode, in NFC, without control
 * characters that terminals, spreadsheets and CSV readers act on, and without
 * characters that change how the text around them is shown. CONTRIBUTING.md ("What text
 * is allowed") is the curator's version of this list; keep the two in step.
 */
import type { Diagnostic } from "../../contract/diagnostics.ts";
import type { YamlFile } from "../yaml-file.ts";
import type { Rule } from "./rule.ts";
import { strings } from "./rule.ts";

export interface TextProblem {
  message: string;
  hint: string;
}

interface Refused {
  why: string;
  hint: string;
}

const NAMES: Record<number, string> = {
  0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0b: "LINE TABULATION", 0x0c: "FORM FEED", 0x0d: "CARRIAGE RETURN",
  0x1b: "ESCAPE", 0x7f: "DELETE", 0x85: "NEXT LINE",
  0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
};

const CARRIAGE_RETURN: Refused = {
  why: "a carriage return ends a row for some CSV readers and not for others",
  hint: "write a line break as a line feed: a YAML block scalar (|), or \\n in a double-quoted string, never \\r",
};
const CONTROL: Refused = {
  why: "control characters are invisible, and terminals and spreadsheets act on them",
  hint: "remove it; only a line feed (\\n) and, inside text, a tab (\\t) are allowed",
};
const SURROGATE: Refused = {
  why: "a lone surrogate is not a character: UTF-8 cannot hold it, so the CSV would differ from the JSON",
  hint: "remove it, or write the whole character (a \\uD8xx\\uDCxx pair, or \\U0001xxxx)",
};
const BIDI: Refused = {
  why: "directional embeddings, overrides and isolates reorder how the text around them is shown",
  hint: "remove it; the marks U+200E and U+200F are allowed where a script needs them",
};
const BOM: Refused = {
  why: "a byte order mark inside text is invisible and makes equal-looking strings differ",
  hint: "remove it; to keep two characters together use U+2060 WORD JOINER",
};
const NONCHARACTER: Refused = {
  why: "noncharacters are reserved for programs' internal use and are not interchanged",
  hint: "remove it",
};

function refusal(cp: number): Refused | undefined {
  if (cp === 0x0a || cp === 0x09) return undefined;
  if (cp === 0x0d) return CARRIAGE_RETURN;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return CONTROL;
  if (cp >= 0xd800 && cp <= 0xdfff) return SURROGATE;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return BIDI;
  if (cp === 0xfeff) return BOM;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return NONCHARACTER;
  return undefined;
}

export function codePointName(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return NAMES[cp] ? `${hex} ${NAMES[cp]}` : hex;
}

/** The first reason a string cannot be published as written, if any. */
export function textProblem(text: string): TextProblem | undefined {
  let index = 0;
  // for..of walks code points: a paired surrogate arrives whole, a lone one alone.
  for (const char of text) {
    index++;
    const cp = char.codePointAt(0)!;
    const refused = refusal(cp);
    if (refused) return { message: `${codePointName(cp)} at character ${index} is not allowed in text: ${refused.why}`, hint: refused.hint };
  }
  const nfc = text.normalize("NFC");
  if (nfc !== text) return nfcProblem(text, nfc);
  return undefined;
}

/** Names the stretch that differs from its NFC spelling, so the curator can find it. */
function nfcProblem(text: string, nfc: string): TextProblem {
  let start = 0;
  while (text[start] === nfc[start]) start++;
  if (isSurrogate(text.charCodeAt(start - 1), 0xd800)) start--;
  let end = 0;
  while (end < text.length - start && end < nfc.length - start && text[text.length - 1 - end] === nfc[nfc.length - 1 - end]) end++;
  if (end > 0 && isSurrogate(text.charCodeAt(text.length - end), 0xdc00)) end--;
  const points = (s: string) => [...s].map((c) => codePointName(c.codePointAt(0)!)).join(" ");
  const written = text.slice(start, text.length - end);
  const composed = nfc.slice(start, nfc.length - end);
  const at = [...text.slice(0, start)].length + 1;
  return {
    message: `text is not in Unicode normalization form NFC: ${points(written)} at character ${at} is ${points(composed)} in NFC`,
    hint: `write ${JSON.stringify(composed)} there (the NFC spelling); two spellings of one name would pass uniqueness checks and break search`,
  };
}

/** `half`: 0xD800 for a high surrogate, 0xDC00 for a low one. */
function isSurrogate(unit: number, half: number): boolean {
  return unit >= half && unit <= half + 0x3ff;
}

function located(yaml: YamlFile, path: (string | number)[], problem: TextProblem): Diagnostic {
  return { ...yaml.locate(path), code: "text", ...problem };
}

export const text: Rule = {
  name: "text",
  perRecord: true,
  codes: ["text"],
  check({ records, tombstones }) {
    const problems: Diagnostic[] = [];
    for (const record of records) {
      for (const { path, text: value } of strings(record.data)) {
        const problem = textProblem(value);
        if (problem) problems.push(located(record.yaml, path, problem));
      }
    }
    for (const { tombstone, yaml, index } of tombstones) {
      // `table` comes from the folder, not from the file.
      for (const { path, text: value } of [...strings(tombstone, [index])].filter(({ path }) => path[1] !== "table")) {
        const problem = textProblem(value);
        if (problem) problems.push(located(yaml, path, problem));
      }
    }
    return problems;
  },
};
