/**
 * The README is the data user's manual; docs/pipeline.md lists the commands, docs/errors.md
 * the codes and docs/formats.md the tables: together they name every code, every npm
 * command and every table with its true count.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES as DOWNLOAD_CODES } from "../scripts/verify/report.ts";
import { CODES } from "../scripts/contract/diagnostics.ts";
import { validateProject } from "../scripts/engine/validate.ts";
import { REPO } from "./helpers/project.ts";
import semver from "semver";


const readme = readFileSync(join(REPO, "README.md"), "utf8");
const errors = readFileSync(join(REPO, "docs", "errors.md"), "utf8");
const pipeline = readFileSync(join(REPO, "docs", "pipeline.md"), "utf8");
const formats = readFileSync(join(REPO, "docs", "formats.md"), "utf8");
const scripts = Object.keys(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts);

describe("README", () => {
  it("documents, in docs/errors.md, every error code the engine and the download validator can print", () => {
    const documented = [...errors.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    for (const code of [...Object.keys(CODES), ...Object.keys(DOWNLOAD_CODES)]) expect(documented, code).toContain(code);
  });

  it("mentions only npm scripts that exist", () => {
    const mentioned = new Set([...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!));
    for (const name of mentioned) expect(scripts, `npm run ${name}`).toContain(name);
  });

  it("leaves to docs/pipeline.md a commands table that describes every npm script", () => {
    const rows = new Set([...pipeline.matchAll(/^\| `npm run ([a-z:-]+)/gm)].map((m) => m[1]!));
    for (const name of rows) expect(scripts, `npm run ${name}`).toContain(name);
    // prepare is npm's install hook (it compiles scripts/ into lib/), not a command anyone runs.
    for (const name of scripts.filter((s) => s !== "test" && s !== "prepare")) expect([...rows], name).toContain(name);
  });

  it("stays short enough for a data user to read through", () => {
    expect(readme.split("\n").length).toBeLessThan(200);
  });

  it.each([
    ["README.md", readme],
    ["docs/formats.md", formats],
  ])("%s describes every table of the data model with its true number of records", (_, text) => {
    const { schemas, records } = validateProject(REPO);
    for (const table of schemas.tables.keys()) {
      const count = records.filter((record) => record.table.name === table).length;
      expect(text, `${table}: ${count} records`).toContain(`| \`${table}\` | ${count} |`);
    }
  });

  it("cites the latest release in its citation example", () => {
    const versions = [...readFileSync(join(REPO, "releases", "SHA256SUMS"), "utf8").matchAll(/central-asia-integration-(\d+\.\d+\.\d+)\.zip/g)].map((m) => m[1]!);
    const latest = versions.sort(semver.compare).at(-1);
    expect(readme).toContain(`*Central Asian Regional Integration*, version ${latest},`);
  });

  it("gives the set-up-and-build and test commands", () => {
    expect(readme).toContain("npm ci && npm run build");
    expect(readme).toContain("npm test");
  });
});
