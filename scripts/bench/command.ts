/**
 * `npm run bench -- --records N [--seed S] [--corpus DIR] [--runs R] [--in-process]`:
 * times the build's stages in this process against their floors, then the build and the
 * release validator as commands against theirs, then (with Chromium) the explorer site's
 * home and record pages, on a synthetic corpus. Prints figures;
 * passes or fails nothing. Exit status: 0 measured, 1 the corpus has problems, 2 could
 * not run.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import type { Io } from "../contract/io.ts";
import { RECORD_EXTENSIONS, SOURCES_FOLDER } from "../engine/records.ts";
import { TOMBSTONES_FILE } from "../engine/tombstones.ts";
import { measureCommands, peakFromGnuTime } from "./children.ts";
import { DEFAULT_SEED, makeCorpus, outFolderProblem, REPO, wholeNumber } from "./corpus-command.ts";
import { collectsBetweenStages, median, peakIsPerStage } from "./measure.ts";
import { MAX_SEED } from "./random.ts";
import { measureRebuild } from "./rebuild.ts";
import { commandRows, markdownTable, ratio, stageRows } from "./report.ts";
import { CorpusProblem, runStages, type StageSample } from "./stages.ts";
import { CHROMIUM, chromiumPresent, INSTALL_CHROMIUM } from "./chromium.ts";
import { siteRows } from "./site-timing.ts";

/** Page loads per site timing: they are quick, so always a median of five. */
const SITE_RUNS = 5;

const USAGE = [
  "usage: npm run bench -- --records <n> [--seed <s>] [--corpus <folder>] [--runs <r>] [--in-process]",
  "  --records     size of the corpus to generate (npm run bench:corpus); not needed with an existing --corpus",
  `  --seed        seed of the generated corpus, 0 to ${MAX_SEED} (default ${DEFAULT_SEED})`,
  "  --corpus      a project to measure: used as it is if it holds one, else generated there and kept",
  "                (default: generated in a temporary folder and removed afterwards)",
  "  --runs        runs per measurement, of which the median is shown (default 5 up to 2,000 records,",
  "                3 up to 20,000, else 1)",
  "  --in-process  only the stages in this process, not the commands in child processes",
].join("\n");

export function defaultRuns(records: number): number {
  return records <= 2_000 ? 5 : records <= 20_000 ? 3 : 1;
}

function isProject(folder: string): boolean {
  return ["package.json", "schemas", SOURCES_FOLDER].every((name) => existsSync(join(folder, name)));
}

function countRecords(root: string): number {
  const sources = join(root, SOURCES_FOLDER);
  const isRecord = (name: string) => name !== TOMBSTONES_FILE && RECORD_EXTENSIONS.some((extension) => name.endsWith(extension));
  return readdirSync(sources).reduce((sum, table) => sum + readdirSync(join(sources, table)).filter(isRecord).length, 0);
}

