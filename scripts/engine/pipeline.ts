/**
 * The pipeline in one place: load and validate, model, read the published releases, emit.
 * Writing is left to the caller, so `validate` and the tests can run everything without
 * touching disk. The emitters and the release reader are imported only by a run that
 * emits: `validate` never loads them.
 */
import { compareText, sortDiagnostics, type Diagnostic } from "../contract/diagnostics.ts";
import { checkProjectMeta, type ProjectMeta } from "../contract/project-meta.ts";
import { groupDigits, QUIET, type Progress } from "../contract/progress.ts";
import type { BuildCache } from "./cache/build-cache.ts";
import type { TextMemo } from "./cache/text-memo.ts";
import { declarationMemo } from "./declaration-prefetch.ts";
import type { DocumentIndex, SourceDocument } from "./documents.ts";
import { unnamedDocuments } from "./documents-folder.ts";
import type { EmitContext, EmittedFile, OutputSink } from "./emit/emitter.ts";
import { buildModel, rowCount, type Dataset } from "./model.ts";
import type { readReleaseHistory } from "./release-history.ts";
import { prefetchFor } from "./prefetch.ts";
import { loadSchemas, type SchemaSet } from "./schemas.ts";
import { validateProject, type Loaders } from "./validate.ts";
import { loadYamlFile } from "./yaml-file.ts";

export interface PipelineOptions {
  documents?: DocumentIndex;
  /** Describe the build as package.json's version, for `npm run release` (see emit/changes.ts). */
  releasing?: boolean;
  /** The release date `npm run release` is about to record (else CHANGELOG.md's, for a released version). */
  releaseDate?: string;
  /** Results of earlier runs to use again (engine/cache/); without it every stage runs in full. */
  cache?: BuildCache;
  /** A line on the terminal while the run lasts (contract/progress.ts). */
  progress?: Progress;
  /**
   * Where the emitted files go, opened once the data is found valid (write.ts stages them
   * for dist/); by default they are kept in memory.
   */
  output?: () => Promise<OutputSink>;
}

export interface PipelineResult {
  problems: Diagnostic[];
  dataset?: Dataset;
  /** Sorted by path. */
  files: EmittedFile[];
  /** With documents: those no record names (a source record is missing for each). */
  unnamedDocuments: SourceDocument[];
}

type Prepared = {
  problems: Diagnostic[];
  dataset?: Dataset;
  context?: EmitContext;
  unnamedDocuments: SourceDocument[];
  /** Where the TypeScript emitter finds declarations already made: the cache, or a worker meanwhile. */
  declarations?: TextMemo | undefined;
};

type Checked =
  | { problems: Diagnostic[]; unnamedDocuments: SourceDocument[]; model?: undefined }
  | { problems: Diagnostic[]; unnamedDocuments: SourceDocument[]; model: { schemas: SchemaSet; meta: ProjectMeta; dataset: Dataset } };

/** The cache's loaders, or the plain ones, counting the files read for the progress line. */
function loaders(options: PipelineOptions): Loaders {
  const base: Loaders = options.cache?.loaders ?? { loadSchemas, loadFile: loadYamlFile };
  const progress = options.progress ?? QUIET;
  let read = 0;
  const counted = () => {
    read++;
    progress.update(() => `reading sources/: ${groupDigits(read)} files${options.cache ? ` (${groupDigits(options.cache.counts.hits)} unchanged)` : ""}`);
  };
  const kept = base.kept;
  return {
    loadSchemas: base.loadSchemas,
    loadFile(file, bytes, fileOptions) {
      counted();
      return base.loadFile(file, bytes, fileOptions);
    },
    ...(kept
      ? {
          kept: {
            ...kept,
            unchanged(file) {
              const found = kept.unchanged(file);
              if (found) counted();
              return found;
            },
          },
        }
      : {}),
  };
}

/** Load, validate (records, rules, package.json) and model: what validate and build share. */
function checkAndModel(root: string, options: PipelineOptions): Checked {
  const { schemas, records, whole, tombstones, problems } = validateProject(root, options.documents, loaders(options));
  // Saved whatever the data's problems: each file's own result holds either way.
  options.cache?.save();
  const unnamed = options.documents ? unnamedDocuments(records, options.documents) : [];
  const checked = checkProjectMeta(root);
  if (problems.length > 0 || !checked.meta) return { problems: sortDiagnostics([...checked.problems, ...problems]), unnamedDocuments: unnamed };
  options.progress?.update(() => `modelling ${groupDigits(records.length)} records`);
  return { problems, unnamedDocuments: unnamed, model: { schemas, meta: checked.meta, dataset: buildModel(schemas, records, tombstones, whole) } };
}

/** Every stage before emitting; the emitters' shared input when the project has no problem. */
export async function prepareEmit(root: string, options: PipelineOptions): Promise<Prepared> {
  const prefetch = prefetchFor(root, options.cache?.declarations.holdsAny() ?? false);
  const declarations = declarationMemo(prefetch, options.cache?.declarations);
  const checked = checkAndModel(root, options);
  const { problems, unnamedDocuments: unnamed } = checked;
  if (!checked.model) return { problems, unnamedDocuments: unnamed };
  const { meta, dataset, schemas } = checked.model;
  options.progress?.update(() => "reading releases/");
  // The archive readers are loaded only when a release has to be unpacked here, not by the worker.
  const readReleases: typeof readReleaseHistory = async (...args) => (await prefetch?.releases(args[1])) ?? (await import("./release-history.ts")).readReleaseHistory(...args);
  const read = options.cache ? await options.cache.releaseHistory(root, meta, readReleases) : await readReleases(root, meta);
  if ("problem" in read) return { problems: [read.problem], dataset, unnamedDocuments: unnamed };
  const history = options.releaseDate ? { ...read.history, date: options.releaseDate } : read.history;
  const cached = options.cache ? { tableOutputs: options.cache.tableOutputs, memo: options.cache.memo, state: options.cache.emitterState } : {};
  return { problems, dataset, unnamedDocuments: unnamed, declarations, context: { root, meta, dataset, schemas, history, releasing: options.releasing ?? false, ...cached } };
}

export async function runPipeline(root: string, options: PipelineOptions & { emit: boolean }): Promise<PipelineResult> {
  if (!options.emit) {
    const { problems, model, unnamedDocuments } = checkAndModel(root, options);
    return { problems, ...(model ? { dataset: model.dataset } : {}), files: [], unnamedDocuments };
  }
  const { problems, dataset, context, unnamedDocuments: unnamed, declarations } = await prepareEmit(root, options);
  if (!context) return { problems, ...(dataset ? { dataset } : {}), files: [], unnamedDocuments: unnamed };
  const [{ emitInOrder, memorySink }, { EMITTERS }, { withDeclarationMemo }] = await Promise.all([import("./emit/emitter.ts"), import("./emit/index.ts"), import("./emit/typescript.ts")]);
  const sink = options.output ? await options.output() : memorySink();
  const files: EmittedFile[] = [];
  await withDeclarationMemo(declarations, async () => {
    for await (const step of emitInOrder(EMITTERS, context, sink)) {
      files.push(...step.files);
      options.progress?.update(() => `writing outputs: ${step.emitter.name} done (${EMITTERS.indexOf(step.emitter) + 1} of ${EMITTERS.length})`);
    }
  });
  options.cache?.saveOutputs();
  files.sort((a, b) => compareText(a.path, b.path));
  return { problems, dataset, files, unnamedDocuments: unnamed };
}

export function recordCount(dataset: Dataset): number {
  return dataset.tables.reduce((sum, data) => sum + rowCount(data), 0);
}
