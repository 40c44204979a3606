/**
 * The two npm packages as their users get them: `npm pack` of each (the data package
 * from a fixture build with the real package.json; the validator package from a copy of
 * packages/validator and scripts/, so that its prepare compiles it as packing here
 * would), each installed offline into a throw-away project of its own, then used the
 * way the README says.
 *
 * Offline install: `npm ci` of this repository leaves the tarballs of the validator's
 * dependencies in npm's cache, but not the registry metadata a range needs, so each
 * consumer gets a lockfile that pins the packed tarball and copies the dependencies'
 * entries (version, resolved, integrity) from this repository's package-lock.json; then
 * `npm ci --offline` installs from the cache alone (after a CI run's `npm ci`, the cache
 * has them all; where it lacks one, the install falls back to the registry).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { publint } from "publint";
import * as tar from "tar";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, REPO, run, tempDir } from "./helpers/project.ts";
import { editFile, replaceText, tarGzRelease } from "./helpers/release-corpus.ts";
import { typeErrors } from "./helpers/typescript.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const VALIDATOR_DIR = join(REPO, "packages", "validator");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const dataPkg = readJson(join(REPO, "package.json"));
const validatorPkg = readJson(join(VALIDATOR_DIR, "package.json"));
const BIN = Object.keys(validatorPkg.bin)[0]!;
const RELEASES = readdirSync(join(REPO, "releases")).filter((name) => /\.(tar\.gz|zip)$/.test(name)).sort();
const ATTW = join(REPO, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
/**
 * The data package's exports that are data files, not JavaScript: attw resolves each
 * subpath as a module, so a .jsonld file resolves under no setting and, without exports
 * support (node10), neither does a .json one. docs/formats.md lists them.
 */
const ATTW_EXCLUDED = ["./data.json", "./datapackage.json", "./changes.json", "./dataset.jsonld", "./tombstones.json"];

interface Packed {
  tarball: string;
  files: string[];
}

let data: Packed;
let validator: Packed;
/** A project that installed only the data package ("type": "module"), with a CommonJS project in cjs/. */
let dataConsumer: string;
/** A project that installed only the validator package. */
let validatorConsumer: string;

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

function pack(dir: string, extra: string[] = []): Packed {
  const out = tempDir("cai-pack-");
  // Lifecycle scripts may print before the JSON report.
  const [result] = JSON.parse(npm(["pack", "--json", "--pack-destination", out, ...extra], dir).replace(/^[^[]*/, "")) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(out, result!.filename), files: result!.files.map((file) => file.path).sort() };
}

/** The data package: the fixture's build, packed with the repository's package.json and top-level files. */
async function packData(): Promise<Packed> {
  const project = copyFixture();
  expect((await run(build, ["--root", project])).status).toBe(0);
  for (const name of ["package.json", "README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff"]) cpSync(join(REPO, name), join(project, name));
  // The repository's prepare compiles scripts/, which the fixture does not have; nothing of it is packed.
  return pack(project, ["--ignore-scripts"]);
}

/** The validator package: packages/validator (without a compiled lib/) in a copy of the repository's sources, which its prepare compiles. */
function packValidator(): Packed {
  const root = tempDir("cai-validator-");
  cpSync(join(REPO, "scripts"), join(root, "scripts"), { recursive: true });
  // package.json says scripts/ holds ES modules.
  for (const name of ["tsconfig.json", "package.json"]) cpSync(join(REPO, name), join(root, name));
  cpSync(VALIDATOR_DIR, join(root, "packages", "validator"), { recursive: true, filter: (path) => relative(VALIDATOR_DIR, path) !== "lib" });
  // prepare compiles with this repository's TypeScript, as `npm pack` in packages/validator would.
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"), "dir");
  return pack(join(root, "packages", "validator"));
}

