/**
 * Package-level facts the outputs need (name, version, licences, title), read from
 * package.json so a release has one version number and one place to change it. Their
 * type is generated from `project-meta-schema.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { closest } from "./closest.ts";
import { InputError, type Diagnostic } from "./diagnostics.ts";
import { splitPointer } from "./keywords.ts";
import { readLocatedJson, repeatedKeyMessage, type LocatedJson } from "./located-json.ts";
import { fixedValidator, type FixedValidator } from "./precompiled-validator.ts";
import { PACKAGE_JSON_SCHEMA } from "./project-meta-schema.ts";
import { isObject } from "./shapes.ts";

const PACKAGE_JSON = "package.json";

export type { License, ProjectMeta } from "./generated/project-meta.ts";
import type { License, ProjectMeta } from "./generated/project-meta.ts";

/**
 * Why `root` cannot be worked on as a project, as one line for exit 2; undefined when it
 * can. Without this, a mistyped --root would check nothing and report it valid.
 */
export function projectFolderProblem(root: string): string | undefined {
  const why = !existsSync(root)
    ? "does not exist"
    : !existsSync(join(root, PACKAGE_JSON))
      ? "is not a project: it has no package.json"
      : !existsSync(join(root, "schemas"))
        ? "is not a project: it has no schemas/ folder"
        : undefined;
  return why && `${root} ${why} (a project holds package.json, schemas/ and sources/; see --help)`;
}

/** Every problem of package.json's fields, located; the metadata when there is none. */
export function checkProjectMeta(root: string): { meta: ProjectMeta; problems: [] } | { meta?: undefined; problems: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(join(root, PACKAGE_JSON), "utf8");
  } catch (error) {
    return { problems: [{ file: PACKAGE_JSON, line: 1, col: 1, code: "package-json", message: `cannot read ${PACKAGE_JSON}: ${(error as Error).message}` }] };
  }
  const read = readLocatedJson(PACKAGE_JSON, text);
  if ("syntax" in read) return { problems: [{ ...read.syntax, code: "package-json" }] };
  const { json } = read;
  // JSON.parse keeps the last of two keys: which one the author meant cannot be told.
  if (json.repeatedKeys.length > 0) {
    return {
      problems: json.repeatedKeys.map(({ key, firstLine, ...at }) => ({
        ...at, code: "package-json" as const,
        message: repeatedKeyMessage({ key, firstLine }),
        hint: "keep one of the two",
      })),
    };
  }
  const validatePackage = fixedValidator(PACKAGE_VALIDATOR);
  if (!validatePackage(json.data)) return { problems: packageProblems(json, validatePackage.errors ?? []) };
  const pkg = json.data as PackageFields;
  const dp = pkg.datapackage;
  const [first, ...rest] = dp.licenses;
  return {
    problems: [],
    meta: {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      title: dp.title,
      ...(pkg.homepage ? { homepage: pkg.homepage } : {}),
      ...authorOf(pkg.author),
      ...(dp.spatialCoverage ? { spatialCoverage: dp.spatialCoverage } : {}),
      ...(dp.temporalCoverage ? { temporalCoverage: dp.temporalCoverage } : {}),
      ...(dp.baseUrl ? { baseUrl: dp.baseUrl } : {}),
      keywords: pkg.keywords ?? [],
      ...(pkg.evidence?.documents ? { documents: pkg.evidence.documents } : {}),
      licenses: [first!, ...rest],
    },
  };
}

/** For a caller that has already reported checkProjectMeta's problems, or runs after the build did. */
export function readProjectMeta(root: string): ProjectMeta {
  const checked = checkProjectMeta(root);
  if (!checked.meta) throw new InputError(checked.problems);
  return checked.meta;
}

type PackageFields = {
  name: string;
  version: string;
  description: string;
  homepage?: string;
  author?: unknown;
  keywords?: string[];
  evidence?: { documents?: string };
  datapackage: { title: string; licenses: License[]; spatialCoverage?: string; temporalCoverage?: string; baseUrl?: string };
};

