/**
 * Archives that try to exhaust the downloader's memory or disk are refused early, with
 * archive-error, without unpacking what the release does not need; the validator's
 * temporary folders go away on SIGINT/SIGTERM, and a later run removes the ones a
 * `kill -9` left. Each child process gets a private TMPDIR: nothing here lists the
 * machine's temporary folder.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unpackTarGz } from "../scripts/published/archive-tar.ts";
import { unpackZip } from "../scripts/published/archive-zip.ts";
import { bombDescriptor, MiB, writeTarGz, writeZip } from "./helpers/archive-bombs.ts";
import { REPO, tempDir } from "./helpers/project.ts";
import { check, fileHashes, goodRelease, tarGzRelease, validatorTempFolders, zipRelease } from "./helpers/release-corpus.ts";

const CHILD = join(REPO, "tests", "helpers", "validate-child.ts");
const TRICKLE = join(REPO, "tests", "helpers", "trickle-tar-gz.ts");
const MEMORY_CEILING = 300 * 1000 ** 2;

const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The validator's command line in a child process with its own TMPDIR. */
function childEnv(tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, TMPDIR: tmp, ...extra };
}

function runChild(archive: string, tmp: string, extra: Record<string, string> = {}) {
  // A stuck or runaway child is killed rather than left behind by a failing test.
  const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, archive], { cwd: REPO, env: childEnv(tmp, extra), encoding: "utf8", timeout: 45_000, killSignal: "SIGKILL" });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const BOMB = Math.round(3.9 * 1024) * MiB;

/** Archive bombs of 3.9 GiB of zeros, a few MB each on disk; `refusal` is what the one-line error must say. */
const bombs: { name: string; ext: "tar.gz" | "zip"; write: (out: string) => void; refusal: RegExp }[] = [
  {
    name: "a tar.gz with one 3.9 GiB entry",
    ext: "tar.gz",
    write: (out) => writeTarGz(out, [{ path: "datapackage.json", content: bombDescriptor("csv/big.csv", BOMB) }, { path: "csv/big.csv", content: BOMB }]),
    refusal: /"csv\/big\.csv" holds more than the limit of 1073741824 bytes/,
  },
  {
    name: "a zip with one 3.9 GiB entry",
    ext: "zip",
    write: (out) => writeZip(out, [{ path: "datapackage.json", content: bombDescriptor("csv/big.csv", BOMB) }, { path: "csv/big.csv", content: BOMB }]),
    refusal: /"csv\/big\.csv" holds more than the limit of 1073741824 bytes/,
  },
  {
    // Nothing declared is large: only counting the inflated bytes as they stream stops this one.
    name: "a tar.gz whose gzip stream runs on for 3.9 GiB past the tar's end",
    ext: "tar.gz",
    write: (out) => writeTarGz(out, [{ path: "datapackage.json", content: bombDescriptor("csv/a.csv", 0) }, { path: "csv/a.csv", content: Buffer.alloc(0) }], BOMB / MiB),
    refusal: /the gzip stream inflates to more than 100 times the archive's \d+ bytes/,
  },
  {
    name: "a zip whose entry declares 1 KiB and holds 3.9 GiB",
    ext: "zip",
    write: (out) => writeZip(out, [{ path: "datapackage.json", content: bombDescriptor("csv/big.csv", 1024) }, { path: "csv/big.csv", content: BOMB, declared: 1024 }]),
    refusal: /cannot unpack "csv\/big\.csv" from the zip archive: too many bytes in the stream/,
  },
];

describe("archive bombs: peak memory, measured in a child process", () => {
  for (const { name, ext, write, refusal } of bombs) {
    it(`${name} exits 2 with archive-error and peaks under 300 MB`, () => {
      const dir = tempDir();
      const tmp = tempDir("cai-tmpdir-");
      const archive = join(dir, `bomb.${ext}`);
      write(archive);
      const before = digest(archive);
      const rssFile = join(dir, "max-rss");
      const result = runChild(archive, tmp, { CAI_MAX_RSS_FILE: rssFile });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: \S+ \[archive-error\] /);
      expect(result.stderr).toMatch(refusal);
      expect(result.stderr, "no stack trace").not.toMatch(/^\s+at /m);
      const maxRss = Number(readFileSync(rssFile, "utf8"));
      expect(maxRss).toBeGreaterThan(0);
      expect(maxRss).toBeLessThan(MEMORY_CEILING);
      expect(digest(archive)).toBe(before);
      expect(validatorTempFolders(tmp)).toEqual([]);
    });
  }
});

