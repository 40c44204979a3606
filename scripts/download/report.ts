/**
 * Problems found in a release, their codes and the two output formats. Codes follow
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
  "foreign-key": "a row's foreign key names no row of the referenced resource",
  "schema-error": "a JSON table breaks its JSON Schema, or the schema cannot be used",
  "csv-json-mismatch": "a CSV file and the JSON file of its table disagree",
  "tombstone-conflict": "tombstones.json retires an id that still names a record, or retires it twice",
  "duplicate-key": "a JSON object names the same key twice (JSON.parse would silently keep the last value)",
  "formula": "a CSV cell starts the way a spreadsheet formula does, so opening the file could run it",
  "cell-too-large": "a CSV cell holds more than 64 MiB, the limit per cell (far below the longest string JavaScript can hold)",
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

export interface Stats {
  resources: number;
  rows: number;
  bytes: number;
  jsonTables: number;
  problems: number;
  /** Problems past the per-file limit, counted but not listed. */
  omitted: number;
}

/** A broken file could yield a problem per cell: beyond this many per file, only count them. */
export const PROBLEMS_PER_FILE = 1000;

export class ProblemLog {
  private readonly list: Problem[] = [];
  private readonly perFile = new Map<string, number>();
  omitted = 0;

  add(problem: Problem): void {
    const count = (this.perFile.get(problem.file) ?? 0) + 1;
    this.perFile.set(problem.file, count);
    if (count > PROBLEMS_PER_FILE) this.omitted++;
    else this.list.push(problem);
  }

  get count(): number {
    return this.list.length + this.omitted;
  }

  /** By file, then row, keeping the order of discovery within a row. */
  sorted(): Problem[] {
    return this.list
      .map((problem, order) => ({ problem, order }))
      .sort((a, b) => compareText(a.problem.file, b.problem.file) || (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.order - b.order)
      .map(({ problem }) => problem);
  }
}

/** Characters of a value shown in a message: a cell may be megabytes long, a message should fit on a line. */
export const SHOWN_CHARACTERS = 60;

/**
 * A value from the release as messages quote it: JSON text (so that invisible
 * characters show), cut after SHOWN_CHARACTERS with the full length given.
 */
export function shownValue(value: unknown): string {
  const isText = typeof value === "string";
  const text = isText ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= SHOWN_CHARACTERS) return isText ? JSON.stringify(text) : text;
  // Never split a surrogate pair: half of one would print as an escape.
  const cut = /[\uD800-\uDBFF]/.test(text[SHOWN_CHARACTERS - 1]!) ? SHOWN_CHARACTERS - 1 : SHOWN_CHARACTERS;
  const head = text.slice(0, cut);
  return `${isText ? JSON.stringify(head) : head}… (${text.length} characters)`;
}

export function formatProblem(problem: Problem): string {
  const where = problem.row === undefined ? problem.file : `${problem.file}:${problem.row}`;
  const field = problem.field === undefined ? "" : `field "${problem.field}": `;
  return `${where} [${problem.code}] ${field}${problem.message}`;
}

export function summaryLine(problems: readonly Problem[], stats: Stats): string {
  const checked = `${plural(stats.resources, "resource")}, ${plural(stats.rows, "CSV row")}, ${plural(stats.jsonTables, "JSON table")}`;
  if (stats.problems === 0) return `valid: ${checked} checked`;
  const files = new Set(problems.map((p) => p.file)).size;
  const omitted = stats.omitted ? ` (${stats.omitted} not listed)` : "";
  return `invalid: ${plural(stats.problems, "problem")}${omitted} in ${plural(files, "file")}; ${checked} checked`;
}

/** The `--format json` object; keys in a fixed order so that output diffs cleanly. */
export function jsonReport(problems: readonly Problem[], stats: Stats): string {
  const ordered = problems.map((p) => ({
    code: p.code,
    file: p.file,
    ...(p.row === undefined ? {} : { row: p.row }),
    ...(p.field === undefined ? {} : { field: p.field }),
    ...(p.pointer === undefined ? {} : { pointer: p.pointer }),
    message: p.message,
  }));
  return JSON.stringify({ valid: stats.problems === 0, problems: ordered, stats }, null, 2);
}

/** Code-unit order, independent of the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
