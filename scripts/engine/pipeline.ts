/**
 * The pipeline in one place: load and validate, model, read the published releases, emit.
 * Writing is left to the caller, so `validate` and the tests can run everything without
 * touching disk.
 */
import { compareText, sortDiagnostics, type Diagnostic } from "../contract/diagnostics.ts";
import { checkProjectMeta, type ProjectMeta } from "../contract/project-meta.ts";
import type { DocumentIndex, SourceDocument } from "./documents.ts";
import { unnamedDocuments } from "./documents-folder.ts";
import { emitInOrder, type EmitContext, type EmittedFile } from "./emit/emitter.ts";
import { EMITTERS } from "./emit/index.ts";
import { buildModel, type Dataset } from "./model.ts";
import { readReleaseHistory } from "./release-history.ts";
import type { SchemaSet } from "./schemas.ts";
import { validateProject } from "./validate.ts";

export interface PipelineOptions {
  documents?: DocumentIndex;
  /** Describe the build as package.json's version, for `npm run release` (see emit/changes.ts). */
  releasing?: boolean;
  /** The release date `npm run release` is about to record (else CHANGELOG.md's, for a released version). */
  releaseDate?: string;
}

export interface PipelineResult {
  problems: Diagnostic[];
  dataset?: Dataset;
  files: EmittedFile[];
  /** With documents: those no record names (a source record is missing for each). */
  unnamedDocuments: SourceDocument[];
}

type Prepared = { problems: Diagnostic[]; dataset?: Dataset; context?: EmitContext; unnamedDocuments: SourceDocument[] };

type Checked =
  | { problems: Diagnostic[]; unnamedDocuments: SourceDocument[]; model?: undefined }
  | { problems: Diagnostic[]; unnamedDocuments: SourceDocument[]; model: { schemas: SchemaSet; meta: ProjectMeta; dataset: Dataset } };

/** Load, validate (records, rules, package.json) and model: what validate and build share. */
function checkAndModel(root: string, options: PipelineOptions): Checked {
  const { schemas, records, tombstones, problems } = validateProject(root, options.documents);
  const unnamed = options.documents ? unnamedDocuments(records, options.documents) : [];
  const checked = checkProjectMeta(root);
  if (problems.length > 0 || !checked.meta) return { problems: sortDiagnostics([...checked.problems, ...problems]), unnamedDocuments: unnamed };
  return { problems, unnamedDocuments: unnamed, model: { schemas, meta: checked.meta, dataset: buildModel(schemas, records, tombstones) } };
}

/** Every stage before emitting; the emitters' shared input when the project has no problem. */
export async function prepareEmit(root: string, options: PipelineOptions): Promise<Prepared> {
  const checked = checkAndModel(root, options);
  const { problems, unnamedDocuments: unnamed } = checked;
  if (!checked.model) return { problems, unnamedDocuments: unnamed };
  const { meta, dataset, schemas } = checked.model;
  const read = await readReleaseHistory(root, meta);
  if ("problem" in read) return { problems: [read.problem], dataset, unnamedDocuments: unnamed };
  return { problems, dataset, unnamedDocuments: unnamed, context: { root, meta, dataset, schemas, history: options.releaseDate ? { ...read.history, date: options.releaseDate } : read.history, releasing: options.releasing ?? false } };
}

export async function runPipeline(root: string, options: PipelineOptions & { emit: boolean }): Promise<PipelineResult> {
  if (!options.emit) {
    const { problems, model, unnamedDocuments } = checkAndModel(root, options);
    return { problems, ...(model ? { dataset: model.dataset } : {}), files: [], unnamedDocuments };
  }
  const { problems, dataset, context, unnamedDocuments: unnamed } = await prepareEmit(root, options);
  if (!context) return { problems, ...(dataset ? { dataset } : {}), files: [], unnamedDocuments: unnamed };
  const files: EmittedFile[] = [];
  for await (const step of emitInOrder(EMITTERS, context)) files.push(...step.files);
  files.sort((a, b) => compareText(a.path, b.path));
  return { problems, dataset, files, unnamedDocuments: unnamed };
}

export function recordCount(dataset: Dataset): number {
  return dataset.tables.reduce((sum, { rows }) => sum + rows.length, 0);
}
