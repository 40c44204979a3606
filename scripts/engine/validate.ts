/**
 * Validate stage: schemas, then every record, then the cross-record rules. It only
 * reads; the result either carries every problem found or records fit for the model.
 */
import { createHash } from "node:crypto";
import { compareText, sortDiagnostics, type Diagnostic } from "../contract/diagnostics.ts";
import { DOCUMENT_SHA256 } from "../contract/keywords.ts";
import type { Shape } from "../contract/shapes.ts";
import type { DocumentIndex } from "./documents.ts";
import { loadRecords, recordIds, type FileLoader, type KeptFiles, type LoadedSources, type SourceRecord, type WholeTable } from "./records.ts";
import { RULES } from "./rules/index.ts";
import { loadSchemas, type SchemaSet } from "./schemas.ts";
import type { LocatedTombstone } from "./tombstones.ts";
import { loadYamlFile } from "./yaml-file.ts";

export interface Validated {
  schemas: SchemaSet;
  records: SourceRecord[];
  /** Tables the build cache took whole: their records had no problem at the last clean build, and nothing they are checked against has changed. */
  whole: WholeTable[];
  tombstones: LocatedTombstone[];
  problems: Diagnostic[];
}

/**
 * The stages a build cache (engine/cache/) stands in for: the schema set, and one source
 * file's parsed value with its own problems. Whatever they return must equal what these
 * defaults would.
 */
export interface Loaders {
  loadSchemas(root: string): { schemas: SchemaSet; problems: Diagnostic[] };
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

/**
 * Whether the build cache may take a table whole. Not a table whose records name documents:
 * the evidence rule reads those records to check every other record's quotes.
 */
function mayTakeWhole(table: { shape: Shape }): boolean {
  const namesDocuments = (shape: Shape): boolean =>
    shape.schema[DOCUMENT_SHA256] === true || (shape.kind === "list" ? namesDocuments(shape.items) : shape.kind === "object" && shape.properties.some((property) => namesDocuments(property.shape)));
  return !namesDocuments(table.shape);
}

/**
 * The digest of everything a record is checked against beyond itself and the schemas (which
 * key the build cache): every table's ids, the retired ids, the documents and the records
 * that name them. A table taken whole was clean under the last clean build's context.
 */
function contextDigest({ records, whole, tombstones }: LoadedSources, documents: DocumentIndex | undefined): string {
  const ids = new Map<string, string[]>(whole.map((table) => [table.table.name, [...table.ids]]));
  const named: string[] = [];
  for (const record of records) {
    let list = ids.get(record.table.name);
    if (!list) ids.set(record.table.name, (list = []));
    list.push(...recordIds(record.stem, record.data));
    for (const annotation of record.annotations) {
      if (annotation.keyword === DOCUMENT_SHA256) named.push(JSON.stringify([record.table.name, record.stem, annotation.path, annotation.value]));
    }
  }
  const hash = createHash("sha256");
  for (const table of [...ids.keys()].sort(compareText)) hash.update(`${table}\0${ids.get(table)!.join("\0")}\n`);
  hash.update(JSON.stringify(tombstones.map(({ tombstone }) => tombstone)));
  hash.update(documents ? [...documents.keys()].sort().join(",") : "no documents");
  hash.update(named.join("\n"));
  return hash.digest("hex");
}

export function validateProject(root: string, documents?: DocumentIndex, loaders: Loaders = LOADERS): Validated {
  const { schemas, problems } = loaders.loadSchemas(root);
  // Records checked against broken schemas would only add noise.
  if (problems.length > 0) return { schemas, records: [], whole: [], tombstones: [], problems: sortDiagnostics(problems) };
  const loaded = loadRecords(root, schemas, loaders.loadFile, loaders.kept, mayTakeWhole);
  problems.push(...loaded.problems);
  // A linked record or table folder is missing from the records: every reference to it would be noise.
  if (problems.some((problem) => problem.code === "symlink")) return { schemas, records: [], whole: [], tombstones: [], problems: sortDiagnostics(problems) };
  if (loaders.kept?.sameContext && !loaders.kept.sameContext(contextDigest(loaded, documents)) && loaded.whole.length > 0) {
    // What the whole tables were checked against has changed: they are checked again.
    loaded.records.push(...loaded.whole.flatMap((table) => table.records()));
    loaded.whole = [];
  }
  const keptIds = new Map(loaded.whole.map((table) => [table.table.name, table.ids]));
  const context = { records: loaded.records, tombstones: loaded.tombstones, ...(documents ? { documents } : {}), ...(keptIds.size > 0 ? { keptIds } : {}) };
  problems.push(...perRecordProblems(loaded.records, loaders.kept));
  for (const rule of RULES) problems.push(...(rule.perRecord ? rule.check({ ...context, records: [] }) : rule.check(context)));
  return { schemas, records: loaded.records, whole: loaded.whole, tombstones: loaded.tombstones, problems: sortDiagnostics(problems) };
}
