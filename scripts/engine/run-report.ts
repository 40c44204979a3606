/**
 * What `build` and `validate` print about the data, in one of two forms: for people,
 * located problems on stderr and a summary with notes on stdout; for a curator's CI
 * (`--format json`), one JSON object on stdout. Exit statuses are the same in both.
 * Could-not-run errors (exit 2) are always one line on stderr.
 */
import { compareText, formatDiagnostic, type Diagnostic } from "../contract/diagnostics.ts";
import type { Io } from "../contract/io.ts";

export type Format = "human" | "json";
export const FORMATS = ["human", "json"] as const;

export interface RunSummary {
  tables: number;
  records: number;
  /** Files written to dist/ (build only). */
  files?: number;
  /** Whether the quotes were checked against the source documents. */
  quotesChecked: boolean;
}

export function reportProblems(problems: readonly Diagnostic[], io: Io, format: Format, trailer?: string): void {
  if (format === "json") {
    io.out(JSON.stringify({ valid: false, problems }, null, 2));
    return;
  }
  for (const problem of problems) io.err(formatDiagnostic(problem));
  const files = new Set(problems.map((p) => p.file)).size;
  // Counts per code, so a curator sees at a glance which kind of mistake dominates.
  const byCode = new Map<string, number>();
  for (const { code } of problems) byCode.set(code, (byCode.get(code) ?? 0) + 1);
  const counts = [...byCode].sort(([a], [b]) => compareText(a, b)).map(([code, n]) => `${code} ${n}`).join(", ");
  io.err(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} (${counts})`);
  if (trailer) io.err(trailer);
}

export function reportSuccess(summary: RunSummary, line: string, notes: readonly string[], io: Io, format: Format): void {
  if (format === "json") {
    io.out(JSON.stringify({ valid: true, problems: [], ...summary, notes }, null, 2));
    return;
  }
  io.out(line);
  for (const note of notes) io.out(note);
}

/** "1 table", "3 tables". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
