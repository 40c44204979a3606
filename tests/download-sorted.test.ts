/**
 * A release's tables are sorted by primary key (docs/formats.md, "Archive layout"), and
 * the release validator relies on it to walk each CSV file beside the JSON records
 * without holding either. A table out of order is reported once, where it first goes
 * back, instead of as a row missing on one side and extra on the other; a child table's
 * index orders by number; and a large generated release validates, row for row.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeScaledRelease } from "../scripts/bench/validator.ts";
import { build } from "../scripts/engine/cli.ts";
import { copyFixtureUnchecked, run, tempDir, writeIn } from "./helpers/project.ts";
import { check, copyRelease, editFile, replaceText } from "./helpers/release-corpus.ts";

/** Swaps two whole lines of a file (a CSV row, or a JSON record written on one line). */
const swapLines = (first: string, second: string) => (bytes: Buffer) => {
  const text = bytes.toString("utf8");
  expect(text).toContain(first);
  expect(text).toContain(second);
  return Buffer.from(text.replace(first, "\u0000").replace(second, first).replace("\u0000", second), "utf8");
};

describe("a table out of order", () => {
  it("CSV rows swapped: row-order at the first row out of place, and no row reported missing or extra", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", swapLines("ada,Ada Lovelace,,circle,leader,,\r\n", "bo,Bo Berg,Bo B.,circle,member,1999,\r\n"), true);
    const { status, located, report } = await check(release);
    expect(located).toEqual([{ code: "row-order", file: "csv/people.csv", row: 3, field: "id" }]);
    expect(report.problems[0]!.message).toMatch(/^"ada" comes after "bo": the rows are not sorted by id/);
    expect(status).toBe(1);
  });

  it("a child table's rows swapped within one record: row-order on id and index", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.evidence.csv", swapLines("bo,1,report,Bo Berg joined the Circle in 1999\r\n", "bo,2,report,he is also known as Bo B.\r\n"), true);
    const { status, located } = await check(release);
    expect(located).toEqual([{ code: "row-order", file: "csv/people.evidence.csv", row: 4, field: "id,index" }]);
    expect(status).toBe(1);
  });

  it("JSON records swapped: row-order at the record, and its CSV files are not compared past it", async () => {
    const release = await copyRelease();
    editFile(release, "json/people.json", (bytes) => {
      const records = JSON.parse(bytes.toString("utf8")) as unknown[];
      return Buffer.from(`${JSON.stringify(records.reverse(), null, 2)}\n`);
    }, false);
    const { status, located, report } = await check(release);
    expect(located).toEqual([{ code: "row-order", file: "json/people.json", row: 2, field: "id" }]);
    expect(report.problems[0]!.message).toMatch(/^"ada" comes after "bo": the records are not sorted by id/);
    expect(status).toBe(1);
  });

  it("a difference found before the disorder still stands", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("Ada Lovelace", "Ada King"), true);
    editFile(release, "csv/people.evidence.csv", swapLines("bo,1,report,Bo Berg joined the Circle in 1999\r\n", "bo,2,report,he is also known as Bo B.\r\n"), true);
    const { located } = await check(release);
    expect(located).toEqual([
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 2, field: "name" },
      { code: "row-order", file: "csv/people.evidence.csv", row: 4, field: "id,index" },
    ]);
  });
});

describe("the order the build writes", () => {
  it("puts a record's tenth item after its ninth (index by number, not text), and the validator accepts it", async () => {
    const root = copyFixtureUnchecked();
    const evidence = Array.from({ length: 11 }, (_, i) => `  - source: report\n    quote: "Bo Berg joined the Circle, item ${i + 1}"\n`).join("");
    writeIn(root, "sources/people/bo.yaml", `id: bo\nname: Bo Berg\ngroup: circle\nrole: member\nevidence:\n${evidence}`);
    expect((await run(build, ["--root", root])).status).toBe(0);
    const { status, located, report } = await check(join(root, "dist"));
    expect(located).toEqual([]);
    expect(status).toBe(0);
    // Ada's one item, Bo's eleven.
    expect(report.stats.rows).toBe(10 - 3 + 12);
  });
});

describe("a large release", () => {
  it("200,000 rows of people: valid with every row counted; then one changed cell near the end is the one problem", async () => {
    const rows = 200_000;
    const release = await writeScaledRelease(tempDir("cai-large-"), rows);
    const clean = await check(release);
    expect(clean.report.problems).toEqual([]);
    expect(clean.status).toBe(0);
    // The fixture's other tables (5 rows), people.csv, and people.evidence.csv: one item each, but Bo's two.
    expect(clean.report.stats).toMatchObject({ rows: 5 + rows + (rows + 1), jsonTables: 3 });

    const last = `person-${String(rows - 2).padStart(7, "0")}`;
    editFile(release, "csv/people.csv", replaceText(`${last},Person ${rows - 2},`, `${last},Person ${rows - 2}!,`), true);
    const changed = await check(release);
    expect(changed.located).toEqual([{ code: "csv-json-mismatch", file: "csv/people.csv", row: rows, field: "name" }]);
    expect(changed.status).toBe(1);
  }, 300_000);
});
