/**
 * The pipeline in one place: load and validate, model, emit. Writing is left to the
 * caller, so `validate` and the tests can run everything without touching disk.
 */
import type { Diagnostic } from "../contract/diagnostics.ts";
import type { DocumentIndex } from "./documents.ts";
import { emitBrowse } from "./emit/browse.ts";
import { emitChanges } from "./emit/changes.ts";
import { emitCsv } from "./emit/csv.ts";
import { emitDataPackage } from "./emit/datapackage.ts";
import { emitJson } from "./emit/json.ts";
import { emitJsonLd } from "./emit/jsonld.ts";
import type { OutputFile } from "./emit/output.ts";
import { emitSchemas } from "./emit/schemas.ts";
import { emitTypeScript } from "./emit/typescript.ts";
import { buildModel, type Dataset } from "./model.ts";
import { readProjectMeta } from "../contract/project-meta.ts";
import { validateProject } from "./validate.ts";

export interface PipelineResult {
  problems: Diagnostic[];
  dataset?: Dataset;
  files: OutputFile[];
}

export async function runPipeline(root: string, options: { documents?: DocumentIndex; emit: boolean }): Promise<PipelineResult> {
  const { schemas, records, tombstones, problems } = validateProject(root, options.documents);
  if (problems.length > 0) return { problems, files: [] };
  const dataset = buildModel(schemas, records, tombstones);
  if (!options.emit) return { problems, dataset, files: [] };
  const csv = emitCsv(dataset);
  const json = emitJson(dataset);
  const meta = readProjectMeta(root);
  const files = [
    ...json,
    ...csv.map(({ file }) => file),
    ...(await emitTypeScript(dataset, schemas)),
    ...emitSchemas(dataset, schemas),
    emitDataPackage(meta, dataset, csv, json),
    emitBrowse(meta, dataset),
  ];
  // Release metadata: the diff against the previous release (and the version check), then the catalogue entry.
  const changes = await emitChanges(root, meta, files);
  if ("problem" in changes) return { problems: [changes.problem], dataset, files: [] };
  files.push(changes.file);
  files.push(emitJsonLd(root, meta, files));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { problems, dataset, files };
}

export function recordCount(dataset: Dataset): number {
  return dataset.tables.reduce((sum, { rows }) => sum + rows.length, 0);
}
