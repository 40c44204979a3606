import { lstatSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../tests/helpers/project.ts";
import { statsAhead } from "./stats-ahead.ts";

describe("stats taken ahead by a worker thread", () => {
  it("gives each listed file's stat as lstat does, undefined for what is not a file, and 'unknown' for a path not listed", () => {
    const root = tempDir();
    const files = Array.from({ length: 300 }, (_, i) => `sources/t/r-${i}.yaml`);
    mkdirSync(join(root, "sources", "t", "folder.yaml"), { recursive: true });
    files.forEach((file, i) => writeFileSync(join(root, file), "x".repeat(i)));
    const ahead = statsAhead(root, [...files, "sources/t/gone.yaml", "sources/t/folder.yaml"])!;
    expect(ahead).toBeDefined();
    for (const file of [...files].reverse()) {
      const { size, mtimeMs, ctimeMs, ino } = lstatSync(join(root, file));
      expect(ahead.stat(file)).toEqual({ size, mtimeMs, ctimeMs, ino });
    }
    expect(ahead.stat("sources/t/gone.yaml")).toBeUndefined();
    expect(ahead.stat("sources/t/folder.yaml")).toBeUndefined();
    expect(ahead.stat("sources/t/not-listed.yaml")).toBe("unknown");
  });
});
