/** The one argument parser every command uses (scripts/contract/command-line.ts). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../scripts/contract/command-line.ts";
import type { Io } from "../scripts/contract/io.ts";
import { REPO } from "./helpers/project.ts";

function capture(): Io & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (line) => out_.push(line), err: (line) => err_.push(line) };
}

const LINE = {
  usage: "usage: thing <a> [<b>] [--format x|y]",
  options: { format: { type: "string", default: "x" }, root: { type: "string" } },
  choices: { format: ["x", "y"] },
  positionals: { min: 1, max: 2 },
} as const;

describe("parseCommandLine", () => {
  it("returns the values and paths of a good command line", () => {
    const io = capture();
    const parsed = parseCommandLine(["a", "--format", "y", "b", "--root", "r"], io, LINE);
    expect(parsed).toEqual({ ok: true, values: { format: "y", root: "r" }, positionals: ["a", "b"] });
    expect([...io.out_, ...io.err_]).toEqual([]);
  });

  it("prints the usage on --help and stops with status 0", () => {
    const io = capture();
    expect(parseCommandLine(["--help"], io, LINE)).toEqual({ ok: false, status: 0 });
    expect(io.out_).toEqual([LINE.usage]);
    expect(io.err_).toEqual([]);
  });

  it.each([
    [["a", "--colour"], "error: Unknown option '--colour'"],
    [["a", "--format", "z"], 'error: --format must be x or y, not "z"'],
    [[], "error: give 1 to 2 paths, not 0"],
    [["a", "b", "c"], "error: give 1 to 2 paths, not 3"],
  ])("refuses %j with one error line, the usage and status 2", (argv, message) => {
    const io = capture();
    expect(parseCommandLine(argv, io, LINE)).toEqual({ ok: false, status: 2 });
    expect(io.err_[0]).toContain(message);
    expect(io.err_.slice(1)).toEqual([LINE.usage]);
    expect(io.out_).toEqual([]);
  });

  it("refuses a path where a command takes none", () => {
    const io = capture();
    expect(parseCommandLine(["stray"], io, { usage: "usage: x", options: {} })).toEqual({ ok: false, status: 2 });
    expect(io.err_).toEqual(['error: unexpected argument "stray"', "usage: x"]);
  });

  it("is the only place in scripts/ that parses arguments", () => {
    const scripts = join(REPO, "scripts");
    const users = (readdirSync(scripts, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => /\bparseArgs\b/.test(readFileSync(join(scripts, file), "utf8")));
    expect(users).toEqual(["contract/command-line.ts"]);
  });
});
