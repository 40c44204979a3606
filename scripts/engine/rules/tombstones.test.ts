import { describe, expect, it } from "vitest";
import { tombstones } from "./tombstones.ts";
import { record, tombstoneFile } from "./test-records.ts";

const RECORDS = [record("people", "ada", { id: "ada" }), record("places", "bo", { id: "bo" })];

describe("tombstones", () => {
  it("passes retired ids that name no live record, and moves that land on one", () => {
    const list = tombstoneFile("people", [
      { id: "lovelace", status: "moved", moved_to: "ada", reason: "renamed" },
      { id: "bo", status: "removed", reason: "a duplicate" },
    ]);
    expect(tombstones.check({ records: RECORDS, tombstones: list })).toEqual([]);
  });

  it("reports a retired id that still names a record, at its id", () => {
    const list = tombstoneFile("people", [{ id: "ada", status: "removed", reason: "gone" }]);
    expect(tombstones.check({ records: RECORDS, tombstones: list })).toEqual([
      {
        ...list[0]!.yaml.locate([0, "id"]),
        code: "tombstone-conflict",
        message: '"ada" is retired here but still names a record in table people',
        hint: expect.stringContaining("a published id is never reused"),
      },
    ]);
  });

  it("reports an id retired twice, at the second entry", () => {
    const list = tombstoneFile("people", [
      { id: "cy", status: "removed", reason: "gone" },
      { id: "cy", status: "removed", reason: "gone again" },
    ]);
    expect(tombstones.check({ records: RECORDS, tombstones: list })).toEqual([
      expect.objectContaining({ ...list[1]!.yaml.locate([1, "id"]), code: "tombstone-conflict", message: '"cy" is retired twice in table people' }),
    ]);
  });

  it("reports a move to an id that no live record of the table has, at moved_to", () => {
    const list = tombstoneFile("people", [{ id: "lovelace", status: "moved", moved_to: "bo", reason: "renamed" }]);
    expect(tombstones.check({ records: RECORDS, tombstones: list })).toEqual([
      {
        ...list[0]!.yaml.locate([0, "moved_to"]),
        code: "dangling-reference",
        message: '"bo" is not the id of any record in table people',
        hint: "a move must point at the id that now holds the record",
      },
    ]);
  });
});
