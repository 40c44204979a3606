/**
 * The release validator reads JSON files as a stream (scripts/verify/json-stream.ts):
 * whole for the descriptor, schemas and tombstones.json, one record at a time for a
 * table. It must read exactly what JSON.parse reads, across any split into pieces, and
 * still refuse what a stream makes possible to hold back: a record too large to hold,
 * nesting too deep to check, and bytes that are not UTF-8.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonStream, MAX_DEPTH, MAX_RECORD_BYTES } from "../scripts/verify/json-stream.ts";
import { PIECE_BYTES, ReleaseFiles } from "../scripts/verify/release-files.ts";
import { ProblemLog } from "../scripts/verify/report.ts";
import { tempDir } from "./helpers/project.ts";
import { check, copyRelease, editFile } from "./helpers/release-corpus.ts";

const folder = tempDir("cai-json-stream-");
let files = 0;

/** Every value the stream gives for `text`, and the problems it reports. */
function stream(text: string | Buffer, depth: 0 | 1): { values: unknown[]; problems: ReturnType<ProblemLog["sorted"]>; failed: boolean } {
  const name = `${files++}.json`;
  writeFileSync(join(folder, name), text);
  const log = new ProblemLog();
  const file = new ReleaseFiles(folder, log).open(name, "missing")!;
  try {
    const reader = new JsonStream(file, log, { depth, contentCode: "schema-error", records: true });
    const values: unknown[] = [];
    for (let read = reader.next(); read; read = reader.next()) {
      expect(read.index).toBe(depth === 1 ? values.length : 0);
      values.push(read.value);
    }
    return { values, problems: log.sorted(), failed: reader.failed };
  } finally {
    file.close();
  }
}

describe("reading what JSON.parse reads", () => {
  it("gives any JSON value as JSON.parse does, whole", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const read = stream(text, 0);
        expect(read.problems).toEqual([]);
        expect(read.values).toEqual([JSON.parse(text)]);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the records of an array one by one, whatever piece boundary falls inside a string, a number or a character", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 60 }), fc.nat({ max: PIECE_BYTES }), (records, padding) => {
        // A first record of varying length moves every later boundary; "é" and "😀" put multi-byte characters across them.
        const text = JSON.stringify([`${"é".repeat(padding)}😀`, ...records, "😀".repeat(PIECE_BYTES)], null, 1);
        const read = stream(text, 1);
        expect(read.problems).toEqual([]);
        expect(read.values).toEqual(JSON.parse(text));
      }),
      { numRuns: 100 },
    );
  });

  it("reports what JSON.parse hides, by pointer and line: a repeated key, a number beyond a double", () => {
    const read = stream('[\n  {"a": 1,\n   "b": {"a": 2},\n   "a": 3},\n  {"n": 1e400}\n]\n', 1);
    expect(read.values).toEqual([{ a: 3, b: { a: 2 } }, { n: Infinity }]);
    expect(read.problems).toEqual([
      { code: "duplicate-key", file: expect.any(String), row: 1, field: "a", pointer: "/0/a", message: 'the key "a" is given twice in one object (lines 2 and 4); JSON.parse keeps the last' },
      { code: "schema-error", file: expect.any(String), row: 2, field: "n", pointer: "/1/n", message: 'the number "1e400" (line 5) is beyond the range of a double: it reads as Infinity' },
    ]);
  });

  it("keeps a __proto__ key an own property, as JSON.parse does", () => {
    const [record] = stream('[{"__proto__": {"polluted": true}}]', 1).values as Record<string, unknown>[];
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record!)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["", "the file is empty"],
    ["[1, 2", "the file ends before the JSON value does (line 1)"],
    ['[{"a" 1}]', "not valid JSON (line 1): unexpected 1"],
    ["[1]\n2", "not valid JSON (line 2): 2 after the end of the JSON value"],
    ['["a\nb"]', 'not valid JSON (line 1): unexpected "\\n"'],
  ])("refuses %j as format-error, with where", (text, message) => {
    const read = stream(text, 0);
    expect(read.failed).toBe(true);
    expect(read.problems).toEqual([{ code: "format-error", file: expect.any(String), message: expect.stringContaining(message) }]);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels before checking anything in it`, () => {
    const read = stream(`[${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}]`, 1);
    expect(read.failed).toBe(true);
    expect(read.problems.map((p) => p.code)).toEqual(["format-error"]);
  });
});

describe("a JSON table of a release", () => {
  it("with a BOM: read as without", async () => {
    const release = await copyRelease();
    editFile(release, "json/groups.json", (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), false);
    const { status, located } = await check(release);
    expect(located).toEqual([]);
    expect(status).toBe(0);
  });

  /** What a JSON table that cannot be read through leaves: the table counts as absent, for its CSV files and for tombstones.json. */
  const absentPeople = [
    { code: "csv-json-mismatch", file: "csv/people.csv" },
    { code: "csv-json-mismatch", file: "csv/people.evidence.csv" },
    { code: "foreign-key", file: "tombstones.json", row: 1, field: "table" },
    { code: "foreign-key", file: "tombstones.json", row: 2, field: "table" },
  ];

  it("not UTF-8: encoding-error, and the table counts as absent", async () => {
    const release = await copyRelease();
    editFile(release, "json/people.json", (bytes) => Buffer.from(bytes.toString("utf8").replace("Bo Berg", "Bø Berg"), "latin1"), false);
    const { status, located } = await check(release);
    expect(located).toEqual([...absentPeople.slice(0, 2), { code: "encoding-error", file: "json/people.json" }, ...absentPeople.slice(2)]);
    expect(status).toBe(1);
  });

  it("cut short after its first record: format-error with the line, the table counts as absent, and no row is reported missing for what was not read", async () => {
    const release = await copyRelease();
    editFile(release, "json/people.json", (bytes) => bytes.subarray(0, bytes.indexOf('"id": "bo"')), false);
    const { status, located, report } = await check(release);
    expect(located).toEqual([...absentPeople.slice(0, 2), { code: "format-error", file: "json/people.json" }, ...absentPeople.slice(2)]);
    expect(report.problems.find((p) => p.code === "format-error")!.message).toMatch(/^not valid JSON: the file ends before the JSON value does \(line \d+\)$/);
    expect(status).toBe(1);
  });

  it("a record over the size limit: cell-too-large at that record, the file is not read past it, and the table counts as absent", async () => {
    const release = await copyRelease();
    const path = join(release, "json/groups.json");
    const records = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>[];
    records[1]!.name = "x".repeat(MAX_RECORD_BYTES + 1024);
    writeFileSync(path, JSON.stringify(records, null, 2));
    const { status, located, report } = await check(release);
    expect(located).toEqual([
      { code: "csv-json-mismatch", file: "csv/groups.csv" },
      { code: "csv-json-mismatch", file: "csv/groups.evidence.csv" },
      { code: "cell-too-large", file: "json/groups.json", row: 2 },
    ]);
    expect(report.problems.find((p) => p.code === "cell-too-large")).toMatchObject({ pointer: "/1" });
    expect(status).toBe(1);
  });
});
