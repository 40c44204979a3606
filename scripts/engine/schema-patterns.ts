/**
 * Every pattern a schema file holds must compile on the linear-time engine that ajv runs
 * them on (see linear-regex.ts). Checked here, with the place of each pattern, because
 * ajv itself only throws RE2's reason for the first one, with no place.
 */
import type { Diagnostic, LocatedFile } from "../contract/diagnostics.ts";
import { linearPatternProblem } from "../contract/linear-regex.ts";
import { isObject, type JsonSchema } from "../contract/shapes.ts";

/** Keywords whose value maps names to subschemas; `patternProperties` names are patterns too. */
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_VALUES = ["items", "additionalItems", "contains", "additionalProperties", "propertyNames", "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];

export function backtrackingPatterns(file: LocatedFile, data: JsonSchema): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const check = (source: string, path: (string | number)[]): void => {
    const reason = linearPatternProblem(source);
    if (reason === undefined) return;
    problems.push({
      ...file.locate(path, "key"),
      code: "schema-definition",
      message: `pattern ${JSON.stringify(source)} needs a backtracking engine (${reason})`,
      hint: "rewrite the pattern without backreferences or lookaround: patterns run on RE2, whose matching time is linear in the value",
    });
  };
  // Only schema positions are walked: `enum`, `const` or `default` may hold a key "pattern" that is data.
  const walk = (schema: JsonSchema, path: (string | number)[]): void => {
    if (typeof schema.pattern === "string") check(schema.pattern, [...path, "pattern"]);
    for (const keyword of SCHEMA_MAPS) {
      const map = schema[keyword];
      if (!isObject(map)) continue;
      for (const [name, child] of Object.entries(map)) {
        if (keyword === "patternProperties") check(name, [...path, keyword, name]);
        if (isObject(child)) walk(child, [...path, keyword, name]);
      }
    }
    for (const keyword of SCHEMA_LISTS) {
      const list = schema[keyword];
      if (Array.isArray(list)) list.forEach((child, index) => isObject(child) && walk(child, [...path, keyword, index]));
    }
    for (const keyword of SCHEMA_VALUES) {
      const child = schema[keyword];
      if (isObject(child)) walk(child, [...path, keyword]);
    }
  };
  walk(data, []);
  return problems;
}
