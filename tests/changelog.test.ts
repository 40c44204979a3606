/** CHANGELOG.md sections: generated lists, hand-written notes kept, Unreleased notes moved into the release that ships them. */
import { describe, expect, it } from "vitest";
import type { Changes } from "../scripts/published/changes.ts";
import { updateChangelog } from "../scripts/release/changelog.ts";

const patch: Changes = {
  name: "x",
  from: "1.0.0",
  to: "1.0.1",
  release: "patch",
  required: "patch",
  schema: [],
  tables: [{ table: "people", added: [], removed: [], changed: [{ id: "ada", fields: [{ path: "name", old: "A", new: "Ada" }] }] }],
};

const before = [
  "# Changelog",
  "",
  "## [Unreleased]",
  "",
  "### Notes",
  "",
  "- The validator moved to its own package.",
  "",
  "## [1.0.0] - 2024-01-01",
  "",
  "First release.",
  "",
].join("\n");

describe("updateChangelog", () => {
  it("starts a new CHANGELOG.md with a header that names no file of this repository, for any dataset", () => {
    const text = updateChangelog(undefined, { ...patch, from: null, release: "initial" }, "2024-02-01");
    expect(text.startsWith("# Changelog\n\n")).toBe(true);
    expect(text).not.toMatch(/README|docs\/|a test/);
    expect(text).toContain("## [1.0.1] - 2024-02-01\n\nFirst release.");
  });

  it("moves the notes written under Unreleased into the new version's section, and drops Unreleased", () => {
    const after = updateChangelog(before, patch, "2024-02-01");
    expect(after).toBe(
      [
        "# Changelog",
        "",
        "## [1.0.1] - 2024-02-01",
        "",
        "A patch release, from 1.0.0.",
        "",
        "### Changed",
        "",
        "- `people/ada`: `name`",
        "",
        "### Notes",
        "",
        "- The validator moved to its own package.",
        "",
        "## [1.0.0] - 2024-01-01",
        "",
        "First release.",
        "",
      ].join("\n"),
    );
  });

  it("regenerates an existing section in place, keeping its notes and leaving Unreleased for the next version", () => {
    const released = updateChangelog(before.replace("## [Unreleased]\n\n### Notes\n\n- The validator moved to its own package.\n\n", ""), patch, "2024-02-01").replace(
      "- `people/ada`: `name`\n",
      "- `people/ada`: `name`\n\n### Notes\n\n- Ada's name was misspelt.\n",
    );
    const withPending = released.replace("# Changelog\n\n", "# Changelog\n\n## [Unreleased]\n\n### Notes\n\n- Next time.\n\n");
    const again = updateChangelog(withPending, patch, "2024-02-01");
    expect(again).toBe(withPending);
    expect(again).toContain("- Ada's name was misspelt.");
    expect(again.indexOf("## [Unreleased]")).toBeLessThan(again.indexOf("## [1.0.1]"));
  });
});
