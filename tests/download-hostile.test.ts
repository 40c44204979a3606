/**
 * The release validator on hostile release content: numbers JSON.parse turns into
 * Infinity, records of the wrong shape, self-referring schemas, patterns that would
 * backtrack for ever, links out of the release, repeated JSON keys, formula cells, a BOM,
 * oversized and very long cells. Each case asserts the exit status, the problems (code
 * and place), that no stack trace is printed, and that the release is left as it was.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidateDownload } from "../scripts/verify/cli.ts";
import { MAX_CELL_BYTES } from "../scripts/verify/csv-table.ts";
import { run, tempDir } from "./helpers/project.ts";
import { check, copyRelease, editFile, fileHashes, readDescriptor, replaceText, writeDescriptor, type Checked } from "./helpers/release-corpus.ts";

/** Marker content of files outside the release: it must never reach the output. */
const SECRET = "root:x:0:0:MARKER-outside-the-release";

interface Outcome extends Checked {
  /** Everything the human format printed, stdout and stderr. */
  printed: string;
}

/** Validates in both formats (`human: false`: JSON only, for a very large file); asserts no stack trace and that the release is untouched. */
async function validate(release: string, { human: both } = { human: true }): Promise<Outcome> {
  const before = fileHashes(release);
  const checked = await check(release);
  const human = both ? await run(runValidateDownload, [release]) : { status: checked.status, stdout: JSON.stringify(checked.report), stderr: "" };
  expect(fileHashes(release)).toEqual(before);
  const printed = `${human.stdout}\n${human.stderr}`;
  expect(printed).not.toMatch(/^\s+at /m);
  expect(human.status).toBe(checked.status);
  return { ...checked, printed };
}

/** A file outside the release holding the marker, to link to. */
function outsideFile(name = "secret.json"): string {
  const path = join(tempDir("cai-outside-"), name);
  writeFileSync(path, SECRET);
  return path;
}

function linkIn(release: string, path: string, target: string): void {
  rmSync(join(release, path), { recursive: true, force: true });
  symlinkSync(target, join(release, path));
}

function editJson(release: string, path: string, edit: (data: unknown) => void): void {
  const data = JSON.parse(readFileSync(join(release, path), "utf8"));
  edit(data);
  writeFileSync(join(release, path), `${JSON.stringify(data, null, 2)}\n`);
}

describe("hostile JSON in a release (13)", () => {
  it("a number too large for a double (1e400): schema-error at the property, and its CSV rows are not compared", async () => {
    const release = await copyRelease();
    editFile(release, "json/groups.json", replaceText('"size": 12', '"size": 1e400'), false);
    const { status, located, report } = await validate(release);
    expect(located).toEqual([{ code: "schema-error", file: "json/groups.json", row: 1, field: "size" }]);
    expect(report.problems[0]).toMatchObject({ pointer: "/0/size" });
    expect(status).toBe(1);
  });

  it("a list property holding a number: schema-error, the record is not flattened", async () => {
    const release = await copyRelease();
    editJson(release, "json/groups.json", (records) => {
      (records as Record<string, unknown>[])[0]!.evidence = 5;
    });
    const { status, located } = await validate(release);
    expect(located).toEqual([{ code: "schema-error", file: "json/groups.json", row: 1, field: "evidence" }]);
    expect(status).toBe(1);
  });

  it('a schema that is only {"$ref": "#"}: schema-error on the schema file', async () => {
    const release = await copyRelease();
    writeFileSync(join(release, "schemas/groups.schema.json"), '{"$ref": "#"}\n');
    const { status, located } = await validate(release);
    expect(located).toContainEqual({ code: "schema-error", file: "schemas/groups.schema.json" });
    expect(located.filter((p) => p.file === "json/groups.json")).toEqual([]);
    expect(status).toBe(1);
  });

  it("a record whose id is an object that cannot become text: schema-error, no crash", async () => {
    const release = await copyRelease();
    editJson(release, "json/people.json", (records) => {
      (records as Record<string, unknown>[])[0]!.id = { toString: 1, valueOf: 1 };
    });
    const { status, located } = await validate(release);
    expect(located).toContainEqual({ code: "schema-error", file: "json/people.json", row: 1, field: "id" });
    expect(status).toBe(1);
  });
});

