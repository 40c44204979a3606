/**
 * Releases to validate: one good build of the fixture project, copied and broken one
 * way per test, and packed into .zip (yazl, the writer of the yauzl the validator reads
 * with) or .tar.gz (node-tar, which the validator reads with too).
 */
import { createHash } from "node:crypto";
import { cpSync, createWriteStream, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { finished } from "node:stream/promises";
import * as tar from "tar";
import yazl from "yazl";
import { expect } from "vitest";
import { build } from "../../scripts/engine/cli.ts";
import { validateDownload } from "../../scripts/verify/cli.ts";
import { TEMP_PREFIX } from "../../scripts/published/temp-folder.ts";
import { copyFixture, run, tempDir } from "./project.ts";

let good: Promise<string> | undefined;

/** dist/ of a fresh build of the fixture project (built once per test file). */
export function goodRelease(): Promise<string> {
  good ??= (async () => {
    const root = copyFixture();
    const result = await run(build, ["--root", root]);
    expect(result.status, result.stderr).toBe(0);
    return join(root, "dist");
  })();
  return good;
}

/** A private copy of the good release, to break. */
export async function copyRelease(): Promise<string> {
  const dir = join(tempDir("cai-release-"), "release");
  cpSync(await goodRelease(), dir, { recursive: true });
  return dir;
}

interface Descriptor {
  resources: { name: string; path: string; bytes: number; hash: string; schema?: { fields: { name: string; type: string }[] } }[];
}

export function readDescriptor(release: string): Descriptor {
  return JSON.parse(readFileSync(join(release, "datapackage.json"), "utf8"));
}

export function writeDescriptor(release: string, descriptor: Descriptor): void {
  writeFileSync(join(release, "datapackage.json"), `${JSON.stringify(descriptor, null, 2)}\n`);
}

/**
 * Rewrites a file of the release. With `restamp`, the descriptor's bytes and hash are
 * made to match the new content, so that only the damage under test is reported.
 */
export function editFile(release: string, path: string, edit: (bytes: Buffer) => Buffer, restamp: boolean): void {
  const bytes = edit(readFileSync(join(release, path)));
  writeFileSync(join(release, path), bytes);
  if (!restamp) return;
  const descriptor = readDescriptor(release);
  const resource = descriptor.resources.find((r) => r.path === path)!;
  resource.bytes = bytes.length;
  resource.hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  writeDescriptor(release, descriptor);
}

export const replaceText = (from: string, to: string) => (bytes: Buffer) => {
  const text = bytes.toString("utf8");
  expect(text).toContain(from);
  return Buffer.from(text.replace(from, to), "utf8");
};

/** Every file under a folder, by relative path, with a hash of its bytes. */
export function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split("\\").join("/")] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** The validator's own temporary folders that exist now in `tmp` (a private TMPDIR, never the machine's). */
export function validatorTempFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith(TEMP_PREFIX));
}

export interface Checked {
  status: number;
  report: { valid: boolean; problems: { code: string; file: string; row?: number; field?: string; message: string }[]; stats: Record<string, number> };
  /** Problems without their messages, to compare exactly. */
  located: { code: string; file: string; row?: number; field?: string }[];
}

/**
 * Runs the validator in-process with `--format json` and a private TMPDIR (os.tmpdir()
 * reads it on every call); also asserts that it left no temporary folder behind.
 */
export async function check(path: string): Promise<Checked> {
  const tmp = tempDir("cai-tmpdir-");
  const saved = process.env.TMPDIR;
  const out: string[] = [];
  let status: number;
  process.env.TMPDIR = tmp;
  try {
    status = await validateDownload(path, { format: "json" }, { out: (line) => out.push(line), err: (line) => out.push(line) });
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  expect(validatorTempFolders(tmp)).toEqual([]);
  const report = JSON.parse(out.join("\n")) as Checked["report"];
  const located = report.problems.map(({ code, file, row, field }) => ({ code, file, ...(row === undefined ? {} : { row }), ...(field === undefined ? {} : { field }) }));
  return { status, report, located };
}

function releaseFiles(release: string, prefix: string): { path: string; name: string }[] {
  return Object.keys(fileHashes(release))
    .sort()
    .map((name) => ({ path: join(release, name), name: `${prefix}${name}` }));
}

/** A .zip of the release; `prefix` puts the files under a top folder ("top/"). */
export async function zipRelease(release: string, out: string, prefix = "", extra: { name: string; bytes: Buffer }[] = []): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const { path, name } of releaseFiles(release, prefix)) zip.addFile(path, name);
  for (const { name, bytes } of extra) zip.addBuffer(bytes, name);
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(out)));
}

/** A .tar.gz of the release, files under `prefix`; `preservePaths` lets a test write an unsafe name on purpose. */
export async function tarGzRelease(release: string, out: string, prefix = "", unsafeNames: string[] = []): Promise<void> {
  const names = Object.keys(fileHashes(release)).sort();
  await tar.c(
    { gzip: true, file: out, cwd: release, portable: true, preservePaths: unsafeNames.length > 0, prefix: prefix.replace(/\/$/, "") || undefined },
    [...names, ...unsafeNames],
  );
}