describe("size, ratio and count limits", () => {
  it("a .tar.gz whose gzip stream runs on past the tar's end is refused by the ratio limit", async () => {
    const dir = tempDir();
    const archive = join(dir, "trailing.tar.gz");
    writeTarGz(archive, [{ path: "datapackage.json", content: bombDescriptor("csv/a.csv", 0) }, { path: "csv/a.csv", content: Buffer.alloc(0) }], 64);
    const before = digest(archive);
    const { status, report } = await check(archive);
    expect(report.problems.map((p) => p.code)).toEqual(["archive-error"]);
    expect(report.problems[0]!.message).toMatch(/more than 100 times/);
    expect(status).toBe(2);
    expect(digest(archive)).toBe(before);
  });

  it("a .zip whose entries declare more than 2 GiB in all is refused before anything is unpacked", async () => {
    const dir = tempDir();
    const archive = join(dir, "large.zip");
    const entries = ["a", "b", "c"].map((name) => ({ path: `csv/${name}.csv`, content: 1000 * MiB }));
    // Incompressible filler makes the archive big enough that the ratio limit lets the declared sizes through.
    const filler = { path: "notes/filler.bin", content: randomBytes(32 * MiB) };
    writeZip(archive, [{ path: "datapackage.json", content: bombDescriptor("csv/a.csv", 1000 * MiB) }, filler, ...entries]);
    const before = digest(archive);
    const into = tempDir();
    await expect(unpackZip(archive, into)).rejects.toThrow(/entries declare more than the limit of 2147483648 bytes/);
    expect(readdirSync(into)).toEqual([]);
    const { status, report } = await check(archive);
    expect(report.problems.map((p) => p.code)).toEqual(["archive-error"]);
    expect(status).toBe(2);
    expect(digest(archive)).toBe(before);
  });

  it("a .zip entry that holds more than its header says is refused when the real bytes pass it", async () => {
    const archive = join(tempDir(), "lying.zip");
    writeZip(archive, [{ path: "datapackage.json", content: bombDescriptor("csv/a.csv", 1024) }, { path: "csv/a.csv", content: 64 * MiB, declared: 1024 }]);
    const { status, report } = await check(archive);
    expect(report.problems.map((p) => p.code)).toEqual(["archive-error"]);
    expect(status).toBe(2);
  });

  it("an archive with more than 10000 entries is refused", async () => {
    const archive = join(tempDir(), "many.tar.gz");
    const entries = Array.from({ length: 10_001 }, (_, i) => ({ path: `x/${i}.txt`, content: Buffer.from("x") }));
    writeTarGz(archive, [{ path: "datapackage.json", content: bombDescriptor("csv/a.csv", 0) }, ...entries]);
    const { status, report } = await check(archive);
    expect(report.problems.map((p) => p.code)).toEqual(["archive-error"]);
    expect(report.problems[0]!.message).toMatch(/more than 10000 entries/);
    expect(status).toBe(2);
  });

  it("a .tar.gz that lists the same file twice is refused with archive-error, as a .zip is", async () => {
    const dir = tempDir();
    for (const format of ["tar.gz", "zip"] as const) {
      const archive = join(dir, `twice.${format}`);
      const entries = [
        { path: "datapackage.json", content: bombDescriptor("csv/a.csv", 2) },
        { path: "csv/a.csv", content: Buffer.from("a\n") },
        { path: "csv/a.csv", content: Buffer.from("b\n") },
      ];
      if (format === "zip") writeZip(archive, entries);
      else writeTarGz(archive, entries);
      const { status, report } = await check(archive);
      expect(report.problems.map((p) => p.code), format).toEqual(["archive-error"]);
      expect(report.problems[0]!.message, format).toMatch(/csv\/a\.csv.*twice/);
      expect(status, format).toBe(2);
    }
  });
});

