import { describe, expect, it } from "vitest";
import { copyFixture } from "../../tests/helpers/project.ts";
import { loadSchemas } from "./schemas.ts";
import { namesAnotherTable, shareKey, workerTables } from "./validator-share.ts";

describe("the worker's share of the validators", () => {
  it("is every other table in name order", () => {
    expect([...workerTables(["c", "a", "d", "b"])]).toEqual(["b", "d"]);
    expect([...workerTables(["a"])]).toEqual([]);
  });

  it("is keyed on the bytes of the table and of every definition, whatever their order", () => {
    const table = ["schemas/a.schema.json", Buffer.from("{}")] as const;
    const defs = [["schemas/defs/x.schema.json", Buffer.from("1")], ["schemas/defs/y.schema.json", Buffer.from("2")]] as const;
    expect(shareKey(table, defs)).toBe(shareKey(table, [defs[1], defs[0]]));
    expect(shareKey(table, [defs[0], ["schemas/defs/y.schema.json", Buffer.from("3")]])).not.toBe(shareKey(table, defs));
    expect(shareKey(["schemas/a.schema.json", Buffer.from("{ }")], defs)).not.toBe(shareKey(table, defs));
  });

  it("is not used when a table schema names another table's $id", () => {
    const ids = new Map([["a", "https://example.org/a.schema.json"], ["b", "https://example.org/b.schema.json"]]);
    expect(namesAnotherTable(new Map([["a", '{"$ref": "https://example.org/b.schema.json"}'], ["b", "{}"]]), ids)).toBe(true);
    expect(namesAnotherTable(new Map([["a", '{"$id": "https://example.org/a.schema.json"}'], ["b", "{}"]]), ids)).toBe(false);
  });

  it("leaves to the main thread every table the worker gave no code for, or code that does not load", () => {
    const root = copyFixture();
    const asked: [string, string][] = [];
    const plain = loadSchemas(root);
    const without = loadSchemas(root, { code: (table, key) => (asked.push([table, key]), undefined) });
    expect(asked.map(([table]) => table)).toEqual([...workerTables([...plain.schemas.tables.keys()])]);
    expect(without.codes).toBeUndefined();
    expect([...without.schemas.tables.keys()]).toEqual([...plain.schemas.tables.keys()]);
    const broken = loadSchemas(root, { code: () => "this is not code {" });
    expect(broken.codes).toBeUndefined();
    expect(broken.problems).toEqual([]);
    expect([...broken.schemas.tables.keys()]).toEqual([...plain.schemas.tables.keys()]);
  });
});
