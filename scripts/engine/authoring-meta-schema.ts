/**
 * The conventions of the schemas curators write, checked with a meta-schema
 * (authoring-meta-schema.json) rather than by hand: what a schema file may say lives in
 * that file, with the message and hint for each breach. This module only runs ajv and
 * turns its errors into located diagnostics. Published schemas are not checked here:
 * they are the release's contract, read by the release validator as they are.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { sortDiagnostics, type Diagnostic, type LocatedFile } from "../contract/diagnostics.ts";
import { splitPointer } from "../contract/keywords.ts";
import { fixedValidator, type FixedValidator } from "../contract/precompiled-validator.ts";
import { isObject } from "../contract/shapes.ts";

export type SchemaFileKind = "table" | "definitions";

/** Where each message and hint sits in the meta-schema, next to the assertion it explains. */
export const ERROR_KEYWORD = "x-error";

export const META_SCHEMA_URL = new URL("./authoring-meta-schema.json", import.meta.url);

/** Errors that only say a subschema failed; the failures inside carry the reason. */
const WRAPPERS = new Set(["if", "propertyNames", "allOf", "anyOf", "oneOf"]);

let metaText: string | undefined;
const readMeta = (): string => (metaText ??= readFileSync(META_SCHEMA_URL, "utf8"));
let liveMeta: { ajv: Ajv2020; id: string } | undefined;

/**
 * The checker of one kind of schema file, one entry point into the meta-schema each:
 * compiled with the engine (contract/precompiled-validator.ts), else here, both kinds by one
 * compiler.
 */
function metaEntry(kind: SchemaFileKind): FixedValidator {
  return {
    name: `authoring-${kind}`,
    schemaText: readMeta,
    compile() {
      if (!liveMeta) {
        const meta = JSON.parse(readMeta()) as { $id: string };
        const ajv = createMetaAjv();
        ajv.addSchema(meta);
        liveMeta = { ajv, id: meta.$id };
      }
      return { ajv: liveMeta.ajv, validate: liveMeta.ajv.getSchema(`${liveMeta.id}#/$defs/${kind}`)! };
    },
  };
}

export const META_VALIDATORS: Record<SchemaFileKind, FixedValidator> = { table: metaEntry("table"), definitions: metaEntry("definitions") };

/** Made on first use and kept: a build, or a test run, compiles the meta-schema at most once. */
export function metaValidator(kind: SchemaFileKind): ValidateFunction {
  return fixedValidator(META_VALIDATORS[kind]);
}

/**
 * strict: the meta-schema itself must be free of typos and of `required` names it never
 * defines. verbose: each error carries the schema object holding the failed keyword,
 * where its message is. validateSchema: checking the file against draft 2020-12 is its
 * test's work; on every build it would double the cost of compiling it. code.source: the
 * engine's compile step writes its functions out as standalone code.
 */
export function createMetaAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, validateSchema: false, code: { source: true } });
  ajv.addVocabulary([ERROR_KEYWORD]);
  return ajv;
}

/** Every breach of the conventions in one parsed schema file, each at the key it concerns. */
export function conventionProblems(file: LocatedFile, kind: SchemaFileKind): Diagnostic[] {
  const validate = metaValidator(kind);
  if (validate(file.data)) return [];
  const problems: Diagnostic[] = [];
  // A position reached through two rules (a file's top level is also a schema object)
  // fails their shared assertion twice: the outer rule, reported first, says it better.
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (WRAPPERS.has(error.keyword)) continue;
    const problem = diagnose(file, error);
    const same = JSON.stringify([problem.line, problem.col, error.keyword, (error.params as Record<string, unknown>).missingProperty]);
    if (seen.has(same)) continue;
    seen.add(same);
    problems.push(problem);
  }
  return sortDiagnostics(problems);
}

function diagnose(file: LocatedFile, error: ErrorObject): Diagnostic {
  const path = splitPointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  // A key that should not be there is pointed at itself; a missing one at the object that lacks it.
  const stray = [params.unevaluatedProperty, params.additionalProperty, error.propertyName].find((k): k is string => typeof k === "string");
  const at = stray === undefined ? path : [...path, stray];
  const key = stray ?? (typeof params.missingProperty === "string" ? params.missingProperty : String(path.at(-1) ?? ""));
  const values: Record<string, string> = { key, where: describePosition(path), value: JSON.stringify(error.data) ?? String(error.data) };
  const fill = (template: string) => template.replace(/\{(key|where|value)\}/g, (_, name: string) => values[name]!);
  const explained = explanation(error);
  return {
    ...file.locate(at, "key"),
    code: "schema-definition",
    message: explained ? fill(explained.message) : `"${key}" in ${values.where} breaks the schema conventions (${error.message ?? error.keyword})`,
    hint: explained ? fill(explained.hint) : 'see "Schema conventions" in docs/pipeline.md',
  };
}

function explanation(error: ErrorObject): { message: string; hint: string } | undefined {
  const table = isObject(error.parentSchema) ? error.parentSchema[ERROR_KEYWORD] : undefined;
  const entry = isObject(table) ? table[error.keyword] : undefined;
  return isObject(entry) && typeof entry.message === "string" && typeof entry.hint === "string" ? { message: entry.message, hint: entry.hint } : undefined;
}

/**
 * Names the schema object a path (into a schema file) ends in, as a curator would look
 * for it: `property "a.b"`, `the items of "tags"`, `property "quote" of definition "evidence"`.
 * Keywords after the last schema object (`/properties/x/type`) are left out.
 */
export function describePosition(path: readonly string[]): string {
  let i = 0;
  const definition = path[0] === "$defs" && path[1] !== undefined ? path[1] : undefined;
  if (definition !== undefined) i = 2;
  // Written as the CSV columns are named: nested properties dotted, list items as "[]".
  let property = "";
  while (i < path.length) {
    if (path[i] === "items") {
      property += "[]";
      i += 1;
    } else if (path[i] === "properties" && path[i + 1] !== undefined) {
      property += `${property === "" ? "" : "."}${path[i + 1]}`;
      i += 2;
    } else break;
  }
  const of = definition === undefined ? "" : `definition "${definition}"`;
  if (property.endsWith("[]")) {
    const list = property.slice(0, -2);
    const owner = [list && `"${list}"`, of].filter(Boolean).join(" of ");
    return `the items of ${owner || "the top level"}`;
  }
  if (property) return `property "${property}"${of && ` of ${of}`}`;
  return of || "the top level of the schema";
}