describe("only what the release needs is unpacked", () => {
  for (const format of ["tar.gz", "zip"] as const) {
    it(`a ${format} unpacks the descriptor, its resources, json/, schemas/ and tombstones.json, nothing else`, async () => {
      const dir = tempDir();
      const release = join(dir, "release");
      cpSync(await goodRelease(), release, { recursive: true });
      mkdirSync(join(release, "notes"));
      writeFileSync(join(release, "notes", "big.bin"), Buffer.alloc(MiB, 7));
      writeFileSync(join(release, "json", "readme.txt"), "not a table");
      const archive = join(dir, `release.${format}`);
      if (format === "zip") await zipRelease(release, archive, "top/");
      else await tarGzRelease(release, archive, "top/");
      const into = tempDir();
      expect(await (format === "zip" ? unpackZip : unpackTarGz)(archive, into)).toEqual([]);
      const unpacked = Object.keys(fileHashes(into)).sort();
      const descriptor = JSON.parse(readFileSync(join(release, "datapackage.json"), "utf8")) as { resources: { path: string }[] };
      const expected = new Set(["datapackage.json", "data.json", "tombstones.json", ...descriptor.resources.map((r) => r.path)]);
      for (const name of Object.keys(fileHashes(release))) if (/^json\/[^/]+\.json$|^schemas\/.+\.schema\.json$/.test(name)) expected.add(name);
      expect(unpacked).toEqual([...expected].map((name) => `top/${name}`).sort());
      expect((await check(archive)).status).toBe(0);
    });

    it(`a ${format} unpacks every file when all are asked for (the release tool's diff and its tests)`, async () => {
      const dir = tempDir();
      const release = join(dir, "release");
      cpSync(await goodRelease(), release, { recursive: true });
      writeFileSync(join(release, "CHANGELOG.md"), "# Changelog\n");
      const archive = join(dir, `release.${format}`);
      if (format === "zip") await zipRelease(release, archive, "top/");
      else await tarGzRelease(release, archive, "top/");
      const into = tempDir();
      expect(await (format === "zip" ? unpackZip : unpackTarGz)(archive, into, { allFiles: true })).toEqual([]);
      expect(fileHashes(join(into, "top"))).toEqual(fileHashes(release));
    });
  }
});

/** Polls until `ready` holds; the test fails with `what` if it never does. */
async function waitFor(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ready()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
}

/**
 * The validator in a child process reading a named pipe that a second child fills with
 * the start of a .tar.gz and never finishes: it stays inside the archive, temporary
 * folder and all, for as long as the test likes.
 */
function slowValidator(tmp: string): { child: ChildProcess; writer: ChildProcess; stderr: () => string; end: ReturnType<typeof exited> } {
  const archive = join(tempDir(), "slow.tar.gz");
  expect(spawnSync("mkfifo", [archive]).status).toBe(0);
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, archive], { cwd: REPO, env: childEnv(tmp), stdio: ["ignore", "pipe", "pipe"] });
  const writer = spawn(process.execPath, ["--import", "tsx", TRICKLE, archive], { cwd: REPO, stdio: "ignore" });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return { child, writer, stderr: () => stderr, end: exited(child) };
}

function stop(...children: ChildProcess[]): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

describe("temporary folders", () => {
  for (const [signal, status] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${signal} while an archive is being read removes the temporary folder and exits ${status}`, async () => {
      const tmp = tempDir("cai-tmpdir-");
      const { child, writer, stderr, end } = slowValidator(tmp);
      try {
        await waitFor("the validator's temporary folder", () => validatorTempFolders(tmp).length > 0 || child.exitCode !== null);
        expect(child.exitCode, stderr()).toBeNull();
        child.kill(signal);
        const { code } = await end;
        expect(code, stderr()).toBe(status);
        expect(stderr().trim().split("\n")).toEqual([`stopped by ${signal}: the validator's temporary folder was removed`]);
        expect(validatorTempFolders(tmp)).toEqual([]);
      } finally {
        stop(child, writer);
      }
    });
  }

  it("a later run removes the folder a killed validator left, and keeps the folder of one still running", async () => {
    const tmp = tempDir("cai-tmpdir-");
    const gone = spawnSync(process.execPath, ["-e", ""]);
    expect(gone.status).toBe(0);
    const deadFolder = `cai-validate-${gone.pid}-Ab12Cd`;
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const liveFolder = `cai-validate-${sleeper.pid}-Ef34Gh`;
      for (const name of [deadFolder, liveFolder]) {
        mkdirSync(join(tmp, name, "csv"), { recursive: true });
        writeFileSync(join(tmp, name, "csv", "big.csv"), "a\n");
      }
      const archive = join(tempDir(), "release.zip");
      await zipRelease(await goodRelease(), archive);
      const result = runChild(archive, tmp);
      expect(result.status, result.stderr).toBe(0);
      expect(existsSync(join(tmp, deadFolder))).toBe(false);
      expect(validatorTempFolders(tmp)).toEqual([liveFolder]);
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("temporary folders are named after the process that owns them", async () => {
    const tmp = tempDir("cai-tmpdir-");
    const { child, writer } = slowValidator(tmp);
    try {
      await waitFor("the validator's temporary folder", () => validatorTempFolders(tmp).length > 0 || child.exitCode !== null);
      expect(validatorTempFolders(tmp)).toEqual([expect.stringMatching(new RegExp(`^cai-validate-${child.pid}-[A-Za-z0-9]{6}$`))]);
    } finally {
      stop(child, writer);
    }
  });
});
