/**
 * The guard every command runs behind: a throw is one `error:` line and exit status 2,
 * never a stack trace; `--debug` shows the stack and is not passed on to the command.
 */
import { spawn } from "node:child_process";
import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import { describeError, runGuarded } from "../scripts/contract/command-guard.ts";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, REPO, run, snapshot, tempDir } from "./helpers/project.ts";

async function guarded(command: (argv: string[]) => Promise<number>, argv: string[] = []): Promise<{ status: number; lines: string[] }> {
  const lines: string[] = [];
  const status = await runGuarded(command, argv, { err: (line) => lines.push(line) });
  return { status, lines };
}

function systemError(code: "EACCES" | "ENOSPC" | "ENOTEMPTY", syscall: string, path: string, dest?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException & { dest?: string } = new Error(`${code}: ${syscall} '${path}'`);
  Object.assign(error, { code, errno: -constants.errno[code], syscall, path, ...(dest ? { dest } : {}) });
  return error;
}

const STACK_LINE = /^\s+at /m;

describe("the command guard, in-process", () => {
  it("a real file-system error thrown by a command: exit 2, operation, path and plain reason, no stack", async () => {
    const folder = tempDir();
    const { status, lines } = await guarded(async () => {
      writeFileSync(folder, "x");
      return 0;
    });
    expect(lines).toEqual([`error: cannot open ${folder}: is a folder, not a file (EISDIR)`]);
    expect(status).toBe(2);
  });

  it("words the faults users meet: permission, full disk, a folder not empty", () => {
    const path = join(process.cwd(), "dist", "csv", "x.csv");
    expect(describeError(systemError("EACCES", "open", path))).toBe("cannot open dist/csv/x.csv: permission denied (EACCES)");
    expect(describeError(systemError("ENOSPC", "write", path))).toBe("cannot write dist/csv/x.csv: no space left on device (ENOSPC)");
    expect(describeError(systemError("ENOTEMPTY", "rename", join(process.cwd(), ".dist-staging-1"), join(process.cwd(), "dist")))).toBe(
      "cannot rename .dist-staging-1 to dist: folder not empty (ENOTEMPTY)",
    );
  });

  it("any other throw is a fault of the program: its message, a hint to rerun with --debug, no stack", async () => {
    const { status, lines } = await guarded(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    expect(lines).toEqual([
      "error: Cannot read properties of undefined (reading 'x')",
      "  hint: this is a fault of the program, not of the data; run again with --debug and report the output",
    ]);
    expect(status).toBe(2);
  });

  it("--debug is taken out of the arguments and adds the stack", async () => {
    let seen: string[] = [];
    const { status, lines } = await guarded(
      async (argv) => {
        seen = argv;
        throw new Error("boom");
      },
      ["--root", "x", "--debug"],
    );
    expect(seen).toEqual(["--root", "x"]);
    expect(status).toBe(2);
    expect(lines[0]).toBe("error: boom");
    expect(lines.join("\n")).toMatch(STACK_LINE);
  });

  it("a command's own status passes through untouched", async () => {
    expect(await guarded(async () => 1)).toEqual({ status: 1, lines: [] });
  });
});

/** Runs an entry point with its stdout closed before it writes: a real EPIPE, on any machine and any user. */
function runWithClosedOutput(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

function runEntry(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

const tsx = (script: string, ...args: string[]): string[] => ["--import", "tsx", join(REPO, "scripts", script), ...args];

describe("every entry point, as a real process", () => {
  it.each([
    ["build", tsx("build.ts", "--help")],
    ["validate", tsx("validate.ts", "dist")],
    ["coverage", tsx("coverage.ts", "--help")],
    ["diff", tsx("diff.ts", "dist", "dist")],
    ["release", tsx("release.ts", "--help")],
    ["the validator package's bin", ["--import", "tsx", join(REPO, "tests", "helpers", "bin-child.ts"), "dist"]],
  ])("%s: output closed by its reader is one error line and exit 2, no stack", async (_name, args) => {
    const { status, stderr } = await runWithClosedOutput(args);
    expect(stderr).toBe("error: cannot write to the output: its reader closed it (EPIPE)\n");
    expect(status).toBe(2);
  });

  it("build and release on a project folder that is not there: exit 2, one error, no stack", async () => {
    const missing = join(tempDir(), "missing");
    for (const script of ["build.ts", "release.ts"]) {
      const { status, stderr } = await runEntry(tsx(script, "--root", missing));
      expect(stderr, script).not.toMatch(STACK_LINE);
      expect(stderr.split("\n")[0], script).toMatch(/^error: /);
      expect(status, script).toBe(2);
    }
  });

  it("--debug on a real entry point prints the stack", async () => {
    const { status, stderr } = await runWithClosedOutput(tsx("validate.ts", "dist", "--debug"));
    expect(stderr).toMatch(/^error: cannot write to the output: its reader closed it \(EPIPE\)\n/);
    expect(stderr).toMatch(STACK_LINE);
    expect(status).toBe(2);
  });

  it("a read-only dist/ (chmod -R a-w): build exits 2 with the chmod hint, dist/ unchanged", async (context) => {
    // Root writes whatever the modes say; tests/write-faults.test.ts injects the same EACCES for every user.
    if (process.getuid?.() === 0) context.skip("running as root, where chmod does not stop writes (write-faults.test.ts covers it)");
    const root = copyFixture();
    expect((await run(build, ["--root", root])).status).toBe(0);
    const dist = join(root, "dist");
    const before = snapshot(dist);
    chmodTree(dist, false);
    try {
      const { status, stderr } = await runEntry(tsx("build.ts", "--root", root));
      expect(stderr.split("\n")).toEqual([
        "error: cannot replace dist/: dist cannot be changed: permission denied (EACCES)",
        "  hint: make it writable (chmod -R u+w dist) and build again",
        "dist/ left unchanged",
        "",
      ]);
      expect(status).toBe(2);
      expect(snapshot(dist)).toEqual(before);
      expect(readdirSync(root).filter((name) => name.startsWith(".dist"))).toEqual([]);
    } finally {
      chmodTree(dist, true);
    }
  });
});

function chmodTree(folder: string, writable: boolean): void {
  const mode = (path: string, isFolder: boolean): void => chmodSync(path, writable ? (isFolder ? 0o755 : 0o644) : isFolder ? 0o555 : 0o444);
  if (writable) mode(folder, true);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) chmodTree(path, writable);
    else mode(path, false);
  }
  if (!writable) mode(folder, true);
}
