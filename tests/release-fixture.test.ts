/**
 * The release mechanism end to end on the fixture project: a first release, a patch, the
 * diff between two real releases and CHANGELOG.md against changes.json. The version
 * policy (unreleased builds, refused steps, re-runs) is in version-policy.test.ts.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOutputs } from "../scripts/engine/cli.ts";
import type { Changes } from "../scripts/published/changes.ts";
import { changelogLists, parseSection } from "../scripts/release/changelog.ts";
import { diff, release } from "../scripts/release/command.ts";
import { loadRelease } from "../scripts/published/files.ts";
import { copyFixture, run, snapshot, writeIn } from "./helpers/project.ts";

const env = (date: string) => ({ RELEASE_DATE: date }) as NodeJS.ProcessEnv;
const noClock = () => {
  throw new Error("the release date must not come from the clock here");
};
const releaseIn = (root: string, date?: string) =>
  run((argv, io) => release(argv, io, { build: buildOutputs, env: date ? env(date) : {}, today: noClock }), ["--root", root]);

function setVersion(root: string, version: string): void {
  const path = join(root, "package.json");
  const pkg = JSON.parse(readFileSync(path, "utf8"));
  pkg.version = version;
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}

const releasesOf = (root: string) => snapshot(join(root, "releases"));
const changesOf = (root: string): Changes => JSON.parse(readFileSync(join(root, "dist", "changes.json"), "utf8"));

let root: string;
let first: Map<string, string>;

beforeAll(async () => {
  root = copyFixture();
  const result = await releaseIn(root, "2024-05-01");
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  first = releasesOf(root);
  // A patch: one corrected value.
  writeIn(root, "sources/groups/circle.yaml", readFileSync(join(root, "sources/groups/circle.yaml"), "utf8").replace("size: 12", "size: 13"));
  setVersion(root, "1.2.4");
  const patch = await releaseIn(root, "2024-06-15");
  expect(patch.stderr).toBe("");
  expect(patch.status).toBe(0);
});

describe("a first release and a patch release of the fixture", () => {
  it("writes both archives of each version and one SHA256SUMS that matches them", () => {
    expect(readdirSync(join(root, "releases")).sort()).toEqual([
      "SHA256SUMS",
      "fixture-package-1.2.3.tar.gz",
      "fixture-package-1.2.3.zip",
      "fixture-package-1.2.4.tar.gz",
      "fixture-package-1.2.4.zip",
    ]);
    const sums = readFileSync(join(root, "releases", "SHA256SUMS"), "utf8");
    const lines = sums.trimEnd().split("\n");
    expect(lines.map((line) => line.slice(66))).toEqual(readdirSync(join(root, "releases")).filter((n) => n !== "SHA256SUMS").sort());
    for (const line of lines) {
      const [hex, name] = [line.slice(0, 64), line.slice(66)];
      expect(createHash("sha256").update(readFileSync(join(root, "releases", name))).digest("hex"), name).toBe(hex);
    }
    // The first release's archives were not touched by the second.
    for (const name of ["fixture-package-1.2.3.tar.gz", "fixture-package-1.2.3.zip"]) expect(releasesOf(root).get(name)).toBe(first.get(name));
  });

  it("packs dist/ plus CHANGELOG.md and CITATION.cff under one top folder, the same in both formats", async () => {
    const tar = await loadRelease(join(root, "releases", "fixture-package-1.2.4.tar.gz"), { allFiles: true });
    const zip = await loadRelease(join(root, "releases", "fixture-package-1.2.4.zip"), { allFiles: true });
    const dist = snapshot(join(root, "dist"));
    const expected = [...dist.keys(), "CHANGELOG.md", "CITATION.cff"].sort();
    expect([...tar.keys()].sort()).toEqual(expected);
    expect([...zip.keys()].sort()).toEqual(expected);
    for (const [path, bytes] of tar) {
      expect(Buffer.from(zip.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
      if (dist.has(path)) expect(Buffer.from(bytes).toString("base64"), path).toBe(dist.get(path));
    }
    expect(Buffer.from(tar.get("CHANGELOG.md")!).toString("utf8")).toBe(readFileSync(join(root, "CHANGELOG.md"), "utf8"));
  });

  it("records the patch in changes.json: from, to, and the changed value at its path", () => {
    const changes = changesOf(root);
    expect(changes).toMatchObject({ name: "fixture-package", from: "1.2.3", to: "1.2.4", release: "patch", required: "patch", schema: [] });
    expect(changes.tables).toEqual([{ table: "groups", added: [], removed: [], changed: [{ id: "circle", fields: [{ path: "size", old: 12, new: 13 }] }] }]);
  });

  it("writes a CHANGELOG.md section per version that agrees with that version's changes.json", async () => {
    const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
    expect(changelog.indexOf("## [1.2.4] - 2024-06-15")).toBeGreaterThan(0);
    expect(changelog.indexOf("## [1.2.4]")).toBeLessThan(changelog.indexOf("## [1.2.3] - 2024-05-01"));
    for (const version of ["1.2.3", "1.2.4"]) {
      const files = await loadRelease(join(root, "releases", `fixture-package-${version}.tar.gz`), { allFiles: true });
      const changes = JSON.parse(Buffer.from(files.get("changes.json")!).toString("utf8")) as Changes;
      const section = parseSection(changelog, version)!;
      const { date: _date, ...lists } = section;
      expect(lists, version).toEqual(changelogLists(changes));
    }
    expect(parseSection(changelog, "1.2.4")).toEqual({ date: "2024-06-15", Added: [], Changed: ["`groups/circle`: `size`"], Removed: [] });
    expect(parseSection(changelog, "1.2.3")!.Added).toEqual(["table `documents` with 1 record", "table `groups` with 2 records", "table `people` with 2 records"]);
  });

  it("writes CITATION.cff for the released version with its date", () => {
    const citation = readFileSync(join(root, "CITATION.cff"), "utf8");
    expect(citation).toContain('version: "1.2.4"\n');
    expect(citation).toContain('date-released: "2024-06-15"\n');
    expect(citation).toContain('title: "Fixture package"\n');
  });

  it("shows exactly the changed value when diffing the two published archives, as text and JSON", async () => {
    const older = join(root, "releases", "fixture-package-1.2.3.zip");
    const newer = join(root, "releases", "fixture-package-1.2.4.tar.gz");
    const text = await run(diff, [older, newer]);
    expect(text).toEqual({
      status: 0,
      stdout: [
        "1.2.3 -> 1.2.4: needs a patch release",
        "",
        "the changes that need a patch release:",
        '  - table "groups" has changed records: circle',
        "",
        "groups: 0 added, 0 removed, 1 changed",
        "  ~ circle",
        "      size: 12 -> 13",
      ].join("\n"),
      stderr: "",
    });
    const json = await run(diff, [older, newer, "--format", "json"]);
    const parsed = JSON.parse(json.stdout);
    const { name: _name, release: _release, ...inDist } = changesOf(root);
    expect(parsed).toEqual(inDist);
  });
});
