/** The download validator knows tombstones: retired ids must stay retired, and moves must land. */
import { describe, expect, it } from "vitest";
import { check, copyRelease, editFile } from "./helpers/release-corpus.ts";

const tombstones = (entries: unknown[]) => () => Buffer.from(`${JSON.stringify(entries, null, 2)}\n`);
const moved = { table: "people", id: "ada-lovelace", status: "moved", moved_to: "ada", reason: "Ids are short given names in this table." };

describe("tombstones.json in a release", () => {
  it("is valid in a good build", async () => {
    const release = await copyRelease();
    const { status, located } = await check(release);
    expect(located).toEqual([]);
    expect(status).toBe(0);
  });

  it.each([
    ["an id that still names a record", [moved, { table: "people", id: "bo", status: "removed", reason: "Not in the report." }], [{ code: "tombstone-conflict", file: "tombstones.json", row: 2, field: "id" }]],
    ["an id retired twice", [moved, moved], [{ code: "tombstone-conflict", file: "tombstones.json", row: 2, field: "id" }]],
    ["a move to an id that does not exist", [{ ...moved, moved_to: "lovelace" }], [{ code: "foreign-key", file: "tombstones.json", row: 1, field: "moved_to" }]],
    ["a table the release does not have", [{ ...moved, table: "cats" }], [{ code: "foreign-key", file: "tombstones.json", row: 1, field: "table" }]],
    ["an entry of the wrong shape", [{ table: "people", id: "x", status: "lost", reason: "?" }], [
      { code: "schema-error", file: "tombstones.json", row: 1 },
      { code: "schema-error", file: "tombstones.json", row: 1 },
    ]],
  ])("rejects %s", async (_, entries, expected) => {
    const release = await copyRelease();
    editFile(release, "tombstones.json", tombstones(entries), true);
    const { status, located } = await check(release);
    expect(located).toEqual(expected);
    expect(status).toBe(1);
  });
});
