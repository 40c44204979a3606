/**
 * The release validator on a corpus of broken releases, each made from a good build of
 * the fixture project by one kind of damage. Each case pins the exact problems (code,
 * file, row, field), the exit status, and that the release folder is left as it was.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, copyRelease, editFile, fileHashes, goodRelease, readDescriptor, replaceText, writeDescriptor, type Checked } from "./helpers/release-corpus.ts";

/** Validates a broken copy and checks that the validator wrote nothing into it. */
async function checkUntouched(release: string): Promise<Checked> {
  const before = fileHashes(release);
  const result = await check(release);
  expect(fileHashes(release)).toEqual(before);
  return result;
}

describe("a good release", () => {
  it("validates clean: exit 0, valid true, every resource and row counted", async () => {
    const { status, report } = await checkUntouched(await copyRelease());
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(report.valid).toBe(true);
    const descriptor = readDescriptor(await goodRelease());
    expect(report.stats).toMatchObject({ resources: descriptor.resources.length, rows: 10, jsonTables: 3, problems: 0, omitted: 0 });
  });
});

describe("a broken release", () => {
  it("a flipped byte: hash-count, and the changed cell disagrees with the JSON", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("Bo Berg", "Bo Cerg"), false);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "hash-count", file: "csv/people.csv" },
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 3, field: "name" },
    ]);
    expect(report.problems[0]!.message).toMatch(/^the file's sha256 is [0-9a-f]{64}, datapackage\.json says [0-9a-f]{64}$/);
    expect(status).toBe(1);
    expect(report.valid).toBe(false);
  });

  it("a truncated file: byte-count, hash-count, the lost row, and the child rows left dangling", async () => {
    const release = await copyRelease();
    editFile(release, "csv/groups.csv", (bytes) => bytes.subarray(0, bytes.indexOf("square,")), false);
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "byte-count", file: "csv/groups.csv" },
      { code: "hash-count", file: "csv/groups.csv" },
      { code: "foreign-key", file: "csv/groups.evidence.csv", row: 3, field: "id" },
      { code: "csv-json-mismatch", file: "json/groups.json", row: 2, field: "id" },
    ]);
    expect(status).toBe(1);
  });

  it("a wrong hash in the descriptor: hash-count only", async () => {
    const release = await copyRelease();
    const descriptor = readDescriptor(release);
    descriptor.resources.find((r) => r.name === "people")!.hash = `sha256:${"0".repeat(64)}`;
    writeDescriptor(release, descriptor);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([{ code: "hash-count", file: "csv/people.csv" }]);
    expect(report.problems[0]!.message).toContain(`datapackage.json says ${"0".repeat(64)}`);
    expect(status).toBe(1);
  });

  it("a missing file: missing-file", async () => {
    const release = await copyRelease();
    rmSync(join(release, "csv/groups.evidence.csv"));
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([{ code: "missing-file", file: "csv/groups.evidence.csv" }]);
    expect(status).toBe(1);
  });

  it("an extra column: extra-label on the header, extra-cell on every row", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", (bytes) => Buffer.from(bytes.toString("utf8").replace(/\r\n/g, ",x\r\n").replace("date,x", "date,note")), true);
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "extra-label", file: "csv/people.csv", row: 1, field: "note" },
      { code: "extra-cell", file: "csv/people.csv", row: 2, field: "note" },
      { code: "extra-cell", file: "csv/people.csv", row: 3, field: "note" },
    ]);
    expect(status).toBe(1);
  });

  it("a bad date: type-error at the cell, which also disagrees with the JSON", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("member,1999,", "member,1999,1999-02-30"), true);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "type-error", file: "csv/people.csv", row: 3, field: "joined.date" },
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 3, field: "joined.date" },
    ]);
    expect(report.problems[0]!.message).toBe('"1999-02-30" is not a date (YYYY-MM-DD, a day that exists)');
    expect(status).toBe(1);
  });

  it("a duplicate key: primary-key at the second row", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", (bytes) => Buffer.concat([bytes, Buffer.from("bo,Bo Berg,Bo B.,circle,member,1999,\r\n")]), true);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([{ code: "primary-key", file: "csv/people.csv", row: 4, field: "id" }]);
    expect(report.problems[0]!.message).toBe('"bo" repeats the primary key of row 3');
    expect(status).toBe(1);
  });

  it("a dangling foreign key: foreign-key at the cell", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("ada,Ada Lovelace,,circle", "ada,Ada Lovelace,,triangle"), true);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "foreign-key", file: "csv/people.csv", row: 2, field: "group" },
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 2, field: "group" },
    ]);
    expect(report.problems[0]!.message).toBe('no row of groups (csv/groups.csv) has id "triangle"');
    expect(status).toBe(1);
  });

  it("a file in Latin-1: encoding-error at the cell, not a silent replacement character", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", (bytes) => Buffer.from(bytes.toString("utf8").replace("Ada Lovelace", "Adà Lovelace"), "latin1"), true);
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([{ code: "encoding-error", file: "csv/people.csv", row: 2, field: "name" }]);
    expect(status).toBe(1);
  });

  it("a blank row and a short row: blank-row, then missing-cell for each absent field", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", (bytes) => Buffer.concat([bytes, Buffer.from("\r\nzed,Zed\r\n")]), true);
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([
      { code: "blank-row", file: "csv/people.csv", row: 4 },
      ...["aliases", "group", "role", "joined.year", "joined.date"].map((field) => ({ code: "missing-cell", file: "csv/people.csv", row: 5, field })),
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 5, field: "id" },
    ]);
    expect(status).toBe(1);
  });

  it("a JSON record that breaks its schema: schema-error at the record and property, and its CSV row is not compared", async () => {
    const release = await copyRelease();
    editFile(release, "json/people.json", replaceText('"role": "leader"', '"role": "boss"'), false);
    const { status, located } = await checkUntouched(release);
    // The CSV still says "leader": comparing it with a record already known to be wrong would only repeat the problem.
    expect(located).toEqual([
      { code: "schema-error", file: "json/people.json", row: 1, field: "role" },
    ]);
    expect(status).toBe(1);
  });

  it("a descriptor with an unknown field type: descriptor-error naming the field", async () => {
    const release = await copyRelease();
    const descriptor = readDescriptor(release);
    descriptor.resources.find((r) => r.name === "people")!.schema!.fields.find((f) => f.name === "joined.year")!.type = "yearx";
    writeDescriptor(release, descriptor);
    const { status, located, report } = await checkUntouched(release);
    expect(located).toEqual([{ code: "descriptor-error", file: "datapackage.json", field: "joined.year" }]);
    expect(report.problems[0]!.message).toMatch(/^resource "people": unknown field type "yearx"/);
    expect(status).toBe(1);
  });

  it("a resource path that climbs out of the release: unsafe-path, and the file is not read", async () => {
    const release = await copyRelease();
    const descriptor = readDescriptor(release);
    descriptor.resources.find((r) => r.name === "people")!.path = "../outside.csv";
    writeDescriptor(release, descriptor);
    const { status, located } = await checkUntouched(release);
    expect(located).toEqual([{ code: "unsafe-path", file: "datapackage.json" }]);
    expect(status).toBe(1);
  });
});
