/** The closing summary: counts, and why tests were skipped, each reason once. */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TestModule } from "vitest/node";
import SummaryReporter from "./summary-reporter.ts";

type Result = { state: "passed" | "failed" | "skipped"; note?: string };

/** Just the parts of vitest's TestModule the reporter reads. */
function fakeModule(results: Result[], state = "passed"): TestModule {
  const tests = results.map((result) => ({ result: () => ({ errors: undefined, note: undefined, ...result }) }));
  return { state: () => state, children: { allTests: () => tests.values() } } as unknown as TestModule;
}

function summary(modules: TestModule[]): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  new SummaryReporter().onTestRunEnd(modules);
  vi.restoreAllMocks();
  return written.join("").split("\n").filter(Boolean);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the summary reporter", () => {
  it("prints each distinct skip reason once, with how many tests it skipped", () => {
    const seeds = "../shared/seeds is not beside the repository (CI has it)";
    const profile = "../shared/specs/datapackage-2.0/datapackage.json is not beside the repository (CI has it)";
    const lines = summary([
      fakeModule([{ state: "passed" }, { state: "skipped", note: seeds }, { state: "skipped", note: seeds }]),
      fakeModule([{ state: "skipped", note: profile }, { state: "skipped", note: seeds }, { state: "skipped" }, { state: "failed" }]),
    ]);
    expect(lines).toEqual(["1 passed, 1 failed, 5 skipped", `skipped 3: ${seeds}`, `skipped 1: ${profile}`]);
  });

  it("counts a file that failed to load as a failure", () => {
    expect(summary([fakeModule([], "failed")])).toEqual(["0 passed, 1 failed, 0 skipped"]);
  });
});
