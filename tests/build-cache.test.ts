/**
 * The build cache (scripts/engine/cache/) through the pipeline, on copies of the fixture: a
 * build that uses it writes the same bytes and reports the same problems as one without
 * it, parses only what changed, and starts over when a schema or the engine changes.
 * The engine's key is given here, as the tests run the sources, which have no digest.
 */
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openBuildCache } from "../scripts/engine/cache/build-cache.ts";
import { build } from "./helpers/cached-build.ts";
import { buildOutputs } from "../scripts/engine/cli.ts";
import { release } from "../scripts/release/command.ts";
import { copyFixture, run, tempDir, writeIn } from "./helpers/project.ts";

const edit = (root: string, path: string, from: string | RegExp, to: string) => writeIn(root, path, readFileSync(join(root, path), "utf8").replace(from, to));

describe("a build with the cache", () => {
  it("writes the same bytes as a build without it, first and after an edit, parsing only the edited file the second time (6 files: 5 records and a tombstones file)", async () => {
    const root = copyFixture();
    const folder = tempDir();
    const first = await build(root, { folder });
    expect(first.counts).toEqual({ hits: 0, unread: 0, misses: 6 });
    expect(first.files).toEqual((await build(root)).files);
    edit(root, "sources/people/ada.yaml", /name: .*/, "name: Ada King");
    const second = await build(root, { folder });
    expect(second.counts).toEqual({ hits: 5, unread: 0, misses: 1 });
    // people's JSON, CSV and data modules, and its site pages and facets, are made again; the other tables' are kept.
    const ofPeople = [...first.files.keys()].filter((path) => /^(json|csv)\/people\.|^site\/data\/tables\/people\//.test(path) || /^tables\/people\.c?js$/.test(path)).length;
    expect(ofPeople).toBeGreaterThan(1);
    expect(second.outputs).toEqual({ hits: first.outputs!.misses - ofPeople, misses: ofPeople });
    expect(second.problems).toEqual([]);
    expect(second.files).toEqual((await build(root)).files);
    expect(second.files).not.toEqual(first.files);
  });

  it("reports the problems of unchanged files as a build without it does, at the same places", async () => {
    const root = copyFixture();
    edit(root, "sources/people/ada.yaml", /group: .*/, "group: no-such-group");
    edit(root, "sources/people/bo.yaml", /^name: /m, "nmae: ");
    writeIn(root, "sources/groups/broken.yaml", "id: broken\nname: [unclosed\n");
    const folder = tempDir();
    const expected = (await build(root)).problems;
    expect(expected.map((problem) => problem.code).sort()).toEqual(["dangling-reference", "schema", "schema", "yaml-syntax"]);
    await build(root, { folder });
    const again = await build(root, { folder });
    expect(again.counts?.misses).toBe(0);
    expect(again.problems).toEqual(expected);
  });

  it("parses every file again after a schema changes", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder });
    edit(root, "schemas/people.schema.json", '"Name as written."', '"The name as written."');
    const after = await build(root, { folder });
    expect(after.counts).toEqual({ hits: 0, unread: 0, misses: 6 });
    expect(after.files).toEqual((await build(root)).files);
  });

  it("parses every file again under another engine", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder, engine: "engine-1" });
    expect((await build(root, { folder, engine: "engine-2" })).counts).toEqual({ hits: 0, unread: 0, misses: 6 });
  });

  it("compares with the published releases as a build without it does", async () => {
    const root = copyFixture();
    const released = await run((argv, io) => release(argv, io, { build: buildOutputs, env: { RELEASE_DATE: "2024-05-01" } as NodeJS.ProcessEnv, today: () => "2024-05-01" }), ["--root", root]);
    expect(released.status).toBe(0);
    const folder = tempDir();
    edit(root, "sources/groups/circle.yaml", /size: \d+/, "size: 40");
    await build(root, { folder });
    const cached = await build(root, { folder });
    const plain = await build(root);
    expect(cached.files).toEqual(plain.files);
    expect(JSON.parse(Buffer.from(cached.files.get("changes.json")!, "base64").toString())).toMatchObject({ from: "1.2.3", unreleased: true });
  });

  it("is off without an engine digest (the sources run through tsx) or without node_modules/", () => {
    const root = copyFixture();
    expect(openBuildCache(root, { folder: tempDir() })).toBeUndefined();
    expect(openBuildCache(root, { engine: "engine-1" })).toBeUndefined();
  });
});

describe("files the cache knows unchanged without reading them", () => {
  // A clock a minute ahead: every file is old enough for its stat to be trusted.
  const later = () => Date.now() + 60_000;

  it("reads none of the unchanged files, and still sees an edit of the same size whose mtime was put back", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder, now: later });
    expect((await build(root, { folder, now: later })).counts).toEqual({ hits: 6, unread: 6, misses: 0 });
    const path = join(root, "sources/people/ada.yaml");
    const { atime, mtime } = statSync(path);
    const before = readFileSync(path, "utf8");
    const after = before.replace("name: Ada Lovelace", "name: Ada Lovelacf");
    expect(Buffer.byteLength(after)).toBe(Buffer.byteLength(before));
    writeFileSync(path, after);
    utimesSync(path, atime, mtime);
    const edited = await build(root, { folder, now: later });
    expect(edited.counts).toEqual({ hits: 5, unread: 5, misses: 1 });
    expect(edited.files).toEqual((await build(root)).files);
    expect(Buffer.from(edited.files.get("json/people.json")!, "base64").toString()).toContain("Ada Lovelacf");
  });

  it("reads a file again when it was too recent for its stat to be trusted", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder });
    // Just written by copyFixture: hashed again, though not parsed.
    expect((await build(root, { folder })).counts).toEqual({ hits: 6, unread: 0, misses: 0 });
  });

  it("links the unchanged outputs from dist/ instead of writing them again, and rewrites one edited by hand", async () => {
    const root = copyFixture();
    const folder = tempDir();
    const first = await build(root, { folder });
    const inode = (path: string) => statSync(join(root, "dist", path)).ino;
    const groups = inode("json/groups.json");
    writeIn(root, "dist/csv/groups.csv", "edited by hand\r\n");
    edit(root, "sources/people/ada.yaml", /name: .*/, "name: Ada King");
    const second = await build(root, { folder });
    expect(inode("json/groups.json")).toBe(groups);
    expect(second.files.get("csv/groups.csv")).toBe(first.files.get("csv/groups.csv"));
    expect(second.files).toEqual((await build(root)).files);
    // Made again: people's outputs (the edit: its data files, modules, site pages and facets) and the CSV edited by hand; the other tables' are linked.
    const ofPeople = [...first.files.keys()].filter((path) => /^(json|csv)\/people\.|^site\/data\/tables\/people\//.test(path) || /^tables\/people\.c?js$/.test(path)).length;
    expect(second.outputs?.misses).toBe(ofPeople + 1);
  });

  it("takes a damaged cache for an empty one: the build succeeds with the same bytes", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder, now: later });
    const [key] = readdirSync(folder);
    for (const entry of readdirSync(join(folder, key!))) writeFileSync(join(folder, key!, entry), "not a cache entry");
    const damaged = await build(root, { folder, now: later });
    expect(damaged.problems).toEqual([]);
    expect(damaged.counts).toEqual({ hits: 0, unread: 0, misses: 6 });
    expect(damaged.files).toEqual((await build(root)).files);
  });
});
