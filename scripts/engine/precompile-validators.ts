/**
 * Run by scripts/launch.js when it compiles the engine: the engine's fixed schemas compiled
 * to ajv's standalone code, written to PRECOMPILED_FILE at the top of the compiled copy
 * (contract/precompiled-validator.ts reads it), so that no build compiles them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { precompiledKey, PRECOMPILED_FILE, type FixedValidator, type PrecompiledEntry } from "../contract/precompiled-validator.ts";
import { PACKAGE_VALIDATOR } from "../contract/project-meta.ts";
import { META_VALIDATORS } from "./authoring-meta-schema.ts";
import { validatorCode } from "./cache/validators.ts";
import { JSON_SCHEMA_META } from "./schemas.ts";
import { TOMBSTONES_VALIDATOR } from "./tombstones.ts";

export const FIXED_VALIDATORS: readonly FixedValidator[] = [PACKAGE_VALIDATOR, TOMBSTONES_VALIDATOR, META_VALIDATORS.table, META_VALIDATORS.definitions, JSON_SCHEMA_META];

/** Each fixed schema's key and standalone code, by name. */
export function precompileValidators(): Record<string, PrecompiledEntry> {
  const entries: Record<string, PrecompiledEntry> = {};
  for (const fixed of FIXED_VALIDATORS) {
    const { ajv, validate } = fixed.compile();
    entries[fixed.name] = { key: precompiledKey(fixed), code: validatorCode(ajv, validate) };
  }
  return entries;
}

/** Writes the codes into `folder`, the compiled copy being made. */
export function writePrecompiledValidators(folder: string): void {
  writeFileSync(join(folder, PRECOMPILED_FILE), `${JSON.stringify(precompileValidators())}\n`);
}
