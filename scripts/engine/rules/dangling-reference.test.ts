import { describe, expect, it } from "vitest";
import { REFERENCES } from "../../contract/keywords.ts";
import type { LocatedTombstone } from "../tombstones.ts";
import { danglingReference } from "./dangling-reference.ts";
import { record, tombstoneFile } from "./test-records.ts";

const ADA = record("people", "ada", { id: "ada" });
// A broken record file still stands for its id (idsByTable), so references to it pass.
const BROKEN = record("people", "bo", {});

/** An event whose `leader` refers to a person. */
function event(leader: string) {
  return record("events", "summit", { id: "summit", leader }, [{ keyword: REFERENCES, argument: "people", path: ["leader"] }]);
}

function check(leader: string, tombstones: LocatedTombstone[] = []) {
  const summit = event(leader);
  return { at: summit.yaml.locate(["leader"]), problems: danglingReference.check({ records: [ADA, BROKEN, summit], tombstones }) };
}

describe("dangling-reference", () => {
  it("passes a reference to a record's id, or to the file name of a record without an id", () => {
    expect(check("ada").problems).toEqual([]);
    expect(check("bo").problems).toEqual([]);
  });

  it.each([
    ["suggests a near id", "adda", [], 'did you mean "ada"?'],
    ["says how to add the record when nothing is near", "zoltan", [], "add sources/people/zoltan.yaml, or correct the id"],
    ["points at the new id of a moved record", "lovelace", tombstoneFile("people", [{ id: "lovelace", status: "moved", moved_to: "ada", reason: "renamed" }]), 'it was moved to "ada": refer to that id'],
    ["says that a removed record was removed, and why", "cy", tombstoneFile("people", [{ id: "cy", status: "removed", reason: "a duplicate of ada" }]), "it was removed (a duplicate of ada)"],
  ])("reports an unknown id at the reference, and %s", (_, leader, tombstones, hint) => {
    const { at, problems } = check(leader, tombstones);
    expect(problems).toEqual([{ ...at, code: "dangling-reference", message: `"${leader}" is not the id of any record in table people`, hint }]);
  });

  it("does not take a tombstone of another table for this one", () => {
    const { problems } = check("zoltan", tombstoneFile("places", [{ id: "zoltan", status: "removed", reason: "gone" }]));
    expect(problems).toEqual([expect.objectContaining({ code: "dangling-reference", hint: "add sources/people/zoltan.yaml, or correct the id" })]);
  });
});
