/**
 * `npm run release` and `npm run diff`, as functions of arguments and streams that
 * return an exit status (0 done, 1 refused or the data has problems, 2 bad usage).
 *
 * release: build as package.json's version (`--release`, nothing written yet); refuse a
 * version step smaller than the changes need and a published version whose data changed
 * (version-gate.ts); take the release date (RELEASE_DATE, else the date CHANGELOG.md
 * already records for this version, else today in UTC); write dist/, the version's
 * CHANGELOG.md section and CITATION.cff; pack dist/ plus the repository's README,
 * licences, changelog and citation into `releases/<name>-<version>.tar.gz` and `.zip` with
 * every timestamp set to that date; record both in `releases/SHA256SUMS`. An archive
 * already published with other bytes is never overwritten. A refusal changes nothing on disk.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import { formatDiagnostic } from "../contract/diagnostics.ts";
import { processIo, type Io } from "../contract/io.ts";
import { CHANGES_JSON, type Changes } from "../published/changes.ts";
import { checkProjectMeta, projectFolderProblem } from "../contract/project-meta.ts";
import { tarGzBytes, zipBytes, type ArchiveEntry } from "./archive.ts";
import { CHANGELOG_FILE, changelogDate, updateChangelog } from "./changelog.ts";
import { CITATION_FILE, citationText } from "./citation.ts";
import { diffReleases, formatDiff } from "../published/diff.ts";
import { republishRefusal, stepRefusal } from "./version-gate.ts";
import { loadRelease } from "../published/files.ts";
import { archiveBase, compareVersions, formatSums, parseVersion, publishedReleases, readSums, RELEASES_DIR, SUMS_FILE } from "../published/versions.ts";

/** Files of the repository root that go into every archive beside dist/, when present. */
export const ROOT_FILES = ["README.md", "LICENSE", "LICENSE-DATA", CHANGELOG_FILE, CITATION_FILE] as const;

const RELEASE_USAGE = "usage: npm run release [-- --root <project>] [--documents <folder>] [--citation-only]\n  RELEASE_DATE=YYYY-MM-DD sets the release date (default: the date CHANGELOG.md records for this version, else today in UTC)";

export function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text && date.getUTCFullYear() >= 1980;
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/**
 * The build as the release tool runs it, told not to write: its status, the files it would
 * write to dist/, and `write` to write them once the release is accepted.
 */
export type BuildCommand = (
  argv: string[],
  io: Io,
  options: { write: false },
) => Promise<{ status: number; files?: ReadonlyMap<string, Uint8Array>; write?: () => Promise<number>; unchecked?: string }>;

export interface ReleaseContext {
  /** The build, passed in by the entry script: the release tool does not import the build program. */
  build: BuildCommand;
  env?: NodeJS.ProcessEnv;
  today?: () => string;
}

