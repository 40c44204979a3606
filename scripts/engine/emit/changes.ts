/**
 * dist/changes.json (with its JSON Schema, dist/schemas/release/changes.schema.json):
 * what this build changes against the last published release, and the
 * version the build therefore describes, which the emitters after it (the descriptor, the
 * catalogue, the browsing page) read from it.
 *
 * - A build of data that is published as package.json's version, or a build for
 *   `npm run release`, describes that version, compared with the release below it.
 * - Any other build is unreleased: compared with the last release at or below
 *   package.json's version, it describes `<next>-dev`, where next is package.json's version
 *   if that is above the last release, raised to the lowest version the changes need.
 *
 * Whether a version step is big enough is the release tool's decision, not the build's:
 * a curator previews any edit without touching the version.
 */
import { diffReleases as diffWith, diffTable, releaseTables, tombstonesOf, type TableDiff } from "../../published/diff.ts";
import { compareText } from "../../contract/diagnostics.ts";
import type { Row } from "../../contract/flatten.ts";
import type { ReleaseFiles } from "../../published/files.ts";
import { CHANGES_JSON, CHANGES_SCHEMA_JSON, DEV_TAG, type Changes } from "../../published/changes.ts";
import { CHANGES_SCHEMA } from "../../contract/changes-schema.ts";
import { compareVersions, lowestVersion, stepKind, type Version } from "../../published/versions.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { Dataset } from "../model.ts";
import type { ReleaseHistory } from "../release-history.ts";
import type { EmitMemo, EmittedFile, Emitter } from "./emitter.ts";
import { TOMBSTONES_JSON } from "./json.ts";
import { jsonFile } from "./output.ts";
import { sha256Hex } from "../../contract/sha256.ts";

/** Runs after the data files it compares (json, schemas) and before every file that states the version. */
export const changesEmitter: Emitter = {
  name: "changes",
  mediaTypes: [
    [".schema.json", "application/schema+json"],
    [".json", "application/json"],
  ],
  emit: ({ meta, history, releasing, files, memo, dataset }) => [
    jsonFile(CHANGES_JSON, ordered(describeChanges(meta, history, releasing, files, memo, dataset))),
    jsonFile(CHANGES_SCHEMA_JSON, CHANGES_SCHEMA),
  ],
};

/** `dataset`, when given, is what the built tables hold: a table the older release lacks is then compared by its ids alone, without reading it back. */
export function describeChanges(meta: ProjectMeta, history: ReleaseHistory, releasing: boolean, files: readonly EmittedFile[], memo?: EmitMemo, dataset?: Dataset): Changes {
  // Only the files the schema diff reads (schemas/, the descriptor); the tables are compared one at a time (tableDiffs).
  const built: ReleaseFiles = new Map(files.filter((file) => file.path.startsWith("schemas/") || file.path === "datapackage.json").map((file) => [file.path, file.read()]));
  const diffReleases = (older: ReleaseFiles | undefined, newer: ReleaseFiles) => diffWith(older, newer, tableDiffs(older, files, memo, dataset));
  const version: Version = meta.version;
  const asReleased = (): Changes => {
    const { previous } = history;
    const diff = diffReleases(previous?.files, built);
    return { ...diff, name: meta.name, from: previous?.version ?? null, to: version, release: previous ? stepKind(previous.version, version) : "initial" };
  };
  if (releasing) return asReleased();
  if (history.current) {
    const since = diffReleases(history.current.files, built);
    // The published version built again from unchanged sources: the same bytes as its archive.
    if (since.required === "none") return asReleased();
    return unreleased(meta.name, history.current.version, lowestVersion(history.current.version, since.required), since);
  }
  const base = history.previous;
  const diff = diffReleases(base?.files, built);
  if (!base) return unreleased(meta.name, null, version, diff);
  const needed = diff.required === "none" ? version : lowestVersion(base.version, diff.required);
  return unreleased(meta.name, base.version, compareVersions(needed, version) > 0 ? needed : version, diff);
}

function unreleased(name: string, from: Version | null, next: Version, diff: ReturnType<typeof diffWith>): Changes {
  return { ...diff, name, from, to: `${next}-${DEV_TAG}`, release: from === null ? "initial" : stepKind(from, next), unreleased: true };
}

/** Key order fixed here, whatever the spreads above produced; `unreleased` only when it is. */
function ordered(changes: Changes): Record<string, unknown> {
  const { name, from, to, release, unreleased, required, schema, tables } = changes;
  return { name, from, to, release, ...(unreleased ? { unreleased } : {}), required, schema, tables };
}

const TABLE_JSON = /^json\/([^/]+)\.json$/;

/**
 * The record diffs against `older`, a table at a time: each table's JSON file is read back
 * and parsed alone, so no more than one built table is in memory at once. A table whose file
 * and the release it is compared with are the same as in an earlier build (the same sha256)
 * takes that build's diff from the memo.
 */
function tableDiffs(older: ReleaseFiles | undefined, files: readonly EmittedFile[], memo: EmitMemo | undefined, dataset: Dataset | undefined): TableDiff[] {
  const base = older ?? new Map<string, Uint8Array>();
  const retiredFile = files.find((file) => file.path === TOMBSTONES_JSON);
  const retiredBytes = retiredFile?.read();
  const retired = tombstonesOf(new Map(retiredBytes ? [[TOMBSTONES_JSON, retiredBytes]] : []));
  let before: Map<string, Row[]> | undefined;
  const olderTables = () => (before ??= releaseTables(base));
  const olderDigest = (table: string) => {
    const bytes = base.get("data.json") ?? base.get(`json/${table}.json`);
    return bytes ? sha256Hex(bytes) : "none";
  };
  const built = new Map(files.flatMap((file) => {
    const table = TABLE_JSON.exec(file.path)?.[1];
    return table === undefined ? [] : [[table, file] as const];
  }));
  const names = [...new Set([...built.keys(), ...(older ? olderTables().keys() : [])])].sort(compareText);
  return names.flatMap((table) => {
    const file = built.get(table);
    const olderRows = olderTables().get(table) ?? [];
    const make = () => {
      // Nothing to compare values with: every record is added, and the ids say which.
      const modelled = olderRows.length === 0 ? dataset?.tables.find((data) => data.table.name === table)?.rows : undefined;
      if (modelled) return diffTable(table, [], modelled.map((row) => ({ id: row.id })), retired) ?? null;
      const rows = file ? (JSON.parse(file.read().toString("utf8")) as Row[]) : [];
      return diffTable(table, olderRows, Array.isArray(rows) ? rows : [], retired) ?? null;
    };
    const key = `changes ${table} ${file?.sha256 ?? "none"} ${olderDigest(table)} ${retiredFile?.sha256 ?? "none"}`;
    return (memo ? memo.value(key, make) : make()) ?? [];
  });
}

/** What this build describes (its version, whether it is released), for the emitters that run after this one. */
export function describedChanges(files: readonly EmittedFile[]): Changes {
  const file = files.find((candidate) => candidate.path === CHANGES_JSON);
  // The registry order puts changes first; without it, a later emitter has no version to state.
  if (!file) throw new Error(`${CHANGES_JSON} must be emitted before the files that state the version`);
  return JSON.parse(file.read().toString("utf8")) as Changes;
}

export function describedVersion(files: readonly EmittedFile[]): string {
  return describedChanges(files).to;
}
