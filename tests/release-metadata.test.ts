/**
 * Discovery and citation metadata: dist/dataset.jsonld from a fixture build, and the
 * repository's CITATION.cff, licence files, CHANGELOG.md and published releases.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { build, buildOutputs } from "../scripts/engine/cli.ts";
import { release } from "../scripts/release/command.ts";
import type { Changes } from "../scripts/published/changes.ts";
import { changelogLists, parseSection } from "../scripts/release/changelog.ts";
import { citationText } from "../scripts/release/citation.ts";
import { loadRelease } from "../scripts/published/files.ts";
import { publishedReleases, readSums } from "../scripts/published/versions.ts";
import { copyFixture, REPO, run, snapshot } from "./helpers/project.ts";

const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));

describe("dist/dataset.jsonld", () => {
  it("describes the dataset as a schema.org Dataset with one DataDownload per other data file (not the explorer site's)", async () => {
    const root = copyFixture();
    expect((await run(build, ["--root", root])).status).toBe(0);
    const dist = join(root, "dist");
    const jsonld = JSON.parse(readFileSync(join(dist, "dataset.jsonld"), "utf8"));
    expect(jsonld).toMatchObject({
      "@context": "https://schema.org/",
      "@type": "Dataset",
      name: "Fixture package",
      version: "1.2.3-dev",
      description: "A small package the tests build; its tables are not the real dataset's.",
      keywords: ["fixture"],
      license: "CC0-1.0",
    });
    // Nothing the fixture does not state: no creator, coverage or dates.
    for (const key of ["creator", "spatialCoverage", "temporalCoverage", "datePublished", "dateModified"]) expect(jsonld, key).not.toHaveProperty(key);
    const files = snapshot(dist);
    files.delete("dataset.jsonld");
    const site = [...files.keys()].filter((path) => path.startsWith("site/"));
    expect(site).toContain("site/index.html");
    for (const path of site) files.delete(path);
    expect(jsonld.distribution.map((d: { contentUrl: string }) => d.contentUrl)).toEqual([...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const download of jsonld.distribution) {
      const bytes = Buffer.from(files.get(download.contentUrl)!, "base64");
      expect(download["@type"]).toBe("DataDownload");
      expect(download.contentSize).toBe(`${bytes.length} B`);
      expect(download.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
    expect(jsonld.distribution.filter((d: { encodingFormat: string }) => d.encodingFormat === "application/octet-stream")).toEqual([]);
    const types = Object.fromEntries(jsonld.distribution.map((d: { contentUrl: string; encodingFormat: string }) => [d.contentUrl, d.encodingFormat]));
    expect(types).toMatchObject({ "csv/people.csv": "text/csv", "json/people.json": "application/json", "schemas/people.schema.json": "application/schema+json", "index.js": "text/javascript" });
  });

  it("names the source documents it is based on, by title, language and sha256, with no URL or publisher", async () => {
    const root = copyFixture();
    expect((await run(build, ["--root", root])).status).toBe(0);
    const jsonld = JSON.parse(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8"));
    expect(jsonld.isBasedOn).toEqual([
      {
        "@type": "CreativeWork",
        name: "A fixture report",
        identifier: { "@type": "PropertyValue", propertyID: "sha256", value: "06f652a26bf2fd3b0f2e993e35c07845d73a5fd0d48b56cb86485efcc239bd1a" },
      },
    ]);
  });

  it("states the release date, a citation and a Package URL for a released version only", async () => {
    const root = copyFixture();
    expect((await run(build, ["--root", root])).status).toBe(0);
    const unreleased = JSON.parse(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8"));
    for (const key of ["datePublished", "citation", "identifier"]) expect(unreleased, key).not.toHaveProperty(key);
    const released = await run((argv, io) => release(argv, io, { build: buildOutputs, env: { RELEASE_DATE: "2024-05-01" } as NodeJS.ProcessEnv, today: () => "2099-01-01" }), ["--root", root]);
    expect(released.status).toBe(0);
    const jsonld = JSON.parse(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8"));
    expect(jsonld).toMatchObject({
      version: "1.2.3",
      datePublished: "2024-05-01",
      citation: "Fixture package contributors (2024). Fixture package (version 1.2.3) [Data set].",
      identifier: "pkg:npm/fixture-package@1.2.3",
    });
    // A rebuild of the released version reads the date CHANGELOG.md recorded: the same bytes.
    const before = readFileSync(join(root, "dist", "dataset.jsonld"), "utf8");
    expect((await run(build, ["--root", root])).status).toBe(0);
    expect(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8")).toBe(before);
  });

  it("gives absolute download URLs when package.json says where dist/ is published, and refuses a base that is not one", async () => {
    const root = copyFixture();
    const path = join(root, "package.json");
    const fixturePkg = JSON.parse(readFileSync(path, "utf8"));
    fixturePkg.datapackage.baseUrl = "https://data.example.org/fixture/";
    writeFileSync(path, JSON.stringify(fixturePkg, null, 2));
    expect((await run(build, ["--root", root])).status).toBe(0);
    const jsonld = JSON.parse(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8"));
    expect(jsonld.distribution.map((d: { contentUrl: string }) => d.contentUrl)).toContain("https://data.example.org/fixture/csv/people.csv");
    fixturePkg.datapackage.baseUrl = "data.example.org";
    writeFileSync(path, JSON.stringify(fixturePkg, null, 2));
    const refused = await run(build, ["--root", root]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('error[package-json]: "datapackage.baseUrl" must be an http(s) URL that ends with "/"');
  });

  it("adds creator and spatial coverage only when package.json states them", async () => {
    const root = copyFixture();
    const path = join(root, "package.json");
    const fixturePkg = JSON.parse(readFileSync(path, "utf8"));
    fixturePkg.author = "Fixture contributors";
    fixturePkg.datapackage.spatialCoverage = "Central Asia";
    writeFileSync(path, JSON.stringify(fixturePkg));
    expect((await run(build, ["--root", root])).status).toBe(0);
    const jsonld = JSON.parse(readFileSync(join(root, "dist", "dataset.jsonld"), "utf8"));
    expect(jsonld.creator).toEqual({ "@type": "Organization", name: "Fixture contributors" });
    expect(jsonld.spatialCoverage).toEqual({ "@type": "Place", name: "Central Asia" });
  });
});

describe("the repository's citation and licence files", () => {
  it("has a CITATION.cff (CFF 1.2.0) that agrees with package.json", () => {
    const text = readFileSync(join(REPO, "CITATION.cff"), "utf8");
    const cff = parseYaml(text);
    expect(cff["cff-version"]).toBe("1.2.0");
    expect(cff.type).toBe("dataset");
    expect(cff.version).toBe(pkg.version);
    expect(cff.title).toBe(pkg.datapackage.title);
    expect(cff.license).toBe("CC-BY-4.0");
    expect(cff.authors).toEqual([{ name: "Central Asian Integration Data contributors" }]);
    // Everything else too: regenerate with `npm run release -- --citation-only` after changing package.json.
    expect(text).toBe(citationText(REPO));
  });

  it("writes a CITATION.cff for another dataset that names nothing of this repository", () => {
    const text = citationText(copyFixture());
    expect(text).toContain('title: "Fixture package"\n');
    expect(text).not.toMatch(/README|docs\/|checks it agrees|Central Asia/);
  });

  it("licenses the code under MIT and the data under CC BY 4.0", () => {
    expect(readFileSync(join(REPO, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    expect(readFileSync(join(REPO, "LICENSE-DATA"), "utf8")).toContain("https://creativecommons.org/licenses/by/4.0/legalcode");
    // The data and its descriptor carry the data's licence only; CITATION.cff and the catalogue entry agree.
    expect(pkg.datapackage.licenses).toEqual([expect.objectContaining({ name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/" })]);
    expect(JSON.parse(readFileSync(join(REPO, "dist", "datapackage.json"), "utf8")).licenses.map((l: { name: string }) => l.name)).toEqual(["CC-BY-4.0"]);
    expect(JSON.parse(readFileSync(join(REPO, "dist", "dataset.jsonld"), "utf8")).license).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(parseYaml(readFileSync(join(REPO, "CITATION.cff"), "utf8")).license).toBe("CC-BY-4.0");
    expect(readFileSync(join(REPO, "LICENSE-DATA"), "utf8")).toContain("remain the work of their authors and publishers");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/", "LICENSE", "LICENSE-DATA", "CITATION.cff", "CHANGELOG.md"]));
    // The data package's licence is the data's; the validator package, code, carries MIT.
    expect(pkg.license).toBe("CC-BY-4.0");
    expect(JSON.parse(readFileSync(join(REPO, "packages", "validator", "package.json"), "utf8")).license).toBe("MIT");
  });

  it("has, for every published release, a CHANGELOG.md section agreeing with its changes.json and a matching SHA256SUMS line", async () => {
    const changelog = readFileSync(join(REPO, "CHANGELOG.md"), "utf8");
    expect(changelog.startsWith("# Changelog\n")).toBe(true);
    const sums = readSums(REPO);
    const releases = publishedReleases(REPO, pkg.name);
    const listed = existsSync(join(REPO, "releases")) ? readdirSync(join(REPO, "releases")).filter((name) => name !== "SHA256SUMS") : [];
    expect([...sums.keys()].sort()).toEqual(listed.sort());
    for (const release of releases) {
      for (const archive of release.archives) {
        const bytes = readFileSync(join(REPO, "releases", archive));
        expect(createHash("sha256").update(bytes).digest("hex"), archive).toBe(sums.get(archive));
        const files = await loadRelease(join(REPO, "releases", archive), { allFiles: true });
        const changes = JSON.parse(Buffer.from(files.get("changes.json")!).toString("utf8")) as Changes;
        const section = parseSection(changelog, changes.to!);
        expect(section, `CHANGELOG.md section for ${changes.to}`).toBeDefined();
        const { date: _date, ...lists } = section!;
        expect(lists).toEqual(changelogLists(changes));
      }
    }
  });
});