/** Installs one packed tarball, with the dependencies it declares, into a new project, from npm's cache. */
function install(packed: Packed, pkg: { name: string; version: string; license: string; engines?: unknown; bin?: unknown; dependencies?: Record<string, string> }, extra: object = {}): string {
  const consumer = tempDir("cai-consumer-");
  const spec = `file:${packed.tarball}`;
  const lock = readJson(join(REPO, "package-lock.json")) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  // The repository installs no runtime dependency but the validator's: those are its lock entries outside dev.
  const dependencies = pkg.dependencies ? Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path.startsWith("node_modules/") && !entry.dev && !entry.link)) : {};
  const integrity = `sha512-${createHash("sha512").update(readFileSync(packed.tarball)).digest("base64")}`;
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, ...extra, dependencies: { [pkg.name]: spec } }));
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
  const ci = ["ci", "--no-audit", "--no-fund", "--ignore-scripts"];
  try {
    npm([...ci, "--offline"], consumer);
  } catch (error) {
    // A cache that lacks a tarball (node_modules installed some other way): the registry may fill it in.
    if (!String((error as { stderr?: unknown }).stderr).includes("ENOTCACHED")) throw error;
    npm([...ci, "--prefer-offline"], consumer);
  }
  return consumer;
}

beforeAll(async () => {
  data = await packData();
  validator = packValidator();
  dataConsumer = install(data, dataPkg, { type: "module" });
  mkdirSync(join(dataConsumer, "cjs"));
  writeFileSync(join(dataConsumer, "cjs", "package.json"), JSON.stringify({ name: "cjs-consumer", private: true, type: "commonjs" }));
  validatorConsumer = install(validator, validatorPkg);
}, 240_000);

/** attw on a packed tarball: it reads the file and fetches nothing (its --from-npm mode is the one that would). */
function attw(packed: Packed, ...args: string[]) {
  const result = spawnSync(process.execPath, [ATTW, packed.tarball, "--format", "json", ...args], { encoding: "utf8" });
  return { status: result.status, analysis: JSON.parse(result.stdout).analysis as { types: unknown; problems?: unknown[]; entrypoints?: Record<string, unknown> } };
}

