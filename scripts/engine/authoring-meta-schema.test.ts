import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isObject, type JsonSchema } from "../contract/shapes.ts";
import { conventionProblems, createMetaAjv, describePosition, ERROR_KEYWORD, META_SCHEMA_URL, metaValidator, type SchemaFileKind } from "./authoring-meta-schema.ts";
import { createAjv, loadSchemas } from "./schemas.ts";
import { loadYamlFile } from "./yaml-file.ts";
import { copyFixture, REPO, writeIn } from "../../tests/helpers/project.ts";
import { positionOf as at } from "../../tests/helpers/text-position.ts";

const META = JSON.parse(readFileSync(META_SCHEMA_URL, "utf8")) as JsonSchema & { $id: string; $defs: Record<string, JsonSchema> };

function check(text: string, kind: SchemaFileKind = "table") {
  const { yaml, problems } = loadYamlFile("things.schema.json", new TextEncoder().encode(text));
  expect(problems).toEqual([]);
  return conventionProblems(yaml, kind);
}

/** A valid table schema, one property a line, with `extra` added to its properties and `head` over its top level. */
function table(extra: Record<string, unknown> = {}, head: Record<string, unknown> = {}): string {
  const top: Record<string, unknown> = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "urn:test:things",
    title: "Thing",
    description: "A thing.",
    type: "object",
    additionalProperties: false,
    required: ["id"],
    ...head,
  };
  for (const [key, value] of Object.entries(top)) if (value === undefined) delete top[key];
  const properties = { id: { type: "string", description: "Id." }, ...extra };
  const lines = Object.entries(properties).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `${JSON.stringify(top, null, 2).slice(0, -2)},\n  "properties": {\n${lines.join(",\n")}\n  }\n}\n`;
}

function definitions(defs: Record<string, unknown>, head: Record<string, unknown> = {}): string {
  const top = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "urn:test:defs", description: "Shared definitions.", ...head };
  const lines = Object.entries(defs).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `${JSON.stringify(top, null, 2).slice(0, -2)},\n  "$defs": {\n${lines.join(",\n")}\n  }\n}\n`;
}

