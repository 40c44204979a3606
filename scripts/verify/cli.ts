/**
 * `npm run validate -- <path>` and `npx central-asia-integration-validate <path>`: checks
 * a downloaded release. Exit status: 0 valid, 1 invalid, 2 the input cannot be used.
 */
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import type { Io } from "../contract/io.ts";
import { openRelease, UnusableInput } from "../published/open-release.ts";
import { formatProblem, jsonReport, ProblemLog, summaryLine, type Stats } from "./report.ts";
import { validateRelease } from "./validate-release.ts";

export type Format = "human" | "json";

/** The usage under the name it is run by: the npm script's `validate`, or the validator package's bin. */
export function validateDownloadUsage(command: string): string {
  return `usage: ${command} <release> [--format human|json]\n  <release>: a release folder (like dist/), its datapackage.json, or a .zip / .tar.gz of it`;
}

export async function validateDownload(path: string, argv: { format: Format }, io: Io): Promise<number> {
  const log = new ProblemLog();
  let stats: Omit<Stats, "problems" | "omitted"> = { resources: 0, rows: 0, bytes: 0, jsonTables: 0 };
  let status: number;
  try {
    const release = await openRelease(path);
    try {
      for (const problem of release.problems) log.add(problem);
      if (release.root) stats = await validateRelease(release.root, release.descriptor, log);
    } finally {
      release.close();
    }
    status = log.count === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    log.add({ code: error.code, file: error.file, message: error.message });
    status = 2;
  }
  const problems = log.sorted();
  const all: Stats = { ...stats, problems: log.count, omitted: log.omitted };
  if (argv.format === "json") {
    io.out(jsonReport(problems, all));
  } else if (status === 2) {
    io.err(`error: ${formatProblem(problems[0]!)}`);
  } else {
    for (const problem of problems) io.out(formatProblem(problem));
    io.out(summaryLine(problems, all));
  }
  return status;
}

/** Parses `<release> [--format human|json]`; for the npm script and the validator package's bin. */
export async function runValidateDownload(args: string[], io: Io, usage = validateDownloadUsage("validate")): Promise<number> {
  const parsed = parseCommandLine(args, io, {
    usage,
    options: { format: { type: "string", default: "human" } },
    choices: { format: ["human", "json"] },
    positionals: { min: 1, max: 1 },
  });
  if (!parsed.ok) return parsed.status;
  return validateDownload(userPath(parsed.positionals[0]!), { format: parsed.values.format as Format }, io);
}