/** `npx --offline <bin> …` in the validator's consumer: status and output. */
function validate(...args: string[]) {
  const result = spawnSync(NPM, ["exec", "--offline", "--", BIN, ...args], { cwd: validatorConsumer, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout };
}

describe("the data package (central-asia-integration)", () => {
  it("ships dist/ and the licence, changelog and citation files: no bin, no compiled validator, no sources", () => {
    const top = ["CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "README.md", "package.json"];
    expect(data.files.filter((path) => !path.startsWith("dist/") && !top.includes(path))).toEqual([]);
    expect(data.files).toEqual(expect.arrayContaining([...top, "dist/index.js", "dist/index.d.ts", "dist/index.cjs", "dist/index.d.cts", "dist/tables/people.js", "dist/tables/people.d.ts", "dist/tables/people.cjs", "dist/tables/people.d.cts", "dist/json/people.json", "dist/csv/people.csv", "dist/datapackage.json", "dist/schemas/people.schema.json", "dist/changes.json", "dist/dataset.jsonld"]));
    const installed = readJson(join(dataConsumer, "node_modules", dataPkg.name, "package.json"));
    expect(installed.bin).toBeUndefined();
    expect(installed.dependencies).toBeUndefined();
  });

  it("installs nothing but itself (npm ls --omit=dev --all)", () => {
    const listed = npm(["ls", "--omit=dev", "--all", "--parseable"], dataConsumer).trim().split("\n");
    expect(listed.map((path) => relative(dataConsumer, path).split("\\").join("/"))).toEqual(["", `node_modules/${dataPkg.name}`]);
  });

  it("type-checks for a strict ESM consumer (type module, module nodenext), and a misuse fails", () => {
    const consumer = [
      `import { people, groups, tombstones, type Person, type Tombstone } from "${dataPkg.name}";`,
      "const first: Person | undefined = people[0];",
      "const names: string[] = people.map((p) => p.name);",
      "const size: number | undefined = groups[0]?.size;",
      "const retired: readonly Tombstone[] = tombstones;",
      "export { first, names, size, retired };",
    ].join("\n");
    expect(typeErrors(dataConsumer, { "consumer.ts": consumer })).toEqual([]);
    const misuse = `import { people } from "${dataPkg.name}";\nconst n: number = people[0]!.name;\nexport { n };\n`;
    expect(typeErrors(dataConsumer, { "misuse.ts": misuse }).join("\n")).toContain("not assignable to type 'number'");
  });

  it("type-checks an import of one table (<package>/tables/<table>) for strict ESM and CommonJS consumers", () => {
    const esm = `import { people, type Person } from "${dataPkg.name}/tables/people";\nconst first: Person | undefined = people[0];\nexport { first };\n`;
    expect(typeErrors(dataConsumer, { "table.ts": esm })).toEqual([]);
    const cjs = `import { groups, type Group } from "${dataPkg.name}/tables/groups";\nconst first: Group | undefined = groups[0];\nexport = first;\n`;
    expect(typeErrors(join(dataConsumer, "cjs"), { "table.ts": cjs }, "node16")).toEqual([]);
    const misuse = `import { people } from "${dataPkg.name}/tables/people";\nconst n: number = people[0]!.name;\nexport { n };\n`;
    expect(typeErrors(dataConsumer, { "table-misuse.ts": misuse }).join("\n")).toContain("not assignable to type 'number'");
  });

  it("type-checks for a strict CommonJS consumer (module node16), and a misuse fails", () => {
    const cjs = join(dataConsumer, "cjs");
    const consumer = [
      `import { people, groups, type Person } from "${dataPkg.name}";`,
      "const first: Person | undefined = people[0];",
      "const size: number | undefined = groups[0]?.size;",
      "export = { first, size };",
    ].join("\n");
    expect(typeErrors(cjs, { "consumer.ts": consumer }, "node16")).toEqual([]);
    const misuse = `import { people } from "${dataPkg.name}";\nconst n: number = people[0]!.name;\nexport = n;\n`;
    expect(typeErrors(cjs, { "misuse.ts": misuse }, "node16").join("\n")).toContain("not assignable to type 'number'");
  });

  it("gives the records to an ESM import, the entry and one table alike, and serves the JSON and CSV files, schemas and the descriptor through exports, and nothing else", () => {
    const script = [
      `import { people } from "${dataPkg.name}";`,
      `import { people as table } from "${dataPkg.name}/tables/people";`,
      `import json from "${dataPkg.name}/json/people.json" with { type: "json" };`,
      `import descriptor from "${dataPkg.name}/datapackage.json" with { type: "json" };`,
      `import schema from "${dataPkg.name}/schemas/people.schema.json" with { type: "json" };`,
      'import { readFileSync } from "node:fs";',
      `const csv = readFileSync(new URL(import.meta.resolve("${dataPkg.name}/csv/people.csv")), "utf8");`,
      "let hidden = false;",
      `try { import.meta.resolve("${dataPkg.name}/package-lock.json"); } catch { hidden = true; }`,
      "console.log(JSON.stringify({ entry: people.map((p) => p.id), table: table === people, json: json.map((p) => p.id), version: descriptor.version, title: schema.title, header: csv.split(\"\\r\\n\")[0], hidden }));",
    ].join("\n");
    writeFileSync(join(dataConsumer, "check.mjs"), script);
    const output = execFileSync(process.execPath, ["check.mjs"], { cwd: dataConsumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(JSON.parse(output)).toEqual({
      entry: ["ada", "bo"],
      table: true,
      json: ["ada", "bo"],
      version: "1.2.3-dev",
      title: "Person",
      header: "id,name,aliases,group,role,joined.year,joined.date",
      hidden: true,
    });
  });

  it("gives the same frozen records to a CommonJS require, even where Node cannot require() an ES module (before 20.19)", () => {
    const script = [
      `const { people, tombstones } = require("${dataPkg.name}");`,
      `const json = require("${dataPkg.name}/json/people.json");`,
      `const table = require("${dataPkg.name}/tables/people").people;`,
      "console.log(JSON.stringify({ entry: people, json, table: table === people, frozen: Object.isFrozen(people[0].evidence[0]), tombstones: tombstones.map((t) => t.id) }));",
    ].join("\n");
    writeFileSync(join(dataConsumer, "cjs", "check.js"), script);
    // The flag turns off require() of ES modules, as Node 20.10 to 20.18 has it: the require condition must not need it.
    const output = execFileSync(process.execPath, ["--no-experimental-require-module", "check.js"], { cwd: join(dataConsumer, "cjs"), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const { entry, json, table, frozen, tombstones } = JSON.parse(output);
    expect(entry.map((p: { id: string }) => p.id)).toEqual(["ada", "bo"]);
    expect(table).toBe(true);
    expect(entry).toEqual(json);
    expect(frozen).toBe(true);
    expect(tombstones).toEqual(["ada-lovelace", "carl"]);
  });
});

describe("the validator package (central-asia-integration-validator)", () => {
  it("ships its bin, the compiled validator (verify/, published/, contract/ only) and the Data Package profile, no TypeScript", () => {
    const compiled = (path: string) => /^lib\/(verify|published|contract)\/[^/]+\.js$/.test(path);
    const others = validator.files.filter((path) => !compiled(path));
    expect(others).toEqual(["LICENSE", "README.md", `bin/${BIN}.js`, "lib/verify/profiles/README.md", "lib/verify/profiles/datapackage-2.0.json", "package.json"]);
    expect(validator.files).toContain("lib/verify/main.js");
    expect(readFileSync(join(validatorConsumer, "node_modules", validatorPkg.name, "LICENSE"))).toEqual(readFileSync(join(REPO, "LICENSE")));
  });

  it("depends on exactly the packages its compiled code imports", () => {
    const lib = join(validatorConsumer, "node_modules", validatorPkg.name, "lib");
    const imported = new Set<string>();
    for (const file of readdirSync(lib, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".js"))) {
      for (const [, specifier] of readFileSync(join(lib, file), "utf8").matchAll(/(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*"([^"]+)"/g)) {
        if (specifier!.startsWith(".") || specifier!.startsWith("node:")) continue;
        imported.add(specifier!.startsWith("@") ? specifier!.split("/").slice(0, 2).join("/") : specifier!.split("/")[0]!);
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(validatorPkg.dependencies).sort());
  });

  it.each(RELEASES)("npx central-asia-integration-validate releases/%s: valid, exit 0", (archive) => {
    // stderr is npm's (warnings about this machine's configuration); the report is on stdout.
    const { status, stdout } = validate(join(REPO, "releases", archive), "--format", "json");
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, problems: [] });
    expect(status).toBe(0);
  });

  it("exits 1 on a damaged release, naming the damage", async () => {
    const archive = RELEASES.find((name) => name.endsWith(".tar.gz"))!;
    const unpacked = tempDir("cai-damaged-");
    await tar.x({ file: join(REPO, "releases", archive), cwd: unpacked });
    const [top] = readdirSync(unpacked);
    editFile(join(unpacked, top!), "csv/persons.csv", replaceText("Mirziyoyev", "Mirziyoyew"), false);
    const damaged = join(tempDir("cai-damaged-"), archive);
    await tarGzRelease(join(unpacked, top!), damaged, `${top}/`);
    const { status, stdout } = validate(damaged, "--format", "json");
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.map((p: { code: string; file: string }) => `${p.file} ${p.code}`)).toContain("csv/persons.csv hash-count");
    expect(status).toBe(1);
  });
});

describe("the packed tarballs, as package linters see them", () => {
  it.each([
    ["the data package", () => data],
    ["the validator package", () => validator],
  ])("publint reports nothing on %s, not even a suggestion", async (_, packed) => {
    const bytes = readFileSync(packed().tarball);
    const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }, level: "suggestion", strict: true });
    expect(messages.map((message) => `${message.type} ${message.code} at ${message.path.join(".")}`)).toEqual([]);
  });

  it("attw finds no problem in the data package's entry under any module setting (data-file exports excluded)", () => {
    const { status, analysis } = attw(data, "--exclude-entrypoints", ...ATTW_EXCLUDED);
    expect(analysis.problems).toEqual([]);
    expect(Object.keys(analysis.entrypoints ?? {})).toEqual(expect.arrayContaining([".", "./tables/*", "./json/*", "./csv/*", "./schemas/*", "./types/*", "./package.json"]));
    expect(status).toBe(0);
  });

  it("attw finds no problem in the validator package, which has no entry and no types (a command only)", () => {
    const { status, analysis } = attw(validator);
    expect(analysis.types).toBe(false);
    expect(analysis.problems ?? []).toEqual([]);
    expect(status).toBe(0);
  });
});
