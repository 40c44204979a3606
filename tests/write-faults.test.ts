/**
 * Faults while dist/ is written: a full disk, a tree that cannot be removed, a build
 * killed between its two renames, another build holding the lock. The faults are
 * injected into node:fs for this file only, so they happen whoever runs the tests
 * (root ignores file modes, so chmod alone cannot produce EACCES here).
 */
import { constants } from "node:os";
import { readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { lock } from "proper-lockfile";
import { afterEach, describe, expect, it, vi } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { lockPath, WriteError, writeAtomically } from "../scripts/engine/write.ts";
import { copyFixture, run, snapshot, writeIn } from "./helpers/project.ts";

type Fault = (operation: string, path: string) => void;
const faults = vi.hoisted(() => ({ current: undefined as ((operation: string, path: string) => void) | undefined }));

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const wrapped: Record<string, unknown> = {};
  for (const name of ["accessSync", "mkdirSync", "renameSync", "rmSync", "writeFileSync"] as const) {
    const original = real[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      faults.current?.(name, String(args[0]));
      return original(...args);
    };
  }
  return { ...real, ...wrapped, default: { ...real, ...wrapped } };
});

afterEach(() => {
  faults.current = undefined;
});

/** An error shaped like the ones node:fs throws. */
function systemError(code: "EACCES" | "ENOSPC", syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  error.code = code;
  error.errno = -constants.errno[code];
  error.syscall = syscall;
  error.path = path;
  return error;
}

function failOnce(operation: string, matches: (path: string) => boolean, error: (path: string) => Error): void {
  faults.current = (op, path) => {
    if (op !== operation || !matches(path)) return;
    faults.current = undefined;
    throw error(path);
  };
}

async function builtProject(): Promise<string> {
  const root = copyFixture();
  const { status, stderr } = await run(build, ["--root", root]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  return root;
}

const leftovers = (root: string): string[] => readdirSync(root).filter((name) => name.startsWith(".dist"));

/** A valid edit, so that a second build would write something different. */
function renameAda(root: string): void {
  writeIn(root, "sources/people/ada.yaml", 'id: ada\nname: Ada King\ngroup: circle\nrole: leader\nevidence:\n  - source: report\n    quote: "Ada Lovelace leads the Circle"\n');
}

describe("faults while writing dist/", () => {
  it("a full disk while the new tree is written: exit 2, the file and reason named, dist/ unchanged", async () => {
    const root = await builtProject();
    const before = snapshot(join(root, "dist"));
    renameAda(root);
    failOnce("writeFileSync", (path) => path.endsWith(join("csv", "people.csv")), (path) => systemError("ENOSPC", "open", path));
    const { status, stderr } = await run(build, ["--root", root]);
    expect(stderr.split("\n")).toEqual(["error: cannot write dist/csv/people.csv: no space left on device (ENOSPC)", "dist/ left unchanged"]);
    expect(status).toBe(2);
    expect(snapshot(join(root, "dist"))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it("a folder of dist/ that cannot be changed: exit 2 before anything is swapped, with the chmod hint", async () => {
    const root = await builtProject();
    const before = snapshot(join(root, "dist"));
    renameAda(root);
    failOnce("accessSync", (path) => path === join(root, "dist", "csv"), (path) => systemError("EACCES", "access", path));
    const { status, stderr } = await run(build, ["--root", root]);
    expect(stderr.split("\n")).toEqual([
      "error: cannot replace dist/: dist/csv cannot be changed: permission denied (EACCES)",
      "  hint: make it writable (chmod -R u+w dist) and build again",
      "dist/ left unchanged",
    ]);
    expect(status).toBe(2);
    expect(snapshot(join(root, "dist"))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it("removing the previous tree fails after the swap: it is rolled back, exit 2, dist/ as before", async () => {
    const root = await builtProject();
    const before = snapshot(join(root, "dist"));
    renameAda(root);
    failOnce("rmSync", (path) => /\.dist-previous-\d+$/.test(path), (path) => systemError("EACCES", "rmdir", path));
    const { status, stderr } = await run(build, ["--root", root]);
    const lines = stderr.split("\n");
    expect(lines[0]).toMatch(/^error: cannot remove the previous dist\/ \(\.dist-previous-\d+\): permission denied \(EACCES\); the new tree was taken back out$/);
    expect(lines.slice(1)).toEqual(["dist/ left unchanged"]);
    expect(status).toBe(2);
    expect(snapshot(join(root, "dist"))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it("a build killed between its two renames is undone by the next build, even one that finds problems", async () => {
    const root = await builtProject();
    const before = snapshot(join(root, "dist"));
    // What the killed build left: no dist/, the old tree under the dead process's name.
    renameSync(join(root, "dist"), join(root, ".dist-previous-999999999"));
    writeIn(root, "sources/people/ada.yaml", "id: ada\nname: Ada Lovelace\n");
    const failed = await run(build, ["--root", root]);
    expect(failed.status).toBe(1);
    expect(failed.stderr.split("\n").at(-1)).toBe("dist/ left unchanged");
    expect(snapshot(join(root, "dist"))).toEqual(before);
    expect(leftovers(root)).toEqual([]);

    renameAda(root);
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(leftovers(root)).toEqual([]);
  });

  it("leftovers of dead builds beside an intact dist/ are removed by the next build", async () => {
    const root = await builtProject();
    writeIn(root, ".dist-staging-999999999/csv/people.csv", "half");
    writeIn(root, ".dist-previous-999999998/data.json", "{}");
    renameAda(root);
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(leftovers(root)).toEqual([]);
  });

  it("a leftover that cannot be removed: exit 2 naming it, with the chmod hint, instead of a crash on every later build", async () => {
    const root = await builtProject();
    const before = snapshot(join(root, "dist"));
    writeIn(root, ".dist-previous-999999999/data.json", "{}");
    failOnce("rmSync", (path) => path === join(root, ".dist-previous-999999999"), (path) => systemError("EACCES", "rmdir", path));
    const { status, stderr } = await run(build, ["--root", root]);
    expect(stderr.split("\n")).toEqual([
      "error: cannot remove .dist-previous-999999999, left by an earlier build: permission denied (EACCES)",
      "  hint: make it writable (chmod -R u+w .dist-previous-999999999) or remove it, then build again",
      "dist/ left unchanged",
    ]);
    expect(status).toBe(2);
    expect(snapshot(join(root, "dist"))).toEqual(before);
    // Once it can be removed, the next build does so.
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(leftovers(root)).toEqual([]);
  });

  it("a lock that never frees: the writer gives up with a clear error and writes nothing", async () => {
    const root = await builtProject();
    const target = join(root, "dist");
    const before = snapshot(target);
    const release = await lock(target, { realpath: false, lockfilePath: lockPath(target) });
    try {
      const attempt = writeAtomically(target, [{ path: "data.json", bytes: Buffer.from("{}\n") }], { lockRetries: 2 });
      await expect(attempt).rejects.toThrow(WriteError);
      await expect(attempt).rejects.toThrow("another build is writing dist/");
    } finally {
      await release();
    }
    expect(snapshot(target)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });
});
