/**
 * One pass of the build's stages in this process, each timed with its floor right after
 * it on the same input, through the engine's own exported functions. The engine loads a
 * record and validates it against its schema in one function (records.ts, loadRecords:
 * ajv's annotations exist only while it validates); that function is timed whole, and its
 * two separable halves are timed again on their own through the functions it calls.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compareText, type Diagnostic } from "../contract/diagnostics.ts";
import { collectAnnotations, REFERENCES } from "../contract/keywords.ts";
import { checkProjectMeta } from "../contract/project-meta.ts";
import { emitInOrder, type EmitContext, type EmittedFile } from "../engine/emit/emitter.ts";
import { EMITTERS } from "../engine/emit/index.ts";
import { buildModel, type Dataset } from "../engine/model.ts";
import { prepareEmit } from "../engine/pipeline.ts";
import { loadRecords, RECORD_EXTENSIONS, SOURCES_FOLDER } from "../engine/records.ts";
import { readReleaseHistory } from "../engine/release-history.ts";
import { strings, type RuleContext } from "../engine/rules/rule.ts";
import { RULES } from "../engine/rules/index.ts";
import { DEFS_FOLDER, loadSchemas, TABLE_SCHEMA_SUFFIX, type SchemaSet } from "../engine/schemas.ts";
import { TOMBSTONES_FILE } from "../engine/tombstones.ts";
import { writeAtomically } from "../engine/write.ts";
import { loadYamlFile } from "../engine/yaml-file.ts";
import { compileBare, emitterFloor, loadBare, lookUpReferences, normalizeAll, parseYamlFiles, validateBare, writeBare, type Floor } from "./floors.ts";
import { measure, type Sample } from "./measure.ts";

export interface StageSample {
  stage: string;
  /** Timed again inside another row: left out of the total. */
  part: boolean;
  sample: Sample;
  floor?: { what: string; sample: Sample };
}

/** The data has problems: a benchmark of invalid data would measure the wrong work. */
export class CorpusProblem extends Error {
  constructor(readonly problems: readonly Diagnostic[]) {
    const first = problems[0]!;
    super(`the corpus has ${problems.length} problem(s); first: ${first.file}:${first.line}:${first.col} ${first.code}: ${first.message}`);
  }
}

interface RecordFile {
  table: string;
  name: string;
  relative: string;
  absolute: string;
}

function recordFiles(root: string): RecordFile[] {
  const files: RecordFile[] = [];
  const sources = join(root, SOURCES_FOLDER);
  for (const table of readdirSync(sources).sort(compareText)) {
    for (const name of readdirSync(join(sources, table)).sort(compareText)) {
      if (!RECORD_EXTENSIONS.some((extension) => name.endsWith(extension))) continue;
      files.push({ table, name, relative: `${SOURCES_FOLDER}/${table}/${name}`, absolute: join(sources, table, name) });
    }
  }
  return files;
}

function schemaFiles(root: string): { definitions: string[]; tables: Map<string, string> } {
  const folder = join(root, "schemas");
  const named = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(TABLE_SCHEMA_SUFFIX)).sort(compareText);
  const tables = new Map(named(folder).map((name) => [name.slice(0, -TABLE_SCHEMA_SUFFIX.length), join(folder, name)]));
  let definitions: string[] = [];
  try {
    definitions = named(join(folder, DEFS_FOLDER)).map((name) => join(folder, DEFS_FOLDER, name));
  } catch {
    // No shared definitions.
  }
  return { definitions, tables };
}

type Timed = <T>(stage: string, work: () => T | Promise<T>, floor?: Floor, part?: boolean) => Promise<T>;

function failOn(problems: readonly Diagnostic[]): void {
  if (problems.length > 0) throw new CorpusProblem(problems);
}

/**
 * Each stage timed then its floor (or, every other pass, the floor first, so that neither
 * side always meets a cold library). The phases below are separate functions so that
 * what one leaves behind (parsed files, located records) can be collected before the next.
 */
export async function runStages(root: string, scratch: string, pass: number): Promise<StageSample[]> {
  const rows: StageSample[] = [];
  const floorFirst = pass % 2 === 1;
  const timed: Timed = async (stage, work, floor, part = false) => {
    const before = floor && floorFirst ? (await measure(floor.run)).sample : undefined;
    const { result, sample } = await measure(work);
    const after = floor && !floorFirst ? (await measure(floor.run)).sample : undefined;
    const floorSample = before ?? after;
    rows.push({ stage, part, sample, ...(floor && floorSample ? { floor: { what: floor.what, sample: floorSample } } : {}) });
    return result;
  };
  const { schemas, dataset } = await checkAndModel(root, timed, rows);
  const history = await timed("package.json + releases", async () => {
    const checked = checkProjectMeta(root);
    if (!checked.meta) throw new CorpusProblem(checked.problems);
    const read = await readReleaseHistory(root, checked.meta);
    if ("problem" in read) throw new CorpusProblem([read.problem]);
    return { meta: checked.meta, history: read.history };
  });
  await emitAndWrite({ root, ...history, dataset, schemas, releasing: false }, join(scratch, `pass-${pass}`), rows, timed);
  // The engine's own composition of the stages before emitting, as the build calls it: a check on the rows above.
  failOn((await timed("prepareEmit: schemas to releases in one call", () => prepareEmit(root, {}), undefined, true)).problems);
  return rows;
}

