/** Test scaffolding: throw-away copies of the fixture project and in-process command runs. */
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import type { Io } from "../../scripts/contract/io.ts";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURE = join(REPO, "tests", "fixtures", "project");

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = "cai-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A fresh copy of the fixture project (without any dist/), to break or build at will. */
export function copyFixture(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/**
 * The fixture without `evidence.documents` in its package.json: quotes are checked only
 * with --documents, for tests whose data is not meant to be quoted from report.txt.
 */
export function copyFixtureUnchecked(): string {
  const dir = copyFixture();
  const path = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  delete pkg.evidence;
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
  return dir;
}

export function writeIn(root: string, path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

export function removeIn(root: string, path: string): void {
  rmSync(join(root, path), { recursive: true, force: true });
}

export interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

export async function run(command: (argv: string[], io: Io) => Promise<number>, argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await command(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

/**
 * Every file under a folder with its exact bytes, by relative path. A symbolic link is
 * recorded as its target, never followed: it may point outside the folder, or nowhere.
 */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) files.set(relative(dir, path).split("\\").join("/"), `symlink -> ${readlinkSync(path)}`);
      else if (stats.isDirectory()) walk(path);
      else files.set(relative(dir, path).split("\\").join("/"), readFileSync(path).toString("base64"));
    }
  };
  walk(dir);
  return files;
}
