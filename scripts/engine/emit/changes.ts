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
import { diffReleases } from "../../published/diff.ts";
import { CHANGES_JSON, CHANGES_SCHEMA_JSON, DEV_TAG, type Changes } from "../../published/changes.ts";
import { CHANGES_SCHEMA } from "../../contract/changes-schema.ts";
import { compareVersions, lowestVersion, stepKind, type Version } from "../../published/versions.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { ReleaseHistory } from "../release-history.ts";
import type { Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";

/** Runs after the data files it compares (json, schemas) and before every file that states the version. */
export const changesEmitter: Emitter = {
  name: "changes",
  mediaTypes: [
    [".schema.json", "application/schema+json"],
    [".json", "application/json"],
  ],
  emit: ({ meta, history, releasing, files }) => [
    jsonFile(CHANGES_JSON, ordered(describeChanges(meta, history, releasing, files))),
    jsonFile(CHANGES_SCHEMA_JSON, CHANGES_SCHEMA),
  ],
};

export function describeChanges(meta: ProjectMeta, history: ReleaseHistory, releasing: boolean, files: readonly OutputFile[]): Changes {
  const built = new Map(files.map((file) => [file.path, file.bytes]));
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

function unreleased(name: string, from: Version | null, next: Version, diff: ReturnType<typeof diffReleases>): Changes {
  return { ...diff, name, from, to: `${next}-${DEV_TAG}`, release: from === null ? "initial" : stepKind(from, next), unreleased: true };
}

/** Key order fixed here, whatever the spreads above produced; `unreleased` only when it is. */
function ordered(changes: Changes): Record<string, unknown> {
  const { name, from, to, release, unreleased, required, schema, tables } = changes;
  return { name, from, to, release, ...(unreleased ? { unreleased } : {}), required, schema, tables };
}

/** What this build describes (its version, whether it is released), for the emitters that run after this one. */
export function describedChanges(files: readonly OutputFile[]): Changes {
  const file = files.find((candidate) => candidate.path === CHANGES_JSON);
  // The registry order puts changes first; without it, a later emitter has no version to state.
  if (!file) throw new Error(`${CHANGES_JSON} must be emitted before the files that state the version`);
  return JSON.parse(file.bytes.toString("utf8")) as Changes;
}

export function describedVersion(files: readonly OutputFile[]): string {
  return describedChanges(files).to;
}
