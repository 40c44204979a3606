/**
 * Bad input: each case breaks a copy of the fixture project in one way and asserts the
 * exact code and position printed, the exit status, and that nothing on disk changed.
 */
import { describe, expect, it } from "vitest";
import { build, validate } from "../scripts/engine/cli.ts";
import { copyFixture, removeIn, run, snapshot, writeIn } from "./helpers/project.ts";

interface Case {
  name: string;
  /** Files to write (path -> content) and to remove, relative to the project root. */
  write?: Record<string, string | Uint8Array>;
  remove?: string[];
  /** Extra arguments, e.g. `--documents`. */
  args?: (root: string) => string[];
  /** Every problem expected, as printed: `<file>:<line>:<col> error[<code>]`. */
  expected: string[];
  /** A fragment of the message or hint that tells the curator how to fix it. */
  mentions?: string;
}

const ADA = "sources/people/ada.yaml";
const evidence = '\nevidence:\n  - source: report\n    quote: "Ada Lovelace leads the Circle"\n';

const CASES: Case[] = [
  {
    name: "broken YAML",
    write: { [ADA]: 'id: ada\nname: "Ada Lovelace\ngroup: circle\n' },
    expected: [`${ADA}:2:7 error[yaml-syntax]`],
  },
  {
    name: "unresolved YAML tag",
    write: { [ADA]: `id: ada\nname: !person Ada${evidence}` },
    expected: [`${ADA}:2:7 error[yaml-syntax]`],
    mentions: "Unresolved tag: !person",
  },
  {
    name: "duplicate key",
    write: { [ADA]: `id: ada\nname: Ada\nname: Ada Lovelace${evidence}` },
    expected: [`${ADA}:3:1 error[yaml-duplicate-key]`],
    mentions: "keep one of the two entries",
  },
  {
    name: "wrong type",
    write: { [ADA]: `id: ada\nname: 1815${evidence}` },
    expected: [`${ADA}:2:7 error[schema]`],
    mentions: '"name" must be string',
  },
  {
    name: "missing required field",
    write: { [ADA]: `id: ada\ngroup: circle${evidence}` },
    expected: [`${ADA}:1:1 error[schema]`],
    mentions: 'the record is missing the required property "name"\n  hint: Name as written.',
  },
  {
    name: "missing required field in a nested object",
    write: { [ADA]: `id: ada\nname: Ada\njoined:\n  date: "1833-06-05"${evidence}` },
    expected: [`${ADA}:4:3 error[schema]`],
    mentions: '"joined" is missing the required property "year"',
  },
  {
    name: "unknown field",
    write: { [ADA]: `id: ada\nname: Ada\nnickname: Countess${evidence}` },
    expected: [`${ADA}:3:1 error[schema]`],
    mentions: 'unknown property "nickname" in the record\n  hint: allowed properties: id, name, aliases, group, role, joined, evidence',
  },
  {
    name: "value outside an enum",
    write: { [ADA]: `id: ada\nname: Ada\nrole: chair${evidence}` },
    expected: [`${ADA}:3:7 error[schema]`],
    mentions: 'must be one of: "leader", "member"',
  },
  {
    name: "impossible calendar date",
    write: { [ADA]: `id: ada\nname: Ada\njoined:\n  year: 1833\n  date: "1833-02-30"${evidence}` },
    expected: [`${ADA}:5:9 error[schema]`],
    mentions: 'must match format "date"',
  },
  {
    name: "duplicate id",
    write: { "sources/people/ada.yml": `id: ada\nname: Another Ada${evidence}` },
    expected: ["sources/people/ada.yml:1:5 error[duplicate-id]"],
    mentions: `already used in table people by ${ADA}:1:5`,
  },
  {
    name: "id that differs from the file name",
    write: { [ADA]: `id: lovelace\nname: Ada${evidence}` },
    expected: [`${ADA}:1:5 error[file-id-mismatch]`],
    mentions: "rename the file to lovelace.yaml",
  },
  {
    name: "dangling reference",
    write: { [ADA]: `id: ada\nname: Ada\ngroup: cirle${evidence}` },
    expected: [`${ADA}:3:8 error[dangling-reference]`],
    mentions: 'did you mean "circle"?',
  },
  {
    name: "dangling reference inside a list",
    write: { "sources/groups/square.yaml": `id: square\nname: Square\npartners: [circle, triangle]${evidence}` },
    expected: ["sources/groups/square.yaml:3:20 error[dangling-reference]"],
  },
  {
    name: "evidence naming a missing source",
    write: { [ADA]: 'id: ada\nname: Ada\nevidence:\n  - source: memo\n    quote: "Ada Lovelace leads the Circle"\n' },
    expected: [`${ADA}:4:13 error[dangling-reference]`],
  },
  {
    name: "__proto__ key",
    write: { [ADA]: `id: ada\nname: Ada\njoined:\n  __proto__: { polluted: true }\n  year: 1833${evidence}` },
    expected: [`${ADA}:4:3 error[yaml-forbidden-key]`],
  },
  {
    name: "alias bomb",
    write: {
      [ADA]: [
        "id: ada",
        "a: &a [x, x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "name: Ada",
      ].join("\n") + evidence,
    },
    expected: [
      ...[8, 12, 16, 20, 24, 28, 32, 36, 40].map((col) => `${ADA}:3:${col} error[yaml-alias]`),
      ...[8, 12, 16, 20, 24, 28, 32, 36, 40].map((col) => `${ADA}:4:${col} error[yaml-alias]`),
    ],
  },
  {
    name: "formula-like string",
    write: { [ADA]: `id: ada\nname: "=HYPERLINK(\\"http://x\\")"${evidence}` },
    expected: [`${ADA}:2:7 error[formula]`],
    mentions: "would run as a formula",
  },
  {
    name: "list item containing the list separator",
    write: { [ADA]: `id: ada\nname: Ada\naliases: ["Lovelace; Ada"]${evidence}` },
    expected: [`${ADA}:3:11 error[list-separator]`],
  },
  {
    name: "non-UTF-8 file",
    write: { [ADA]: Buffer.concat([Buffer.from("id: ada\nname: Ada Lovelace, comtesse de Lovel"), Buffer.from([0xe9]), Buffer.from(`\n${evidence}`)]) },
    expected: [`${ADA}:2:38 error[encoding]`],
    mentions: "save the file as UTF-8",
  },
  {
    name: "unknown table folder",
    write: { "sources/peoples/ada.yaml": `id: ada\nname: Ada${evidence}` },
    expected: ["sources/peoples:1:1 error[unknown-table]"],
    mentions: "add schemas/peoples.schema.json",
  },
  {
    name: "stray file in a table folder",
    write: { "sources/people/notes.txt": "to do" },
    expected: ["sources/people/notes.txt:1:1 error[stray-file]"],
  },
  {
    name: "schema without a property description",
    write: {
      "schemas/groups.schema.json": JSON.stringify({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "urn:fixture:groups",
        title: "Group",
        description: "A group.",
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: { id: { type: "string", description: "Id." }, name: { type: "string" } },
      }, null, 2),
    },
    expected: ["schemas/groups.schema.json:16:5 error[schema-definition]"],
    mentions: 'every property needs a "description"',
  },
  {
    name: "retired id that still names a record",
    write: { "sources/people/_tombstones.yaml": '- id: bo\n  status: removed\n  reason: "Not in the report."\n' },
    expected: ["sources/people/_tombstones.yaml:1:7 error[tombstone-conflict]"],
  },
  {
    name: "move to an id that does not exist",
    write: { "sources/people/_tombstones.yaml": '- id: ada-lovelace\n  status: moved\n  moved_to: lovelace\n  reason: "Renamed."\n' },
    expected: ["sources/people/_tombstones.yaml:3:13 error[dangling-reference]"],
  },
  {
    name: "move without a target",
    write: { "sources/people/_tombstones.yaml": '- id: ada-lovelace\n  status: moved\n  reason: "Renamed."\n' },
    expected: ["sources/people/_tombstones.yaml:2:11 error[schema]"],
    mentions: 'a "moved" tombstone needs "moved_to"',
  },
  {
    name: "reference to a retired id",
    write: {
      "sources/groups/_tombstones.yaml": '- id: triangle\n  status: moved\n  moved_to: square\n  reason: "Merged."\n',
      "sources/groups/circle.yaml": `id: circle\nname: Circle\npartners: [triangle]${evidence}`,
    },
    expected: ["sources/groups/circle.yaml:3:12 error[dangling-reference]"],
    mentions: 'it was moved to "square": refer to that id',
  },
  {
    name: "schema whose list items clash with the child CSV table's key columns",
    write: {
      "schemas/groups.schema.json": JSON.stringify({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "urn:fixture:groups",
        title: "Group",
        description: "A group.",
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: {
          id: { type: "string", description: "Id." },
          steps: {
            type: "array",
            description: "Steps.",
            items: { type: "object", description: "A step.", additionalProperties: false, properties: { index: { type: "integer", description: "Order." } } },
          },
        },
      }),
    },
    expected: ["schemas/groups.schema.json:1:294 error[schema-definition]"],
    mentions: 'cannot have a property "index"',
  },
  {
    name: "tampered quote",
    write: { [ADA]: 'id: ada\nname: Ada\nevidence:\n  - source: report\n    quote: "Ada Lovelace leads the \\"Circle\\""\n' },
    args: (root) => ["--documents", `${root}/documents`],
    expected: [`${ADA}:5:12 error[quote-not-found]`],
    mentions: 'then the quote has "\\"Circle\\"" where the document has "Circle, a gr"',
  },
  {
    name: "quote typed with a straight apostrophe",
    write: { "sources/people/bo.yaml": 'id: bo\nname: Bo Berg\nevidence:\n  - source: report\n    quote: "12 \\"readers\\""\n' },
    args: (root) => ["--documents", `${root}/documents`],
    expected: ["sources/people/bo.yaml:5:12 error[quote-not-found]"],
    mentions: 'then the quote has "\\"readers\\"" where the document has "“readers”.\\nB" (the document has the typographic “, not ")',
  },
  {
    name: "wrong document hash",
    write: { "sources/documents/report.yaml": `id: report\nsha256: "${"0".repeat(64)}"\n` },
    args: (root) => ["--documents", `${root}/documents`],
    expected: ["sources/documents/report.yaml:2:9 error[document-missing]"],
  },
  {
    name: "missing source document",
    remove: ["documents/report.txt"],
    args: (root) => ["--documents", `${root}/documents`],
    expected: ["sources/documents/report.yaml:3:9 error[document-missing]"],
  },
];