export async function release(argv: string[], io: Io, context: ReleaseContext): Promise<number> {
  const { build, env = process.env, today = () => new Date().toISOString().slice(0, 10) } = context;
  const parsed = parseCommandLine(argv, io, {
    usage: RELEASE_USAGE,
    options: { root: { type: "string" }, documents: { type: "string" }, "citation-only": { type: "boolean" } },
  });
  if (!parsed.ok) return parsed.status;
  const { values } = parsed;
  const root = values.root === undefined ? resolve(".") : userPath(values.root);
  const notAProject = projectFolderProblem(root);
  if (notAProject) {
    io.err(`error: ${notAProject}`);
    return 2;
  }
  const checked = checkProjectMeta(root);
  if (!checked.meta) {
    for (const problem of checked.problems) io.err(formatDiagnostic(problem));
    return 1;
  }
  const meta = checked.meta;
  const changelogPath = join(root, CHANGELOG_FILE);
  if (values["citation-only"]) {
    writeFileSync(join(root, CITATION_FILE), citationText(root));
    io.out(`${CITATION_FILE} written for version ${meta.version}`);
    return 0;
  }
  const version = parseVersion(meta.version);
  if (!version) {
    io.err(`error: package.json version "${meta.version}" must be MAJOR.MINOR.PATCH`);
    return 1;
  }
  const higher = publishedReleases(root, meta.name).filter((r) => compareVersions(r.version, version) > 0);
  if (higher.length) {
    io.err(`error: ${RELEASES_DIR}/ already has ${higher.at(-1)!.version}, higher than ${meta.version}: releases only go up`);
    return 1;
  }

  const recorded = changelogDate(readText(changelogPath), meta.version);
  const date = env.RELEASE_DATE ?? recorded ?? today();
  if (!validDate(date)) {
    io.err(`error: release date "${date}" must be a real date YYYY-MM-DD, 1980 or later`);
    return 2;
  }

  const built = await build(["--root", root, "--release", "--date", date, ...(values.documents ? ["--documents", userPath(values.documents)] : [])], io, { write: false });
  if (built.status !== 0 || !built.files || !built.write) return built.status;
  if (built.unchecked) {
    io.err(`error: a release publishes only evidence checked against its source documents, and the quotes were not checked: ${built.unchecked}`);
    io.err("hint: nothing was written");
    return 1;
  }
  const changesBytes = built.files.get(CHANGES_JSON);
  if (!changesBytes) throw new Error(`the build wrote no ${CHANGES_JSON}`);
  const changes = JSON.parse(Buffer.from(changesBytes).toString("utf8")) as Changes;
  const published = publishedReleases(root, meta.name).find((r) => r.version === version);
  const refusal = published
    ? republishRefusal(version, await loadRelease(join(root, RELEASES_DIR, published.archives[0]!)), new Map(built.files), `npm run diff -- ${RELEASES_DIR}/${published.archives[0]} dist`)
    : stepRefusal(changes, "npm run diff");
  if (refusal) {
    io.err(`error: ${refusal.message}:`);
    for (const reason of refusal.reasons) io.err(`  - ${reason}`);
    io.err(`hint: ${refusal.hint}; nothing was written`);
    return 1;
  }

  const changelog = updateChangelog(readText(changelogPath), changes, date);
  const citation = citationText(root, changelog);
  const base = `${archiveBase(meta.name)}-${meta.version}`;
  const rootFiles = new Map<string, Uint8Array>();
  for (const name of ROOT_FILES) {
    if (name === CHANGELOG_FILE) rootFiles.set(name, Buffer.from(changelog, "utf8"));
    else if (name === CITATION_FILE) rootFiles.set(name, Buffer.from(citation, "utf8"));
    else if (existsSync(join(root, name))) rootFiles.set(name, readFileSync(join(root, name)));
  }
  const entries: ArchiveEntry[] = [...built.files, ...rootFiles].map(([path, bytes]) => ({ path: `${base}/${path}`, bytes }));
  const mtime = Date.parse(`${date}T00:00:00Z`) / 1000;
  const archives = new Map<string, Buffer>([
    [`${base}.tar.gz`, tarGzBytes(entries, mtime)],
    [`${base}.zip`, zipBytes(entries, mtime)],
  ]);

  const releases = join(root, RELEASES_DIR);
  for (const [name, bytes] of archives) {
    const path = join(releases, name);
    if (existsSync(path) && !readFileSync(path).equals(bytes)) {
      io.err(
        `error: ${RELEASES_DIR}/${name} already exists with different bytes: version ${meta.version} is published and cannot change; ` +
          `set a higher "version" in package.json (or, if it was never published, delete the archive)`,
      );
      io.err("hint: its data is as published, so another file of the archive changed since: README.md, a licence, CHANGELOG.md, CITATION.cff or a file the build generates");
      return 1;
    }
  }

  const wrote = await built.write();
  if (wrote !== 0) return wrote;
  mkdirSync(releases, { recursive: true });
  writeFileSync(changelogPath, changelog);
  writeFileSync(join(root, CITATION_FILE), citation);
  const sums = readSums(root);
  for (const [name, bytes] of archives) {
    writeFileSync(join(releases, name), bytes);
    sums.set(name, createHash("sha256").update(bytes).digest("hex"));
  }
  writeFileSync(join(releases, SUMS_FILE), formatSums(sums));
  const step = changes.from === null ? "first release" : `${changes.release} release from ${changes.from}`;
  io.out(`released ${meta.version} (${step}), dated ${date}:`);
  for (const [name, bytes] of archives) io.out(`  ${RELEASES_DIR}/${name} ${bytes.length} bytes sha256:${sums.get(name)}`);
  io.out(`  ${CHANGELOG_FILE}, ${CITATION_FILE} and ${RELEASES_DIR}/${SUMS_FILE} updated: commit them with the archives`);
  return 0;
}

const DIFF_USAGE = [
  "usage: npm run diff [-- <old> <new>] [--format text|json]",
  "  each a release folder (like dist/) or a .zip / .tar.gz of one;",
  "  without paths, the highest release in releases/ against dist/",
].join("\n");

export async function diff(argv: string[], io: Io = processIo): Promise<number> {
  const parsed = parseCommandLine(argv, io, {
    usage: DIFF_USAGE,
    options: { format: { type: "string", default: "text" } },
    choices: { format: ["text", "json"] },
    positionals: { min: 0, max: 2 },
  });
  if (!parsed.ok) return parsed.status;
  const format = parsed.values.format;
  let paths = parsed.positionals;
  if (paths.length === 1) {
    io.err("error: give two releases to compare, or none for the last release against dist/");
    io.err(DIFF_USAGE);
    return 2;
  }
  if (paths.length === 0) {
    const checked = checkProjectMeta(".");
    if (!checked.meta) {
      for (const problem of checked.problems) io.err(formatDiagnostic(problem));
      return 2;
    }
    const last = publishedReleases(".", checked.meta.name).at(-1);
    if (!last) {
      io.err(`error: ${RELEASES_DIR}/ holds no release to compare dist/ with; give two paths`);
      io.err(DIFF_USAGE);
      return 2;
    }
    paths = [resolve(RELEASES_DIR, last.archives[0]!), resolve("dist")];
  }
  let result;
  try {
    const [older, newer] = await Promise.all(paths.map((path) => loadRelease(userPath(path))));
    result = diffReleases(older, newer!);
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    return 2;
  }
  if (format === "json") io.out(JSON.stringify(result, null, 2));
  else for (const line of formatDiff(result)) io.out(line);
  return 0;
}
