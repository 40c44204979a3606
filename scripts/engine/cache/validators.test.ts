import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { collectAnnotations } from "../../contract/keywords.ts";
import { FIXTURE, REPO } from "../../../tests/helpers/project.ts";
import { loadSchemas } from "../schemas.ts";
import { validatorCode, validatorFromCode } from "./validators.ts";

/** Each record of a table, and broken copies of it that fail in the ways curators' files do. */
function samples(root: string, table: string): unknown[] {
  const folder = join(root, "sources", table);
  const records = readdirSync(folder)
    .filter((name) => name.endsWith(".yaml") && !name.startsWith("_"))
    .map((name) => parse(readFileSync(join(folder, name), "utf8")) as Record<string, unknown>);
  return records.flatMap((record) => {
    const [first] = Object.keys(record);
    const { [first!]: _dropped, ...missing } = record;
    return [
      record,
      missing,
      { ...record, unknwon_property: "x" },
      { ...record, id: "Not An Id!" },
      Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === "string" ? 12 : Array.isArray(value) ? [] : value])),
      Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === "string" ? `${value} `.repeat(200) : value])),
      [],
    ];
  });
}

function run(validate: (data: unknown) => boolean & { errors?: unknown }, data: unknown) {
  const { result, annotations } = collectAnnotations(() => validate(data));
  return { result, errors: (validate as unknown as { errors?: unknown }).errors ?? null, annotations };
}

describe.each([
  ["the test fixture", FIXTURE],
  ["this repository's schemas", REPO],
])("a validator read back from its standalone code (%s)", (_, root) => {
  const { schemas, problems, ajv } = loadSchemas(root);

  it("loads the schemas it is made from", () => {
    expect(problems).toEqual([]);
    expect(schemas.tables.size).toBeGreaterThan(0);
  });

  it.each([...schemas.tables.keys()])("%s: gives the same verdict, errors and annotations as the compiled function", (name) => {
    const table = schemas.tables.get(name)!;
    const restored = validatorFromCode(validatorCode(ajv!, table.validate));
    const cases = samples(root, name);
    expect(cases.length).toBeGreaterThan(0);
    for (const data of cases) {
      const live = run(table.validate as never, structuredClone(data));
      const cached = run(restored as never, structuredClone(data));
      expect(cached).toEqual(live);
    }
  });
});

describe("validator code", () => {
  it("names the project's keywords and patterns, which the restored function resolves without ajv's compiler", () => {
    const { schemas, ajv } = loadSchemas(FIXTURE);
    const code = validatorCode(ajv!, schemas.tables.get("people")!.validate);
    expect(code).toContain('require("keyword:x-references")');
    expect(code).toContain('require("re2js")');
    expect(code).not.toMatch(/require\("ajv\/dist\/(core|2020|compile)/);
  });

  it("refuses a keyword it does not know rather than writing code that cannot run", () => {
    const { schemas, ajv } = loadSchemas(FIXTURE);
    ajv!.addKeyword({ keyword: "x-unknown", validate: () => true });
    const validate = ajv!.compile({ type: "object", "x-unknown": true });
    expect(() => validatorCode(ajv!, validate)).toThrow();
    expect(schemas.tables.size).toBeGreaterThan(0);
  });
});