describe("patterns from a release run in linear time (14)", () => {
  const hostile = `${"a".repeat(41)}!`;

  it("a Table Schema pattern with a backreference: descriptor-error naming the reason", async () => {
    const release = await copyRelease();
    const descriptor = readDescriptor(release);
    const field = descriptor.resources.find((r) => r.name === "groups")!.schema!.fields.find((f) => f.name === "name")! as { constraints?: Record<string, unknown> };
    field.constraints = { ...field.constraints, pattern: "(a)\\1" };
    writeDescriptor(release, descriptor);
    const { status, located, report } = await validate(release);
    expect(located).toEqual([{ code: "descriptor-error", file: "datapackage.json", field: "name" }]);
    expect(report.problems[0]).toMatchObject({ pointer: "/resources/1/schema/fields/1/constraints/pattern" });
    expect(report.problems[0]!.message).toMatch(/pattern .*cannot run in linear time/);
    expect(status).toBe(1);
  });

  it("a Table Schema pattern (a+)+ on 41 a's and a '!': the check returns with a constraint-error", async () => {
    const release = await copyRelease();
    const descriptor = readDescriptor(release);
    const field = descriptor.resources.find((r) => r.name === "groups")!.schema!.fields.find((f) => f.name === "name")! as { constraints?: Record<string, unknown> };
    field.constraints = { ...field.constraints, pattern: "(a+)+" };
    writeDescriptor(release, descriptor);
    editFile(release, "csv/groups.csv", replaceText("circle,Circle,", `circle,${hostile},`), true);
    editFile(release, "json/groups.json", replaceText('"Circle"', JSON.stringify(hostile)), false);
    const { status, located } = await validate(release);
    expect(located).toEqual([
      { code: "constraint-error", file: "csv/groups.csv", row: 2, field: "name" },
      { code: "constraint-error", file: "csv/groups.csv", row: 3, field: "name" },
    ]);
    expect(status).toBe(1);
  });

  it("a JSON Schema pattern with a backreference: schema-error on the schema naming the reason", async () => {
    const release = await copyRelease();
    editJson(release, "schemas/groups.schema.json", (schema) => {
      (schema as { properties: Record<string, Record<string, unknown>> }).properties.name!.pattern = "(a)\\1";
    });
    const { status, located, report } = await validate(release);
    expect(located).toContainEqual({ code: "schema-error", file: "schemas/groups.schema.json" });
    expect(report.problems.find((p) => p.file === "schemas/groups.schema.json")!.message).toMatch(/backreference|invalid|escape/i);
    expect(status).toBe(1);
  });

  it("a JSON Schema pattern ^(a+)+$ on 41 a's and a '!': the check returns with a schema-error", async () => {
    const release = await copyRelease();
    editJson(release, "schemas/groups.schema.json", (schema) => {
      (schema as { properties: Record<string, Record<string, unknown>> }).properties.name!.pattern = "^(a+)+$";
    });
    editJson(release, "json/groups.json", (records) => {
      (records as Record<string, unknown>[])[0]!.name = hostile;
    });
    const { status, located } = await validate(release);
    expect(located).toEqual([
      { code: "schema-error", file: "json/groups.json", row: 1, field: "name" },
      { code: "schema-error", file: "json/groups.json", row: 2, field: "name" },
    ]);
    expect(status).toBe(1);
  });
});

describe("links out of a release folder are not followed (15)", () => {
  for (const path of ["json/groups.json", "schemas/people.schema.json", "tombstones.json", "csv/people.csv"]) {
    it(`${path} linked to a file outside: unsafe-path, and nothing of that file is printed`, async () => {
      const release = await copyRelease();
      linkIn(release, path, outsideFile());
      const { status, located, printed, report } = await validate(release);
      expect(located.filter((p) => p.code === "unsafe-path")).toEqual([{ code: "unsafe-path", file: path }]);
      expect(printed).not.toContain("MARKER");
      expect(JSON.stringify(report)).not.toContain("MARKER");
      expect(status).toBe(1);
    });
  }

  it("the schemas folder linked to a folder outside: unsafe-path for each schema read through it", async () => {
    const release = await copyRelease();
    const outside = tempDir("cai-outside-");
    for (const name of ["documents", "groups", "people"]) writeFileSync(join(outside, `${name}.schema.json`), SECRET);
    linkIn(release, "schemas", outside);
    const { status, located, printed } = await validate(release);
    expect(located.filter((p) => p.code === "unsafe-path").map((p) => p.file)).toEqual(["schemas/documents.schema.json", "schemas/groups.schema.json", "schemas/people.schema.json"]);
    expect(printed).not.toContain("MARKER");
    expect(status).toBe(1);
  });

  it("a link that stays inside the release is refused too", async () => {
    const release = await copyRelease();
    mkdirSync(join(release, "copies"));
    writeFileSync(join(release, "copies/groups.json"), readFileSync(join(release, "json/groups.json")));
    linkIn(release, "json/groups.json", "../copies/groups.json");
    const { status, located } = await validate(release);
    expect(located).toContainEqual({ code: "unsafe-path", file: "json/groups.json" });
    expect(status).toBe(1);
  });
});

