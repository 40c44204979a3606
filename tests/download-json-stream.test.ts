/**
 * The release validator reads JSON files as a stream (scripts/verify/json-stream.ts):
 * whole for the descriptor, schemas and tombstones.json, one record at a time for a
 * table. It must read exactly what JSON.parse reads, across any split into pieces, and
 * still report what JSON.parse hides and refuse nesting too deep to check.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonStream, MAX_DEPTH } from "../scripts/verify/json-stream.ts";
import { PIECE_BYTES, ReleaseFiles } from "../scripts/verify/release-files.ts";
import { ProblemLog } from "../scripts/verify/report.ts";
import { tempDir } from "./helpers/project.ts";

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
