/**
 * The commands behind `npm run build` and `npm run validate`, as functions that take
 * arguments and streams and return an exit status, so tests run them in-process.
 * Exit status: 0 done, 1 the data has problems, 2 the command could not run.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import { projectFolderProblem } from "../contract/project-meta.ts";
import { processIo, type Io } from "../contract/io.ts";
import { beforeEachLine, QUIET, terminalProgress, type Progress } from "../contract/progress.ts";
import { openBuildCache, type BuildCache } from "./cache/build-cache.ts";
import type { DocumentIndex, SourceDocument } from "./documents.ts";
import { chooseDocuments } from "./documents-folder.ts";
import { recordCount, runPipeline } from "./pipeline.ts";
import type { EmittedFile } from "./emit/emitter.ts";
import { CHANGES_JSON, type Changes } from "../published/changes.ts";
import { count, FORMATS, reportProblems, reportSuccess, type Format } from "./run-report.ts";

interface CommonOptions {
  root: string;
  format: Format;
  releaseDate?: string;
  documents?: DocumentIndex;
  /** Why the quotes are not checked, when there are no documents. */
  unchecked?: string;
  releasing?: boolean;
  /** Results of earlier runs (engine/cache/), unless --no-cache or there is no cache to use. */
  cache?: BuildCache;
}

/**
 * `--root` and `--documents`, shared by build, validate and coverage (and the build's
 * `--release`); a status when the command should stop.
 */
