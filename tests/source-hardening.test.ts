/**
 * The source side against hostile or careless schemas and trees: every schema pattern
 * runs on a linear-time engine, recursive schemas are refused where the `$ref` is
 * written, and the loader never follows a symbolic link out of (or within) the project.
 */
import { mkdirSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleTableSchema } from "../scripts/engine/bundle.ts";
import { build, validate } from "../scripts/engine/cli.ts";
import { ajvLinearRegExp } from "../scripts/contract/linear-regex.ts";
import { createAjv, loadSchemas } from "../scripts/engine/schemas.ts";
import { ShapeReader, type SchemaFile } from "../scripts/contract/shapes.ts";
import { copyFixture, run, snapshot, tempDir, writeIn, type Captured } from "./helpers/project.ts";

const COMMANDS = [
  ["build", build],
  ["validate", validate],
] as const;

const errorLines = (result: Captured): string[] =>
  result.stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"));

/** A groups schema whose `name` property is replaced by `name`, one property a line. */
function groupsSchema(name: object, extra: Record<string, unknown> = {}): string {
  const properties = {
    id: { $ref: "urn:fixture:defs#/$defs/id", description: "Group id." },
    name,
    size: { type: "number", description: "Members, as stated.", minimum: 0 },
    active: { type: "boolean", description: "Whether the document calls it active." },
    partners: { type: "array", description: "Groups it works with.", uniqueItems: true, items: { type: "string", description: "A group id.", "x-references": "groups" } },
    evidence: { $ref: "urn:fixture:defs#/$defs/evidenceList", description: "Evidence for the group." },
  };
  const head = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "urn:fixture:groups",
    title: "Group",
    description: "A group named in a document.",
    type: "object",
    additionalProperties: false,
    required: ["id", "name", "evidence"],
    ...extra,
  };
  const lines = Object.entries(properties).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "properties": {\n${lines.join(",\n")}\n  }\n}\n`;
}

/** Runs the command on a project and checks the house rules for bad input: status 1, no stack trace, nothing changed. */
async function expectRefused(command: (typeof COMMANDS)[number][1], root: string, expected: string[], outside?: string): Promise<Captured> {
  const before = snapshot(root);
  const outsideBefore = outside ? snapshot(outside) : undefined;
  const result = await run(command, ["--root", root]);
  expect(errorLines(result)).toEqual(expected);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr, "no stack trace").not.toMatch(/^\s+at /m);
  expect(snapshot(root)).toEqual(before);
  if (outside) expect(snapshot(outside)).toEqual(outsideBefore);
  return result;
}

describe("schema patterns", () => {
  it("are compiled by ajv with the linear-time engine", () => {
    expect(createAjv().opts.code.regExp).toBe(ajvLinearRegExp);
  });

  it("each check a value against their own source", () => {
    const validateTwo = createAjv().compile({
      type: "object",
      properties: { a: { type: "string", pattern: "^a+$" }, b: { type: "string", pattern: "^b+$" } },
    });
    expect(validateTwo({ a: "aaa", b: "bbb" })).toBe(true);
    expect(validateTwo({ a: "bbb", b: "aaa" })).toBe(false);
    expect(validateTwo.errors?.map((error) => error.instancePath)).toEqual(["/a", "/b"]);
  });

  it("answer on a hostile input for a nested quantifier", () => {
    const ajv = createAjv();
    // Guard: on the backtracking engine the match below would not return at all.
    expect(ajv.opts.code.regExp).toBe(ajvLinearRegExp);
    const check = ajv.compile({ type: "string", pattern: "^(a+)+$", maxLength: 30 });
    expect(check(`${"a".repeat(10_000)}!`)).toBe(false);
    expect(check.errors?.map((error) => error.keyword)).toEqual(["maxLength", "pattern"]);
  });

  it.each(COMMANDS)("that need backtracking are a schema-definition error at the pattern (%s)", async (_, command) => {
    const root = copyFixture();
    writeIn(root, "schemas/groups.schema.json", groupsSchema({ type: "string", description: "Name as written.", maxLength: 100, pattern: "^(\\w)\\1$" }));
    const result = await expectRefused(command, root, ["schemas/groups.schema.json:15:79 error[schema-definition]"]);
    expect(result.stderr).toContain("invalid escape sequence");
    expect(result.stderr).toContain("hint: rewrite the pattern without backreferences or lookaround");
  });

  it("no longer need a maxLength: the engine, not the length, bounds the matching", async () => {
    const root = copyFixture();
    writeIn(root, "schemas/groups.schema.json", groupsSchema({ type: "string", description: "Name as written.", pattern: "^\\S(.*\\S)?$" }));
    const result = await run(validate, ["--root", root]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("of the real schemas compile on the linear engine", () => {
    const { problems, schemas } = loadSchemas(join(import.meta.dirname, ".."));
    expect(problems).toEqual([]);
    expect(schemas.tables.size).toBeGreaterThan(0);
  });
});

describe("recursive schemas", () => {
  it.each(COMMANDS)("a property that refers to an enclosing object is refused at its $ref (%s)", async (_, command) => {
    const root = copyFixture();
    writeIn(root, "schemas/groups.schema.json", groupsSchema({
      type: "object", description: "Name parts.", additionalProperties: false,
      properties: { first: { type: "string", description: "First part." }, rest: { $ref: "#/properties/name", description: "The rest." } },
    }));
    const result = await expectRefused(command, root, ["schemas/groups.schema.json:15:163 error[schema-definition]"]);
    expect(result.stderr).toContain('recursive schema: "$ref" #/properties/name refers to a schema that contains it');
  });

  it.each(COMMANDS)("a definition that contains itself is refused at its own $ref (%s)", async (_, command) => {
    const root = copyFixture();
    writeIn(root, "schemas/groups.schema.json", groupsSchema({ $ref: "#/$defs/part", description: "Name." }, {
      $defs: { part: { type: "object", description: "A part.", additionalProperties: false, properties: { next: { $ref: "#/$defs/part", description: "Next part." } } } },
    }));
    await expectRefused(command, root, ["schemas/groups.schema.json:20:11 error[schema-definition]"]);
  });

  it("a release's schema that refers to itself is a problem of ShapeReader, not a crash", () => {
    const data = {
      $id: "urn:release:loop", title: "Loop", description: "A table.", type: "object", additionalProperties: false, required: ["id"],
      properties: { id: { type: "string", description: "Id." }, again: { $ref: "#", description: "Again." } },
    };
    const file: SchemaFile = { id: data.$id, data, yaml: { file: "loop.schema.json", data, locate: () => ({ file: "loop.schema.json", line: 1, col: 1 }) } };
    const reader = new ShapeReader(new Map([[file.id, file]]), new Set(["loop"]));
    reader.readTable(file);
    expect(reader.problems.map((problem) => problem.message)).toEqual([
      'recursive schema: "$ref" # refers to a schema that contains it; recursive schemas are not supported: the CSV and TypeScript outputs need a finite shape',
    ]);
  });

  it("definitions nested deeper than 16 levels, without recursion, still bundle", () => {
    const root = copyFixture();
    const defs: Record<string, object> = { level20: { type: "string", description: "Innermost.", maxLength: 10 } };
    for (let level = 19; level >= 0; level--) {
      defs[`level${level}`] = { type: "object", description: `Level ${level}.`, additionalProperties: false, properties: { inner: { $ref: `#/$defs/level${level + 1}`, description: "Inner." } } };
    }
    writeIn(root, "schemas/groups.schema.json", groupsSchema({ $ref: "#/$defs/level0", description: "Name." }, { $defs: defs }));
    const { schemas, problems } = loadSchemas(root);
    expect(problems).toEqual([]);
    const properties = bundleTableSchema(schemas.tables.get("groups")!, schemas).properties as Record<string, Record<string, unknown>>;
    let depth = 0;
    for (let inner = properties.name!; inner.type === "object"; inner = (inner.properties as Record<string, Record<string, unknown>>).inner!) depth++;
    expect(depth).toBe(20);
  });
});