describe("what JSON.parse and a plain CSV check let through (16)", () => {
  it("a key repeated in datapackage.json: duplicate-key with its pointer and line", async () => {
    const release = await copyRelease();
    editFile(release, "datapackage.json", replaceText('"resources": [', '"title": "Another title",\n  "resources": ['), false);
    const { status, located, report } = await validate(release);
    expect(located).toEqual([{ code: "duplicate-key", file: "datapackage.json" }]);
    expect(report.problems[0]).toMatchObject({ pointer: "/title" });
    expect(report.problems[0]!.message).toMatch(/"title" .*lines \d+ and \d+/);
    expect(status).toBe(1);
  });

  it("a key repeated in a JSON record: duplicate-key at the record and property", async () => {
    const release = await copyRelease();
    editFile(release, "json/groups.json", replaceText('"name": "Square, the",', '"name": "Square, the",\n    "name": "Square, the",'), false);
    const { status, located, report } = await validate(release);
    expect(located).toEqual([{ code: "duplicate-key", file: "json/groups.json", row: 2, field: "name" }]);
    expect(report.problems[0]).toMatchObject({ pointer: "/1/name" });
    expect(status).toBe(1);
  });

  it("keys repeated in a schema and in tombstones.json: duplicate-key in each", async () => {
    const release = await copyRelease();
    editFile(release, "schemas/people.schema.json", replaceText('"type": "object",', '"type": "object",\n  "type": "object",'), false);
    editFile(release, "tombstones.json", replaceText('"status": "removed",', '"status": "removed",\n    "status": "removed",'), true);
    const { status, located } = await validate(release);
    expect(located).toEqual([
      { code: "duplicate-key", file: "schemas/people.schema.json" },
      { code: "duplicate-key", file: "tombstones.json", row: 2, field: "status" },
    ]);
    expect(status).toBe(1);
  });

  it("a CSV cell that a spreadsheet would run as a formula: formula at the row and field", async () => {
    const release = await copyRelease();
    editFile(release, "csv/groups.csv", replaceText("circle,Circle,", "circle,=1+2,"), true);
    editFile(release, "json/groups.json", replaceText('"Circle"', '"=1+2"'), false);
    const { status, located } = await validate(release);
    expect(located).toEqual([{ code: "formula", file: "csv/groups.csv", row: 2, field: "name" }]);
    expect(status).toBe(1);
  });
});

describe("diagnoses that must not mislead (17)", () => {
  it("a UTF-8 BOM at the start of a CSV file is skipped: the release is valid", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), true);
    const { status, report } = await validate(release);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
  });

  it("a cell over the size limit: cell-too-large at its row and field, not an encoding error", async () => {
    const release = await copyRelease();
    const path = join(release, "csv/groups.evidence.csv");
    const [head, rest] = readFileSync(path, "utf8").split('"the Circle, a group of 12 “readers”"') as [string, string];
    writeFileSync(path, Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_CELL_BYTES + 1024, "x"), Buffer.from(rest)]));
    const { status, located } = await validate(release, { human: false });
    expect(located).toEqual([
      { code: "byte-count", file: "csv/groups.evidence.csv" },
      { code: "hash-count", file: "csv/groups.evidence.csv" },
      { code: "cell-too-large", file: "csv/groups.evidence.csv", row: 2, field: "quote" },
    ]);
    expect(status).toBe(1);
  });

  it("a 1,000,000-character cell is quoted cut short, with its length", async () => {
    const release = await copyRelease();
    const long = "y".repeat(1_000_000);
    editFile(release, "csv/groups.evidence.csv", replaceText('"the Circle, a group of 12 “readers”"', long), true);
    const { status, located, report, printed } = await validate(release);
    expect(located).toEqual([
      { code: "constraint-error", file: "csv/groups.evidence.csv", row: 2, field: "quote" },
      { code: "csv-json-mismatch", file: "csv/groups.evidence.csv", row: 2, field: "quote" },
    ]);
    for (const { message } of report.problems) {
      expect(message.length).toBeLessThan(300);
      expect(message).toMatch(/… \(1000000 characters\)/);
    }
    expect(printed.length).toBeLessThan(2000);
    expect(status).toBe(1);
  });
});
