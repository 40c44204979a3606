/**
 * datapackage.json: checked against the official Data Package v2 profile (shipped in
 * profiles/ so this works offline), then read into the few facts the other checks need.
 * The profile cannot see across its own parts (a primary key naming a field that does
 * not exist, an unknown field type hidden in a `oneOf`), so those are checked here too.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { linearPattern, type LinearPattern } from "../contract/linear-regex.ts";
import { isObject } from "../contract/shapes.ts";
import { FIELD_TYPES, type Field } from "./cell-types.ts";
import { readReleaseJson } from "./json-file.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type Problem } from "./report.ts";
import { unsafeReason } from "../published/safe-path.ts";

export interface Dialect {
  delimiter: string;
  quoteChar: string;
  doubleQuote: boolean;
  escapeChar?: string;
  lineTerminator: string;
  header: boolean;
  skipInitialSpace: boolean;
  commentChar?: string;
}

export interface ForeignKey {
  fields: string[];
  /** The referenced resource's name; the resource itself when the descriptor leaves it empty. */
  resource: string;
  referenceFields: string[];
}

export interface Resource {
  name: string;
  /** Path inside the release, as the descriptor gives it. */
  path: string;
  /** The path is unsafe (already reported): the file is never opened, but keys may still refer to the resource. */
  refused?: true;
  pointer: string;
  bytes?: number;
  hash?: { algorithm: string; hex: string };
  /** Present for tabular resources with an inline Table Schema. */
  table?: { dialect: Dialect; fields: Field[]; primaryKey: string[]; foreignKeys: ForeignKey[] };
}

type Json = Record<string, unknown>;

const HASH_ALGORITHMS = new Set(["md5", "sha1", "sha256", "sha512"]);

let profileCheck: ReturnType<Ajv["compile"]> | undefined;

function checkProfile(descriptor: unknown): ErrorObject[] {
  if (!profileCheck) {
    // Beside this module both in scripts/verify/ and in the validator package's lib/verify/, where its compile step copies it.
    const profile = JSON.parse(readFileSync(new URL("./profiles/datapackage-2.0.json", import.meta.url), "utf8"));
    // strict off: the profile carries annotation keywords of its own (propertyOrder, context, options).
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv, { mode: "full" });
    // A hint for form generators, not a format of values.
    ajv.addFormat("textarea", true);
    profileCheck = ajv.compile(profile);
  }
  return profileCheck(descriptor) ? [] : [...(profileCheck.errors ?? [])];
}

/** Problems of reading the file itself (missing, a link, not JSON, a repeated key) go straight to the files' log. */
export function readDescriptor(files: ReleaseFiles, file: string): { resources?: Resource[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const read = readReleaseJson(files, file, { contentCode: "descriptor-error", missing: "the descriptor is missing" });
  if (!read) return { problems };
  const data = read.value;
  if (!isObject(data) || !Array.isArray(data.resources)) {
    return { problems: [{ code: "descriptor-error", file, message: 'the descriptor must be a JSON object with a "resources" array' }] };
  }
  const fail = (pointer: string, message: string, field?: string) =>
    problems.push({ code: "descriptor-error", file, pointer, ...(field === undefined ? {} : { field }), message });

  const resources: Resource[] = [];
  const names = new Set<string>();
  const patterns = new Map<string, LinearPattern>();
  data.resources.forEach((raw, index) => {
    const pointer = `/resources/${index}`;
    if (!isObject(raw)) return;
    const name = typeof raw.name === "string" ? raw.name : `#${index + 1}`;
    if (names.has(name)) fail(`${pointer}/name`, `resource name ${shownValue(name)} is used twice`);
    names.add(name);
    if (raw.data !== undefined && raw.path === undefined) return; // inline data: no file to check
    if (typeof raw.path !== "string") {
      fail(`${pointer}/path`, `resource ${shownValue(name)}: only a single path is supported, not ${shownValue(raw.path)}`);
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.path)) {
      fail(`${pointer}/path`, `resource ${shownValue(name)}: the remote path ${shownValue(raw.path)} cannot be checked offline`);
      return;
    }
    const unsafe = unsafeReason(raw.path);
    if (unsafe) problems.push({ code: "unsafe-path", file, pointer: `${pointer}/path`, message: `resource ${shownValue(name)} path ${shownValue(raw.path)} refused: ${unsafe}` });
    const resource: Resource = { name, path: raw.path, pointer, ...(unsafe ? { refused: true as const } : {}) };
    if (typeof raw.bytes === "number") resource.bytes = raw.bytes;
    if (typeof raw.hash === "string") {
      const [algorithm, hex] = raw.hash.includes(":") ? raw.hash.split(":", 2) : ["md5", raw.hash];
      if (HASH_ALGORITHMS.has(algorithm!)) resource.hash = { algorithm: algorithm!, hex: hex!.toLowerCase() };
      else fail(`${pointer}/hash`, `resource ${shownValue(name)}: unsupported hash algorithm ${shownValue(algorithm)}`);
    }
    if (raw.schema !== undefined) {
      if (!isObject(raw.schema)) fail(`${pointer}/schema`, `resource ${shownValue(name)}: only an inline Table Schema is supported`);
      else resource.table = readTable(raw.schema, isObject(raw.dialect) ? raw.dialect : {}, `${pointer}/schema`, name, fail, patterns);
    }
    resources.push(resource);
  });
  checkReferences(resources, fail);

  // Profile errors under a pointer already explained above would only repeat it, less clearly.
  const explained = problems.map((p) => p.pointer ?? "");
  for (const error of leafErrors(checkProfile(data))) {
    if (explained.some((pointer) => pointer !== "" && (error.instancePath === pointer || error.instancePath.startsWith(`${pointer}/`)))) continue;
    fail(error.instancePath, `${error.instancePath || "the descriptor"} ${error.message ?? "is invalid"}${detail(error)} (Data Package v2 profile)`);
  }
  return { resources, problems };
}

