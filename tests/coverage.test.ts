/** The evidence coverage report: which sentences of a source document no quote cites. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coverage } from "../scripts/engine/cli.ts";
import { sentences } from "../scripts/engine/coverage.ts";
import { copyFixture, copyFixtureUnchecked, removeIn, run, writeIn } from "./helpers/project.ts";

describe("sentences", () => {
  it("splits lines at sentence ends but not after abbreviations followed by numbers", () => {
    const text = "A heading\nThe visit ran from Nov. 14 to 16. “It worked,” he said. Then «it ended.» Done?\n";
    expect(sentences(text).map((s) => [s.line, s.text])).toEqual([
      [1, "A heading"],
      [2, "The visit ran from Nov. 14 to 16."],
      [2, "“It worked,” he said."],
      [2, "Then «it ended.»"],
      [2, "Done?"],
    ]);
    for (const s of sentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe("npm run coverage", () => {
  it("reports full coverage with status 0", async () => {
    const root = copyFixture();
    const result = await run(coverage, ["--root", root, "--documents", join(root, "documents")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^documents\/report \(.*report\.txt\): 3 of 3 sentences cited \(100%\), 97\.9% of their characters quoted\nevery sentence is cited$/);
  });

  it("lists each uncited sentence with its line and fails", async () => {
    const root = copyFixture();
    removeIn(root, "sources/groups/square.yaml");
    const circle = "id: circle\nname: Circle\nsize: 12\nevidence:\n  - source: report\n    quote: \"the Circle, a group of 12 “readers”\"\n";
    writeIn(root, "sources/groups/circle.yaml", circle);
    const result = await run(coverage, ["--root", root, "--documents", join(root, "documents")]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("2 of 3 sentences cited");
    expect(result.stdout).toContain("  line 2: The Square works with the Circle.");
    expect(result.stdout).toMatch(/1 sentence not cited yet$/);
  });

  it("uses the documents folder package.json names, and needs one", async () => {
    expect((await run(coverage, ["--root", copyFixture()])).stdout).toContain("3 of 3 sentences cited");
    const result = await run(coverage, ["--root", copyFixtureUnchecked()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: coverage needs the source documents: no documents folder: pass --documents <folder>, or set "evidence": { "documents": "<folder>" } in package.json');
  });
});
