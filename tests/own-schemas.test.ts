/**
 * The schemas the engine compiles for its own files (package.json's fields, a tombstones
 * file) are compiled at run time without ajv checking them against draft 2020-12, which
 * would cost more than using them: that check is made here, once.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { PACKAGE_JSON_SCHEMA } from "../scripts/contract/project-meta-schema.ts";
import { TOMBSTONE_SCHEMA } from "../scripts/contract/tombstone-schema.ts";

describe("the engine's own schemas", () => {
  it.each([
    ["PACKAGE_JSON_SCHEMA", PACKAGE_JSON_SCHEMA],
    ["TOMBSTONE_SCHEMA (the items of a tombstones file)", TOMBSTONE_SCHEMA],
  ])("%s is a valid draft 2020-12 schema", (_, schema) => {
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema(structuredClone(schema)), ajv.errorsText()).toBe(true);
  });
});
