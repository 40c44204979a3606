/**
 * loadSchemas checks every schema against the JSON Schema meta-schema with code compiled
 * with the engine, rather than by ajv's own option, which compiles the meta-schema on every
 * build; a table's code made elsewhere (a share) is taken only for a schema that passes.
 * The authoring conventions catch every such schema seen so far first, so they are set
 * aside here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { copyFixture } from "../../tests/helpers/project.ts";
import { validatorCode } from "./cache/validators.ts";
import { createAjv, loadSchemas } from "./schemas.ts";
import { workerTables } from "./validator-share.ts";

vi.mock("./authoring-meta-schema.ts", async (original) => ({ ...(await original<typeof import("./authoring-meta-schema.ts")>()), conventionProblems: () => [] }));

/** The fixture with the groups table's name given a negative maxLength, which only the meta-schema forbids. */
function brokenFixture(): { root: string; path: string } {
  const root = copyFixture();
  const path = join(root, "schemas", "groups.schema.json");
  writeFileSync(path, readFileSync(path, "utf8").replace('"maxLength": 100', '"maxLength": -1'));
  return { root, path };
}

describe("a schema that fails the meta-schema", () => {
  it("is refused with the message of ajv's own check", () => {
    const { root, path } = brokenFixture();
    const own = createAjv();
    own.addSchema(JSON.parse(readFileSync(join(root, "schemas", "defs", "common.schema.json"), "utf8")) as object);
    expect(() => own.compile(JSON.parse(readFileSync(path, "utf8")) as object)).toThrow("schema is invalid: data/properties/name/maxLength must be >= 0");
    const { problems, schemas } = loadSchemas(root);
    expect(problems.map((problem) => `${problem.file} ${problem.message}`)).toEqual([
      "schemas/groups.schema.json ajv cannot compile the schema: schema is invalid: data/properties/name/maxLength must be >= 0",
    ]);
    expect([...schemas.tables.keys()].sort()).toEqual(["documents", "people"]);
  });
});

describe("a table whose code was made elsewhere", () => {
  it("is compiled, and refused with the meta-schema's reason, when its schema fails the meta-schema", () => {
    const { root, path } = brokenFixture();
    expect([...workerTables(["documents", "groups", "people"])]).toEqual(["groups"]);
    // Code made of it by a compiler not asked to check it first.
    const ajv = createAjv({ validateSchema: false });
    for (const name of ["common"]) ajv.addSchema(JSON.parse(readFileSync(join(root, "schemas", "defs", `${name}.schema.json`), "utf8")) as object);
    const code = validatorCode(ajv, ajv.compile(JSON.parse(readFileSync(path, "utf8")) as object));
    const taken: string[] = [];
    const { problems, codes, schemas } = loadSchemas(root, { code: (table) => (taken.push(table), code) });
    expect(taken).toEqual(["groups"]);
    expect(problems.map((problem) => `${problem.file} ${problem.message}`)).toEqual([
      "schemas/groups.schema.json ajv cannot compile the schema: schema is invalid: data/properties/name/maxLength must be >= 0",
    ]);
    expect(codes).toBeUndefined();
    expect(schemas.tables.has("groups")).toBe(false);
  });
});
