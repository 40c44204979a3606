/**
 * Validate stage: schemas, then every record, then the cross-record rules. It only
 * reads; the result either carries every problem found or records fit for the model.
 */
import { sortDiagnostics, type Diagnostic } from "../contract/diagnostics.ts";
import type { DocumentIndex } from "./documents.ts";
import { loadRecords, type FileLoader, type KeptFiles, type SourceRecord } from "./records.ts";
import { RULES } from "./rules/index.ts";
import { loadSchemas, type SchemaSet } from "./schemas.ts";
import type { ValidatorShare } from "./validator-share.ts";
import type { LocatedTombstone } from "./tombstones.ts";
import { loadYamlFile } from "./yaml-file.ts";

export interface Validated {
  schemas: SchemaSet;
  records: SourceRecord[];
  tombstones: LocatedTombstone[];
  problems: Diagnostic[];
}

/**
 * The stages a build cache (engine/cache/) stands in for: the schema set, and one source
 * file's parsed value with its own problems. Whatever they return must equal what these
 * defaults would.
 */
export interface Loaders {
  /** `share`: the validators the build's worker thread compiled, if it runs (validator-share.ts). */
  loadSchemas(root: string, share?: ValidatorShare): { schemas: SchemaSet; problems: Diagnostic[] };
  loadFile: FileLoader;
  /** Files known unchanged without reading them, and each record's own checks kept. */
  kept?: KeptFiles;
}

const LOADERS: Loaders = { loadSchemas, loadFile: loadYamlFile };

/**
 * The rules that look at one record at a time, record by record, so that each record's
 * problems can be kept with it (its `checked`) and a record checked before is not checked
 * again. Their checks beyond the records (the tombstones) run with the other rules.
 */
function perRecordProblems(records: readonly SourceRecord[], kept: KeptFiles | undefined): Diagnostic[] {
  const rules = RULES.filter((rule) => rule.perRecord);
  const problems: Diagnostic[] = [];
  for (const record of records) {
    if (record.checked?.rules) {
      problems.push(...record.checked.rules);
      continue;
    }
    const found = rules.flatMap((rule) => rule.check({ records: [record], tombstones: [] }));
    if (record.checked) {
      record.checked.rules = found;
      kept?.checked(record.yaml.file, record.checked);
    }
    problems.push(...found);
  }
  return problems;
}

export function validateProject(root: string, documents?: DocumentIndex, loaders: Loaders = LOADERS): Validated {
  const { schemas, problems } = loaders.loadSchemas(root);
  // Records checked against broken schemas would only add noise.
  if (problems.length > 0) return { schemas, records: [], tombstones: [], problems: sortDiagnostics(problems) };
  const loaded = loadRecords(root, schemas, loaders.loadFile, loaders.kept);
  problems.push(...loaded.problems);
  // A linked record or table folder is missing from the records: every reference to it would be noise.
  if (problems.some((problem) => problem.code === "symlink")) return { schemas, records: [], tombstones: [], problems: sortDiagnostics(problems) };
  const context = { records: loaded.records, tombstones: loaded.tombstones, ...(documents ? { documents } : {}) };
  problems.push(...perRecordProblems(loaded.records, loaders.kept));
  for (const rule of RULES) problems.push(...(rule.perRecord ? rule.check({ ...context, records: [] }) : rule.check(context)));
  return { schemas, records: loaded.records, tombstones: loaded.tombstones, problems: sortDiagnostics(problems) };
}
