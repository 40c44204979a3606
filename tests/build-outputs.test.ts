/** What a successful build writes, checked on the fixture project. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { build, validate } from "../scripts/engine/cli.ts";
import { validate as validateEither } from "../scripts/validate-dispatch.ts";
import { PROFILE_IN_SHARED, profileErrors, resourceMismatches } from "./helpers/datapackage.ts";
import { needsShared } from "./helpers/shared.ts";
import { copyFixture, copyFixtureUnchecked, removeIn, run, snapshot, tempDir, writeIn } from "./helpers/project.ts";
import { typeErrors } from "./helpers/typescript.ts";

let root: string;
let dist: string;
let summary: string;
const read = (path: string) => readFileSync(join(dist, path), "utf8");

beforeAll(async () => {
  root = copyFixture();
  dist = join(root, "dist");
  const result = await run(build, ["--root", root, "--documents", join(root, "documents")]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  summary = result.stdout;
});

describe("build of the fixture project", () => {
  it("ends with a one-line summary of tables, records and files", () => {
    const files = snapshot(dist).size;
    expect(summary).toBe(`3 tables, 5 records -> ${files} files\nunreleased: nothing is released yet; built as 1.2.3-dev (\`npm run release\` releases 1.2.3)`);
  });

  it("writes JSON per table sorted by id with keys in schema order, and one file with all tables", () => {
    const groups = JSON.parse(read("json/groups.json"));
    expect(groups.map((g: { id: string }) => g.id)).toEqual(["circle", "square"]);
    expect(Object.keys(groups[0])).toEqual(["id", "name", "size", "partners", "evidence"]);
    const all = JSON.parse(read("data.json"));
    expect(Object.keys(all)).toEqual(["documents", "groups", "people"]);
    expect(all.groups).toEqual(groups);
  });

  it("ships the retired ids in tombstones.json, typed and described", async () => {
    expect(JSON.parse(read("tombstones.json"))).toEqual([
      { table: "people", id: "ada-lovelace", status: "moved", moved_to: "ada", reason: "Ids are short given names in this table." },
      { table: "people", id: "carl", status: "removed", reason: "The report does not name him." },
    ]);
    const module = await import(join(dist, "index.js"));
    expect(module.tombstones).toEqual(JSON.parse(read("tombstones.json")));
    const descriptor = JSON.parse(read("datapackage.json"));
    expect(descriptor.resources.find((r: { name: string }) => r.name === "tombstones")).toMatchObject({ path: "tombstones.json", format: "json" });
  });

  it("ends every text file with one LF and writes no BOM or CR outside CSV", () => {
    for (const [path, base64] of snapshot(dist)) {
      const text = Buffer.from(base64, "base64").toString("utf8");
      expect(text.startsWith("\uFEFF"), path).toBe(false);
      expect(text.endsWith("\n") && !text.endsWith("\n\n"), path).toBe(true);
      if (!path.endsWith(".csv")) expect(text.includes("\r"), path).toBe(false);
    }
  });

  it("flattens records into CSV by the documented rule", () => {
    expect(read("csv/people.csv")).toBe(
      "id,name,aliases,group,role,joined.year,joined.date\r\n" +
        "ada,Ada Lovelace,,circle,leader,,\r\n" +
        "bo,Bo Berg,Bo B.,circle,member,1999,\r\n",
    );
    expect(read("csv/groups.csv")).toBe(
      "id,name,size,active,partners\r\n" + "circle,Circle,12,,square\r\n" + 'square,"Square, the",,true,circle\r\n',
    );
    const evidence = parse(read("csv/groups.evidence.csv"), { columns: true });
    expect(evidence).toEqual([
      { id: "circle", index: "1", source: "report", quote: "the Circle, a group of 12 “readers”" },
      { id: "square", index: "1", source: "report", quote: "The Square works with the Circle." },
    ]);
  });

  it("describes every CSV file truly in datapackage.json", () => {
    expect(resourceMismatches(dist)).toEqual([]);
    const descriptor = JSON.parse(read("datapackage.json"));
    // The fixture has no releases/: its build is unreleased.
    expect(descriptor.version).toBe("1.2.3-dev");
    expect(descriptor.resources.map((r: { path: string }) => r.path)).toEqual([
      ...readdirSync(join(dist, "csv")).sort().map((name) => `csv/${name}`),
      "tombstones.json",
    ]);
    const people = descriptor.resources.find((r: { name: string }) => r.name === "people");
    expect(people.schema.primaryKey).toEqual(["id"]);
    expect(people.schema.foreignKeys).toEqual([{ fields: ["group"], reference: { resource: "groups", fields: ["id"] } }]);
    expect(people.schema.fields.find((f: { name: string }) => f.name === "joined.date").type).toBe("date");
    const evidence = descriptor.resources.find((r: { name: string }) => r.name === "people.evidence");
    expect(evidence.schema.primaryKey).toEqual(["id", "index"]);
    expect(evidence.schema.foreignKeys).toEqual([
      { fields: ["id"], reference: { resource: "people", fields: ["id"] } },
      { fields: ["source"], reference: { resource: "documents", fields: ["id"] } },
    ]);
  });

  it("writes a descriptor valid against the official Data Package v2 profile", (context) => {
    needsShared(context, PROFILE_IN_SHARED);
    expect(profileErrors(JSON.parse(read("datapackage.json")))).toEqual([]);
  });

  it("writes a typed ESM entry that a strict TypeScript consumer can import", async () => {
    const consumer = [
      'import { people, groups, tombstones, type Person, type Tombstone } from "./dist/index.js";',
      'const moved: Tombstone | undefined = tombstones.find((t) => t.status === "moved");',
      "const first: Person | undefined = people[0];",
      "const names: string[] = people.map((p) => p.name);",
      "const size: number | undefined = groups[0]?.size;",
      "const quote: string = people[0]!.evidence[0].quote;",
      "export { first, names, size, quote, moved };",
    ].join("\n");
    expect(typeErrors(root, { "consumer.ts": consumer })).toEqual([]);
    const misuse = 'import { people } from "./dist/index.js";\npeople[0]!.name = "x";\nconst n: number = people[0]!.name;\nexport { n };\n';
    expect(typeErrors(root, { "misuse.ts": misuse })).toHaveLength(2);
    const module = await import(join(dist, "index.js"));
    expect(module.people.map((p: { id: string }) => p.id)).toEqual(["ada", "bo"]);
    expect(Object.isFrozen(module.people[0].evidence[0])).toBe(true);
  });

  it("writes the same entry for CommonJS (index.cjs, index.d.cts): same records, frozen, typed for a CommonJS consumer", async () => {
    const required = createRequire(import.meta.url)(join(dist, "index.cjs"));
    const imported = await import(join(dist, "index.js"));
    expect(Object.keys(required).sort()).toEqual(Object.keys(imported).sort());
    for (const name of Object.keys(imported)) expect(required[name], name).toEqual(imported[name]);
    expect(Object.isFrozen(required.people[0].evidence[0])).toBe(true);
    const consumer = [
      'import { people, tombstones, type Person, type Tombstone } from "./dist/index.cjs";',
      "const first: Person | undefined = people[0];",
      "const retired: readonly Tombstone[] = tombstones;",
      "const quote: string = people[0]!.evidence[0].quote;",
      "export = { first, retired, quote };",
    ].join("\n");
    expect(typeErrors(root, { "consumer.cts": consumer }, "node16")).toEqual([]);
    const misuse = 'import { people } from "./dist/index.cjs";\nconst n: number = people[0]!.name;\nexport = n;\n';
    expect(typeErrors(root, { "misuse.cts": misuse }, "node16").join("\n")).toContain("not assignable to type 'number'");
  });
});

describe("reproducibility", () => {
  it("writes the same bytes however the YAML is laid out", async () => {
    const other = copyFixture();
    // Same record: keys reordered, CRLF line ends, a BOM, flow style, and a YAML 1.1 directive.
    writeIn(
      other,
      "sources/people/bo.yaml",
      "\uFEFF%YAML 1.1\r\n---\r\nevidence: [{quote: \"Bo Berg joined the Circle in 1999\", source: report}, {source: report, quote: \"he is also known as Bo B.\"}]\r\n" +
        "joined: {year: 1999}\r\nrole: member\r\ngroup: circle\r\naliases:\r\n  - Bo B.\r\nname: Bo Berg\r\nid: bo\r\n",
    );
    expect((await run(build, ["--root", other])).status).toBe(0);
    expect(snapshot(join(other, "dist"))).toEqual(snapshot(dist));
  });

  it("keeps YAML 1.2 core scalars even under a %YAML 1.1 directive", async () => {
    const other = copyFixture();
    writeIn(other, "sources/groups/square.yaml", '%YAML 1.1\n---\nid: square\nname: no\nactive: true\nevidence:\n  - source: report\n    quote: "The Square works with the Circle."\n');
    expect((await run(build, ["--root", other])).status).toBe(0);
    const square = JSON.parse(readFileSync(join(other, "dist/json/groups.json"), "utf8"))[1];
    expect(square.name).toBe("no");
  });

  it("replaces dist/ wholesale and clears folders left by an interrupted build", async () => {
    const other = copyFixture();
    mkdirSync(join(other, "dist"));
    writeFileSync(join(other, "dist", "stale.txt"), "from an older build");
    mkdirSync(join(other, ".dist-staging-999999"));
    expect((await run(build, ["--root", other])).status).toBe(0);
    expect(snapshot(join(other, "dist"))).toEqual(snapshot(dist));
    expect(readdirSync(other).filter((name) => name.startsWith(".dist-"))).toEqual([]);
  });
});

describe("validate", () => {
  it("checks everything and writes nothing", async () => {
    const other = copyFixture();
    const result = await run(validate, ["--root", other, "--documents", join(other, "documents")]);
    expect(result).toEqual({ status: 0, stdout: "valid: 3 tables, 5 records, quotes verified against documents", stderr: "" });
    expect(readdirSync(other)).not.toContain("dist");
  });

  it("takes a project folder or a download as a path", async () => {
    const other = copyFixture();
    expect(await run(validateEither, [other, "--documents", join(other, "documents")])).toEqual({
      status: 0,
      stdout: "valid: 3 tables, 5 records, quotes verified against documents",
      stderr: "",
    });
    const download = await run(validateEither, [dist, "--format", "json"]);
    expect(download.status).toBe(0);
    expect(JSON.parse(download.stdout)).toMatchObject({ valid: true, problems: [] });
    writeFileSync(join(other, "broken.json"), "{");
    expect((await run(validateEither, [join(other, "broken.json")])).status).toBe(1);
    expect((await run(validateEither, [join(other, "nowhere")])).status).toBe(2);
  });

  it("checks quotes against the documents folder package.json names, with no option", async () => {
    const root = copyFixture();
    expect(await run(validate, ["--root", root])).toEqual({ status: 0, stdout: "valid: 3 tables, 5 records, quotes verified against documents", stderr: "" });
    writeIn(root, "sources/people/ada.yaml", readFileSync(join(root, "sources/people/ada.yaml"), "utf8").replace("leads the Circle", "leads the Square"));
    const tampered = await run(build, ["--root", root]);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain("error[quote-not-found]");
  });

  it.each([
    ["validate", validate, "valid: 3 tables, 5 records"],
    ["build", build, "3 tables, 5 records -> 57 files"],
  ] as const)("%s says in one line when quotes were not checked, and why", async (_, command, first) => {
    const root = copyFixtureUnchecked();
    const none = await run(command, ["--root", root]);
    expect(none.status).toBe(0);
    expect(none.stdout.split("\n")[0]).toBe(first);
    expect(none.stdout).toContain('\nquotes not checked: no documents folder: pass --documents <folder>, or set "evidence": { "documents": "<folder>" } in package.json');
    const configured = copyFixture();
    removeIn(configured, "documents");
    const missing = await run(command, ["--root", configured]);
    expect(missing.status).toBe(0);
    expect(missing.stdout).toContain('\nquotes not checked: the documents folder documents (package.json "evidence.documents") is not there');
  });

  it("lists the documents that no source record names, with their sha256", async () => {
    const root = copyFixture();
    writeIn(root, "documents/unnamed.txt", "A document nobody cites.\n");
    const result = await run(validate, ["--root", root]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\nnote: \S*documents\/unnamed\.txt \(sha256 [0-9a-f]{64}\) is named by no source record; add one for it, or remove the file$/);
  });

  it("rejects unknown options and a missing documents folder with status 2", async () => {
    const other = copyFixture();
    expect((await run(validate, ["--root", other, "--bogus"])).status).toBe(2);
    const missing = await run(validate, ["--root", other, "--documents", join(other, "nowhere")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nowhere");
  });

  it.each([
    ["build", build],
    ["validate", validate],
  ] as const)("%s refuses a --root that is not a project with status 2 and one line, never a false 'valid'", async (_, command) => {
    const other = copyFixture();
    const withoutSchemas = tempDir();
    writeFileSync(join(withoutSchemas, "package.json"), "{}\n");
    for (const [root, why] of [
      [join(other, "nowhere"), "does not exist"],
      [join(other, "sources"), "is not a project: it has no package.json"],
      [withoutSchemas, "is not a project: it has no schemas/ folder"],
    ]) {
      const before = snapshot(other);
      const result = await run(command, ["--root", root!]);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`error: ${root} ${why} (a project holds package.json, schemas/ and sources/; see --help)`);
      expect(result.status).toBe(2);
      expect(existsSync(join(other, "nowhere"))).toBe(false);
      expect(snapshot(other)).toEqual(before);
    }
  });

  it("refuses an option given twice, rather than silently keeping the last", async () => {
    const other = copyFixture();
    const result = await run(build, ["--root", other, "--documents", join(other, "documents"), "--documents", join(other, "documents")]);
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: --documents is given twice; give it once");
    expect(existsSync(join(other, "dist"))).toBe(false);
  });

  it("resolves a relative --root against the folder npm was run from (INIT_CWD), not the package's", async () => {
    const other = copyFixture();
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = dirname(other);
    try {
      const result = await run(build, ["--root", basename(other)]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
    expect(existsSync(join(other, "dist", "datapackage.json"))).toBe(true);
  });

  it("reports every problem of package.json at once, located, with exit 1 and nothing written", async () => {
    const other = copyFixture();
    writeFileSync(join(other, "package.json"), '{\n  "name": "",\n  "version": "1.2.3",\n  "datapackage": { "title": "T", "licenses": [] }\n}\n');
    const result = await run(build, ["--root", other]);
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n").filter((line) => line.includes("error["))).toEqual([
      'package.json:1:1 error[package-json]: "description" is missing',
      'package.json:2:11 error[package-json]: "name" must be non-empty text',
      'package.json:4:46 error[package-json]: "datapackage.licenses" must list at least one licence',
    ]);
    expect(existsSync(join(other, "dist"))).toBe(false);
    writeFileSync(join(other, "package.json"), '{ "name": "x",\n  "version": }\n');
    const syntax = await run(build, ["--root", other]);
    expect(syntax.status).toBe(1);
    expect(syntax.stderr).toContain("package.json:2:14 error[package-json]: not valid JSON: Unexpected token RBrace found.");
  });

  it("prints the problems, or the summary and notes, as one JSON object with --format json, for a curator's CI", async () => {
    const root = copyFixture();
    const valid = await run(validate, ["--root", root, "--format", "json"]);
    expect(valid.status).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({ valid: true, problems: [], tables: 3, records: 5, quotesChecked: true, notes: [] });
    const built = await run(build, ["--root", root, "--format", "json"]);
    expect(built.stderr).toBe("");
    expect(JSON.parse(built.stdout)).toMatchObject({ valid: true, problems: [], tables: 3, records: 5, files: 57, quotesChecked: true, notes: [expect.stringMatching(/^unreleased: nothing is released yet/)] });
    writeIn(root, "sources/people/ada.yaml", "id: ada\nname: Ada: Lovelace\n");
    const broken = await run(build, ["--root", root, "--format", "json"]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toBe("");
    const report = JSON.parse(broken.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ file: "sources/people/ada.yaml", line: 2, col: 7, code: "yaml-syntax", source: "name: Ada: Lovelace", hint: 'put the value in double quotes: name: "Ada: Lovelace"' }),
    ]);
    expect((await run(validate, ["--root", root, "--format", "xml"])).status).toBe(2);
  });
});
