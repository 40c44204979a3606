/**
 * A synthetic project of any size, built over the repository's own schemas and with its
 * curated records as templates: each generated record is a copy of a real one with a new
 * id, its references redrawn among the generated ids of the tables they name, and its
 * source hashes made unique. Text, quotes and numbers stay as curated, so the corpus
 * passes every check the real data passes (bar quotes against documents: it has none).
 * The same records and seed give the same bytes: nothing reads the clock or Math.random.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { compareText } from "../contract/diagnostics.ts";
import { DOCUMENT_SHA256, REFERENCES } from "../contract/keywords.ts";
import type { SourceRecord } from "../engine/records.ts";
import { SOURCES_FOLDER } from "../engine/records.ts";
import { TOMBSTONES_FILE, type LocatedTombstone } from "../engine/tombstones.ts";
import { validateProject } from "../engine/validate.ts";
import { generatedId, planCounts, retiredId } from "./corpus-plan.ts";
import { seededRandom, type Random } from "./random.ts";

export interface Templates {
  /** Curated records by table, sorted by file name. */
  records: Map<string, SourceRecord[]>;
  /** Curated tombstones by table, in file order. */
  tombstones: Map<string, LocatedTombstone[]>;
}

export interface CorpusSummary {
  root: string;
  /** Records written per table, tables by name. */
  counts: Map<string, number>;
  retired: number;
}

/** The curated records of `repo`, which must be free of problems to serve as templates. */
export function readTemplates(repo: string): Templates {
  const { records, tombstones, problems } = validateProject(repo);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new Error(`the project's own records have ${problems.length} problem(s), so they cannot serve as templates; first: ${first.file}:${first.line}:${first.col} ${first.message} (run npm run validate)`);
  }
  const byTable = new Map<string, SourceRecord[]>();
  for (const record of [...records].sort((a, b) => compareText(a.stem, b.stem))) {
    byTable.set(record.table.name, [...(byTable.get(record.table.name) ?? []), record]);
  }
  const retired = new Map<string, LocatedTombstone[]>();
  for (const entry of tombstones) retired.set(entry.tombstone.table, [...(retired.get(entry.tombstone.table) ?? []), entry]);
  return { records: byTable, tombstones: retired };
}

/**
 * Writes a project of `total` records into the empty folder `root`: schemas/ and
 * package.json copied from `repo` (without the documents folder, which the corpus does
 * not have), sources/ generated.
 */
export function writeCorpus(repo: string, templates: Templates, root: string, total: number, seed: number): CorpusSummary {
  const random = seededRandom(seed);
  const real = new Map([...templates.records].map(([table, records]) => [table, records.length]));
  const counts = planCounts(real, total);

  // Every id first: a record may name any record of any table, written before or after it.
  const plan = new Map<string, { template: SourceRecord; id: string }[]>();
  for (const [table, count] of counts) {
    const pool = templates.records.get(table)!;
    const offset = random.below(pool.length);
    plan.set(table, Array.from({ length: count }, (_, i) => {
      const template = pool[(offset + i) % pool.length]!;
      return { template, id: generatedId(template.stem, i + 1) };
    }));
  }
  const ids = new Map([...plan].map(([table, entries]) => [table, entries.map(({ id }) => id)]));

  cpSync(join(repo, "schemas"), join(root, "schemas"), { recursive: true });
  writeFileSync(join(root, "package.json"), corpusPackageJson(repo));
  let retired = 0;
  for (const [table, entries] of plan) {
    const folder = join(root, SOURCES_FOLDER, table);
    mkdirSync(folder, { recursive: true });
    for (const { template, id } of entries) {
      writeFileSync(join(folder, `${id}.yaml`), yamlText(generatedRecord(template, id, ids, random, seed)));
    }
    const tombstones = generatedTombstones(templates.tombstones.get(table) ?? [], templates.records.get(table)!.length, ids.get(table)!, random);
    if (tombstones.length > 0) writeFileSync(join(folder, TOMBSTONES_FILE), yamlText(tombstones));
    retired += tombstones.length;
  }
  return { root, counts, retired };
}

/**
 * package.json as the engine reads it (name, version, licences, title), less
 * `evidence.documents`: the corpus has no documents, and a relative path would point
 * wherever the corpus happens to be written.
 */
function corpusPackageJson(repo: string): string {
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, unknown>;
  delete pkg.evidence;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function generatedRecord(template: SourceRecord, id: string, ids: ReadonlyMap<string, readonly string[]>, random: Random, seed: number): Record<string, unknown> {
  const data = structuredClone(template.data);
  data.id = id;
  const lists = new Map<string, { path: string[]; table: string; length: number }>();
  for (const annotation of template.annotations) {
    if (annotation.keyword === DOCUMENT_SHA256) {
      setAt(data, annotation.path, sha256(`${seed}\u0000${template.table.name}\u0000${id}`));
      continue;
    }
    if (annotation.keyword !== REFERENCES) continue;
    const table = String(annotation.argument);
    if (Array.isArray(annotation.parent) && annotation.parent.every((item) => typeof item === "string")) {
      // A list of ids is redrawn whole, without repeats: the schemas say uniqueItems.
      const path = annotation.path.slice(0, -1);
      lists.set(path.join("/"), { path, table, length: annotation.parent.length });
    } else {
      setAt(data, annotation.path, random.pick(ids.get(table)!));
    }
  }
  for (const { path, table, length } of lists.values()) setAt(data, path, random.sample(ids.get(table)!, length));
  return data;
}

/** Retired ids in the curated proportion to the table's records; each move lands on a live generated record. */
function generatedTombstones(curated: readonly LocatedTombstone[], curatedRecords: number, live: readonly string[], random: Random): Record<string, unknown>[] {
  if (curated.length === 0) return [];
  const count = Math.round((curated.length * live.length) / curatedRecords);
  return Array.from({ length: count }, (_, i) => {
    const { id, status, reason } = curated[i % curated.length]!.tombstone;
    return { id: retiredId(id, i + 1), status, ...(status === "moved" ? { moved_to: random.pick(live) } : {}), reason };
  });
}

function setAt(value: Record<string, unknown>, path: readonly string[], replacement: unknown): void {
  let node: unknown = value;
  for (const segment of path.slice(0, -1)) node = (node as Record<string, unknown>)[segment];
  (node as Record<string, unknown>)[path.at(-1)!] = replacement;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** In the curated files' style: plain keys, double-quoted strings, no folding, no anchors. */
function yamlText(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0, version: "1.2" });
}
