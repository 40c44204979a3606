/**
 * The problems a check of a published release can report: their codes and shape. The
 * unpackers (reading releases) and the release validator both report them. Codes follow
 * the Frictionless validation report where one exists, so a downloader who knows
 * `frictionless validate` reads ours the same way.
 */

export const CODES = {
  "input-error": "the path does not exist or is not a release (folder, datapackage.json, .zip or .tar.gz)",
  "archive-error": "the archive cannot be read, repeats a file name, or passes a limit on unpacking (size, ratio, entries)",
  "unsafe-path": "a path in the archive or descriptor is absolute, climbs out with '..', or is a link",
  "descriptor-error": "datapackage.json breaks the Data Package v2 profile or refers to something it does not define",
  "missing-file": "a file the release needs is not there",
  "byte-count": "a file's size differs from the descriptor's `bytes`",
  "hash-count": "a file's hash differs from the descriptor's `hash`",
  "encoding-error": "a file or cell is not valid UTF-8",
  "format-error": "a file cannot be parsed as CSV or JSON",
  "blank-header": "a header cell is empty",
  "duplicate-label": "two header cells have the same name",
  "incorrect-label": "a header cell differs from the field the Table Schema defines at that position",
  "missing-label": "the header lacks a field of the Table Schema",
  "extra-label": "the header has a column the Table Schema does not define",
  "blank-row": "a row has no values",
  "extra-cell": "a row has more cells than the header",
  "missing-cell": "a row has fewer cells than the header",
  "type-error": "a cell is not a value of its field's type",
  "constraint-error": "a cell breaks a constraint of its field (required, unique, enum, pattern, length, range)",
  "primary-key": "a row's primary key is empty or repeats another row's",
  "row-order": "a table's rows (CSV) or records (JSON) are not sorted by primary key, as a release's tables are",
  "foreign-key": "a row's foreign key names no row of the referenced resource",
  "schema-error": "a JSON table breaks its JSON Schema, or the schema cannot be used",
  "csv-json-mismatch": "a CSV file and the JSON file of its table disagree",
  "tombstone-conflict": "tombstones.json retires an id that still names a record, or retires it twice",
  "duplicate-key": "a JSON object names the same key twice (JSON.parse would silently keep the last value)",
  "formula": "a CSV cell starts the way a spreadsheet formula does, so opening the file could run it",
  "cell-too-large": "a CSV cell or a JSON record holds more than 64 MiB, the limit per cell or record (far below the longest string JavaScript can hold)",
} as const;

export type Code = keyof typeof CODES;

export interface Problem {
  code: Code;
  /** Path inside the release, forward slashes (or the path given, for input problems). */
  file: string;
  /** CSV: the record's row in the file, the header being row 1 (as spreadsheets number them). JSON: the record's 1-based position in the array. */
  row?: number;
  /** A Table Schema field (CSV column) or dotted JSON property. */
  field?: string;
  /** JSON Pointer into a JSON file, where the problem is there. */
  pointer?: string;
  message: string;
}
