import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { fixedValidator, precompiledKey, readPrecompiled, validatorFrom, type FixedValidator, type Precompiled } from "./precompiled-validator.ts";

const SCHEMA = { type: "object", required: ["a"], properties: { a: { type: "string", minLength: 2 } } };

/** A fixed schema that counts how often it is compiled live. */
function counted(schema: object = SCHEMA) {
  const fixed = {
    name: "sample",
    compiled: 0,
    schemaText: () => JSON.stringify(schema),
    compile() {
      fixed.compiled++;
      const ajv = new Ajv2020({ allErrors: true, code: { source: true } });
      return { ajv, validate: ajv.compile(schema) };
    },
  } satisfies FixedValidator & { compiled: number };
  return fixed;
}

/** What the compile step keeps for `fixed`. */
function entryFor(fixed: FixedValidator): Precompiled {
  const { ajv, validate } = fixed.compile();
  return new Map([[fixed.name, { key: precompiledKey(fixed), code: standaloneCode.default(ajv, validate) }]]);
}

describe("a fixed schema's validator", () => {
  it("is made from its precompiled code, without compiling, and checks as the compiled one", () => {
    const precompiled = entryFor(counted());
    const fixed = counted();
    const validate = validatorFrom(fixed, precompiled);
    expect(fixed.compiled).toBe(0);
    const live = counted().compile().validate;
    for (const value of [{ a: "xy" }, { a: "x" }, {}, { a: 5 }, []]) {
      expect(validate(value)).toBe(live(value));
      expect(validate.errors ?? null).toEqual(live.errors ?? null);
    }
  });

  it("is compiled when the code was made from another schema", () => {
    const precompiled = entryFor(counted({ type: "object" }));
    const fixed = counted();
    const validate = validatorFrom(fixed, precompiled);
    expect(fixed.compiled).toBe(1);
    expect(validate({})).toBe(false);
  });

  it("is compiled when there is no code, or the code does not load", () => {
    const none = counted();
    expect(validatorFrom(none, new Map()).call(undefined, { a: "xy" })).toBe(true);
    expect(none.compiled).toBe(1);
    const broken = counted();
    const key = precompiledKey(broken);
    validatorFrom(broken, new Map([["sample", { key, code: "module.exports = (" }]]));
    validatorFrom(broken, new Map([["sample", { key, code: "module.exports = 5" }]]));
    expect(broken.compiled).toBe(2);
  });

  it("is made once per process", () => {
    const fixed = { ...counted(), name: "made-once" };
    expect(fixedValidator(fixed)).toBe(fixedValidator(fixed));
  });
});

describe("readPrecompiled", () => {
  it("reads nothing where there is no precompiled file: the sources have none", () => {
    expect(readPrecompiled(pathToFileURL(join(import.meta.dirname, "no-such-file.json"))).size).toBe(0);
    expect(readPrecompiled().size).toBe(0);
  });
});
