/**
 * Load stage for curated records: `sources/<table>/<id>.yaml`, one record a file.
 * Each record is checked against its table's schema here, because ajv's annotations
 * (references, quotes) are only available while it validates.
 */
import { closest } from "../contract/closest.ts";
import { closeSync, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../contract/diagnostics.ts";
import { collectAnnotations, splitPointer, type Annotation } from "../contract/keywords.ts";
import { listProjectFolder } from "./project-tree.ts";
import type { SchemaSet, Table } from "./schemas.ts";
import { isObject } from "../contract/shapes.ts";
import { readTombstones, TOMBSTONES_FILE, type LocatedTombstone } from "./tombstones.ts";
import type { Checked, LoadedFile } from "./cache/located.ts";
import { loadYamlFile, type LoadOptions, type YamlFile } from "./yaml-file.ts";

export const SOURCES_FOLDER = "sources";
export const RECORD_EXTENSIONS = [".yaml", ".yml"];

export interface SourceRecord {
  table: Table;
  /** The file name without extension, which must equal the record's id. */
  stem: string;
  yaml: YamlFile;
  data: Record<string, unknown>;
  /** True when the record satisfies its schema; rules may rely on its types then. */
  valid: boolean;
  /**
   * False when the file could not be read as YAML: the record then has no data, but its
   * file name still stands for its id so that references to it raise no second error.
   */
  loaded: boolean;
  annotations: Annotation[];
  /** What checking the record alone gave (its schema result, and the per-record rules once run), shared with the build cache. */
  checked?: Checked;
}

/** Parses one file: loadYamlFile, or the build cache's stand-in, which also takes the file's stat. */
export type FileLoader = (file: string, bytes: Uint8Array, options?: LoadOptions & { stats?: Stats }) => LoadedFile;

/**
 * The build cache's record of files it has seen (cache/source-files.ts): a file whose stat
 * is unchanged is taken from it without being read, and each record's own checks are kept.
 */
export interface KeptFiles {
  /** The files about to be asked for, in order. */
  lookAhead?(files: readonly string[]): void;
  unchanged(file: string): LoadedFile | undefined;
  checked(file: string, checked: Checked): void;
  /**
   * The ids of the records of `sources/<folder>/`, when `files` are all of its files and each
   * is as the last clean build read it: the folder is then taken whole and none is read.
   */
  whole?(folder: string, files: readonly string[]): WholeFolder | undefined;
  /** The files of a folder taken whole, as last loaded, in their order. */
  wholeFiles?(folder: string): { file: string; loaded: LoadedFile }[];
  /**
   * Notes the digest of what the records were checked against (validate.ts); false when it
   * is not the last clean build's, so the folders taken whole must be read after all.
   */
  sameContext?(digest: string): boolean;
}

/** What a folder taken whole gives without being read: its records' ids, and its list of retired ids as last loaded. */
export interface WholeFolder {
  ids: readonly string[];
  tombstones?: LoadedFile;
}

/**
 * A table whose files are all as the last clean build read them (the build cache's
 * KeptFiles.whole): none of its records was loaded or checked, and they are read only if a
 * later stage asks for them.
 */
export interface WholeTable {
  table: Table;
  /** The ids its records answer to (file names and ids), in file order. */
  ids: readonly string[];
  /** Its number of records. */
  count: number;
  /** Its records, read from the build cache. */
  records(): SourceRecord[];
}

export interface LoadedSources {
  records: SourceRecord[];
  /** Tables taken whole, when the caller allowed it and the build cache could vouch for them. */
  whole: WholeTable[];
  tombstones: LocatedTombstone[];
  problems: Diagnostic[];
}

/** The ids a record answers to: its file name, and its id when that differs (a problem reported elsewhere). */
export function recordIds(stem: string, data: unknown): string[] {
  const id = isObject(data) ? data.id : undefined;
  return typeof id === "string" && id !== stem ? [stem, id] : [stem];
}

/**
 * `loadFile` parses one file; the build cache passes one that remembers earlier results.
 * `mayTakeWhole` says which tables the caller lets the cache take whole (validate.ts).
 */
export function loadRecords(root: string, schemas: SchemaSet, loadFile: FileLoader = loadYamlFile, kept?: KeptFiles, mayTakeWhole: (table: Table) => boolean = () => false): LoadedSources {
  const records: SourceRecord[] = [];
  const whole: WholeTable[] = [];
  const tombstones: LocatedTombstone[] = [];
  const problems: Diagnostic[] = [];
  const top = listProjectFolder(root, SOURCES_FOLDER);
  problems.push(...top.problems);
  for (const name of top.files) {
    problems.push({
      file: `${SOURCES_FOLDER}/${name}`, line: 1, col: 1, code: "unknown-table",
      message: "records belong in a table folder, not directly in sources/",
      hint: `move it to sources/<table>/; tables: ${[...schemas.tables.keys()].join(", ")}`,
    });
  }
  // Every folder is listed first, so that the build cache can take the files' stats ahead.
  const listed: { table: Table; folder: string; files: string[] }[] = [];
  for (const folderName of top.folders) {
    const folder = `${SOURCES_FOLDER}/${folderName}`;
    const table = schemas.tables.get(folderName);
    if (!table) {
      problems.push({
        file: folder, line: 1, col: 1, code: "unknown-table",
        message: `no schema defines a table "${folderName}"`,
        hint: `add schemas/${folderName}.schema.json, or move the files to one of: ${[...schemas.tables.keys()].join(", ")}`,
      });
      continue;
    }
    const listing = listProjectFolder(root, folder);
    problems.push(...listing.problems);
    listed.push({ table, folder, files: listing.files });
  }
  kept?.lookAhead?.(listed.flatMap(({ folder, files }) => files.filter((name) => RECORD_EXTENSIONS.some((ext) => name.endsWith(ext))).map((name) => `${folder}/${name}`)));
  for (const { table, folder, files } of listed) {
    const taken = mayTakeWhole(table) && files.every((name) => RECORD_EXTENSIONS.some((ext) => name.endsWith(ext))) ? kept?.whole?.(table.name, files.map((name) => `${folder}/${name}`)) : undefined;
    if (taken && kept?.wholeFiles) {
      const wholeFiles = kept.wholeFiles;
      const count = files.length - (taken.tombstones ? 1 : 0);
      whole.push({ table, ids: taken.ids, count, records: () => wholeFiles(table.name).flatMap(({ file, loaded }) => (file.endsWith(`/${TOMBSTONES_FILE}`) ? [] : [recordOf(table, file, loaded)])) });
      if (taken.tombstones) {
        const retired = readTombstones(table.name, taken.tombstones.yaml);
        tombstones.push(...retired.tombstones);
        problems.push(...retired.problems);
      }
      continue;
    }
    for (const name of files) {
      const file = `${folder}/${name}`;
      const extension = RECORD_EXTENSIONS.find((ext) => name.endsWith(ext));
      if (!extension) {
        problems.push({ file, line: 1, col: 1, code: "stray-file", message: "not a record file", hint: `records are YAML files named <id>${RECORD_EXTENSIONS[0]}; move or remove this file` });
        continue;
      }
      const path = join(root, folder, name);
      // Re-read on demand rather than held: positions are needed for the few files with problems.
      const loaded = kept?.unchanged(file) ?? readAndLoad(file, path, loadFile);
      const { yaml, problems: loadProblems } = loaded;
      problems.push(...loadProblems);
      const stem = name.slice(0, -extension.length);
      if (loadProblems.length > 0) {
        if (name !== TOMBSTONES_FILE) records.push({ table, stem, yaml, data: {}, valid: false, loaded: false, annotations: [] });
        continue;
      }
      if (name === TOMBSTONES_FILE) {
        const read = readTombstones(table.name, yaml);
        tombstones.push(...read.tombstones);
        problems.push(...read.problems);
        continue;
      }
      const record = recordOf(table, file, loaded);
      if (!loaded.checked) kept?.checked(file, record.checked!);
      problems.push(...record.checked!.problems);
      records.push(record);
    }
  }
  return { records, whole, tombstones, problems };
}

/** A file's name without its folder and extension: a record's id. */
export function stemOf(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot === -1 ? name : name.slice(0, dot);
}

/** A record from its loaded file (one that loaded without problems), checked against its table's schema unless the cache kept that. */
function recordOf(table: Table, file: string, loaded: LoadedFile): SourceRecord {
  const { yaml } = loaded;
  const stem = stemOf(file);
  const checked = loaded.checked ?? checkAgainstSchema(table, yaml);
  return { table, stem, yaml, data: isObject(yaml.data) ? yaml.data : {}, valid: checked.valid, loaded: true, annotations: checked.annotations, checked };
}

/** Reads the file once, with the stat the build cache keys it on, and loads it. */
function readAndLoad(file: string, path: string, loadFile: FileLoader): LoadedFile {
  const fd = openSync(path, "r");
  let bytes: Uint8Array;
  let stats: Stats;
  try {
    stats = fstatSync(fd);
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  return loadFile(file, bytes, { reread: () => readFileSync(path), stats });
}

function checkAgainstSchema(table: Table, yaml: YamlFile): Checked {
  const { result: valid, annotations } = collectAnnotations(() => table.validate(yaml.data) as boolean);
  return { valid, annotations, problems: (table.validate.errors ?? []).map((error) => schemaProblem(yaml, error)) };
}

function schemaProblem(yaml: YamlFile, error: ErrorObject): Diagnostic {
  const path = splitPointer(error.instancePath);
  const where = path.length ? `"${path.join(".")}"` : "the record";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const near = closest(key, allowed);
      return {
        ...yaml.locate([...path, key], "key"),
        code: "schema",
        message: `unknown property "${key}" in ${where}`,
        hint: `${near ? `did you mean "${near}"? ` : ""}allowed properties: ${allowed.join(", ")}`,
      };
    }
    case "required":
      return {
        ...yaml.locate(path),
        code: "schema",
        message: `${where} is missing the required property "${String(params.missingProperty)}"`,
        hint: describeProperty(error.parentSchema, String(params.missingProperty)),
      };
    case "enum":
      return {
        ...yaml.locate(path),
        code: "schema",
        message: `${where} must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    default:
      return {
        ...yaml.locate(path),
        code: "schema",
        message: `${where} ${error.message ?? "is invalid"}`,
        hint: describeProperty(undefined, undefined, error.parentSchema),
      };
  }
}

function describeProperty(parent?: Record<string, unknown>, name?: string, own?: Record<string, unknown>): string | undefined {
  const schema = own ?? (name && isObject(parent?.properties) ? (parent.properties[name] as Record<string, unknown> | undefined) : undefined);
  return typeof schema?.description === "string" ? schema.description : undefined;
}
