/**
 * The release validator's command line: human and JSON output, exit statuses, the
 * input forms it accepts, the validator package's bin run as a real process, and the
 * offline copy of the Data Package profile.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runValidateDownload, validateDownload } from "../scripts/verify/cli.ts";
import { CODES } from "../scripts/verify/report.ts";
import { PROFILE, PROFILE_IN_SHARED } from "./helpers/datapackage.ts";
import { needsShared } from "./helpers/shared.ts";
import { REPO, tempDir } from "./helpers/project.ts";
import { copyRelease, editFile, goodRelease, replaceText } from "./helpers/release-corpus.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

async function capture(command: (io: { out(line: string): void; err(line: string): void }) => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await command({ out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("validate <release>", () => {
  it("prints one line per problem and a summary in human format", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("member,1999,", "member,19x9,"), true);
    const { status, stdout, stderr } = await capture((io) => validateDownload(release, { format: "human" }, io));
    expect(stdout.split("\n")).toEqual([
      'csv/people.csv:3 [type-error] field "joined.year": "19x9" is not an integer',
      'csv/people.csv:3 [csv-json-mismatch] field "joined.year": the CSV has "19x9" where json/people.json gives "1999"',
      "invalid: 2 problems in 1 file; 6 resources, 10 CSV rows, 3 JSON tables checked",
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(1);
  });

  it("says valid in one line for a good release, given as its folder or its datapackage.json", async () => {
    const dist = await goodRelease();
    for (const path of [dist, join(dist, "datapackage.json")]) {
      const { status, stdout, stderr } = await capture((io) => validateDownload(path, { format: "human" }, io));
      expect(stdout).toBe("valid: 6 resources, 10 CSV rows, 3 JSON tables checked");
      expect(stderr).toBe("");
      expect(status).toBe(0);
    }
  });

  it("exits 2 for a path that does not exist, in either format", async () => {
    const missing = join(tempDir(), "nothing-here");
    const human = await capture((io) => validateDownload(missing, { format: "human" }, io));
    expect(human).toEqual({ status: 2, stdout: "", stderr: `error: ${missing} [input-error] no such file or folder` });
    const json = await capture((io) => validateDownload(missing, { format: "json" }, io));
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      valid: false,
      problems: [{ code: "input-error", file: missing, message: "no such file or folder" }],
      stats: { resources: 0, rows: 0, bytes: 0, jsonTables: 0, problems: 1, omitted: 0 },
    });
  });

  it("exits 2 for a folder that is not a release, and for a bad argument", async () => {
    const folder = tempDir();
    expect((await capture((io) => validateDownload(folder, { format: "human" }, io))).status).toBe(2);
    const bad = await capture((io) => runValidateDownload([folder, "--format", "xml"], io));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be human or json, not "xml"');
  });

  it("reports an unparseable descriptor as format-error, as any JSON file of a release (exit 1)", async () => {
    const release = await copyRelease();
    writeFileSync(join(release, "datapackage.json"), "{ not json");
    const { status, stdout } = await capture((io) => validateDownload(release, { format: "json" }, io));
    expect(JSON.parse(stdout).problems.map((p: { code: string; file: string }) => [p.code, p.file])).toEqual([["format-error", "datapackage.json"]]);
    expect(status).toBe(1);
  });

  it("documents every code it can report", () => {
    expect(Object.keys(CODES)).toEqual(expect.arrayContaining(["hash-count", "byte-count", "type-error", "constraint-error", "primary-key", "foreign-key", "missing-label", "extra-label", "extra-cell", "missing-cell", "blank-row", "encoding-error", "descriptor-error", "missing-file", "schema-error", "csv-json-mismatch", "unsafe-path", "archive-error"]));
  });
});

describe("the validator package's bin", () => {
  const VALIDATOR = join(REPO, "packages", "validator");
  const bin = join(VALIDATOR, "bin", "central-asia-integration-validate.js");
  // The bin runs the compiled validator, as an installed package does (prepack compiles it).
  beforeAll(() => {
    execFileSync(NPM, ["run", "compile"], { cwd: VALIDATOR, stdio: "ignore" });
  }, 120_000);

  it("runs `<release> --format json` as a process: report on stdout, nothing on stderr (no progress off a terminal)", async () => {
    const dist = await goodRelease();
    const result = spawnSync(process.execPath, [bin, dist, "--format", "json"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, problems: [] });
  });

  it("exits 1 on an invalid release, and 2 without a path, with its own name in the usage", async () => {
    const release = await copyRelease();
    editFile(release, "csv/people.csv", replaceText("Bo Berg", "Bo Cerg"), false);
    expect(spawnSync(process.execPath, [bin, release], { encoding: "utf8" }).status).toBe(1);
    const none = spawnSync(process.execPath, [bin], { encoding: "utf8" });
    expect(none.stderr.split("\n").slice(0, 2)).toEqual(["error: give exactly 1 path, not 0", "usage: central-asia-integration-validate <release> [--format human|json]"]);
    expect(none.status).toBe(2);
  });

  it("is declared in the validator's package.json, and the data package has no bin", () => {
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(read(VALIDATOR).bin).toEqual({ "central-asia-integration-validate": "bin/central-asia-integration-validate.js" });
    expect(read(REPO).bin).toBeUndefined();
  });
});

describe("the offline Data Package profile", () => {
  it("is a byte-identical copy of the official v2 profile", (context) => {
    needsShared(context, PROFILE_IN_SHARED);
    expect(readFileSync(join(REPO, "scripts", "verify", "profiles", "datapackage-2.0.json"))).toEqual(readFileSync(PROFILE));
  });
});
