/**
 * Ends a test run with one plain line, `N passed, N failed, N skipped`, which CI
 * systems that do not know vitest's own summary can read; then, for tests skipped with
 * a reason (`context.skip(note)`, e.g. ../shared not beside the repository), each
 * distinct reason once with how many tests it skipped.
 */
import type { Reporter, TestModule } from "vitest/node";
import { compareText } from "../scripts/contract/diagnostics.ts";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const reasons = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "passed") counts.passed++;
        else if (result.state === "failed") counts.failed++;
        else {
          counts.skipped++;
          if (result.state === "skipped" && result.note) reasons.set(result.note, (reasons.get(result.note) ?? 0) + 1);
        }
      }
      // A file that fails to load has no tests but must not pass silently.
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) counts.failed++;
    }
    const lines = [`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`];
    for (const [reason, count] of [...reasons].sort(([a], [b]) => compareText(a, b))) lines.push(`skipped ${count}: ${reason}`);
    process.stdout.write(`\n${lines.join("\n")}\n`);
  }
}
