/**
 * loadSchemas checks every schema against the JSON Schema meta-schema with code compiled
 * with the engine, rather than by ajv's own option, which compiles the meta-schema on every
 * build.
 * The authoring conventions catch every such schema seen so far first, so they are set
 * aside here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { copyFixture } from "../../tests/helpers/project.ts";
import { createAjv, loadSchemas } from "./schemas.ts";

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
