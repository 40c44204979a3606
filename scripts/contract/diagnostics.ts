/**
 * Problems found in curated input. Every stage reports through this one shape so
 * that a single run can collect everything and print it in one consistent format.
 */

/** Stable codes: the README documents each, and tests assert them. */
export const CODES = {
  "encoding": "the file is not valid UTF-8",
  "yaml-syntax": "the file is not well-formed YAML",
  "json-syntax": "a schema file is not well-formed JSON, or one of its objects gives a key twice",
  "yaml-duplicate-key": "a mapping repeats a key",
  "yaml-forbidden-key": "a key that would alter object prototypes (__proto__, constructor, prototype)",
  "yaml-alias": "anchors and aliases are not allowed in curated data",
  "number": "a number YAML would read as something other than what is written (infinite, NaN, beyond 2^53, hex/octal, leading zero, more digits than a double holds)",
  "symlink": "a symbolic link in schemas/ or sources/ (or one of them is a link); links are never followed",
  "unknown-table": "a folder under sources/ (or a file in it) that no schema defines",
  "stray-file": "a file under sources/<table>/ that is not a .yaml record",
  "schema": "a record breaks its table's JSON Schema",
  "schema-definition": "a schema file breaks the project's schema conventions",
  "file-id-mismatch": "a record's id differs from its file name",
  "duplicate-id": "two records of one table share an id",
  "dangling-reference": "a reference names a record that does not exist",
  "tombstone-conflict": "a retired id (in _tombstones.yaml) still names a record, or is retired twice",
  "formula": "a CSV cell (a string, or a list joined by ';') begins like a spreadsheet formula",
  "text": "a string holds a character no reader can round-trip (control, lone surrogate, bidirectional override, noncharacter) or is not in NFC",
  "list-separator": "an item of a list contains the CSV list separator ';'",
  "document-missing": "no document in --documents has a source record's sha256",
  "quote-not-found": "an evidence quote does not occur verbatim in its source document",
  "package-json": "package.json lacks a field the outputs need, holds one of the wrong kind, gives a key twice, or is not valid JSON",
  "version": "package.json's version is not MAJOR.MINOR.PATCH, or a release in releases/ the build compares with is damaged",
} as const;

export type Code = keyof typeof CODES;

export interface Location {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line: number;
  col: number;
}

/** A parsed file (a YAML record, a JSON schema) that can point at each of its values. */
export interface LocatedFile {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** The parsed value; only present when the file loaded without problems. */
  data?: unknown;
  /** Position of the value at a path of keys and indexes (JSON Pointer segments). */
  locate(path: readonly (string | number)[], at?: "key" | "value"): Location;
}

export interface Diagnostic extends Location {
  code: Code;
  message: string;
  hint?: string;
  /** The line as written, shown under the message with a caret at the column. */
  source?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const lines = [`${d.file}:${d.line}:${d.col} error[${d.code}]: ${d.message}`];
  if (d.source !== undefined) {
    const number = String(d.line);
    // Tabs are shown as one space so that the caret stays under its character.
    lines.push(`  ${number} | ${d.source.replace(/\t/g, " ")}`, `  ${" ".repeat(number.length)} | ${" ".repeat(d.col - 1)}^`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}

/** Orders diagnostics by file, then position, so output is stable across runs. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.code, b.code),
  );
}

/** Code-unit order: independent of the machine's locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown when input cannot be used at all; carries every problem found so far. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.length} problem(s) in the input`);
  }
}
