/**
 * `npm run build` and `npm run validate` run the engine compiled by scripts/launch.js into
 * lib/<digest>/. On a copy of the sources: the first run compiles, a run after a source
 * edit compiles again and never runs the copy made from the old sources, and the compiled
 * build keeps its cache in the project's node_modules/.cache/ and writes what a build
 * without it writes.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { memoKey, type TextMemo } from "../scripts/engine/cache/text-memo.ts";
import { declarationMemo } from "../scripts/engine/declaration-prefetch.ts";
import { startPrefetch } from "../scripts/engine/prefetch.ts";
import { readReleaseHistory } from "../scripts/engine/release-history.ts";
import { readProjectMeta } from "../scripts/contract/project-meta.ts";
import { declarationFiles, withDeclarationMemo } from "../scripts/engine/emit/typescript.ts";
import { loadSchemas } from "../scripts/engine/schemas.ts";
import { readPrecompiled, validatorFrom, type FixedValidator } from "../scripts/contract/precompiled-validator.ts";
import { FIXED_VALIDATORS } from "../scripts/engine/precompile-validators.ts";
import { parse } from "yaml";
import { nearValues } from "./helpers/near-values.ts";
import { copyFixture, REPO, snapshot, tempDir } from "./helpers/project.ts";

let copy: string;

/** What the compiled copy is made from, and the dependencies, in a folder of their own. */
beforeAll(() => {
  copy = tempDir("cai-compiled-");
  for (const name of ["scripts", "tsconfig.json", "tsconfig.engine.json", "package.json", "package-lock.json"]) cpSync(join(REPO, name), join(copy, name), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"), "dir");
});

function launch(...args: string[]) {
  const result = spawnSync(process.execPath, [join(copy, "scripts", "launch.js"), ...args], { cwd: copy, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const compiledCopies = () => (existsSync(join(copy, "lib")) ? readdirSync(join(copy, "lib")).filter((name) => /^[0-9a-f]{16}$/.test(name)).sort() : []);

describe("the compiled engine", () => {
  it("is compiled by the first run into lib/<digest>, which names its digest, and builds", () => {
    const project = copyFixture();
    const result = launch("build", "--root", project);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^3 tables, 5 records -> \d+ files\n/);
    expect(result.status).toBe(0);
    const [digest, ...others] = compiledCopies();
    expect(others).toEqual([]);
    expect(readFileSync(join(copy, "lib", digest!, "DIGEST"), "utf8")).toBe(`${digest}\n`);
    // The site's page beside its module, and its script bundled once by the compile step.
    expect(existsSync(join(copy, "lib", digest!, "engine", "emit", "site", "page.html"))).toBe(true);
    expect(existsSync(join(copy, "lib", digest!, "engine", "emit", "site", "app.js"))).toBe(true);
  }, 180_000);

  it("compiles nothing when lib/ has the copy of the current sources (npm ci's prepare)", () => {
    const before = compiledCopies();
    expect(launch("--compile").status).toBe(0);
    expect(compiledCopies()).toEqual(before);
  }, 180_000);

  it("makes the TypeScript declarations in a worker thread, the same texts the build would make itself", async () => {
    const [digest] = compiledCopies();
    const project = copyFixture();
    const { schemas } = loadSchemas(project);
    const tables = [...schemas.tables.values()];
    const inThread = await declarationFiles(tables, schemas);
    const worker = new URL(`file://${join(copy, "lib", digest!, "engine", "prefetch-worker.js")}`);
    const memo = declarationMemo(startPrefetch(project, worker), undefined)!;
    const madeHere: string[] = [];
    const watching: TextMemo = { ...memo, get: (input, make) => memo.get(input, () => (madeHere.push(memoKey(input)), make())) };
    expect(await withDeclarationMemo(watching, () => declarationFiles(tables, schemas))).toEqual(inThread);
    expect(madeHere).toEqual([]);
  }, 180_000);

  it("reads the published releases in the worker thread, the same files the build would read itself", async () => {
    const [digest] = compiledCopies();
    const meta = readProjectMeta(REPO);
    const inThread = await readReleaseHistory(REPO, meta);
    const prefetch = startPrefetch(REPO, new URL(`file://${join(copy, "lib", digest!, "engine", "prefetch-worker.js")}`))!;
    // Once the worker has made the declarations it has long claimed the releases job.
    await prefetch.declarations();
    const fromWorker = await prefetch.releases(meta);
    expect(fromWorker).toEqual(inThread);
    const files = fromWorker && "history" in fromWorker ? fromWorker.history.current?.files : undefined;
    expect(files?.size).toBeGreaterThan(0);
    expect([...files!.values()].every((bytes) => Buffer.isBuffer(bytes))).toBe(true);
  }, 180_000);

  it("holds the engine's fixed schemas as standalone code, each giving the live compiler's results and errors", () => {
    const [digest] = compiledCopies();
    const precompiled = readPrecompiled(pathToFileURL(join(copy, "lib", digest!, "precompiled-validators.json")));
    expect([...precompiled.keys()].sort()).toEqual(FIXED_VALIDATORS.map((fixed) => fixed.name).sort());
    const json = (path: string): unknown => JSON.parse(readFileSync(join(REPO, path), "utf8"));
    const schemaFiles = (folder: string) => readdirSync(join(REPO, folder)).filter((name) => name.endsWith(".schema.json")).map((name) => json(`${folder}/${name}`));
    const tombstones = ["discrepancies", "figures", "organizations"].map((table) => parse(readFileSync(join(REPO, "sources", table, "_tombstones.yaml"), "utf8")) as unknown);
    const samples: Record<string, unknown[]> = {
      "package-json": [json("package.json"), json("tests/fixtures/project/package.json")],
      tombstones: [...tombstones, [{ id: "Bad Id", status: "gone", reason: "x", extra: 1 }], [{ id: "a-b", status: "moved", moved_to: "c", reason: "renamed" }]],
      "authoring-table": schemaFiles("schemas"),
      "authoring-definitions": schemaFiles("schemas/defs"),
      "json-schema-2020-12": [...schemaFiles("schemas"), ...schemaFiles("schemas/defs")],
    };
    for (const fixed of FIXED_VALIDATORS) {
      const fromCode = validatorFrom({ ...fixed, compile: () => expect.fail(`${fixed.name} was compiled, not made from its code`) }, precompiled);
      const live = fixed.compile().validate;
      const values = samples[fixed.name]!.flatMap(nearValues);
      expect(values.length).toBeGreaterThan(20);
      let invalid = 0;
      for (const value of values) {
        const valid = live(value);
        expect(fromCode(value)).toBe(valid);
        expect(fromCode.errors ?? null).toEqual(live.errors ?? null);
        if (!valid) invalid++;
      }
      expect(invalid, fixed.name).toBeGreaterThan(10);
    }
  }, 180_000);

  it("never runs a copy compiled from other sources: an edit makes the next run compile again", () => {
    const before = compiledCopies();
    const cli = join(copy, "scripts", "engine", "cli.ts");
    writeFileSync(cli, readFileSync(cli, "utf8").replace('"record")} -> ${count(', '"record")} => ${count('));
    const result = launch("build", "--root", copyFixture());
    expect(result.stdout).toMatch(/^3 tables, 5 records => \d+ files\n/);
    expect(result.status).toBe(0);
    expect(compiledCopies().filter((name) => !before.includes(name))).toHaveLength(1);
  }, 180_000);

  it("works the digest out again when an input changes, even with its size and modification time kept", () => {
    const known = () => JSON.parse(readFileSync(join(copy, "lib", "known-digests.json"), "utf8")) as [string, string][];
    const before = compiledCopies();
    expect(before).toContain(known()[0]![1]);
    const cli = join(copy, "scripts", "engine", "cli.ts");
    const { mtime, size } = statSync(cli);
    writeFileSync(cli, readFileSync(cli, "utf8").replace('"record")} => ${count(', '"record")} =} ${count('));
    utimesSync(cli, mtime, mtime);
    expect(statSync(cli).size).toBe(size);
    const result = launch("build", "--root", copyFixture());
    expect(result.stdout).toMatch(/^3 tables, 5 records =\} \d+ files\n/);
    const made = compiledCopies().filter((name) => !before.includes(name));
    expect(made).toHaveLength(1);
    expect(known()[0]![1]).toBe(made[0]);
  }, 180_000);

  it("keeps its cache in the project's node_modules/.cache/ and writes what a build with --no-cache writes", () => {
    const project = copyFixture();
    mkdirSync(join(project, "node_modules"));
    expect(launch("build", "--root", project).status).toBe(0);
    expect(readdirSync(join(project, "node_modules", ".cache", "central-asia-integration"))).toHaveLength(1);
    expect(launch("build", "--root", project).status).toBe(0);
    const cached = snapshot(join(project, "dist"));
    expect(launch("build", "--root", project, "--no-cache").status).toBe(0);
    expect(snapshot(join(project, "dist"))).toEqual(cached);
    const validated = launch("validate", "--root", project);
    expect(validated.stdout).toMatch(/^valid: 3 tables, 5 records/);
    expect(validated.status).toBe(0);
  }, 180_000);

  it("refuses an entry script that does not exist: one line, exit 2", () => {
    const result = launch("no-such-script");
    expect(result.stderr).toMatch(/^error: no entry script scripts\/no-such-script\.ts\n/);
    expect(result.status).toBe(2);
  });
});

