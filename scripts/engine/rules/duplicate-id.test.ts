import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../records.ts";
import { duplicateId } from "./duplicate-id.ts";
import { record } from "./test-records.ts";

const check = (...records: SourceRecord[]) => duplicateId.check({ records, tombstones: [] });

describe("duplicate-id", () => {
  it("passes one id used once in each of two tables", () => {
    expect(check(record("people", "ada", { id: "ada" }), record("places", "ada", { id: "ada" }))).toEqual([]);
  });

  it("reports the second record with an id, naming where the first one is", () => {
    const first = record("people", "ada", { id: "ada" });
    const second = record("people", "ada-2", { name: "Ada", id: "ada" });
    const at = first.yaml.locate(["id"]);
    expect(check(first, second)).toEqual([
      {
        ...second.yaml.locate(["id"]),
        code: "duplicate-id",
        message: `id "ada" is already used in table people by ${at.file}:${at.line}:${at.col}`,
        hint: "give one of the records another id, or merge them",
      },
    ]);
  });
});
