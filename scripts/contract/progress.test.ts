import { describe, expect, it } from "vitest";
import { beforeEachLine, groupDigits, terminalProgress, type ProgressOptions } from "./progress.ts";

/** A terminal that records what is written to it, and a clock the test moves. */
function fakeTerminal(options: Partial<ProgressOptions> & { isTTY?: boolean; columns?: number } = {}) {
  const written: string[] = [];
  let time = 0;
  const { isTTY = true, columns = 80, ...rest } = options;
  const progress = terminalProgress({
    stream: { isTTY, columns, write: (text: string) => written.push(text) },
    stdoutIsTTY: true,
    env: {},
    now: () => time,
    ...rest,
  });
  return { progress, written, advance: (ms: number) => (time += ms) };
}

describe("the progress line", () => {
  it("stays silent for the first second, then redraws one line in place, at most every 100 ms", () => {
    const { progress, written, advance } = fakeTerminal();
    progress.update(() => "read 1 file");
    advance(999);
    progress.update(() => "read 2 files");
    expect(written).toEqual([]);
    advance(1);
    progress.update(() => "read 3 files");
    advance(50);
    progress.update(() => "read 4 files");
    advance(50);
    progress.update(() => "read 5 files");
    expect(written).toEqual(["\r\x1b[Kread 3 files", "\r\x1b[Kread 5 files"]);
  });

  it("is cleared by done, and only when it was drawn", () => {
    const quick = fakeTerminal();
    quick.progress.update(() => "read 1 file");
    quick.progress.done();
    expect(quick.written).toEqual([]);
    const slow = fakeTerminal();
    slow.advance(2000);
    slow.progress.update(() => "read 1 file");
    slow.progress.done();
    slow.progress.done();
    expect(slow.written).toEqual(["\r\x1b[Kread 1 file", "\r\x1b[K"]);
  });

  it("does not build the text of a line it does not draw", () => {
    const { progress } = fakeTerminal();
    progress.update(() => {
      throw new Error("drawn too early");
    });
  });

  it("fits the line to the terminal's width, so that it never wraps", () => {
    const { progress, written, advance } = fakeTerminal({ columns: 30 });
    advance(1000);
    progress.update(() => "x".repeat(100));
    expect(written[0]).toBe(`\r\x1b[K${"x".repeat(28)}…`);
    const unknown = fakeTerminal({ columns: 0 });
    unknown.advance(1000);
    unknown.progress.update(() => "x".repeat(60));
    expect(unknown.written[0], "a width of 0 is unknown, not narrow").toBe(`\r\x1b[K${"x".repeat(60)}`);
  });

  it.each([
    ["stderr is not a terminal", { isTTY: false }],
    ["stdout is not a terminal", { stdoutIsTTY: false }],
    ["CI is set", { env: { CI: "true" } }],
    ["CI is 1", { env: { CI: "1" } }],
  ])("writes nothing when %s", (_, options) => {
    const { progress, written, advance } = fakeTerminal(options);
    advance(5000);
    progress.update(() => "read 1 file");
    progress.done();
    expect(written).toEqual([]);
  });

  it("shows when CI is set but empty or false", () => {
    for (const CI of ["", "false", "0"]) {
      const { progress, written, advance } = fakeTerminal({ env: { CI } });
      advance(5000);
      progress.update(() => "read 1 file");
      expect(written, `CI=${CI}`).toEqual(["\r\x1b[Kread 1 file"]);
    }
  });

  it("is cleared before each report line that goes through beforeEachLine", () => {
    const { progress, written, advance } = fakeTerminal();
    advance(1000);
    progress.update(() => "read 1 file");
    const lines: string[] = [];
    const io = beforeEachLine({ out: (line) => lines.push(`out ${line}`), err: (line) => lines.push(`err ${line}`) }, progress.done);
    io.err("a problem");
    io.out("a summary");
    expect(written).toEqual(["\r\x1b[Kread 1 file", "\r\x1b[K"]);
    expect(lines).toEqual(["err a problem", "out a summary"]);
  });

  it("groups the digits of counts", () => {
    expect([0, 999, 1000, 100079, 1234567].map(groupDigits)).toEqual(["0", "999", "1,000", "100,079", "1,234,567"]);
  });
});
