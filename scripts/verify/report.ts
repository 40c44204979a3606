/**
 * Problems found in a release as the validator collects and prints them: the log, its
 * per-file limit, and the two output formats (human lines and a JSON report).
 */

// The codes and the shape of a problem are shared with the unpackers below this program.
export { CODES } from "../contract/release-problems.ts";
export type { Code, Problem } from "../contract/release-problems.ts";
import type { Problem } from "../contract/release-problems.ts";
import { compareText } from "../contract/diagnostics.ts";

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

/** Where a check reports what it finds: the log, or a batch of problems handed to it later. */
export type ProblemSink = Pick<ProblemLog, "add">;

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

  /** Problems of `file` past the per-file limit whatever comes before them: counted only. */
  addUnlisted(file: string, count: number): void {
    this.perFile.set(file, (this.perFile.get(file) ?? 0) + count);
    this.omitted += count;
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

/**
 * Problems that stand only if what is read later confirms them (a row missing from a
 * CSV file is missing only if the file turns out complete and in order): added to the
 * log in the order found, or dropped. Like the log, it keeps at most PROBLEMS_PER_FILE
 * of a file and counts the rest, so holding them costs no more than the log would.
 */
export class HeldProblems {
  private kept: Problem[] = [];
  private readonly perFile = new Map<string, number>();

  constructor(private readonly log: ProblemLog) {}

  add(problem: Problem): void {
    const count = (this.perFile.get(problem.file) ?? 0) + 1;
    this.perFile.set(problem.file, count);
    if (count <= PROBLEMS_PER_FILE) this.kept.push(problem);
  }

  commit(): void {
    for (const problem of this.kept) this.log.add(problem);
    for (const [file, count] of this.perFile) if (count > PROBLEMS_PER_FILE) this.log.addUnlisted(file, count - PROBLEMS_PER_FILE);
    this.discard();
  }

  discard(): void {
    this.kept = [];
    this.perFile.clear();
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
