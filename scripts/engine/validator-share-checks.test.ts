/**
 * The worker compiles its share without checking the schemas against the JSON Schema
 * meta-schema: the main thread checks each before taking its code. The authoring
 * conventions catch every such schema seen so far first, so they are set aside here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { copyFixture } from "../../tests/helpers/project.ts";
import { validatorCode } from "./cache/validators.ts";
import { createAjv, loadSchemas } from "./schemas.ts";
import { workerTables } from "./validator-share.ts";

vi.mock("./authoring-meta-schema.ts", async (original) => ({ ...(await original<typeof import("./authoring-meta-schema.ts")>()), conventionProblems: () => [] }));

describe("a table whose code the worker sent", () => {
  it("is compiled in the main thread, and refused with the meta-schema's reason, when its schema fails the meta-schema", () => {
    const root = copyFixture();
    const path = join(root, "schemas", "groups.schema.json");
    writeFileSync(path, readFileSync(path, "utf8").replace('"maxLength": 100', '"maxLength": -1'));
    expect([...workerTables(["documents", "groups", "people"])]).toEqual(["groups"]);
    // What the worker makes of it: ajv compiles it when it is not asked to check it first.
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
