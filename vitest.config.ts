import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "scripts/**/*.test.ts"],
    // Builds run json-schema-to-typescript and prettier; the first call is slow on a cold machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A private temporary folder per run (TMPDIR), inherited by every test and child process.
    globalSetup: ["./tests/setup/private-tmpdir.ts"],
    // The default report, then one plain closing line for CI (tests/summary-reporter.ts).
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
