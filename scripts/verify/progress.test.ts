import { describe, expect, it } from "vitest";
import { releaseProgress } from "./progress.ts";

function watched(env: Record<string, string | undefined> = {}) {
  const written: string[] = [];
  let time = 0;
  const progress = releaseProgress(1000, { stream: { isTTY: true, columns: 80, write: (text: string) => written.push(text) }, stdoutIsTTY: true, env, now: () => time });
  return { progress, written, advance: (ms: number) => (time += ms) };
}

describe("the release validator's progress", () => {
  it("shows the share of bytes read and the current file once the run has lasted a second, and clears it at the end", () => {
    const { progress, written, advance } = watched();
    progress.file("csv/persons.csv");
    progress.bytes(250);
    expect(written).toEqual([]);
    advance(1000);
    progress.bytes(250);
    expect(written).toEqual(["\r\x1b[Kvalidating 50% csv/persons.csv"]);
    progress.done();
    expect(written.at(-1)).toBe("\r\x1b[K");
  });

  it("stays silent in CI", () => {
    const { progress, written, advance } = watched({ CI: "true" });
    advance(5000);
    progress.bytes(500);
    progress.done();
    expect(written).toEqual([]);
  });
});