export async function bench(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, io, {
    usage: USAGE,
    options: { records: { type: "string" }, seed: { type: "string" }, corpus: { type: "string" }, runs: { type: "string" }, "in-process": { type: "boolean" } },
  });
  if (!parsed.ok) return parsed.status;
  const fail = (message: string): number => {
    io.err(`error: ${message}`);
    io.err(USAGE);
    return 2;
  };
  const { values } = parsed;
  const given = values.corpus === undefined ? undefined : userPath(values.corpus);
  const reuse = given !== undefined && isProject(given);
  if (!reuse && values.records === undefined) return fail(given === undefined ? "--records is required" : `--records is required: ${given} holds no project yet`);
  const records = values.records === undefined ? undefined : wholeNumber("records", values.records, 1, 10_000_000);
  const seed = wholeNumber("seed", values.seed ?? String(DEFAULT_SEED), 0, MAX_SEED);
  const runs = values.runs === undefined ? undefined : wholeNumber("runs", values.runs, 1, 1_000);
  for (const value of [records, seed, runs]) if (typeof value === "string") return fail(value);
  const outProblem = given !== undefined && !reuse ? outFolderProblem(given) : undefined;
  if (outProblem) return fail(outProblem.replace("--out", "--corpus"));

  let corpus = given;
  if (!reuse) {
    const made = makeCorpus(records as number, seed as number, given);
    if (typeof made === "string") return fail(made);
    corpus = made.root;
  }
  const root = corpus!;
  const total = countRecords(root);
  const passes = (runs as number | undefined) ?? defaultRuns(total);
  const scratch = mkdtempSync(join(tmpdir(), "cai-bench-"));
  try {
    const ignored = values.records !== undefined || values.seed !== undefined ? "; --records and --seed do not apply to it" : "";
    header(io, root, total, passes, reuse ? `an existing project${ignored}` : `generated with seed ${seed as number}${given ? "" : ", removed afterwards"}`);
    const samples: StageSample[][] = [];
    for (let pass = 0; pass < passes; pass++) samples.push(await runStages(root, scratch, pass));
    io.out("");
    io.out(`In this process (${runLabel(passes)}); ↳ rows time again work that other rows count, and are left out of the total:`);
    io.out("");
    for (const line of markdownTable(stageRows(samples), total)) io.out(line);
    if (values["in-process"] === true) return 0;
    const commands = commandRows(measureCommands(REPO, root, passes));
    const rebuilt = measureRebuild(REPO, root, passes);
    const rebuildRows = commandRows(rebuilt.rows);
    io.out("");
    io.out(`As commands, each in a child process (${runLabel(passes)}, command and floor alternating):`);
    io.out("");
    for (const line of markdownTable(commands, total)) io.out(line);
    io.out("");
    io.out(`Rebuild after editing ${rebuilt.edited} (${runLabel(passes)}, each rebuild followed by builds of the same sources without the cache and with it emptied):`);
    io.out("");
    for (const line of markdownTable(rebuildRows, total)) io.out(line);
    io.out("");
    // The build command above wrote <corpus>/dist, the site measured here.
    if (chromiumPresent()) {
      io.out(`The explorer site in headless Chromium (median of ${SITE_RUNS} runs, browser started, fresh context each):`);
      io.out("");
      for (const line of markdownTable(await siteRows(join(root, "dist"), SITE_RUNS), total)) io.out(line);
    } else {
      io.out(`The explorer site is not timed: Chromium is not at ${CHROMIUM} (install it with \`${INSTALL_CHROMIUM}\`, or set CHROMIUM_PATH)`);
    }
    io.out("");
    const build = ratio(commands[1]!)!;
    const faster = median(rebuildRows[1]!.ms) / median(rebuildRows[0]!.ms);
    const fasterThanFirst = median(rebuildRows[2]!.ms) / median(rebuildRows[0]!.ms);
    const identical = rebuilt.differing.length === 0 ? "byte-identical to it" : `NOT byte-identical to it: ${rebuilt.differing.slice(0, 5).join(", ")}${rebuilt.differing.length > 5 ? ", …" : ""}`;
    io.out(`${loadAverage()} at the end`);
    const peaks = commands[1]!.rssMiB.filter((v): v is number => v !== undefined);
    const peak = peaks.length ? `${Math.round(Math.max(...peaks))} MiB` : "n/a (no /usr/bin/time)";
    io.out(`headline: npm run build takes ${build.toFixed(2)} times as long as bare yaml.parse of the same files (goal: below 1); its peak RSS ${peak} (goal: below 1,024 MiB)`);
    io.out(`rebuild: after a one-file edit, ${faster.toFixed(2)} times as fast as a build of the same sources without the cache, ${fasterThanFirst.toFixed(2)} times as fast as one with the cache emptied (goal: at least 5), ${identical}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CorpusProblem)) throw error;
    io.err(`error: ${error.message}`);
    io.err(`  hint: run npm run validate -- --root ${root} for every problem`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (!reuse && given === undefined && corpus) rmSync(corpus, { recursive: true, force: true });
  }
}

/** Other work on the machine skews every figure: the run says how busy the machine was. */
function loadAverage(): string {
  return `load average ${loadavg().map((n) => n.toFixed(1)).join(" ")}`;
}

function runLabel(runs: number): string {
  return runs === 1 ? "one run, not a median" : `median of ${runs} runs`;
}

function header(io: Io, root: string, records: number, runs: number, origin: string): void {
  io.out(`corpus: ${root} (${records} records, ${origin})`);
  io.out(`node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown model"}), ${new Date().toISOString().slice(0, 10)}, ${runLabel(runs)}, ${loadAverage()}`);
  io.out(
    `peak RSS: ${peakIsPerStage ? "reset before each in-process stage (/proc/self/clear_refs), so it is that stage's peak, data of earlier stages included" : "the process's peak so far (no per-stage reset on this system)"}; ` +
      `of commands: ${peakFromGnuTime ? "/usr/bin/time -v (the largest process of the tree)" : "the floor child's own maxRSS; n/a for npm commands (no /usr/bin/time)"}`,
  );
  io.out(`garbage collected before each stage: ${collectsBetweenStages ? "yes" : "no (run under node --expose-gc for steadier figures)"}`);
  io.out("load + schema: the engine reads, parses and validates each record in one function (loadRecords); its load and schema halves are also timed alone");
}
