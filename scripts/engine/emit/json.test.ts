import { describe, expect, it } from "vitest";
import { copyFixture } from "../../../tests/helpers/project.ts";
import type { Dataset } from "../model.ts";
import { prepareEmit } from "../pipeline.ts";
import type { EmitContext, TableOutputs } from "./emitter.ts";
import { jsonEmitter } from "./json.ts";

const fileOf = (files: { path: string; bytes: Buffer }[], path: string) => files.find((file) => file.path === path)!.bytes.toString("utf8");

async function fixtureContext(): Promise<EmitContext> {
  const prepared = await prepareEmit(copyFixture(), {});
  expect(prepared.problems).toEqual([]);
  return prepared.context!;
}

describe("the JSON emitter", () => {
  it("writes data.json exactly as JSON.stringify writes every table in one object", async () => {
    const context = await fixtureContext();
    const files = await jsonEmitter.emit({ ...context, files: [] });
    const all = Object.fromEntries(context.dataset.tables.map(({ table, rows }) => [table.name, rows]));
    expect(fileOf(files, "data.json")).toBe(`${JSON.stringify(all, null, 2)}\n`);
    const withStrings: Dataset = {
      tombstones: [],
      tables: [{ ...context.dataset.tables[0]!, rows: [{ id: "a", text: "line\nbreak \"quoted\" \u2028", list: [], nested: { deeper: [1, { x: null }] } }, { id: "b" }] }, { ...context.dataset.tables[1]!, rows: [] }],
    };
    const edge = await jsonEmitter.emit({ ...context, dataset: withStrings, files: [] });
    const expected = Object.fromEntries(withStrings.tables.map(({ table, rows }) => [table.name, rows]));
    expect(fileOf(edge, "data.json")).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const none = await jsonEmitter.emit({ ...context, dataset: { tables: [], tombstones: [] }, files: [] });
    expect(fileOf(none, "data.json")).toBe("{}\n");
  });

  it("takes each table's file from tableOutputs when the build cache holds it, and builds data.json from it", async () => {
    const context = await fixtureContext();
    const asked: string[] = [];
    const tableOutputs: TableOutputs = {
      file: (table, path, make) => {
        asked.push(`${table} ${path}`);
        return { path, bytes: table === "people" ? Buffer.from('[\n  "kept"\n]\n') : make() };
      },
      previous: () => undefined,
      digest: (table) => table,
      recordDigests: () => new Map(),
    };
    const files = await jsonEmitter.emit({ ...context, tableOutputs, files: [] });
    expect(asked).toEqual(["documents json/documents.json", "groups json/groups.json", "people json/people.json"]);
    expect(fileOf(files, "json/people.json")).toBe('[\n  "kept"\n]\n');
    expect(JSON.parse(fileOf(files, "data.json")).people).toEqual(["kept"]);
  });
});
