import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MiB, writeTarGz, type TarEntry } from "../../tests/helpers/archive-bombs.ts";
import { tempDir } from "../../tests/helpers/project.ts";
import { readSmallTarGz } from "./archive-memory.ts";
import { loadRelease, readFolder } from "./files.ts";
import { openRelease } from "./open-release.ts";

const REPO = join(import.meta.dirname, "..", "..");
const RELEASES = join(REPO, "releases");

/** What the streaming unpacker gives for the archive: the files of the folder it unpacks. */
async function unpacked(path: string, options: { allFiles?: boolean } = {}): Promise<Map<string, Uint8Array>> {
  const opened = await openRelease(path, options);
  try {
    return readFolder(opened.root!);
  } finally {
    opened.close();
  }
}

function tarGz(entries: TarEntry[]): Buffer {
  const out = join(tempDir("cai-memory-tar-"), "release.tar.gz");
  writeTarGz(out, entries);
  return readFileSync(out);
}

const descriptor = Buffer.from(`${JSON.stringify({ name: "r", resources: [{ name: "a", path: "csv/a.csv" }] })}\n`);

describe("a small .tar.gz release read in memory", () => {
  const archives = readdirSync(RELEASES).filter((name) => name.endsWith(".tar.gz"));

  it.each(archives)("gives the streaming unpacker's files, byte for byte, for %s", async (name) => {
    const path = join(RELEASES, name);
    for (const options of [{}, { allFiles: true }]) {
      const inMemory = await readSmallTarGz(readFileSync(path), options);
      const streamed = await unpacked(path, options);
      expect(inMemory).toBeDefined();
      expect([...inMemory!.keys()].sort()).toEqual([...streamed.keys()].sort());
      for (const [file, bytes] of streamed) expect(Buffer.compare(inMemory!.get(file)!, bytes)).toBe(0);
    }
  });

  it("takes the files of a single top folder, without it, as the unpacker's caller does", async () => {
    const files = await readSmallTarGz(tarGz([{ path: "top/datapackage.json", content: descriptor }, { path: "top/csv/a.csv", content: Buffer.from("x\n1\n") }, { path: "top/notes.txt", content: Buffer.from("-") }]));
    expect([...files!.keys()].sort()).toEqual(["csv/a.csv", "datapackage.json"]);
    expect(files!.get("csv/a.csv")!.toString()).toBe("x\n1\n");
  });

  it.each<[string, Buffer]>([
    ["an unsafe name", tarGz([{ path: "datapackage.json", content: descriptor }, { path: "../csv/a.csv", content: Buffer.from("x\n") }])],
    ["a name given twice", tarGz([{ path: "datapackage.json", content: descriptor }, { path: "csv/a.csv", content: Buffer.from("x\n") }, { path: "csv/a.csv", content: Buffer.from("y\n") }])],
    ["no descriptor", tarGz([{ path: "csv/a.csv", content: Buffer.from("x\n") }])],
    ["a tar compressed twice", gzipSync(gzipSync(Buffer.alloc(2048)))],
    ["bytes that are not gzip", Buffer.from("not an archive")],
    ["a file where a folder is needed", tarGz([{ path: "datapackage.json", content: Buffer.from(JSON.stringify({ resources: [{ path: "csv" }, { path: "csv/a.csv" }] })) }, { path: "csv", content: Buffer.from("x") }, { path: "csv/a.csv", content: Buffer.from("x\n") }])],
  ])("leaves an archive with %s to the streaming unpacker", async (_, packed) => {
    expect(await readSmallTarGz(packed)).toBeUndefined();
  });

  it("leaves an archive that inflates past its limit to the streaming unpacker", async () => {
    const packed = tarGz([{ path: "datapackage.json", content: descriptor }, { path: "csv/a.csv", content: 2 * MiB }]);
    expect(await readSmallTarGz(packed, {}, MiB)).toBeUndefined();
    expect(await readSmallTarGz(packed, {}, 4 * MiB)).toBeDefined();
  });

  it("is what loadRelease gives for a .tar.gz, and the unpacker's refusal stays loadRelease's", async () => {
    const path = join(RELEASES, archives.at(-1)!);
    expect(await loadRelease(path)).toEqual(await readSmallTarGz(readFileSync(path)));
    const hostile = join(tempDir("cai-memory-tar-"), "hostile.tar.gz");
    writeTarGz(hostile, [{ path: "datapackage.json", content: descriptor }, { path: "../csv/a.csv", content: Buffer.from("x\n") }]);
    await expect(loadRelease(hostile)).rejects.toThrow(/archive entry refused/);
  });
});
