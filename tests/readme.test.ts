/** The README is the user's manual and docs/errors.md its list of codes: together they name every error code and every npm command. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES as DOWNLOAD_CODES } from "../scripts/verify/report.ts";
import { CODES } from "../scripts/contract/diagnostics.ts";
import { validateProject } from "../scripts/engine/validate.ts";
import { REPO } from "./helpers/project.ts";

const readme = readFileSync(join(REPO, "README.md"), "utf8");
const errors = readFileSync(join(REPO, "docs", "errors.md"), "utf8");
const scripts = Object.keys(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts);

describe("README", () => {
  it("documents, in docs/errors.md, every error code the engine and the download validator can print", () => {
    const documented = [...errors.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    for (const code of [...Object.keys(CODES), ...Object.keys(DOWNLOAD_CODES)]) expect(documented, code).toContain(code);
  });

  it("mentions only npm scripts that exist, and every one of them", () => {
    const mentioned = new Set([...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!));
    for (const name of mentioned) expect(scripts, `npm run ${name}`).toContain(name);
    // prepare is npm's install hook (it compiles scripts/ into lib/), not a command a user runs.
    for (const name of scripts.filter((s) => s !== "test" && s !== "typecheck" && s !== "prepare")) expect([...mentioned], name).toContain(name);
  });

  it("describes every table of the data model with its true number of records", () => {
    const { schemas, records } = validateProject(REPO);
    for (const table of schemas.tables.keys()) {
      const count = records.filter((record) => record.table.name === table).length;
      expect(readme, `${table}: ${count} records`).toContain(`| \`${table}\` | ${count} |`);
    }
  });

  it("gives the set-up-and-build and test commands", () => {
    expect(readme).toContain("npm ci && npm run build");
    expect(readme).toContain("npm test");
  });
});