async function checkAndModel(root: string, timed: Timed, rows: StageSample[]): Promise<{ schemas: SchemaSet; dataset: Dataset }> {
  const schemaPaths = schemaFiles(root);
  let validators: ReturnType<typeof compileBare> | undefined;
  const { schemas, problems } = await timed("schemas: read and compile", () => loadSchemas(root), {
    what: "JSON.parse + ajv compile",
    run: () => (validators = compileBare(schemaPaths.definitions, schemaPaths.tables)),
  });
  failOn(problems);
  const bare = validators!;

  const files = recordFiles(root);
  // The halves first, so that what they parse can be collected before loadRecords holds the
  // records again (at 100,000 records, two sets would not fit); the whole is listed first.
  const halves = rows.length;
  await loadAndSchemaApart(files, schemas, bare, timed);
  const loaded = await timed("load + schema (loadRecords)", () => loadRecords(root, schemas), {
    what: "yaml.parse + ajv validate",
    run: () => loadBare(bare, files.map((file) => ({ table: file.table, path: file.absolute, record: file.name !== TOMBSTONES_FILE }))),
  });
  rows.splice(halves, 0, rows.pop()!);
  failOn(loaded.problems);
  await ruleStages({ records: loaded.records, tombstones: loaded.tombstones }, timed, rows);
  const dataset = await timed("model (buildModel)", () => buildModel(schemas, loaded.records, loaded.tombstones));
  return { schemas, dataset };
}

/** The two halves of loadRecords, through the functions it calls. */
async function loadAndSchemaApart(files: readonly RecordFile[], schemas: SchemaSet, bare: ReturnType<typeof compileBare>, timed: Timed): Promise<void> {
  const parsed = await timed(
    "load: read + YAML (loadYamlFile)",
    () => files.map((file) => ({ file, yaml: loadYamlFile(file.relative, readFileSync(file.absolute)).yaml })),
    { what: "read + yaml.parse", run: () => parseYamlFiles(files.map((file) => file.absolute)) },
    true,
  );
  const values = parsed.filter(({ file }) => file.name !== TOMBSTONES_FILE).map(({ file, yaml }) => ({ table: file.table, data: yaml.data }));
  await timed(
    "schema validation (table.validate)",
    () => values.map(({ table, data }) => collectAnnotations(() => schemas.tables.get(table)!.validate(data))),
    { what: "ajv validate", run: () => validateBare(bare, values) },
    true,
  );
}

/** Each rule alone; their sum is the rules' row. */
async function ruleStages(context: RuleContext, timed: Timed, rows: StageSample[]): Promise<void> {
  const ids = context.records.map((record) => ({ table: record.table.name, id: record.stem }));
  const references = context.records.flatMap((record) =>
    record.annotations.filter((a) => a.keyword === REFERENCES && typeof a.value === "string").map((a) => ({ table: String(a.argument), value: a.value as string })),
  );
  const texts = context.records.flatMap((record) => [...strings(record.data)].map(({ text }) => text));
  const lookups: Floor = { what: "Set lookup of every reference", run: () => lookUpReferences(ids, references) };
  const floors: Record<string, Floor> = {
    "dangling-reference": lookups,
    text: { what: "String.normalize of every string", run: () => normalizeAll(texts) },
  };
  const first = rows.length;
  for (const rule of RULES) failOn(await timed(`rule: ${rule.name}`, () => rule.check(context), floors[rule.name], true));
  const ruleRows = rows.slice(first);
  const sample = { ms: ruleRows.reduce((sum, row) => sum + row.sample.ms, 0), rssMiB: Math.max(...ruleRows.map((row) => row.sample.rssMiB)) };
  rows.splice(first, 0, { stage: `rules (all ${RULES.length})`, part: false, sample, floor: { what: lookups.what, sample: (await measure(lookups.run)).sample } });
}

/** Each emitter in the registry's order, then the write of their files into a fresh folder (a first build's write). */
async function emitAndWrite(context: EmitContext, scratch: string, rows: StageSample[], timed: Timed): Promise<void> {
  const emitted: EmittedFile[] = [];
  const steps = emitInOrder(EMITTERS, context);
  for (const emitter of EMITTERS) {
    const { result: step, sample } = await measure(() => steps.next());
    if (step.done) break;
    emitted.push(...step.value.files);
    // The floor's input comes from the emitter's output, so it can only run second.
    const floor = emitterFloor(step.value.files, context.dataset);
    rows.push({ stage: `emit: ${emitter.name}`, part: false, sample, ...(floor ? { floor: { what: floor.what, sample: (await measure(floor.run)).sample } } : {}) });
  }
  emitted.sort((a, b) => compareText(a.path, b.path));
  const target = join(scratch, "dist");
  const floorTarget = join(scratch, "floor");
  mkdirSync(scratch, { recursive: true });
  try {
    const files = emitted.map((file) => ({ path: file.path, bytes: file.read() }));
    await timed("write (writeAtomically)", () => writeAtomically(target, files), { what: "writeFileSync", run: () => writeBare(floorTarget, files) });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
