/**
 * The build cache (scripts/engine/cache/) through the pipeline, on copies of the fixture: a
 * build that uses it writes the same bytes and reports the same problems as one without
 * it, parses only what changed, and starts over when a schema or the engine changes.
 * The engine's key is given here, as the tests run the sources, which have no digest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openBuildCache } from "../scripts/engine/cache/build-cache.ts";
import { buildOutputs } from "../scripts/engine/cli.ts";
import { runPipeline } from "../scripts/engine/pipeline.ts";
import { stageOutput, type StagedOutput } from "../scripts/engine/write.ts";
import { release } from "../scripts/release/command.ts";
import { copyFixture, run, tempDir, writeIn } from "./helpers/project.ts";

/** A build as `npm run build` makes it: with the cache, the files are written to dist/ as they are emitted. */
async function build(root: string, cache?: { folder: string; engine?: string }) {
  const opened = cache ? openBuildCache(root, { engine: cache.engine ?? "engine-1", folder: cache.folder }) : undefined;
  let staged: StagedOutput | undefined;
  const output = opened ? { output: async () => (staged = await stageOutput(join(root, "dist"), { dist: opened.dist })) } : {};
  const result = await runPipeline(root, { emit: true, ...(opened ? { cache: opened } : {}), ...output });
  if (staged && result.problems.length === 0) {
    await staged.commit();
    opened!.dist.record(result.files);
  } else await staged?.abort();
  const files = new Map(opened ? result.files.map((file) => [file.path, readFileSync(join(root, "dist", file.path)).toString("base64")]) : result.files.map((file) => [file.path, file.read().toString("base64")]));
  return { files, problems: result.problems, counts: opened?.counts, outputs: opened?.tableOutputs.counts };
}

const edit = (root: string, path: string, from: string | RegExp, to: string) => writeIn(root, path, readFileSync(join(root, path), "utf8").replace(from, to));

describe("a build with the cache", () => {
  it("writes the same bytes as a build without it, first and after an edit, parsing only the edited file the second time (6 files: 5 records and a tombstones file)", async () => {
    const root = copyFixture();
    const folder = tempDir();
    const first = await build(root, { folder });
    expect(first.counts).toEqual({ hits: 0, misses: 6 });
    expect(first.files).toEqual((await build(root)).files);
    edit(root, "sources/people/ada.yaml", /name: .*/, "name: Ada King");
    const second = await build(root, { folder });
    expect(second.counts).toEqual({ hits: 5, misses: 1 });
    // people's JSON, CSV and data modules are made again; the other tables' are kept.
    const ofPeople = [...first.files.keys()].filter((path) => /^(json|csv)\/people\./.test(path) || /^tables\/people\.c?js$/.test(path)).length;
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
    expect(after.counts).toEqual({ hits: 0, misses: 6 });
    expect(after.files).toEqual((await build(root)).files);
  });

  it("parses every file again under another engine", async () => {
    const root = copyFixture();
    const folder = tempDir();
    await build(root, { folder, engine: "engine-1" });
    expect((await build(root, { folder, engine: "engine-2" })).counts).toEqual({ hits: 0, misses: 6 });
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
