/**
 * The engine checks a few things against schemas of its own that no project changes:
 * package.json's fields (project-meta.ts), the tombstones files (engine/tombstones.ts) and
 * the conventions of schema files (engine/authoring-meta-schema.ts). Compiling each with
 * ajv cost every build 45-130 ms, so scripts/launch.js compiles them to ajv's standalone
 * code once, when it compiles the engine (engine/precompile-validators.ts writes
 * PRECOMPILED_FILE at the top of lib/<digest>/), and a build makes each function from that
 * code, as the build cache does for table validators.
 *
 * Each code is kept with the sha256 of the schema text it was compiled from, and used only
 * for the schema the module holds now; code that is missing (the engine run from its
 * sources, by tsx or the tests), made from another schema, or that does not load, is
 * replaced by compiling the schema here, as before.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { sha256Hex } from "./sha256.ts";

export const PRECOMPILED_FILE = "precompiled-validators.json";

/** Beside the compiled copy's folders (this module is one folder down, in contract/). */
const PRECOMPILED_URL = new URL(`../${PRECOMPILED_FILE}`, import.meta.url);

/** One fixed schema's checker, as the engine compiles it. */
export interface FixedValidator {
  /** Its entry in PRECOMPILED_FILE. */
  readonly name: string;
  /** The text of what it is compiled from: its code is used only for the same text. */
  schemaText(): string;
  /** The compiler (which keeps each function's code, `code.source`) and the function. */
  compile(): { ajv: Ajv2020; validate: ValidateFunction };
  /** The function back from its standalone code; by default with ajv's runtime modules alone. */
  fromCode?(code: string): ValidateFunction;
}

export type PrecompiledEntry = { key: string; code: string };
export type Precompiled = ReadonlyMap<string, PrecompiledEntry>;

export const precompiledKey = (fixed: FixedValidator): string => sha256Hex(fixed.schemaText());

/** The entries of a precompiled file; empty when there is none or it does not read. */
export function readPrecompiled(url: URL = PRECOMPILED_URL): Precompiled {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(url, "utf8")) as Record<string, PrecompiledEntry>));
  } catch {
    return new Map();
  }
}

const require = createRequire(import.meta.url);

/** Standalone code that needs nothing but ajv's own runtime modules. */
function plainFromCode(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  new Function("require", "module", "exports", code)(require, module, module.exports);
  return module.exports as ValidateFunction;
}

/** The function from `precompiled` when it holds code for this very schema, else compiled now. */
export function validatorFrom(fixed: FixedValidator, precompiled: Precompiled): ValidateFunction {
  const entry = precompiled.get(fixed.name);
  if (entry && entry.key === precompiledKey(fixed)) {
    try {
      const validate = (fixed.fromCode ?? plainFromCode)(entry.code);
      if (typeof validate === "function") return validate;
    } catch {
      // Compiled below instead.
    }
  }
  return fixed.compile().validate;
}

let precompiled: Precompiled | undefined;
const made = new Map<string, ValidateFunction>();

/** The checker of a fixed schema, made once per process. */
export function fixedValidator(fixed: FixedValidator): ValidateFunction {
  let validate = made.get(fixed.name);
  if (!validate) {
    precompiled ??= readPrecompiled();
    made.set(fixed.name, (validate = validatorFrom(fixed, precompiled)));
  }
  return validate;
}
