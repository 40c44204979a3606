/**
 * The pipeline in one place: load and validate, model, emit. Writing is left to the
 * caller, so `validate` and the tests can run everything without touching disk.
 */
import { compareText, type Diagnostic } from "../contract/diagnostics.ts";
import type { DocumentIndex } from "./documents.ts";
import { EmitProblem, emitInOrder, type EmittedFile } from "./emit/emitter.ts";
import { EMITTERS } from "./emit/index.ts";
import { buildModel, type Dataset } from "./model.ts";
import { readProjectMeta } from "../contract/project-meta.ts";
import { validateProject } from "./validate.ts";

export interface PipelineResult {
  problems: Diagnostic[];
  dataset?: Dataset;
  files: EmittedFile[];
}

export async function runPipeline(root: string, options: { documents?: DocumentIndex; emit: boolean }): Promise<PipelineResult> {
  const { schemas, records, tombstones, problems } = validateProject(root, options.documents);
  if (problems.length > 0) return { problems, files: [] };
  const dataset = buildModel(schemas, records, tombstones);
  if (!options.emit) return { problems, dataset, files: [] };
  const files: EmittedFile[] = [];
  try {
    for await (const step of emitInOrder(EMITTERS, { root, meta: readProjectMeta(root), dataset, schemas })) files.push(...step.files);
  } catch (error) {
    if (error instanceof EmitProblem) return { problems: [error.diagnostic], dataset, files: [] };
    throw error;
  }
  files.sort((a, b) => compareText(a.path, b.path));
  return { problems, dataset, files };
}

export function recordCount(dataset: Dataset): number {
  return dataset.tables.reduce((sum, { rows }) => sum + rows.length, 0);
}
