/**
 * The version policy on the fixture project: the build describes unreleased data as the
 * next version with a -dev tag and never refuses a version; `npm run release` refuses a
 * step too small for the changes, and a published version whose data changed, listing
 * every deciding change and writing nothing; re-runs reproduce the archives.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, buildOutputs } from "../scripts/engine/cli.ts";
import type { Changes } from "../scripts/published/changes.ts";
import { diff, release, type BuildCommand } from "../scripts/release/command.ts";
import { copyFixture, copyFixtureUnchecked, removeIn, run, snapshot, writeIn } from "./helpers/project.ts";

const noClock = () => {
  throw new Error("the release date must not come from the clock here");
};
const releaseWith = (root: string, buildCommand: BuildCommand, date?: string) =>
  run((argv, io) => release(argv, io, { build: buildCommand, env: date ? ({ RELEASE_DATE: date } as NodeJS.ProcessEnv) : {}, today: noClock }), ["--root", root]);
const releaseIn = (root: string, date?: string) => releaseWith(root, buildOutputs, date);

function setVersion(root: string, version: string): void {
  const path = join(root, "package.json");
  const pkg = JSON.parse(readFileSync(path, "utf8"));
  pkg.version = version;
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}

const changesOf = (root: string): Changes => JSON.parse(readFileSync(join(root, "dist", "changes.json"), "utf8"));
const jsonIn = (root: string, path: string) => JSON.parse(readFileSync(join(root, "dist", path), "utf8"));
/** Everything a refused release must leave as it was. */
const state = (root: string) => ({
  dist: snapshot(join(root, "dist")),
  releases: snapshot(join(root, "releases")),
  changelog: readFileSync(join(root, "CHANGELOG.md"), "utf8"),
  citation: readFileSync(join(root, "CITATION.cff"), "utf8"),
});

/** The fixture with 1.2.3 released. */
async function released(): Promise<string> {
  const root = copyFixture();
  const first = await releaseIn(root, "2024-05-01");
  expect(first.stderr).toBe("");
  expect(first.status).toBe(0);
  return root;
}

const addPerson = (root: string, id: string) =>
  writeIn(root, `sources/people/${id}.yaml`, `id: ${id}\nname: ${id.toUpperCase()}\nevidence:\n  - source: report\n    quote: "The Square works with the Circle."\n`);
const resize = (root: string, size: number) =>
  writeIn(root, "sources/groups/circle.yaml", readFileSync(join(root, "sources/groups/circle.yaml"), "utf8").replace(/size: \d+/, `size: ${size}`));

