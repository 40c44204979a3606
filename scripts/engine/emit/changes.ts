/**
 * dist/changes.json: what this build changes against the previous published release
 * (the highest version in releases/ below package.json's version), and the version
 * checks: a build whose version step is smaller than its changes need fails, and so does
 * a build of an already published version whose data has changed since.
 *
 * Only committed files are read (package.json, releases/), never git history or the
 * clock, so a fresh clone builds the same bytes.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Code, Diagnostic } from "../../contract/diagnostics.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { diffReleases, reasons } from "../../published/diff.ts";
import { loadRelease, type ReleaseFiles } from "../../published/files.ts";
import {
  BUMP_RANK,
  compareVersions,
  lowestVersion,
  parseVersion,
  previousRelease,
  publishedReleases,
  readSums,
  RELEASES_DIR,
  stepKind,
  type PublishedRelease,
} from "../../published/versions.ts";
import { CHANGES_JSON, type Changes } from "../../published/changes.ts";
import { EmitProblem, type Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";

const VERSION_CODE: Code = "version";

export type ChangesResult = { file: OutputFile; changes: Changes } | { problem: Diagnostic };

/** Runs after every data file and before the catalogue, which lists changes.json too. */
export const changesEmitter: Emitter = {
  name: "changes",
  mediaTypes: [[".json", "application/json"]],
  async emit({ root, meta, files }) {
    const result = await emitChanges(root, meta, files);
    if ("problem" in result) throw new EmitProblem(result.problem);
    return [result.file];
  },
};

export async function emitChanges(root: string, meta: ProjectMeta, files: readonly OutputFile[]): Promise<ChangesResult> {
  const version = parseVersion(meta.version);
  if (!version) return { problem: versionProblem(root, `version "${meta.version}" must be MAJOR.MINOR.PATCH (digits only)`) };
  const current = new Map(files.map((file) => [file.path, file.bytes]));
  // A published version is frozen: building it again must give the data it was published with.
  const published = publishedReleases(root, meta.name).find((r) => compareVersions(r.version, version) === 0);
  if (published) {
    const loaded = await readPublished(root, published);
    if ("problem" in loaded) return loaded;
    const since = diffReleases(loaded.files, current);
    if (since.required !== "none") {
      const why = reasons(since, since.required);
      const shown = why.length > 3 ? [...why.slice(0, 3), `and ${why.length - 3} more`] : why;
      return {
        problem: versionProblem(
          root,
          `version ${meta.version} is already published in ${RELEASES_DIR}/, and the data now differs from it: ${shown.join("; ")}; set "version" in package.json to ${lowestVersion(version, since.required)} or higher`,
        ),
      };
    }
  }
  const previous = previousRelease(root, meta.name, version);
  let older;
  if (previous) {
    const loaded = await readPublished(root, previous);
    if ("problem" in loaded) return loaded;
    older = loaded.files;
  }
  const diff = diffReleases(older, current);
  const release = previous ? stepKind(previous.version, version) : "initial";
  if (previous && release !== "initial" && BUMP_RANK[diff.required] > BUMP_RANK[release]) {
    const why = reasons(diff, diff.required);
    const shown = why.length > 3 ? [...why.slice(0, 3), `and ${why.length - 3} more`] : why;
    const needed = lowestVersion(previous.version, diff.required);
    return {
      problem: versionProblem(
        root,
        `version ${meta.version} is a ${release} release, but the changes need a ${diff.required} release: ${shown.join("; ")}; set "version" in package.json to ${needed} or higher`,
        `the previous release is ${previous.version} (${RELEASES_DIR}/${previous.archives[0]}); to list every change, raise the version, build, and run \`npm run diff -- ${RELEASES_DIR}/${previous.archives[0]} dist\``,
      ),
    };
  }
  const changes: Changes = {
    name: meta.name,
    ...diff,
    from: previous ? previous.version : null,
    to: meta.version,
    release,
  };
  // Key order fixed here, whatever the spread above produced.
  const { name, from, to, required, schema, tables } = changes;
  return { file: jsonFile(CHANGES_JSON, { name, from, to, release, required, schema, tables }), changes };
}

/** A release of releases/, checked against SHA256SUMS before it is trusted. */
async function readPublished(root: string, release: PublishedRelease): Promise<{ files: ReleaseFiles } | { problem: Diagnostic }> {
  const archive = release.archives[0]!;
  const path = join(root, RELEASES_DIR, archive);
  const expected = readSums(root).get(archive);
  if (expected !== undefined && createHash("sha256").update(readFileSync(path)).digest("hex") !== expected) {
    return { problem: versionProblem(root, `${RELEASES_DIR}/${archive} does not match its sha256 in ${RELEASES_DIR}/SHA256SUMS`) };
  }
  try {
    return { files: await loadRelease(path) };
  } catch (error) {
    return { problem: versionProblem(root, `cannot read the release ${RELEASES_DIR}/${archive}: ${(error as Error).message}`) };
  }
}

function versionProblem(root: string, message: string, hint?: string): Diagnostic {
  let line = 1;
  let col = 1;
  try {
    const lines = readFileSync(join(root, "package.json"), "utf8").split("\n");
    const index = lines.findIndex((text) => /^\s*"version"\s*:/.test(text));
    if (index !== -1) {
      line = index + 1;
      col = lines[index]!.indexOf('"version"') + 1;
    }
  } catch {
    // package.json was read before this point; a position is a courtesy.
  }
  return { file: "package.json", line, col, code: VERSION_CODE, message, ...(hint ? { hint } : {}) };
}