function parseCommon(argv: string[], io: Io, usage: string, accepts: { release?: boolean; format?: boolean; cache?: boolean } = {}): CommonOptions | { status: number } {
  const parsed = parseCommandLine(argv, io, {
    usage,
    options: {
      root: { type: "string" },
      documents: { type: "string" },
      ...(accepts.release ? { release: { type: "boolean" }, date: { type: "string" } } : {}),
      ...(accepts.format ? { format: { type: "string", default: "human" } } : {}),
      ...(accepts.cache ? { "no-cache": { type: "boolean" } } : {}),
    },
    choices: { format: FORMATS },
  });
  if (!parsed.ok) return { status: parsed.status };
  const date = typeof parsed.values.date === "string" ? parsed.values.date : undefined;
  if (date !== undefined && (parsed.values.release !== true || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
    io.err("error: --date YYYY-MM-DD goes with --release: it is the release date the outputs state");
    io.err(usage);
    return { status: 2 };
  }
  const releasing = parsed.values.release === true ? { releasing: true, ...(date ? { releaseDate: date } : {}) } : {};
  const format = (parsed.values.format ?? "human") as Format;
  const root = parsed.values.root === undefined ? resolve(".") : userPath(parsed.values.root);
  const notAProject = projectFolderProblem(root);
  if (notAProject) {
    io.err(`error: ${notAProject}`);
    return { status: 2 };
  }
  const chosen = chooseDocuments(root, parsed.values.documents);
  if ("error" in chosen) {
    io.err(`error: ${chosen.error}`);
    io.err(usage);
    return { status: 2 };
  }
  const cache = accepts.cache && parsed.values["no-cache"] !== true ? openBuildCache(root) : undefined;
  return { root, format, ...releasing, ...chosen, ...(cache ? { cache } : {}) };
}

/** The lines a successful run adds about the evidence: unchecked quotes, documents no source names. */
function evidenceNotes(options: CommonOptions, unnamed: readonly SourceDocument[]): string[] {
  return [
    ...(options.unchecked ? [`quotes not checked: ${options.unchecked}`] : []),
    ...unnamed.map((document) => `note: ${relative(process.cwd(), document.path)} (sha256 ${document.sha256}) is named by no source record; add one for it, or remove the file`),
  ];
}

const BUILD_USAGE = [
  "usage: npm run build [-- --documents <folder>] [--root <project>] [--release [--date YYYY-MM-DD]] [--format human|json] [--no-cache]",
  "  --release   describe dist/ as package.json's version, as `npm run release` does (released on --date,",
  "              else on the date CHANGELOG.md records); without it, data not published in releases/ is",
  "              built as the next version with a -dev tag",
  "  --no-cache  parse every file again, and leave the build cache (node_modules/.cache/) alone",
].join("\n");
const VALIDATE_USAGE = [
  "usage: npm run validate [-- --documents <folder>] [--root <project>] [--format human|json] [--no-cache]   check schemas/ and sources/",
  "       npm run validate -- <project folder> [--documents <folder>]      the same for another project",
  "       npm run validate -- <release> [--format human|json]             check a download: a dist/ folder, an",
  "                                                                       unpacked release, its datapackage.json, a .zip or a .tar.gz",
].join("\n");

/** A progress line for a run on the process's own streams (see contract/progress.ts); none for a caller's Io. */
function progressFor(io: Io): Progress {
  return io === processIo ? terminalProgress() : QUIET;
}

export async function build(argv: string[], io: Io = processIo): Promise<number> {
  const progress = progressFor(io);
  return (await buildOutputs(argv, beforeEachLine(io, progress.done), { progress })).status;
}

/** What a build hands on: its status; with `write: false`, the files of dist/ and `write` to write them. */
export interface BuildOutcome {
  status: number;
  files?: ReadonlyMap<string, Uint8Array>;
  write?: () => Promise<number>;
  /** Why the quotes were not checked against the source documents, when they were not. */
  unchecked?: string;
}

/**
 * The build as the release tool needs it: the files come back as values, so nothing reads
 * dist/ again, and with `write: false` dist/ is written only when the caller accepts them.
 */
export async function buildOutputs(argv: string[], io: Io = processIo, { write = true, progress = QUIET }: { write?: boolean; progress?: Progress } = {}): Promise<BuildOutcome> {
  const options = parseCommon(argv, io, BUILD_USAGE, { release: true, format: true, cache: true });
  if ("status" in options) return { status: options.status };
  try {
    return await buildWith(options, io, write, progress);
  } finally {
    progress.done();
  }
}


async function buildWith(options: CommonOptions, io: Io, write: boolean, progress: Progress): Promise<BuildOutcome> {
  // The writer (and its lock library) only for a run that gets as far as writing.
  const { recoverOutput, stageOutput, WriteError, writeAtomically } = await import("./write.ts");
  const dist = resolve(options.root, "dist");
  const guarded = async (step: () => Promise<number>): Promise<number> => {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      io.err(`error: ${error.message}`);
      if (error.hint) io.err(`  hint: ${error.hint}`);
      if (error.unchanged) io.err("dist/ left unchanged");
      return 2;
    }
  };
  let result: Awaited<ReturnType<typeof runPipeline>> | undefined;
  // Written as they are emitted (each file into the staging folder, then one swap), unless the caller wants them first.
  let staged: Awaited<ReturnType<typeof stageOutput>> | undefined;
  const output = write ? { output: async () => (staged = await stageOutput(dist, options.cache ? { dist: options.cache.dist } : {})) } : {};
  // Recovery first, so that a dist/ a killed build left renamed away is back before "left unchanged" is said.
  const status = await guarded(async () => {
    await recoverOutput(dist);
    try {
      result = await runPipeline(options.root, { ...options, progress, emit: true, ...output });
    } catch (error) {
      await staged?.abort();
      throw error;
    }
    return 0;
  });
  if (status !== 0 || !result) return { status };
  const { problems, dataset, files, unnamedDocuments: unnamed } = result;
  if (problems.length > 0 || !dataset) {
    await staged?.abort();
    reportProblems(problems, io, options.format, "dist/ left unchanged");
    return { status: 1 };
  }
  const unreleased = unreleasedNote(files);
  const finish = (commit: () => Promise<void>) =>
    guarded(async () => {
      progress.update(() => `writing dist/: ${count(files.length, "file")}`);
      await commit();
      options.cache?.dist.record(files);
      const summary = { tables: dataset.tables.length, records: recordCount(dataset), files: files.length, quotesChecked: options.documents !== undefined };
      const notes = [...(unreleased ? [unreleased] : []), ...evidenceNotes(options, unnamed)];
      reportSuccess(summary, `${count(summary.tables, "table")}, ${count(summary.records, "record")} -> ${count(summary.files, "file")}`, notes, io, options.format);
      return 0;
    });
  const unchecked = options.unchecked ? { unchecked: options.unchecked } : {};
  if (!write) {
    const values = files.map((file) => ({ path: file.path, bytes: file.read() }));
    const built = new Map(values.map(({ path, bytes }) => [path, bytes]));
    return { status: 0, files: built, write: () => finish(() => writeAtomically(dist, values)), ...unchecked };
  }
  const wrote = await finish(() => staged!.commit());
  return wrote === 0 ? { status: 0, ...unchecked } : { status: wrote };
}