describe.each(CASES)("$name", (testCase) => {
  it.each([
    ["build", build],
    ["validate", validate],
  ] as const)("%s reports it where it is and changes nothing on disk", async (_, command) => {
    const root = copyFixture();
    const args = testCase.args?.(root) ?? [];
    expect((await run(build, ["--root", root, ...args])).status).toBe(0);
    for (const [path, content] of Object.entries(testCase.write ?? {})) writeIn(root, path, content);
    for (const path of testCase.remove ?? []) removeIn(root, path);
    const before = snapshot(root);

    const result = await run(command, ["--root", root, ...args]);

    expect(result.status).toBe(1);
    const printed = result.stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"));
    expect(printed).toEqual(testCase.expected);
    if (testCase.mentions) expect(result.stderr).toContain(testCase.mentions);
    expect(result.stdout).toBe("");
    expect(snapshot(root)).toEqual(before);
  });
});

describe("one run", () => {
  it("reports every problem in every file, then counts them per code", async () => {
    const root = copyFixture();
    writeIn(root, ADA, `id: ada\nname: 1815\nrole: chair${evidence}`);
    writeIn(root, "sources/groups/square.yaml", `id: square\nname: Square\npartners: [triangle]${evidence}`);
    writeIn(root, "sources/people/bo.yaml", "id: bo\nname: [Bo\n");
    const result = await run(validate, ["--root", root]);
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"))).toEqual([
      "sources/groups/square.yaml:3:12 error[dangling-reference]",
      `${ADA}:2:7 error[schema]`,
      `${ADA}:3:7 error[schema]`,
      "sources/people/bo.yaml:3:1 error[yaml-syntax]",
    ]);
    expect(result.stderr.split("\n").at(-1)).toBe("4 problems in 3 files (dangling-reference 1, schema 2, yaml-syntax 1)");
  });
});
