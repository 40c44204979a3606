import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { nearValues } from "../../tests/helpers/near-values.ts";
import { REPO } from "../../tests/helpers/project.ts";
import { createAjv, loadSchemas } from "./schemas.ts";

describe("createAjv", () => {
  it("compiles without ajv's code optimiser, and its validators answer as the optimised ones do", () => {
    const { schemas, problems } = loadSchemas(REPO);
    expect(problems).toEqual([]);
    const optimised = createAjv();
    expect(optimised.opts.code.optimize).toBe(0);
    optimised.opts.code.optimize = 1;
    for (const file of schemas.definitions) optimised.addSchema(file.data);
    let invalid = 0;
    for (const [name, table] of schemas.tables) {
      const reference = optimised.compile(table.schemaFile.data);
      const files = readdirSync(join(REPO, "sources", name)).filter((file) => file.endsWith(".yaml") && !file.startsWith("_"));
      for (const record of files.slice(0, 3).map((file) => parse(readFileSync(join(REPO, "sources", name, file), "utf8")) as unknown)) {
        for (const value of nearValues(record)) {
          const valid = reference(value);
          expect(table.validate(value)).toBe(valid);
          expect(table.validate.errors ?? null).toEqual(reference.errors ?? null);
          if (!valid) invalid++;
        }
      }
    }
    expect(invalid).toBeGreaterThan(1_000);
  });
});