/** One line for a build that is not a published release: what it is compared with, and how to release it. */
function unreleasedNote(files: readonly EmittedFile[]): string | undefined {
  const bytes = files.find((file) => file.path === CHANGES_JSON)?.read();
  if (!bytes) return undefined;
  const changes = JSON.parse(bytes.toString("utf8")) as Changes;
  if (!changes.unreleased) return undefined;
  const next = changes.to!.replace(/-[^-]*$/, "");
  if (changes.from === null) return `unreleased: nothing is released yet; built as ${changes.to} (\`npm run release\` releases ${next})`;
  const need = changes.required === "none" ? "no new version" : `a ${changes.required} release`;
  return `unreleased: the changes since ${changes.from} need ${need}; built as ${changes.to} (\`npm run diff\` lists them; to release, set "version" in package.json to ${next} and run \`npm run release\`)`;
}

/** A folder with schemas/ and sources/ is a project to check; any other path is a download. */
export function isProjectFolder(path: string): boolean {
  const folder = userPath(path);
  return existsSync(join(folder, "schemas")) && existsSync(join(folder, "sources"));
}

/** The first argument that is not an option or an option's value: the path `validate` was given. */
export function pathArgument(argv: string[]): string | undefined {
  return argv.find((arg, i) => !arg.startsWith("-") && !["--root", "--documents", "--format"].includes(argv[i - 1] ?? ""));
}

/** `npm run validate [--root <project>] [<project>]`: a path given alone is taken as `--root`. */
export async function validate(argv: string[], io: Io = processIo): Promise<number> {
  const path = pathArgument(argv);
  if (path !== undefined) argv = argv.filter((arg) => arg !== path).concat("--root", path);
  const options = parseCommon(argv, io, VALIDATE_USAGE, { format: true, cache: true });
  if ("status" in options) return options.status;
  const progress = progressFor(io);
  const result = await runPipeline(options.root, { ...options, progress, emit: false }).finally(() => progress.done());
  if (result.problems.length > 0 || !result.dataset) {
    reportProblems(result.problems, io, options.format);
    return 1;
  }
  const summary = { tables: result.dataset.tables.length, records: recordCount(result.dataset), quotesChecked: options.documents !== undefined };
  const checked = summary.quotesChecked ? ", quotes verified against documents" : "";
  const line = `valid: ${count(summary.tables, "table")}, ${count(summary.records, "record")}${checked}`;
  reportSuccess(summary, line, evidenceNotes(options, result.unnamedDocuments), io, options.format);
  return 0;
}

const COVERAGE_USAGE = "usage: npm run coverage [-- --documents <folder>] [--root <project>]   (the documents folder package.json names by default)";

/** Lists the sentences of each source document that no quote cites; status 1 while any is left. */
export async function coverage(argv: string[], io: Io = processIo): Promise<number> {
  const options = parseCommon(argv, io, COVERAGE_USAGE);
  if ("status" in options) return options.status;
  if (!options.documents) {
    io.err(`error: coverage needs the source documents: ${options.unchecked}`);
    return 2;
  }
  const { validateProject } = await import("./validate.ts");
  const { records, problems } = validateProject(options.root, options.documents);
  if (problems.length > 0) {
    reportProblems(problems, io, "human");
    return 1;
  }
  const { coverage: documentCoverage } = await import("./coverage.ts");
  let uncited = 0;
  for (const entry of documentCoverage(records, options.documents)) {
    const cited = entry.sentences.length - entry.uncited.length;
    const share = entry.sentences.length ? Math.floor((cited / entry.sentences.length) * 1000) / 10 : 100;
    io.out(`${entry.source} (${relative(process.cwd(), entry.document.path)}): ${cited} of ${entry.sentences.length} sentences cited (${share}%), ${Math.floor(entry.characterShare * 1000) / 10}% of their characters quoted`);
    for (const sentence of entry.uncited) io.out(`  line ${sentence.line}: ${sentence.text}`);
    uncited += entry.uncited.length;
  }
  io.out(uncited === 0 ? "every sentence is cited" : `${uncited} sentence${uncited === 1 ? "" : "s"} not cited yet`);
  return uncited === 0 ? 0 : 1;
}
