/**
 * Every pattern from a schema, ours or a downloaded release's, runs on RE2 (re2js), whose
 * matching time is linear in the input. JavaScript's backtracking engine can take
 * exponential time on a pattern such as `^(a+)+$`, and with ajv's `allErrors` a
 * `maxLength` beside the pattern does not stop the match from running. Patterns that
 * only a backtracking engine can run (backreferences, lookaround) fail to compile, and
 * their schema is refused.
 */
import { RE2JS } from "re2js";

export interface LinearPattern {
  /** True when the pattern matches somewhere in `text`, as RegExp.prototype.test. */
  test(text: string): boolean;
  /** True when the pattern matches the whole of `text` (Table Schema's reading of a pattern). */
  testWhole(text: string): boolean;
  /** The source between slashes, like a RegExp's: ajv keys its cache of compiled patterns on it. */
  toString(): string;
}

/**
 * A build asks for the same pattern many times: the schema check, then ajv once per table
 * that uses it (a shared definition's patterns in every table). A compiled pattern holds no
 * state between calls, so one per source serves them all. Bounded, since a downloaded
 * release may hold any number of patterns.
 */
const compiledPatterns = new Map<string, LinearPattern>();
const MOST_KEPT = 1_000;

/** Compiles a JavaScript (ECMA-262) pattern for RE2; throws with RE2's reason when it cannot. */
export function linearPattern(source: string): LinearPattern {
  const kept = compiledPatterns.get(source);
  if (kept) return kept;
  const compiled = RE2JS.compile(RE2JS.translateRegExp(source));
  const pattern: LinearPattern = {
    test: (text) => compiled.test(text),
    testWhole: (text) => compiled.testExact(text),
    // Without it every pattern would be "[object Object]" to ajv, which would then run
    // the first pattern it compiled in place of all the others.
    toString: () => `/${source}/`,
  };
  if (compiledPatterns.size >= MOST_KEPT) compiledPatterns.clear();
  compiledPatterns.set(source, pattern);
  return pattern;
}

/** Why `source` cannot run in linear time, or undefined when it can. */
export function linearPatternProblem(source: string): string | undefined {
  try {
    linearPattern(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * ajv's `code.regExp` option: ajv then compiles every `pattern` (and `patternProperties`
 * key) with RE2 instead of `new RegExp`. `code` is what standalone code would import.
 */
export const ajvLinearRegExp = Object.assign((pattern: string) => linearPattern(pattern), {
  code: 'require("re2js").RE2JS',
});
