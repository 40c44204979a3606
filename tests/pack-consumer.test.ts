/**
 * The npm package as a consumer gets it: `npm pack` of a fixture build with the real
 * package.json (files, exports, dependencies), installed offline into a throw-away
 * project, then type-checked under strict and imported by Node through the exports map.
 *
 * Offline install: `npm ci` of this repository leaves the tarballs of the package's
 * dependencies in npm's cache, but not the registry metadata a range needs, so the
 * consumer gets a lockfile that pins the tarball and copies the dependencies' entries
 * (version, resolved, integrity) from this repository's package-lock.json; then
 * `npm ci --offline` installs from the cache alone (after a CI run's `npm ci`, the cache
 * has them all; where it lacks one, the install falls back to the registry).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, REPO, run, tempDir } from "./helpers/project.ts";
import { typeErrors } from "./helpers/typescript.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));

let packed: { path: string }[];
let consumer: string;

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

beforeAll(async () => {
  const project = copyFixture();
  expect((await run(build, ["--root", project])).status).toBe(0);
  for (const name of ["package.json", "README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff", "bin", "scripts", "tsconfig.json", "tsconfig.build.json"]) {
    cpSync(join(REPO, name), join(project, name), { recursive: true });
  }
  // prepack compiles the validator with this repository's TypeScript, as `npm pack` here would.
  symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"), "dir");
  const out = tempDir("cai-pack-");
  const [result] = JSON.parse(npm(["pack", "--json", "--pack-destination", out], project).replace(/^[^[]*/, "")) as { filename: string; files: { path: string }[] }[];
  packed = result!.files;
  const tarball = join(out, result!.filename);

  consumer = tempDir("cai-consumer-");
  const spec = `file:${tarball}`;
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  const dependencies = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path.startsWith("node_modules/") && !entry.dev && !entry.link));
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { [pkg.name]: spec } }));
  writeFileSync(
    join(consumer, "package-lock.json"),
    JSON.stringify({
      name: "consumer",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "consumer", dependencies: { [pkg.name]: spec } },
        [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, integrity, license: pkg.license, dependencies: pkg.dependencies, engines: pkg.engines, bin: pkg.bin },
        ...dependencies,
      },
    }),
  );
  const install = ["ci", "--no-audit", "--no-fund", "--ignore-scripts"];
  try {
    npm([...install, "--offline"], consumer);
  } catch (error) {
    // A cache that lacks a tarball (node_modules installed some other way): the registry may fill it in.
    if (!String((error as { stderr?: unknown }).stderr).includes("ENOTCACHED")) throw error;
    npm([...install, "--prefer-offline"], consumer);
  }
}, 180_000);

describe("npm pack", () => {
  it("installs a validator that checks a download as its users run it (npx central-asia-integration validate)", () => {
    const installed = join(consumer, "node_modules", pkg.name, "dist");
    const output = execFileSync(NPM, ["exec", "--offline", "--", pkg.name, "validate", installed, "--format", "json"], {
      cwd: consumer,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(JSON.parse(output)).toMatchObject({ valid: true, problems: [] });
  });

  it("ships dist/, the validator and the licence, changelog and citation files, nothing of the sources or build tooling", () => {
    const paths = packed.map((file) => file.path).sort();
    const top = new Set(["package.json", "README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff"]);
    // The validator's compiled closure: its own program and the two layers below it, never the build.
    const validator = (path: string) => path.startsWith("bin/") || /^lib\/(verify|published|contract)\/[^/]+\.js$/.test(path) || path.startsWith("scripts/verify/profiles/");
    expect(paths.filter((path) => !path.startsWith("dist/") && !top.has(path) && !validator(path))).toEqual([]);
    expect(paths.filter((path) => path.startsWith("lib/engine/"))).toEqual([]);
    expect(paths.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining([...top, "dist/index.js", "dist/index.d.ts", "dist/json/people.json", "dist/csv/people.csv", "dist/datapackage.json", "dist/schemas/people.schema.json", "dist/changes.json", "dist/dataset.jsonld"]));
  });

  it("installs offline, and a strict TypeScript consumer imports a table by the package name", () => {
    const consumerTs = [
      `import { people, groups, type Person } from "${pkg.name}";`,
      "const first: Person | undefined = people[0];",
      "const names: string[] = people.map((p) => p.name);",
      "const size: number | undefined = groups[0]?.size;",
      "export { first, names, size };",
    ].join("\n");
    expect(typeErrors(consumer, { "consumer.ts": consumerTs })).toEqual([]);
    const misuse = `import { people } from "${pkg.name}";\nconst n: number = people[0]!.name;\nexport { n };\n`;
    expect(typeErrors(consumer, { "misuse.ts": misuse }).join("\n")).toContain("not assignable to type 'number'");
  });

  it("serves the ESM entry, JSON and CSV files, schemas and the descriptor through exports, and nothing else", () => {
    const script = [
      `import { people } from "${pkg.name}";`,
      `import json from "${pkg.name}/json/people.json" with { type: "json" };`,
      `import descriptor from "${pkg.name}/datapackage.json" with { type: "json" };`,
      `import schema from "${pkg.name}/schemas/people.schema.json" with { type: "json" };`,
      'import { readFileSync } from "node:fs";',
      `const csv = readFileSync(new URL(import.meta.resolve("${pkg.name}/csv/people.csv")), "utf8");`,
      "let hidden = false;",
      `try { import.meta.resolve("${pkg.name}/package-lock.json"); } catch { hidden = true; }`,
      "console.log(JSON.stringify({ entry: people.map((p) => p.id), json: json.map((p) => p.id), version: descriptor.version, title: schema.title, header: csv.split(\"\\r\\n\")[0], hidden }));",
    ].join("\n");
    writeFileSync(join(consumer, "check.mjs"), script);
    const output = execFileSync(process.execPath, ["check.mjs"], { cwd: consumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(JSON.parse(output)).toEqual({
      entry: ["ada", "bo"],
      json: ["ada", "bo"],
      version: "1.2.3-dev",
      title: "Person",
      header: "id,name,aliases,group,role,joined.year,joined.date",
      hidden: true,
    });
  });
});
