/**
 * Tables taken whole on a rebuild (engine/cache/whole-tables.ts): a table whose files are
 * all as the last clean build read them is neither read nor checked again. The build must
 * still report every problem a build without the cache reports, and write the same bytes,
 * whatever the edit: in the table itself, in a table whose ids the others name, or in a
 * list of retired ids.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readTemplates, writeCorpus } from "../scripts/bench/corpus.ts";
import { build } from "./helpers/cached-build.ts";
import { REPO, tempDir, writeIn } from "./helpers/project.ts";

// Files are seen as older than the stat-trust window, as they would be in real use.
const later = () => Date.now() + 60_000;
const templates = readTemplates(REPO);

let root: string;
let folder: string;
beforeEach(() => {
  root = tempDir("cai-whole-");
  writeCorpus(REPO, templates, root, 400, 11);
  folder = tempDir();
});

const tables = () => readdirSync(join(root, "sources")).sort();
const recordFiles = (table: string) => readdirSync(join(root, "sources", table)).filter((name) => !name.startsWith("_")).sort();
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** A build with the cache and one without, of the same sources: same problems, same bytes. */
async function rebuildAndCompare() {
  const cached = await build(root, { folder, now: later });
  const fresh = await build(root);
  expect(cached.problems).toEqual(fresh.problems);
  if (fresh.problems.length === 0) expect(cached.files).toEqual(fresh.files);
  return cached;
}

/** A record of `table` named by some record of another table, with the path of one that names it. */
function namedRecord(table: string): { id: string; namedIn: string } {
  for (const other of tables().filter((name) => name !== table)) {
    for (const file of recordFiles(other)) {
      const text = read(`sources/${other}/${file}`);
      for (const name of recordFiles(table)) {
        const id = name.replace(/\.yaml$/, "");
        if (text.includes(`"${id}"`)) return { id, namedIn: `sources/${other}/${file}` };
      }
    }
  }
  throw new Error(`no record names a record of ${table}`);
}

describe("tables taken whole on a rebuild", () => {
  it("takes every table whole when nothing changed, and all but the edited one after an edit, with the bytes of a build without the cache", async () => {
    expect((await build(root, { folder, now: later })).problems).toEqual([]);
    const again = await rebuildAndCompare();
    // The table of source documents is always read: the quotes of every other record are checked against it.
    expect(again.whole).toEqual(tables().filter((table) => table !== "sources"));

    const topic = `sources/topics/${recordFiles("topics")[0]}`;
    writeIn(root, topic, read(topic).replace(/^name: "(.*)"$/m, (line) => line.replace(/"$/, ' (renamed)"')));
    const edited = await rebuildAndCompare();
    expect(edited.problems).toEqual([]);
    expect(edited.whole).toEqual(tables().filter((table) => table !== "sources" && table !== "topics"));
  }, 120_000);

  it("checks the tables taken whole again when an id they name is gone", async () => {
    expect((await build(root, { folder, now: later })).problems).toEqual([]);
    const { id } = namedRecord("topics");
    rmSync(join(root, "sources", "topics", `${id}.yaml`));
    // The records that name it are in tables whose files did not change: they are checked again all the same.
    const cached = await rebuildAndCompare();
    expect(cached.problems.some((problem) => problem.code === "dangling-reference" && problem.message.includes(`"${id}"`))).toBe(true);
  }, 120_000);

  it("reads each table's retired ids whole or not, and reports a retired id still in use", async () => {
    expect((await build(root, { folder, now: later })).problems).toEqual([]);
    const withTombstones = tables().filter((table) => readdirSync(join(root, "sources", table)).includes("_tombstones.yaml"));
    expect(withTombstones.length).toBeGreaterThan(0);
    const [table] = withTombstones;
    const again = await rebuildAndCompare();
    expect(again.whole).toContain(table);

    // Retire an id that a record still holds: tombstone-conflict, found although the record's table is taken whole.
    const live = recordFiles("topics")[1]!.replace(/\.yaml$/, "");
    const path = "sources/topics/_tombstones.yaml";
    const retired = `- id: "${live}"\n  status: "removed"\n  reason: "a test retires a live id"\n`;
    writeIn(root, path, readdirSync(join(root, "sources", "topics")).includes("_tombstones.yaml") ? `${read(path)}${retired}` : retired);
    const conflict = await rebuildAndCompare();
    expect(conflict.problems.map((problem) => problem.code)).toContain("tombstone-conflict");
  }, 120_000);

  it("builds as without the cache after a failed build and its fix", async () => {
    expect((await build(root, { folder, now: later })).problems).toEqual([]);
    const { namedIn } = namedRecord("persons");
    const before = read(namedIn);
    writeIn(root, namedIn, before.replace(/^id: "(.*)"$/m, 'id: "Not An Id"'));
    expect((await rebuildAndCompare()).problems.length).toBeGreaterThan(0);
    writeIn(root, namedIn, before);
    expect((await rebuildAndCompare()).problems).toEqual([]);
  }, 120_000);
});
