/**
 * The typed entry scales with the data: each table is a module of its own
 * (dist/tables/<table>.js and .cjs, typed by .d.ts and .d.cts), the entry holds no records
 * and re-exports them, and a program that uses one table loads that table's module only.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, run } from "./helpers/project.ts";
import { typeErrors } from "./helpers/typescript.ts";

let root: string;
let dist: string;
const json = (path: string) => JSON.parse(readFileSync(join(dist, path), "utf8"));

beforeAll(async () => {
  root = copyFixture();
  dist = join(root, "dist");
  expect((await run(build, ["--root", root])).status).toBe(0);
});

describe("a module per table", () => {
  it("is written for each table in both formats, with the records of json/<table>.json, frozen", async () => {
    expect(readdirSync(join(dist, "tables")).sort()).toEqual(
      ["documents", "groups", "people"].flatMap((table) => [`${table}.cjs`, `${table}.d.cts`, `${table}.d.ts`, `${table}.js`]),
    );
    const esm = await import(join(dist, "tables", "people.js"));
    const cjs = createRequire(import.meta.url)(join(dist, "tables", "people.cjs"));
    expect(Object.keys(esm)).toEqual(["people"]);
    expect(esm.people).toEqual(json("json/people.json"));
    expect(cjs.people).toEqual(json("json/people.json"));
    expect(Object.isFrozen(esm.people[1].evidence[0])).toBe(true);
    expect(Object.isFrozen(cjs.people[1].evidence[0])).toBe(true);
  });

  it("imports nothing: it stands alone", () => {
    for (const name of readdirSync(join(dist, "tables")).filter((file) => /\.c?js$/.test(file))) {
      expect(readFileSync(join(dist, "tables", name), "utf8"), name).not.toMatch(/\bimport\b|\brequire\(/);
    }
  });

  it("leaves the records out of the entry, which re-exports the tables and the tombstones", async () => {
    for (const name of ["index.js", "index.cjs"]) expect(readFileSync(join(dist, name), "utf8"), name).not.toContain('"evidence"');
    const entry = await import(join(dist, "index.js"));
    expect(Object.keys(entry).sort()).toEqual(["documents", "groups", "people", "tombstones"]);
    expect(entry.people).toBe((await import(join(dist, "tables", "people.js"))).people);
    expect(entry.tombstones).toEqual(json("tombstones.json"));
  });

  it("is the only table module a CommonJS program that reads one table loads", () => {
    const script = `const { people } = require(${JSON.stringify(join(dist, "index.cjs"))}); people.length; console.log(JSON.stringify(Object.keys(require.cache)));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as string[];
    expect(loaded.map((path) => path.slice(dist.length + 1)).sort()).toEqual(["index.cjs", "tables/people.cjs"]);
  });

  it("types its records for ESM and CommonJS consumers, read-only at every depth", () => {
    const esm = [
      'import { people, type Person } from "./dist/tables/people.js";',
      "const first: Person | undefined = people[0];",
      "const quote: string = people[0]!.evidence[0].quote;",
      "export { first, quote };",
    ].join("\n");
    expect(typeErrors(root, { "table-consumer.ts": esm })).toEqual([]);
    const misuse = 'import { people } from "./dist/tables/people.js";\npeople[0]!.evidence[0].quote = "x";\nexport {};\n';
    expect(typeErrors(root, { "table-misuse.ts": misuse }).join("\n")).toContain("read-only");
    const cjs = ['import { groups, type Group } from "./dist/tables/groups.cjs";', "const size: number | undefined = groups[0]?.size;", "const first: Group | undefined = groups[0];", "export = { size, first };"].join("\n");
    expect(typeErrors(root, { "table-consumer.cts": cjs })).toEqual([]);
  });
});