/** package.json's checker, compiled with the engine (precompiled-validator.ts). */
export const PACKAGE_VALIDATOR: FixedValidator = {
  name: "package-json",
  schemaText: () => JSON.stringify(PACKAGE_JSON_SCHEMA),
  compile() {
    // verbose: errors carry their schema, from which an unknown field gets a "did you mean".
    // validateSchema: the schema is the project's own, checked against draft 2020-12 by its
    // test; checking it on every run would cost more than the rest of checkProjectMeta.
    const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, validateSchema: false, code: { source: true } });
    return { ajv, validate: ajv.compile(PACKAGE_JSON_SCHEMA) };
  },
};

/** What each field is for, so that a missing one comes with what to write. */
const FIELD_HINTS: Record<string, string> = {
  name: 'the package name, e.g. "name": "my-dataset"',
  version: 'the version, MAJOR.MINOR.PATCH, e.g. "version": "0.1.0"',
  description: "one sentence on what the dataset holds",
  datapackage: '"datapackage": { "title": "…", "licenses": [{ "name": "CC-BY-4.0" }] }',
  "datapackage.title": "the dataset's title, as catalogues show it",
  "datapackage.licenses": `the data's licences, e.g. [{ "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/" }]`,
};

function packageProblems(json: LocatedJson, errors: ErrorObject[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const path = splitPointer(error.instancePath);
    const dotted = (extra?: string) => [...path, ...(extra === undefined ? [] : [extra])].join(".");
    let problem: Diagnostic;
    if (error.keyword === "required") {
      const missing = String(error.params.missingProperty);
      const hint = FIELD_HINTS[dotted(missing)];
      problem = { ...json.locate(path), code: "package-json", message: `"${dotted(missing)}" is missing`, ...(hint ? { hint: `add ${hint}` } : {}) };
    } else if (error.keyword === "additionalProperties") {
      const extra = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = closest(extra, known);
      problem = {
        ...json.locate([...path, extra], "key"),
        code: "package-json",
        message: `"${dotted(extra)}" is not a field the outputs read`,
        hint: near ? `did you mean "${near}"?` : `the fields here are: ${known.join(", ")}`,
      };
    } else if (error.keyword === "minItems") {
      problem = { ...json.locate(path), code: "package-json", message: `"${dotted()}" must list at least one licence`, hint: `add ${FIELD_HINTS[dotted()] ?? "one"}` };
    } else if (error.keyword === "pattern") {
      // The one pattern here is datapackage.baseUrl's.
      problem = { ...json.locate(path), code: "package-json", message: `"${dotted()}" must be an http(s) URL that ends with "/"`, hint: "the download URLs are this URL followed by each file's path in dist/" };
    } else if (error.keyword === "anyOf") {
      problem = { ...json.locate(path), code: "package-json", message: `"${dotted()}" must be a name, or an object with a "name"` };
    } else {
      // type and minLength: every other field here is text, a list of text, or an object.
      const expected = error.keyword === "type" ? String(error.params.type) : "string";
      const what = expected === "array" ? "a list" : expected === "object" ? "an object" : "non-empty text";
      problem = { ...json.locate(path), code: "package-json", message: `"${dotted()}" must be ${what}` };
    }
    // anyOf also reports each branch's failure at the same place; one line a place is enough.
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (path.length && errors.some((other) => other.keyword === "anyOf" && other !== error && error.instancePath.startsWith(other.instancePath))) continue;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

/** npm accepts "Name <mail> (url)" or { name, email, url }; the outputs want the name. */
function authorOf(author: unknown): { author?: string } {
  const name = typeof author === "string" ? author.replace(/\s*[<(].*$/, "") : isObject(author) && typeof author.name === "string" ? author.name : undefined;
  return name ? { author: name } : {};
}