function readTable(schema: Json, dialect: Json, pointer: string, resource: string, fail: (pointer: string, message: string, field?: string) => void, patterns: Map<string, LinearPattern>) {
  const missingValues = Array.isArray(schema.missingValues) ? schema.missingValues.filter((v): v is string => typeof v === "string") : [""];
  const fields: Field[] = [];
  const seen = new Set<string>();
  (Array.isArray(schema.fields) ? schema.fields : []).forEach((raw, index) => {
    if (!isObject(raw) || typeof raw.name !== "string") return;
    const at = `${pointer}/fields/${index}`;
    if (seen.has(raw.name)) fail(`${at}/name`, `resource ${shownValue(resource)}: field ${shownValue(raw.name)} is defined twice`, raw.name);
    seen.add(raw.name);
    let type = typeof raw.type === "string" ? raw.type : "any";
    if (!FIELD_TYPES.has(type)) {
      fail(at, `resource ${shownValue(resource)}: unknown field type ${shownValue(type)}; known: ${[...FIELD_TYPES].join(", ")}`, raw.name);
      type = "any";
    }
    const constraints = isObject(raw.constraints) ? raw.constraints : {};
    let pattern: LinearPattern | undefined;
    if (typeof constraints.pattern === "string") {
      try {
        // The release's pattern runs on RE2, in time linear in the cell; a backtracking engine could run for ever on one cell.
        pattern = sharedPattern(patterns, constraints.pattern);
      } catch (error) {
        fail(`${at}/constraints/pattern`, `resource ${shownValue(resource)}: the pattern ${shownValue(constraints.pattern)} cannot run in linear time (RE2): ${(error as Error).message}`, raw.name);
      }
    }
    fields.push({
      name: raw.name,
      type,
      format: typeof raw.format === "string" ? raw.format : "default",
      constraints,
      hasValueConstraints: Object.keys(constraints).some((key) => key !== "required" && key !== "unique"),
      pattern,
      missingValues: Array.isArray(raw.missingValues) ? raw.missingValues.filter((v): v is string => typeof v === "string") : missingValues,
      trueValues: stringList(raw.trueValues, ["true", "True", "TRUE", "1"]),
      falseValues: stringList(raw.falseValues, ["false", "False", "FALSE", "0"]),
      decimalChar: typeof raw.decimalChar === "string" ? raw.decimalChar : ".",
      groupChar: typeof raw.groupChar === "string" ? raw.groupChar : "",
    });
  });
  const primaryKey = typeof schema.primaryKey === "string" ? [schema.primaryKey] : stringList(schema.primaryKey, []);
  const foreignKeys: ForeignKey[] = (Array.isArray(schema.foreignKeys) ? schema.foreignKeys : []).filter(isObject).map((fk) => {
    const reference = isObject(fk.reference) ? fk.reference : {};
    const fields = typeof fk.fields === "string" ? [fk.fields] : stringList(fk.fields, []);
    const referenceFields = typeof reference.fields === "string" ? [reference.fields] : stringList(reference.fields, []);
    return { fields, resource: typeof reference.resource === "string" && reference.resource !== "" ? reference.resource : resource, referenceFields };
  });
  const delimiter = typeof dialect.delimiter === "string" ? dialect.delimiter : ",";
  return {
    dialect: {
      delimiter,
      quoteChar: typeof dialect.quoteChar === "string" ? dialect.quoteChar : '"',
      doubleQuote: dialect.doubleQuote !== false,
      ...(typeof dialect.escapeChar === "string" ? { escapeChar: dialect.escapeChar } : {}),
      lineTerminator: typeof dialect.lineTerminator === "string" ? dialect.lineTerminator : "\r\n",
      header: dialect.header !== false,
      skipInitialSpace: dialect.skipInitialSpace === true,
      ...(typeof dialect.commentChar === "string" ? { commentChar: dialect.commentChar } : {}),
    },
    fields,
    primaryKey,
    foreignKeys,
  };
}

