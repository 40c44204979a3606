/**
 * A reader we did not write: Python's csv module (the reader behind pandas' python engine
 * and many scripts) reads every CSV of dist/ and of every committed release archive, and
 * must find exactly the rows the release's JSON tables give when flattened by the
 * project's rule (csvLayouts and cellText of scripts/contract/flatten.ts). A cell the
 * writer left unquoted around a line break, or any other dialect slip, shows up here
 * as an extra or short row.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { cellText, csvLayouts } from "../scripts/contract/flatten.ts";
import type { Row } from "../scripts/contract/flatten.ts";
import type { Table } from "../scripts/engine/schemas.ts";
import { ShapeReader, type JsonSchema, type SchemaFile } from "../scripts/contract/shapes.ts";
import { copyFixture, copyFixtureUnchecked, REPO, run, tempDir, writeIn } from "./helpers/project.ts";

const hasPython = spawnSync("python3", ["--version"]).status === 0;

/**
 * Prints {"root": <release folder>, "csv": {"csv/<name>.csv": rows}}. CSV files are read
 * straight from the folder or from the archive's members; an archive is also unpacked
 * into the second argument, so that its JSON tables can be read.
 */
const READER = String.raw`
import csv, io, json, os, sys, tarfile, zipfile
source, dest = sys.argv[1], sys.argv[2]
tables = {}
def read(name, binary):
    # newline="" as the csv module requires: it then sees every CR and LF itself.
    text = io.TextIOWrapper(binary, encoding="utf-8", errors="strict", newline="")
    tables[name] = [row for row in csv.reader(text, strict=True)]
def member(name):
    parts = name.split("/")
    return "/".join(parts[1:]) if len(parts) == 3 and parts[1] == "csv" and parts[2].endswith(".csv") else None
if os.path.isdir(source):
    root = source
    for name in sorted(os.listdir(os.path.join(source, "csv"))):
        with open(os.path.join(source, "csv", name), "rb") as f:
            read("csv/" + name, f)
elif source.endswith(".zip"):
    with zipfile.ZipFile(source) as z:
        names = z.namelist()
        for name in names:
            if member(name):
                with z.open(name) as f:
                    read(member(name), f)
        z.extractall(dest)
    root = os.path.join(dest, names[0].split("/")[0])
else:
    with tarfile.open(source, "r:gz") as t:
        names = t.getnames()
        for info in t.getmembers():
            if info.isfile() and member(info.name):
                read(member(info.name), t.extractfile(info))
        t.extractall(dest, filter="data")
    root = os.path.join(dest, names[0].split("/")[0])
print(json.dumps({"root": root, "csv": tables}))
`;

function readWithPython(source: string): { root: string; csv: Record<string, string[][]> } {
  const result = spawnSync("python3", ["-c", READER, source, tempDir("cai-python-")], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { root: string; csv: Record<string, string[][]> };
}

/**
 * A release's table, read from its bundled schema with the engine's shape reader only: the
 * reference stays independent of the release validator, whose loading is under test elsewhere.
 */
function releaseTable(root: string, name: string, names: Set<string>): Table {
  const file = `schemas/${name}.schema.json`;
  const data = JSON.parse(readFileSync(join(root, file), "utf8")) as JsonSchema;
  const schemaFile: SchemaFile = { id: typeof data.$id === "string" ? data.$id : file, data, yaml: { file, data, locate: () => ({ file, line: 1, col: 1 }) } };
  const reader = new ShapeReader(new Map([[schemaFile.id, schemaFile]]), names);
  const shape = reader.readTable(schemaFile);
  expect(reader.problems, file).toEqual([]);
  // Flattening needs only the name and the shape; nothing here validates.
  return { name, schemaFile, shape: shape!, validate: (() => true) as unknown as Table["validate"] };
}

/** Each CSV file of a release, as its JSON tables say it must read: header, then rows. */
function csvFromJson(root: string): Map<string, string[][]> {
  const names = readdirSync(join(root, "json")).filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -".json".length));
  const files = new Map<string, string[][]>();
  for (const name of names) {
    const records = JSON.parse(readFileSync(join(root, "json", `${name}.json`), "utf8")) as Row[];
    const table = releaseTable(root, name, new Set(names));
    for (const layout of csvLayouts(table)) {
      const header = layout.columns.map((column) => column.name);
      files.set(`csv/${layout.name}.csv`, [header, ...layout.rows(records).map((row) => header.map((name) => cellText(row[name])))]);
    }
  }
  return files;
}

function expectSameTables(source: string): void {
  const { root, csv } = readWithPython(source);
  const expected = csvFromJson(root);
  expect(Object.keys(csv).sort()).toEqual([...expected.keys()].sort());
  for (const [file, rows] of expected) expect(csv[file], file).toEqual(rows);
}

const RELEASES = join(REPO, "releases");
const ARCHIVES = readdirSync(RELEASES).filter((name) => name.endsWith(".tar.gz") || name.endsWith(".zip")).sort();

describe.skipIf(!hasPython)("Python's csv module (an independent reader; skipped without python3 on PATH)", () => {
  it("reads every CSV of dist/ as the JSON tables say", () => {
    expectSameTables(join(REPO, "dist"));
  });

  it.each(ARCHIVES)("reads every CSV of releases/%s as its JSON tables say", (archive) => {
    expectSameTables(join(RELEASES, archive));
  });

  it("reads a build with line breaks, commas and quotes inside cells as the JSON says", async () => {
    // The quote below is not in the fixture's document: this test is about CSV cells.
    const root = copyFixtureUnchecked();
    // A line break alone in a cell (nothing else there asks for quotes), and commas and quotes in others.
    writeIn(root, "sources/people/ada.yaml", 'id: ada\nname: "Ada\\nLovelace"\naliases: ["Countess, of \\"Lovelace\\""]\nevidence:\n  - source: report\n    quote: "Ada Lovelace\\nleads the Circle"\n');
    const built = await run(build, ["--root", root]);
    expect(built.status, built.stderr).toBe(0);
    expectSameTables(join(root, "dist"));
  });
});
