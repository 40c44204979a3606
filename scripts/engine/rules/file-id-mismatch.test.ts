import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../records.ts";
import { fileIdMismatch, kebabCase } from "./file-id-mismatch.ts";
import { record } from "./test-records.ts";

const check = (...records: SourceRecord[]) => fileIdMismatch.check({ records, tombstones: [] });

describe("file-id-mismatch", () => {
  it("passes a record whose id is its file name, and one without a string id (the schema reports that)", () => {
    expect(check(record("people", "ada", { id: "ada" }), record("people", "bo", { id: 7 }))).toEqual([]);
  });

  it("reports an id that differs from the file name, at the id", () => {
    const ada = record("people", "ada", { name: "Ada", id: "lovelace" });
    expect(check(ada)).toEqual([
      {
        ...ada.yaml.locate(["id"]),
        code: "file-id-mismatch",
        message: 'id "lovelace" differs from the file name "ada"',
        hint: "rename the file to lovelace.yaml, or set id: ada",
      },
    ]);
  });

  it("suggests a kebab-case id, never an upper-case or spaced file name", () => {
    const ada = record("people", "ada", { id: "Ada Lovelace" });
    expect(check(ada)[0]!.hint).toBe("set id: ada-lovelace and rename the file to ada-lovelace.yaml, or set id: ada");
    expect(kebabCase("AdaLovelace")).toBe("ada-lovelace");
    expect(kebabCase("Émile_Zola")).toBe("emile-zola");
  });
});