describe("a build of data that is not released", () => {
  it("builds a data edit without a version bump, as the next version the changes need with a -dev tag", async () => {
    const root = await released();
    expect(jsonIn(root, "datapackage.json").version).toBe("1.2.3");
    addPerson(root, "cy");
    const result = await run(build, ["--root", root]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'unreleased: the changes since 1.2.3 need a minor release; built as 1.3.0-dev (`npm run diff` lists them; to release, set "version" in package.json to 1.3.0 and run `npm run release`)',
    );
    expect(changesOf(root)).toMatchObject({ from: "1.2.3", to: "1.3.0-dev", release: "minor", unreleased: true, required: "minor" });
    expect(changesOf(root).tables).toEqual([{ table: "people", added: ["cy"], removed: [], changed: [] }]);
    // Every file that states the version says it is unreleased.
    expect(jsonIn(root, "datapackage.json").version).toBe("1.3.0-dev");
    expect(jsonIn(root, "dataset.jsonld").version).toBe("1.3.0-dev");
    expect(readFileSync(join(root, "dist", "site", "index.html"), "utf8")).toContain("<title>Fixture package 1.3.0-dev</title>");
  });

  it("keeps package.json's version when it is already above what the changes need", async () => {
    const root = await released();
    resize(root, 13);
    setVersion(root, "2.0.0");
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(changesOf(root)).toMatchObject({ from: "1.2.3", to: "2.0.0-dev", release: "major", required: "patch", unreleased: true });
  });

  it("raises package.json's version when it is below what the changes need", async () => {
    const root = await released();
    addPerson(root, "cy");
    setVersion(root, "1.2.4");
    const result = await run(build, ["--root", root]);
    expect(result.status).toBe(0);
    expect(changesOf(root)).toMatchObject({ from: "1.2.3", to: "1.3.0-dev", release: "minor", required: "minor", unreleased: true });
  });

  it("describes a project with nothing released as package.json's version with a -dev tag", async () => {
    const root = copyFixture();
    const result = await run(build, ["--root", root]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("unreleased: nothing is released yet; built as 1.2.3-dev (`npm run release` releases 1.2.3)");
    expect(changesOf(root)).toMatchObject({ from: null, to: "1.2.3-dev", release: "initial", unreleased: true });
  });

  it("gives back the published bytes once the edit is undone, and `--release` describes the version as released", async () => {
    const root = await released();
    const published = snapshot(join(root, "dist"));
    expect(changesOf(root)).not.toHaveProperty("unreleased");
    resize(root, 14);
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(changesOf(root).unreleased).toBe(true);
    resize(root, 12);
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(snapshot(join(root, "dist"))).toEqual(published);
    setVersion(root, "1.2.5");
    expect((await run(build, ["--root", root, "--release"])).status).toBe(0);
    expect(changesOf(root)).toEqual({ name: "fixture-package", from: "1.2.3", to: "1.2.5", release: "patch", required: "none", schema: [], tables: [] });
  });

  it("`npm run diff` with no paths compares the last release with dist/ and lists every change that decides the level", async () => {
    const root = await released();
    addPerson(root, "cy");
    addPerson(root, "dee");
    writeIn(root, "sources/groups/triangle.yaml", readFileSync(join(root, "sources/groups/square.yaml"), "utf8").replace(/^id: .*$/m, "id: triangle"));
    resize(root, 13);
    expect((await run(build, ["--root", root])).status).toBe(0);
    const cwd = process.cwd();
    let result;
    try {
      process.chdir(root);
      result = await run(diff, []);
    } finally {
      process.chdir(cwd);
    }
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "1.2.3 -> 1.3.0-dev: needs a minor release",
      "",
      "the changes that need a minor release:",
      '  - table "groups" gained records: triangle',
      '  - table "people" gained records: cy, dee',
    ]);
    expect(lines).toContain("  ~ circle");
    expect(await run(diff, ["one-path"])).toMatchObject({ status: 2, stderr: expect.stringContaining("give two releases to compare, or none") });
  });
});

