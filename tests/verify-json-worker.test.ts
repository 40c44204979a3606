/**
 * The release validator reads a table's JSON records apart from its CSV files, in batches
 * (scripts/verify/json-side.ts, row-batch.ts), in this thread or in a worker thread
 * (json-worker.ts, compiled). Where the batches are made and where they end must change
 * nothing the validator reports: on releases broken in many ways at once, across many
 * batches, the worker and this thread report the same problems, and batches of one
 * record and of the default size make the same steps.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { writeScaledRelease } from "../scripts/bench/validator.ts";
import { JsonSide, type Batch } from "../scripts/verify/json-side.ts";
import { jsonTable, readJsonTables, recordAjv, tableNames } from "../scripts/verify/json-tables.ts";
import { ReleaseFiles } from "../scripts/verify/release-files.ts";
import { ProblemLog } from "../scripts/verify/report.ts";
import { BatchRow, walkBatch } from "../scripts/verify/row-batch.ts";
import { validateRelease } from "../scripts/verify/validate-release.ts";
import { REPO, tempDir } from "./helpers/project.ts";
import { editFile, replaceText } from "./helpers/release-corpus.ts";

/** Records in the people table: enough for many batches. */
const RECORDS = 3000;

const person = (i: number) => `person-${String(i).padStart(7, "0")}`;

let worker: URL;
let release: string;

/** The validator's sources compiled to JavaScript beside a link to the dependencies, as lib/ has them. */
function compileValidator(): URL {
  const dir = tempDir("cai-json-worker-");
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(REPO, "packages", "validator", "tsconfig.json"), "--outDir", join(dir, "lib"), "--noCheck"], { encoding: "utf8" });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  return pathToFileURL(join(dir, "lib", "verify", "json-worker.js"));
}

/** A release with problems on both sides, early, late and in between. */
async function brokenRelease(): Promise<string> {
  const dir = tempDir("cai-json-worker-release-");
  mkdirSync(dir, { recursive: true });
  const root = await writeScaledRelease(dir, RECORDS);
  // JSON: a key given twice, a value its schema refuses, a record out of order near the end.
  editFile(root, "json/people.json", replaceText(`"id": "${person(40)}",`, `"id": "${person(40)}",\n    "name": "Twice",`), false);
  editFile(root, "json/people.json", replaceText(`"name": "Person 1500",`, `"name": "Person 1500",\n    "rank": 3,`), false);
  const last = readFileSync(join(root, "json", "people.json"), "utf8");
  writeFileSync(join(root, "json", "people.json"), last.replace(`"id": "${person(2990)}"`, `"id": "${person(2995)}x"`));
  // CSV: a changed cell, a row missing, a row extra.
  editFile(root, "csv/people.csv", replaceText(`${person(700)},Person 700,`, `${person(700)},Person Seven Hundred,`), true);
  editFile(root, "csv/people.evidence.csv", replaceText(`${person(1200)},1,report,Bo Berg joined the Circle in 1999\r\n`, ""), true);
  editFile(root, "csv/people.evidence.csv", replaceText(`${person(2100)},1,`, `${person(2100)},1,report,an extra row\r\n${person(2100)},2,`), true);
  // tombstones.json naming a live record.
  editFile(root, "tombstones.json", replaceText(`"table": "people",`, `"table": "people",\n    "id": "${person(2500)}",\n    "status": "removed",\n    "reason": "still live"\n  },\n  {\n    "table": "people",`), true);
  return root;
}

async function validated(root: string, jsonWorker: URL | false) {
  const log = new ProblemLog();
  const stats = await validateRelease(root, "datapackage.json", log, { jsonWorker });
  return { stats, problems: log.sorted(), omitted: log.omitted };
}

beforeAll(async () => {
  worker = compileValidator();
  release = await brokenRelease();
}, 180_000);

describe("the JSON tables' worker thread", () => {
  it("reports what this thread reports, problem for problem, in the same order", async () => {
    const here = await validated(release, false);
    const codes = new Set(here.problems.map((p) => p.code));
    for (const code of ["duplicate-key", "schema-error", "row-order", "csv-json-mismatch", "tombstone-conflict"]) expect(codes).toContain(code);
    expect(here.stats.rows).toBeGreaterThan(2 * RECORDS);
    expect(await validated(release, worker)).toEqual(here);
  }, 120_000);

  it("reports a good release valid, every row counted", async () => {
    const good = await writeScaledRelease(tempDir("cai-json-worker-good-"), RECORDS);
    const { stats, problems } = await validated(good, worker);
    expect(problems).toEqual([]);
    expect(stats).toEqual((await validated(good, false)).stats);
    expect(stats.rows).toBeGreaterThan(2 * RECORDS);
    expect(stats.jsonTables).toBe(3);
  }, 120_000);
});

describe("batches of records", () => {
  /** Every step the people table's batches give, as text, and the problems they carry, with batches of at most `size` numbers. */
  function steps(size: number | undefined): { steps: string[]; problems: unknown[]; batches: number } {
    const log = new ProblemLog();
    const files = new ReleaseFiles(release, log);
    const names = tableNames(release, []);
    const [read] = readJsonTables(files, ["people"]);
    const table = jsonTable("people", read!.schema, names);
    const file = files.open(table.file, "missing")!;
    const out: string[] = [];
    const problems: unknown[] = [];
    let batches = 0;
    try {
      const side = new JsonSide(table, file, recordAjv(), new Set([person(2500)]), size);
      const rows = table.layouts.map((layout) => new BatchRow(layout.columns.length, layout.primaryKey.map((name) => layout.columns.findIndex((c) => c.name === name))));
      const walker = {
        named: (id: string) => out.push(`named ${id}`),
        stop: () => out.push("stop"),
        skip: (layout: number, id: string | undefined) => out.push(`skip ${layout} ${id}`),
        expect: (layout: number, row: BatchRow) => out.push(`expect ${layout} ${row.record} ${JSON.stringify(row.key)} ${Array.from({ length: row.columns }, (_, i) => row.cell(i)).join("|")}`),
      };
      for (let batch: Batch | undefined; batch?.loaded === undefined; ) {
        batch = side.next();
        batches++;
        problems.push(...batch.problems);
        walkBatch(batch.steps, walker, (layout) => rows[layout]!);
      }
    } finally {
      file.close();
    }
    return { steps: out, problems, batches };
  }

  it("of one record each give the same steps and problems as the default size", () => {
    const whole = steps(undefined);
    const single = steps(1);
    expect(single.batches).toBeGreaterThan(RECORDS);
    expect(whole.batches).toBeLessThan(single.batches / 10);
    expect(single.steps).toEqual(whole.steps);
    expect(single.problems).toEqual(whole.problems);
    expect(whole.steps).toContain(`named ${person(2500)}`);
    expect(whole.steps).toContain("stop");
    expect(whole.steps.filter((s) => s.startsWith("skip 0 "))).toEqual([`skip 0 ${person(1500)}`]);
    expect(whole.steps).toContain(`expect 1 ${701} ["${person(700)}",1] ${person(700)}|1|report|Bo Berg joined the Circle in 1999`);
  });
});
