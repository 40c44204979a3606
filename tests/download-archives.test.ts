/**
 * Releases as archives: a .zip and a .tar.gz of a good build validate clean, whether the
 * files sit at the root or under one top folder; archives with unsafe entry names are
 * refused before anything is unpacked, and nothing is written outside the validator's
 * temporary folder, which is gone afterwards.
 */
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import yazl from "yazl";
import { describe, expect, it } from "vitest";
import { check, fileHashes, goodRelease, tarGzRelease, zipRelease } from "./helpers/release-corpus.ts";
import { tempDir } from "./helpers/project.ts";

async function writeZip(zip: yazl.ZipFile, path: string): Promise<void> {
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(path)));
}

describe("archives of a good release", () => {
  it("a .zip with the files at its root validates clean", async () => {
    const archive = join(tempDir(), "release.zip");
    await zipRelease(await goodRelease(), archive);
    const { status, report } = await check(archive);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(report.stats.resources).toBeGreaterThan(0);
  });

  it("a .tar.gz with the files under one top folder validates clean", async () => {
    const archive = join(tempDir(), "release.tar.gz");
    await tarGzRelease(await goodRelease(), archive, "central-asia-integration-1.2.3/");
    const { status, report } = await check(archive);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(report.stats.resources).toBeGreaterThan(0);
  });

  it("finds damage inside an archive just as in a folder", async () => {
    const dir = tempDir();
    const release = join(dir, "copy");
    cpSync(await goodRelease(), release, { recursive: true });
    writeFileSync(join(release, "csv/people.csv"), readFileSync(join(release, "csv/people.csv"), "utf8").replace("Bo Berg", "Bo Cerg"));
    const archive = join(dir, "release.zip");
    await zipRelease(release, archive, "top/");
    const { status, located } = await check(archive);
    expect(located).toEqual([
      { code: "hash-count", file: "csv/people.csv" },
      { code: "csv-json-mismatch", file: "csv/people.csv", row: 3, field: "name" },
    ]);
    expect(status).toBe(1);
  });
});

describe("unsafe archives", () => {
  it("a .zip with a '../' entry (zip-slip) is refused whole: unsafe-path, nothing written", async () => {
    const dir = tempDir();
    const archive = join(dir, "inner", "release.zip");
    mkdirSync(join(dir, "inner"));
    // yazl refuses to write such a name, as it should: write a same-length name and patch it in.
    await zipRelease(await goodRelease(), archive, "", [{ name: "xx/evil.txt", bytes: Buffer.from("pwned") }]);
    const bytes = readFileSync(archive);
    const patched = Buffer.from(bytes.toString("latin1").split("xx/evil.txt").join("../evil.txt"), "latin1");
    expect(patched.length).toBe(bytes.length);
    writeFileSync(archive, patched);
    const before = fileHashes(dir);
    const { status, located, report } = await check(archive);
    expect(located).toEqual([{ code: "unsafe-path", file: "../evil.txt" }]);
    expect(report.problems[0]!.message).toBe("archive entry refused, nothing was unpacked: the path climbs out of the release with '..'");
    expect(status).toBe(1);
    expect(existsSync(join(dir, "inner", "..", "evil.txt"))).toBe(false);
    expect(fileHashes(dir)).toEqual(before);
  });

  it("a .tar.gz with a '../' entry and an absolute entry is refused whole: unsafe-path for each", async () => {
    const dir = tempDir();
    const release = join(dir, "release");
    cpSync(await goodRelease(), release, { recursive: true });
    writeFileSync(join(dir, "evil.txt"), "pwned");
    const archive = join(dir, "release.tar.gz");
    await tarGzRelease(release, archive, "", ["../evil.txt", join(dir, "evil.txt")]);
    const before = fileHashes(dir);
    const { status, located } = await check(archive);
    expect(located).toEqual([
      { code: "unsafe-path", file: "../evil.txt" },
      { code: "unsafe-path", file: join(dir, "evil.txt") },
    ].sort((a, b) => (a.file < b.file ? -1 : 1)));
    expect(status).toBe(1);
    expect(fileHashes(dir)).toEqual(before);
  });

  it("a .zip with a symbolic link entry is refused: unsafe-path", async () => {
    const archive = join(tempDir(), "release.zip");
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from("{}"), "datapackage.json");
    zip.addBuffer(Buffer.from("/etc"), "csv", { mode: 0o120777 });
    await writeZip(zip, archive);
    const { status, located } = await check(archive);
    expect(located).toEqual([{ code: "unsafe-path", file: "csv" }]);
    expect(status).toBe(1);
  });

  it("an archive that cannot be read exits 2 with archive-error", async () => {
    const archive = join(tempDir(), "release.zip");
    writeFileSync(archive, "this is not a zip file");
    const { status, located } = await check(archive);
    expect(located).toEqual([{ code: "archive-error", file: archive }]);
    expect(status).toBe(2);
    const tgz = join(tempDir(), "release.tar.gz");
    writeFileSync(tgz, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3]));
    const result = await check(tgz);
    expect(result.located).toEqual([{ code: "archive-error", file: tgz }]);
    expect(result.status).toBe(2);
  });

  it("an archive with no datapackage.json is not a release: exit 2 with input-error", async () => {
    const archive = join(tempDir(), "release.zip");
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from("a,b\r\n"), "a/x.csv");
    zip.addBuffer(Buffer.from("a,b\r\n"), "b/y.csv");
    await writeZip(zip, archive);
    const { status, located } = await check(archive);
    expect(located).toEqual([{ code: "input-error", file: archive }]);
    expect(status).toBe(2);
  });
});