describe("npm run release", () => {
  it("refuses a patch version for changes that need a minor one, lists each of them, and writes nothing", async () => {
    const root = await released();
    addPerson(root, "cy");
    addPerson(root, "dee");
    writeIn(root, "sources/groups/triangle.yaml", readFileSync(join(root, "sources/groups/square.yaml"), "utf8").replace(/^id: .*$/m, "id: triangle"));
    setVersion(root, "1.2.4");
    const before = state(root);
    const result = await releaseIn(root, "2024-06-01");
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      'error: version 1.2.4 is a patch release from 1.2.3, but the changes need a minor release; set "version" in package.json to 1.3.0 or higher:',
      '  - table "groups" gained records: triangle',
      '  - table "people" gained records: cy, dee',
      "hint: `npm run diff` lists every change; nothing was written",
    ]);
    expect(state(root)).toEqual(before);
    setVersion(root, "1.3.0");
    expect((await releaseIn(root, "2024-06-01")).status).toBe(0);
    expect(changesOf(root)).toMatchObject({ from: "1.2.3", to: "1.3.0", release: "minor", required: "minor" });
    expect(changesOf(root)).not.toHaveProperty("unreleased");
  });

  it("refuses a minor version that removes a record, asking for the next major version", async () => {
    const root = await released();
    removeIn(root, "sources/people/bo.yaml");
    setVersion(root, "1.3.0");
    const result = await releaseIn(root, "2024-06-01");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('version 1.3.0 is a minor release from 1.2.3, but the changes need a major release; set "version" in package.json to 2.0.0 or higher:\n  - table "people" lost records: bo\n');
    setVersion(root, "2.0.0");
    expect((await releaseIn(root, "2024-06-01")).status).toBe(0);
    expect(changesOf(root).tables).toEqual([{ table: "people", added: [], removed: [{ id: "bo" }], changed: [] }]);
  });

  it("refuses a minor version that tightens a field, and names the field", async () => {
    const root = await released();
    const schema = join(root, "schemas/people.schema.json");
    writeFileSync(schema, readFileSync(schema, "utf8").replace('"minLength": 1, "maxLength": 100', '"minLength": 1, "maxLength": 50'));
    setVersion(root, "1.3.0");
    const result = await releaseIn(root, "2024-06-01");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  - field "people.name" was tightened (maxLength 100 -> 50)\n');
  });

  it("refuses to release a published version whose data has changed, names the change, and writes nothing", async () => {
    const root = await released();
    resize(root, 14);
    const before = state(root);
    const result = await releaseIn(root);
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      'error: version 1.2.3 is already published in releases/, and the data now differs from it; set "version" in package.json to 1.2.4 or higher:',
      '  - table "groups" has changed records: circle',
      "hint: `npm run diff -- releases/fixture-package-1.2.3.tar.gz dist` lists every change; nothing was written",
    ]);
    expect(state(root)).toEqual(before);
  });

  it("refuses to overwrite a published archive with different bytes when only a file beside the data changed", async () => {
    const root = await released();
    const before = snapshot(join(root, "releases"));
    writeIn(root, "README.md", "# A README written after the release\n");
    const result = await releaseIn(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("releases/fixture-package-1.2.3.tar.gz already exists with different bytes");
    expect(snapshot(join(root, "releases"))).toEqual(before);
  });

  it("re-running the release with no date given reproduces every archive byte for byte", async () => {
    const root = await released();
    const before = state(root);
    const again = await releaseIn(root);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(state(root)).toEqual(before);
  });

  it("packs what the build returned, not what dist/ holds afterwards", async () => {
    const root = await released();
    const before = snapshot(join(root, "releases"));
    // A build whose dist/ is emptied right after it is written: the archives must still come out the same.
    const writeThenEmpty: BuildCommand = async (argv, io, options) => {
      const outcome = await buildOutputs(argv, io, options);
      const write = outcome.write;
      if (!write) return outcome;
      return {
        ...outcome,
        write: async () => {
          const status = await write();
          rmSync(join(root, "dist"), { recursive: true, force: true });
          return status;
        },
      };
    };
    const again = await releaseWith(root, writeThenEmpty);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(snapshot(join(root, "releases"))).toEqual(before);
  });

  it("stops the build on an archive that no longer matches SHA256SUMS", async () => {
    const root = await released();
    const archive = join(root, "releases", "fixture-package-1.2.3.tar.gz");
    writeFileSync(archive, Buffer.concat([readFileSync(archive), Buffer.from([0])]));
    const dist = snapshot(join(root, "dist"));
    const result = await run(build, ["--root", root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("package.json:3:3 error[version]: releases/fixture-package-1.2.3.tar.gz does not match its sha256 in releases/SHA256SUMS");
    expect(snapshot(join(root, "dist"))).toEqual(dist);
  });

  it("refuses to publish quotes that were not checked against the source documents, and writes nothing", async () => {
    const root = copyFixtureUnchecked();
    const result = await releaseIn(root, "2024-05-01");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'error: a release publishes only evidence checked against its source documents, and the quotes were not checked: no documents folder: pass --documents <folder>, or set "evidence": { "documents": "<folder>" } in package.json\nhint: nothing was written',
    );
    expect(existsSync(join(root, "releases"))).toBe(false);
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect((await run((argv, io) => release(argv, io, { build: buildOutputs, env: { RELEASE_DATE: "2024-05-01" } as NodeJS.ProcessEnv, today: noClock }), ["--root", root, "--documents", join(root, "documents")])).status).toBe(0);
  });

  it("refuses a bad RELEASE_DATE and a version below a published one", async () => {
    const root = copyFixture();
    expect((await releaseIn(root, "2024-02-30")).status).toBe(2);
    expect(existsSync(join(root, "releases"))).toBe(false);
    expect((await releaseIn(root, "2024-05-01")).status).toBe(0);
    setVersion(root, "1.2.2");
    const lower = await releaseIn(root, "2024-05-02");
    expect(lower.status).toBe(1);
    expect(lower.stderr).toContain("already has 1.2.3, higher than 1.2.2");
  });
});