/** Keys must name fields that exist, and foreign keys resources that exist. */
function checkReferences(resources: Resource[], fail: (pointer: string, message: string, field?: string) => void): void {
  const byName = new Map(resources.map((r) => [r.name, r]));
  for (const resource of resources) {
    if (!resource.table) continue;
    const own = new Set(resource.table.fields.map((f) => f.name));
    for (const name of resource.table.primaryKey) {
      if (!own.has(name)) fail(`${resource.pointer}/schema/primaryKey`, `resource ${shownValue(resource.name)}: primary key field ${shownValue(name)} is not a field`, name);
    }
    resource.table.foreignKeys.forEach((fk, i) => {
      const at = `${resource.pointer}/schema/foreignKeys/${i}`;
      for (const name of fk.fields) if (!own.has(name)) fail(at, `resource ${shownValue(resource.name)}: foreign key field ${shownValue(name)} is not a field`, name);
      const target = byName.get(fk.resource);
      if (!target?.table) {
        fail(at, `resource ${shownValue(resource.name)}: foreign key refers to ${shownValue(fk.resource)}, which is not a tabular resource of this package`, fk.fields.join(","));
        return;
      }
      const theirs = new Set(target.table.fields.map((f) => f.name));
      for (const name of fk.referenceFields) if (!theirs.has(name)) fail(at, `resource ${shownValue(resource.name)}: foreign key refers to ${shownValue(fk.resource)} field ${shownValue(name)}, which does not exist`, fk.fields.join(","));
      if (fk.fields.length !== fk.referenceFields.length) fail(at, `resource ${shownValue(resource.name)}: foreign key has ${fk.fields.length} fields but refers to ${fk.referenceFields.length}`, fk.fields.join(","));
    });
  }
}

/**
 * A failed `oneOf` yields an error for every branch at every level; the errors at the
 * deepest places say what is actually wrong, so keep only those, once each.
 */
function leafErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (errors.some((other) => other.instancePath.startsWith(`${error.instancePath}/`))) return false;
    const key = `${error.instancePath} ${error.message} ${detail(error)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (typeof params.additionalProperty === "string") return `: ${shownValue(params.additionalProperty)}`;
  if (Array.isArray(params.allowedValues)) return `: ${params.allowedValues.map((v) => shownValue(v)).join(", ")}`;
  return "";
}

/**
 * A Table Schema pattern compiled once per source in a descriptor, remembering its last
 * whole-cell answer: read side by side with its parent, a child table's id column
 * repeats the id its parent's column was checked with a moment before, under the same
 * pattern.
 */
function sharedPattern(patterns: Map<string, LinearPattern>, source: string): LinearPattern {
  let shared = patterns.get(source);
  if (!shared) {
    const compiled = linearPattern(source);
    let last: string | undefined;
    let answer = false;
    shared = {
      test: (text) => compiled.test(text),
      testWhole: (text) => {
        if (text !== last) {
          answer = compiled.testWhole(text);
          last = text;
        }
        return answer;
      },
      toString: () => compiled.toString(),
    };
    patterns.set(source, shared);
  }
  return shared;
}

function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : fallback;
}
