/**
 * One source for each shape of the release contract: the committed types are what
 * `npm run schema-types` generates from the schemas, the schemas compile strictly, and
 * what the build writes conforms to them (the real dataset and an unreleased fixture build).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { CHANGES_SCHEMA } from "../scripts/contract/changes-schema.ts";
import { DESCRIPTOR_SCHEMA } from "../scripts/contract/descriptor-schema.ts";
import { PROJECT_META_SCHEMA } from "../scripts/contract/project-meta-schema.ts";
import { readProjectMeta } from "../scripts/contract/project-meta.ts";
import { TOMBSTONE_SCHEMA } from "../scripts/contract/tombstone-schema.ts";
import { build } from "../scripts/engine/cli.ts";
import { generatedTypes } from "../scripts/engine/schema-types.ts";
import { copyFixture, REPO, run } from "./helpers/project.ts";

const SCHEMAS = { CHANGES_SCHEMA, DESCRIPTOR_SCHEMA, PROJECT_META_SCHEMA, TOMBSTONE_SCHEMA };

function validator(schema: object) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return ajv.compile(structuredClone(schema));
}

function errorsOf(schema: object, value: unknown): unknown[] {
  const validate = validator(schema);
  return validate(value) ? [] : (validate.errors ?? []);
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("the release contract's shapes", () => {
  it("has committed types that are exactly what npm run schema-types generates", async () => {
    const generated = await generatedTypes();
    expect(generated.map((file) => file.path).sort()).toEqual([
      "scripts/contract/generated/changes.ts",
      "scripts/contract/generated/descriptor.ts",
      "scripts/contract/generated/project-meta.ts",
      "scripts/contract/generated/tombstone.ts",
    ]);
    for (const { path, text } of generated) expect(readFileSync(join(REPO, path), "utf8"), `${path} is stale: run npm run schema-types`).toBe(text);
  });

  it.each(Object.entries(SCHEMAS))("%s compiles under ajv's strict mode", (_name, schema) => {
    expect(() => validator(schema)).not.toThrow();
  });

  it("describes what the build wrote for the real dataset: changes.json, datapackage.json, tombstones and the project metadata", () => {
    const dist = join(REPO, "dist");
    expect(errorsOf(CHANGES_SCHEMA, readJson(join(dist, "changes.json")))).toEqual([]);
    expect(errorsOf(DESCRIPTOR_SCHEMA, readJson(join(dist, "datapackage.json")))).toEqual([]);
    expect(errorsOf({ type: "array", items: TOMBSTONE_SCHEMA }, readJson(join(dist, "tombstones.json")))).toEqual([]);
    expect(errorsOf(PROJECT_META_SCHEMA, readProjectMeta(REPO))).toEqual([]);
    expect(readJson(join(dist, "schemas/release/changes.schema.json"))).toEqual(CHANGES_SCHEMA);
  });

  it("describes an unreleased build, and rejects a changes.json that breaks it", async () => {
    const root = copyFixture();
    expect((await run(build, ["--root", root])).status).toBe(0);
    const changes = readJson(join(root, "dist", "changes.json"));
    expect(changes.unreleased).toBe(true);
    expect(errorsOf(CHANGES_SCHEMA, changes)).toEqual([]);
    expect(errorsOf(DESCRIPTOR_SCHEMA, readJson(join(root, "dist", "datapackage.json")))).toEqual([]);
    expect(errorsOf(CHANGES_SCHEMA, { ...changes, unreleased: false })).not.toEqual([]);
    expect(errorsOf(CHANGES_SCHEMA, { ...changes, required: "huge" })).not.toEqual([]);
  });
});