describe("symbolic links", () => {
  /** A folder outside the project holding a broken record, to show that nothing behind a link is read. */
  function outsideFolder(): string {
    const outside = tempDir("cai-outside-");
    writeIn(outside, "cy.yaml", "id: cy\nname: [broken\n");
    writeIn(outside, "extra.schema.json", "{ not json");
    return outside;
  }

  const cases: [string, (root: string, outside: string) => void, string[]][] = [
    ["a record file", (root, outside) => symlinkSync(join(outside, "cy.yaml"), join(root, "sources/people/cy.yaml")), ["sources/people/cy.yaml:1:1 error[symlink]"]],
    ["a record file linked within the project", (root) => symlinkSync("bo.yaml", join(root, "sources/people/bo-berg.yaml")), ["sources/people/bo-berg.yaml:1:1 error[symlink]"]],
    ["a link whose target is missing", (root) => symlinkSync("gone.yaml", join(root, "sources/people/gone.yaml")), ["sources/people/gone.yaml:1:1 error[symlink]"]],
    ["a schema file", (root, outside) => symlinkSync(join(outside, "extra.schema.json"), join(root, "schemas/extra.schema.json")), ["schemas/extra.schema.json:1:1 error[symlink]"]],
    ["a table folder", (root, outside) => moveAndLink(root, "sources/people", outside), ["sources/people:1:1 error[symlink]"]],
    ["sources/", (root, outside) => moveAndLink(root, "sources", outside), ["sources:1:1 error[symlink]"]],
    ["schemas/", (root, outside) => moveAndLink(root, "schemas", outside), ["schemas:1:1 error[symlink]"]],
    ["schemas/defs/", (root, outside) => moveAndLink(root, "schemas/defs", outside), ["schemas/defs:1:1 error[symlink]"]],
    ["a definitions file", (root, outside) => moveAndLink(root, "schemas/defs/common.schema.json", outside), ["schemas/defs/common.schema.json:1:1 error[symlink]"]],
  ];

  /** Moves a project path out (next to a broken record) and leaves a link in its place. */
  function moveAndLink(root: string, path: string, outside: string): void {
    const target = join(outside, "moved", path);
    mkdirSync(join(target, ".."), { recursive: true });
    renameSync(join(root, path), target);
    if (!path.endsWith(".json")) writeIn(target, "zz-broken.yaml", "id: [broken\n");
    symlinkSync(target, join(root, path));
  }

  describe.each(cases)("%s", (_, link, expected) => {
    it.each(COMMANDS)("is a located error and nothing behind it is read (%s)", async (_, command) => {
      const root = copyFixture();
      const outside = outsideFolder();
      link(root, outside);
      const result = await expectRefused(command, root, expected, outside);
      expect(result.stderr).toContain("hint: replace the link with the");
      expect(result.stderr).toContain("the build reads nothing outside the project");
    });
  });
});