describe("the authoring meta-schema", () => {
  it("is a draft 2020-12 schema that ajv compiles in strict mode", () => {
    expect(META.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const ajv = createMetaAjv();
    expect(ajv.validateSchema(META), JSON.stringify(ajv.errors)).toBe(true);
    expect(ajv.validateSchema({ ...META, $defs: { broken: { type: "text" } } })).toBe(false);
    // strict throws on an unknown keyword, a type-less "required" or an undefined required name.
    expect(ajv.opts.strict).toBe(true);
    ajv.addSchema(META);
    for (const entry of ["table", "definitions"]) expect(typeof ajv.getSchema(`${META.$id}#/$defs/${entry}`)).toBe("function");
  });

  it("gives every assertion a message and a hint, so that ajv's own wording never reaches a curator", () => {
    const ASSERTIONS = ["type", "enum", "const", "pattern", "minLength", "minimum", "exclusiveMinimum", "minItems", "uniqueItems", "required", "not", "additionalProperties"];
    const missing: string[] = [];
    const walk = (schema: unknown, pointer: string): void => {
      if (!isObject(schema)) return;
      const errors = isObject(schema[ERROR_KEYWORD]) ? schema[ERROR_KEYWORD] : {};
      for (const keyword of ASSERTIONS) {
        // A subschema under additionalProperties is an applicator; only `false` asserts.
        if (!(keyword in schema) || (keyword === "additionalProperties" && schema[keyword] !== false)) continue;
        const entry = errors[keyword];
        if (!isObject(entry) || typeof entry.message !== "string" || typeof entry.hint !== "string") missing.push(`${pointer}/${keyword}`);
      }
      for (const map of ["properties", "$defs"]) {
        if (isObject(schema[map])) for (const [name, child] of Object.entries(schema[map])) walk(child, `${pointer}/${map}/${name}`);
      }
      for (const keyword of ["items", "additionalProperties", "propertyNames", "not", "then", "else"]) walk(schema[keyword], `${pointer}/${keyword}`);
      // Failures inside "if" only choose a branch; ajv reports none of them.
      if (Array.isArray(schema.allOf)) schema.allOf.forEach((child, index) => walk(child, `${pointer}/allOf/${index}`));
    };
    walk(META, "#");
    expect(missing).toEqual([]);
  });

  it("lists only formats that the build's ajv checks", () => {
    const keywords = META.$defs.keywords!.allOf as JsonSchema[];
    const formats = ((keywords[0]!.properties as Record<string, JsonSchema>).format!.enum as string[]);
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) expect(() => createAjv().compile({ type: "string", format })).not.toThrow();
  });

  it("accepts the real schemas in schemas/ and those of the fixture project", () => {
    const checked: string[] = [];
    for (const root of [REPO, join(REPO, "tests/fixtures/project")]) {
      for (const [folder, kind] of [["schemas", "table"], ["schemas/defs", "definitions"]] as const) {
        for (const name of readdirSync(join(root, folder)).filter((n) => n.endsWith(".schema.json"))) {
          const { yaml } = loadYamlFile(name, readFileSync(join(root, folder, name)));
          expect(conventionProblems(yaml, kind), `${folder}/${name}`).toEqual([]);
          checked.push(name);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });
});

describe("a table schema that breaks a convention", () => {
  const cases: [string, string, string, { line: number; col: number } | ((text: string) => { line: number; col: number }), string][] = [
    ["a property without a description", table({ name: { type: "string" } }), 'every property needs a "description"; property "name" has none', (t) => at(t, '"name"'), 'add "description": "…" to property "name"'],
    ["an empty description", table({ name: { type: "string", description: " " } }), '"description" is empty', (t) => at(t, '"description"', 3), 'say in a sentence what property "name" holds'],
    ["an item without a description", table({ tags: { type: "array", description: "Tags.", items: { type: "string" } } }), 'every property needs a "description"; the items of "tags" has none', (t) => at(t, '"items"'), 'add "description": "…" to the items of "tags"'],
    ["a nested property without a description", table({ at: { type: "object", description: "Place.", additionalProperties: false, properties: { city: { type: "string" } } } }), 'every property needs a "description"; property "at.city" has none', (t) => at(t, '"city"'), 'to property "at.city"'],
    ["an object without additionalProperties", table({ at: { type: "object", description: "Place.", properties: {} } }), 'an object schema needs "additionalProperties": false', (t) => at(t, '"at"'), 'add "additionalProperties": false to property "at"'],
    ["a top level without additionalProperties", table({}, { additionalProperties: undefined }), 'an object schema needs "additionalProperties": false', { line: 1, col: 1 }, "to the top level of the schema"],
    ["additionalProperties other than false", table({ at: { type: "object", description: "Place.", additionalProperties: true } }), '"additionalProperties" must be false', (t) => at(t, '"additionalProperties"', 2), 'write "additionalProperties": false'],
    ["a property name that is not snake_case", table({ birthDate: { type: "string", description: "Born." } }), 'property name "birthDate" must be lower snake_case (^[a-z][a-z0-9_]*$)', (t) => at(t, '"birthDate"'), "rename it"],
    ["two types", table({ name: { type: ["string", "null"], description: "Name." } }), '"type" must be one of object, array, string, integer, number, boolean (a single type)', (t) => at(t, '"type"', 3), "pick one"],
    ["no type and no $ref", table({ name: { description: "Name." } }), 'property "name" has no "type"', (t) => at(t, '"name"'), 'add "type"'],
    ["anyOf", table({ name: { type: "string", description: "Name.", anyOf: [{ maxLength: 3 }] } }), '"anyOf" is not supported: the CSV and TypeScript outputs need one shape per property', (t) => at(t, '"anyOf"'), "describe one shape"],
    ["a misspelt keyword", table({ name: { type: "string", description: "Name.", maxLenght: 3 } }), 'unknown keyword "maxLenght" in property "name"', (t) => at(t, '"maxLenght"'), "correct its spelling"],
    ["$id below the top", table({ name: { type: "string", description: "Name.", $id: "urn:x" } }), '"$id" belongs at the top of a schema file, not in property "name"', (t) => at(t, '"$id"', 2), "move it"],
    ["a list without items", table({ tags: { type: "array", description: "Tags." } }), 'a list needs "items"', (t) => at(t, '"tags"'), 'add "items"'],
    ["a negative maxLength", table({ name: { type: "string", description: "Name.", maxLength: -1 } }), '"maxLength" must be 0 or more', (t) => at(t, '"maxLength"'), "0 or more"],
    ["a format the build does not check", table({ on: { type: "string", description: "Day.", format: "dat" } }), 'format "dat" is not one the build checks', (t) => at(t, '"format"'), "use one of date"],
    ["x-references that is not a string", table({ owner: { type: "string", description: "Owner.", "x-references": ["things"] } }), '"x-references" must name a table', (t) => at(t, '"x-references"'), '"x-references": "<table>"'],
    ["x-references on a number", table({ owner: { type: "integer", description: "Owner.", "x-references": "things" } }), "the keywords x-references, x-quote-in and x-document-sha256 apply to strings only", (t) => at(t, '"type"', 3), 'give property "owner" "type": "string"'],
    ["x-references beside a $ref without a type", table({ owner: { $ref: "#/$defs/x", "x-references": "things" } }), "the keywords x-references, x-quote-in and x-document-sha256 apply to strings only", (t) => at(t, '"owner"'), 'write "type": "string" in property "owner"'],
    ["x-quote-in that is not a string", table({ quote: { type: "string", description: "Quote.", "x-quote-in": 1 } }), '"x-quote-in" must name a sibling property', (t) => at(t, '"x-quote-in"'), "the property beside this one"],
    ["x-document-sha256 false", table({ sha: { type: "string", description: "Hash.", "x-document-sha256": false } }), '"x-document-sha256" can only be true', (t) => at(t, '"x-document-sha256"'), "or remove the keyword"],
    ["no title", table({}, { title: undefined }), 'a table schema needs a "title"', { line: 1, col: 1 }, 'add "title"'],
    ["no $id", table({}, { $id: undefined }), 'the schema needs a string "$id"', { line: 1, col: 1 }, 'add "$id"'],
    ["a $id that is not a string", table({}, { $id: 7 }), 'the schema needs a string "$id"', (t) => at(t, '"$id"'), 'write "$id" as a string'],
    ["another dialect", table({}, { $schema: "http://json-schema.org/draft-07/schema#" }), '"$schema" must name JSON Schema 2020-12', (t) => at(t, '"$schema"'), "https://json-schema.org/draft/2020-12/schema"],
    ["a top level that is not an object", table({}, { type: "array", additionalProperties: undefined, items: { type: "string", description: "X." } }), 'a table schema must describe an object ("type": "object")', (t) => at(t, '"type"'), 'write "type": "object"'],
    ["a top level given by $ref", table({}, { $ref: "urn:test:defs#/$defs/thing" }), 'a table schema must describe its records in place, not through "$ref"', (t) => at(t, '"$ref"'), "at the top of the file"],
  ];

  it.each(cases)("%s: one problem, at the key concerned, with a hint", (_, text, message, where, hint) => {
    const problems = check(text);
    const position = typeof where === "function" ? where(text) : where;
    expect(problems.map(({ file, line, col, code, message }) => ({ file, line, col, code, message }))).toEqual([{ file: "things.schema.json", ...position, code: "schema-definition", message }]);
    expect(problems[0]!.hint).toContain(hint);
  });

  it("reports every problem of a file, each once", () => {
    const text = table({ name: { type: "string" }, size: { type: "integer" }, Tags: { type: "array", description: "Tags.", items: { type: "string", description: "Tag." } } }, { title: undefined });
    expect(check(text).map((p) => [p.line, p.col, p.message])).toEqual([
      [1, 1, 'a table schema needs a "title"'],
      [at(text, '"name"').line, at(text, '"name"').col, 'every property needs a "description"; property "name" has none'],
      [at(text, '"size"').line, at(text, '"size"').col, 'every property needs a "description"; property "size" has none'],
      [at(text, '"Tags"').line, at(text, '"Tags"').col, 'property name "Tags" must be lower snake_case (^[a-z][a-z0-9_]*$)'],
    ]);
  });

  it("that is not an object at all is one problem", () => {
    expect(check("[1, 2]\n").map((p) => [p.line, p.col, p.message])).toEqual([[1, 1, "a schema file must hold a JSON object"]]);
  });
});

describe("a definitions file that breaks a convention", () => {
  it("may hold only definitions besides its head", () => {
    const text = definitions({ id: { type: "string", description: "Id." } }, { type: "object" });
    expect(check(text, "definitions").map((p) => [p.line, p.col, p.message])).toEqual([[at(text, '"type"').line, at(text, '"type"').col, 'unknown keyword "type" in a definitions file']]);
  });

  it("holds definitions that keep the conventions of properties", () => {
    const text = definitions({ place: { type: "object", description: "Place.", additionalProperties: false, properties: { city: { type: "string" } } }, code: { type: "strin", description: "Code." } });
    expect(check(text, "definitions").map((p) => [p.line, p.col, p.message, p.hint])).toEqual([
      [at(text, '"city"').line, at(text, '"city"').col, 'every property needs a "description"; property "city" of definition "place" has none', 'add "description": "…" to property "city" of definition "place", saying what the value holds: it documents the CSV column, the Table Schema field and the TypeScript property'],
      [at(text, '"type"', 3).line, at(text, '"type"', 3).col, '"type" must be one of object, array, string, integer, number, boolean (a single type)', "the CSV and TypeScript outputs need one type per property: pick one, and leave the property out of a record that has no value"],
    ]);
  });

  it("needs a $id", () => {
    expect(check(definitions({}, { $id: undefined }), "definitions").map((p) => [p.line, p.col, p.message])).toEqual([[1, 1, 'the schema needs a string "$id"']]);
  });
});

describe("describePosition", () => {
  it.each([
    [[], "the top level of the schema"],
    [["properties", "name", "type"], 'property "name"'],
    [["properties", "at", "properties", "city"], 'property "at.city"'],
    [["properties", "tags", "items"], 'the items of "tags"'],
    [["properties", "steps", "items", "properties", "order"], 'property "steps[].order"'],
    [["$defs", "evidence"], 'definition "evidence"'],
    [["$defs", "evidence", "properties", "quote", "x-quote-in"], 'property "quote" of definition "evidence"'],
    [["$defs", "evidenceList", "items"], 'the items of definition "evidenceList"'],
  ])("%j is %s", (path, expected) => {
    expect(describePosition(path)).toBe(expected);
  });
});

describe("loading schemas/", () => {
  it("reports a breach of the conventions alone: the shape of a broken schema is not read", () => {
    const root = copyFixture();
    // The unknown table would be a problem of the shape; the missing description comes first.
    writeIn(root, "schemas/groups.schema.json", table({ name: { type: "string", "x-references": "nowhere" } }).replace("urn:test:things", "urn:fixture:groups"));
    const { problems, schemas } = loadSchemas(root);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual(['schemas/groups.schema.json:13 every property needs a "description"; property "name" has none']);
    expect(schemas.tables.size).toBe(0);
  });

  it("checks a definitions file even when no table refers to it", () => {
    const root = copyFixture();
    writeIn(root, "schemas/defs/unused.schema.json", definitions({ code: { type: "string" } }));
    const { problems } = loadSchemas(root);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code}`)).toEqual(["schemas/defs/unused.schema.json:6:5 schema-definition"]);
  });

  it("compiles the meta-schema once, not once per file", () => {
    loadSchemas(REPO);
    const compiled = metaValidator("table");
    loadSchemas(REPO);
    expect(metaValidator("table")).toBe(compiled);
  });
});
