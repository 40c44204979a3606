/**
 * `npm run bench:corpus -- --records N [--seed S] [--out DIR]`: writes a synthetic
 * project (scripts/bench/corpus.ts) outside the repository and prints where.
 * Exit status: 0 written, 2 could not run.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import type { Io } from "../contract/io.ts";
import { readTemplates, writeCorpus, type CorpusSummary } from "./corpus.ts";
import { MAX_SEED } from "./random.ts";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const DEFAULT_SEED = 1;

const USAGE = [
  "usage: npm run bench:corpus -- --records <n> [--seed <s>] [--out <folder>]",
  "  --records  how many records to write, spread over the tables as in sources/ (at least one a table)",
  `  --seed     an integer from 0 to ${MAX_SEED} (default ${DEFAULT_SEED}); the same records and seed give the same files`,
  "  --out      an empty or new folder outside the repository (default: a new folder in the system's temporary folder)",
].join("\n");

/** A whole number from `min` to `max` given as option `name`, or the error line. */
export function wholeNumber(name: string, text: string, min: number, max: number): number | string {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return value >= min && value <= max ? value : `--${name} must be a whole number from ${min} to ${max}, not "${text}"`;
}

/** Why `folder` cannot receive a corpus, if it cannot: it must be new or empty, and outside the repository. */
export function outFolderProblem(folder: string): string | undefined {
  const inside = relative(REPO, folder);
  if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside))) {
    return `--out ${folder} is inside the repository, whose own tests and builds would pick the corpus up; choose a folder outside ${REPO}`;
  }
  if (existsSync(folder) && readdirSync(folder).length > 0) return `--out ${folder} is not empty; give a new or empty folder`;
  return undefined;
}

export async function benchCorpus(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, io, {
    usage: USAGE,
    options: { records: { type: "string" }, seed: { type: "string" }, out: { type: "string" } },
  });
  if (!parsed.ok) return parsed.status;
  const fail = (message: string): number => {
    io.err(`error: ${message}`);
    io.err(USAGE);
    return 2;
  };
  if (parsed.values.records === undefined) return fail("--records is required");
  const records = wholeNumber("records", parsed.values.records, 1, 10_000_000);
  const seed = wholeNumber("seed", parsed.values.seed ?? String(DEFAULT_SEED), 0, MAX_SEED);
  if (typeof records === "string") return fail(records);
  if (typeof seed === "string") return fail(seed);
  const out = parsed.values.out === undefined ? undefined : userPath(parsed.values.out);
  const problem = out === undefined ? undefined : outFolderProblem(out);
  if (problem) return fail(problem);
  const made = makeCorpus(records, seed, out);
  if (typeof made === "string") return fail(made);
  const tables = [...made.counts].map(([table, count]) => `${table} ${count}`).join(", ");
  io.out(`${records} records (${tables}) and ${made.retired} retired ids, seed ${seed}, written to:`);
  io.out(made.root);
  return 0;
}

/** A corpus in `out`, or in a new temporary folder; the error line when the plan cannot be met. */
export function makeCorpus(records: number, seed: number, out?: string): CorpusSummary | string {
  const templates = readTemplates(REPO);
  const tables = [...templates.records.values()].filter((list) => list.length > 0).length;
  if (records < tables) return `--records must be at least ${tables}, one record for each table`;
  const root = out ?? mkdtempSync(join(tmpdir(), "cai-corpus-"));
  mkdirSync(root, { recursive: true });
  return writeCorpus(REPO, templates, root, records, seed);
}
