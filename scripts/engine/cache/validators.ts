/**
 * Compiled validators as code the cache can keep: ajv's standalone output for a table's
 * validate function, and the function back from that code without loading or running the
 * ajv compiler, which is most of what the schema stage costs.
 *
 * Two things the standalone output cannot say by itself are settled here. The project's
 * keywords (contract/keywords.ts) are plain functions, which ajv has no code for: each is
 * named `require("keyword:<name>")` and given back as the same function, so annotations
 * still reach the sink the records stage reads. And patterns run on RE2 through
 * `ajvLinearRegExp`, whose `code` names `require("re2js").RE2JS`: that name is given the
 * same function the live ajv calls, so a cached validator matches exactly as the compiled
 * one does.
 */
import { createRequire } from "node:module";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES, registerKeywords } from "../../contract/keywords.ts";
import { ajvLinearRegExp } from "../../contract/linear-regex.ts";

const KEYWORDS = [REFERENCES, QUOTE_IN, DOCUMENT_SHA256];
const KEYWORD_PREFIX = "keyword:";
const require = createRequire(import.meta.url);

/** What ajv raises for a value that has no code; the value can be given one and the call retried. */
interface MissingCode extends Error {
  value?: { ref?: unknown; code?: unknown };
}

/**
 * The standalone (CommonJS) code of a function compiled by `ajv`, which needs the option
 * `code.source`. Each keyword function met on the way is given a name and the call repeated.
 */
export function validatorCode(ajv: Ajv2020, validate: ValidateFunction): string {
  // Loaded only when a validator is written: a build that reads them never needs ajv's code generator.
  const standaloneCode = (require("ajv/dist/standalone") as typeof import("ajv/dist/standalone/index.js")).default;
  const { _ } = require("ajv/dist/compile/codegen/code") as typeof import("ajv/dist/compile/codegen/code.js");
  for (;;) {
    try {
      return standaloneCode(ajv, validate);
    } catch (error) {
      const missing = (error as MissingCode).value;
      const keyword = KEYWORDS.find((name) => {
        const definition = ajv.getKeyword(name);
        return typeof definition === "object" && "validate" in definition && definition.validate === missing?.ref;
      });
      // Anything else without code is a keyword this module does not know: compile it live.
      if (!missing || !keyword || missing.code !== undefined) throw error;
      missing.code = _`require(${KEYWORD_PREFIX + keyword})`;
    }
  }
}

let keywordFunctions: Map<string, unknown> | undefined;

/** The keyword functions registerKeywords gives ajv, by name, taken without an ajv instance. */
function keywordFunction(name: string): unknown {
  if (!keywordFunctions) {
    const found = new Map<string, unknown>();
    const recorder = { addKeyword: (definition: { keyword: string; validate: unknown }) => found.set(definition.keyword, definition.validate) };
    registerKeywords(recorder as unknown as Ajv2020);
    keywordFunctions = found;
  }
  return keywordFunctions.get(name);
}

/**
 * Each table's code compiles every pattern it uses, the shared definitions' patterns once
 * per table; a compiled pattern holds no state, so one per source serves them all.
 */
const patterns = new Map<string, ReturnType<typeof ajvLinearRegExp>>();
function sharedPattern(source: string): ReturnType<typeof ajvLinearRegExp> {
  let pattern = patterns.get(source);
  if (!pattern) patterns.set(source, (pattern = ajvLinearRegExp(source)));
  return pattern;
}

function requireForValidator(id: string): unknown {
  if (id.startsWith(KEYWORD_PREFIX)) {
    const found = keywordFunction(id.slice(KEYWORD_PREFIX.length));
    if (!found) throw new Error(`cached validator names an unknown keyword ${id}`);
    return found;
  }
  if (id === "re2js") return { RE2JS: sharedPattern };
  return require(id);
}

/** The validate function that `validatorCode` wrote. */
export function validatorFromCode(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  // The code was written by validatorCode into this project's own cache folder. `self` is
  // what ajv passes a keyword function as `this`, its own instance: the project's keywords
  // never read it, and none is loaded here.
  new Function("require", "module", "exports", "self", code)(requireForValidator, module, module.exports, undefined);
  return module.exports as ValidateFunction;
}
