/** The archive writers: fixed bytes whatever the machine, time zone or input order. */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, unzipSync } from "fflate";
import { extract } from "tar";
import { afterEach, describe, expect, it } from "vitest";
import { crc32, tarBytes, tarGzBytes, zipBytes, type ArchiveEntry } from "../scripts/release/archive.ts";
import { tempDir } from "./helpers/project.ts";

const MTIME = Date.UTC(2024, 4, 1) / 1000;
const entries: ArchiveEntry[] = [
  { path: "pkg-1.0.0/json/b.json", bytes: Buffer.from('{"b":1}\n') },
  { path: "pkg-1.0.0/README.md", bytes: Buffer.from("# Readme\n") },
  { path: "pkg-1.0.0/csv/a.csv", bytes: Buffer.from("id,name\r\n".repeat(50)) },
  { path: "pkg-1.0.0/empty.txt", bytes: new Uint8Array(0) },
  { path: `pkg-1.0.0/${"deep/".repeat(20)}long-name.csv`, bytes: Buffer.from("x\r\n") },
];

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("tar.gz", () => {
  it("has a gzip header without time, flags or OS variance, and a correct trailer", () => {
    const bytes = tarGzBytes(entries, MTIME);
    expect([...bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    const tar = gunzipSync(bytes);
    expect(Buffer.from(tar).equals(tarBytes(entries, MTIME))).toBe(true);
    expect(bytes.readUInt32LE(bytes.length - 8)).toBe(crc32(tar));
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("writes sorted entries, folders first, mode 0644/0755, owner 0/0, the given time, and reads back", () => {
    const tar = tarBytes(entries, MTIME);
    const headers: { name: string; mode: string; uid: string; gid: string; mtime: number; type: string; uname: string }[] = [];
    const field = (at: number, length: number) => tar.subarray(at, at + length).toString("utf8").replace(/\0.*$/s, "");
    for (let at = 0; at < tar.length && tar[at] !== 0; ) {
      const size = parseInt(field(at + 124, 12), 8);
      const prefix = field(at + 345, 155);
      headers.push({
        name: prefix ? `${prefix}/${field(at, 100)}` : field(at, 100),
        mode: field(at + 100, 8),
        uid: field(at + 108, 8),
        gid: field(at + 116, 8),
        mtime: parseInt(field(at + 136, 12), 8),
        type: field(at + 156, 1),
        uname: field(at + 265, 32),
      });
      at += 512 + Math.ceil(size / 512) * 512;
    }
    const names = headers.map((h) => h.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.slice(0, 4)).toEqual(["pkg-1.0.0/", "pkg-1.0.0/README.md", "pkg-1.0.0/csv/", "pkg-1.0.0/csv/a.csv"]);
    for (const header of headers) {
      expect(header.mode).toBe(header.type === "5" ? "0000755" : "0000644");
      expect([header.uid, header.gid, header.uname, header.mtime]).toEqual(["0000000", "0000000", "", MTIME]);
    }
    const dir = tempDir();
    writeFileSync(join(dir, "a.tar.gz"), tarGzBytes(entries, MTIME));
    extract({ file: join(dir, "a.tar.gz"), cwd: dir, sync: true });
    for (const entry of entries) {
      if (!entry.path.endsWith("/")) expect(readFileSync(join(dir, entry.path)).equals(Buffer.from(entry.bytes)), entry.path).toBe(true);
    }
  });

  it("is what the system's tar lists", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.tar.gz"), tarGzBytes(entries, MTIME));
    const listing = execFileSync("tar", ["-tzf", join(dir, "a.tar.gz")], { encoding: "utf8" });
    expect(listing.trimEnd().split("\n").filter((name) => !name.endsWith("/"))).toEqual(entries.map((e) => e.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe("zip", () => {
  it("stores UTC date fields whatever the time zone, Unix modes, and unpacks with fflate", () => {
    process.env.TZ = "UTC";
    const utc = zipBytes(entries, MTIME);
    process.env.TZ = "Pacific/Kiritimati";
    expect(new Date(MTIME * 1000).getHours()).toBe(14);
    expect(zipBytes(entries, MTIME).equals(utc)).toBe(true);
    process.env.TZ = "America/Los_Angeles";
    expect(zipBytes(entries, MTIME).equals(utc)).toBe(true);

    const unpacked = unzipSync(utc);
    for (const entry of entries) expect(Buffer.from(unpacked[entry.path]!).equals(Buffer.from(entry.bytes)), entry.path).toBe(true);
    // Central directory: DOS date 2024-05-01, time 00:00, Unix mode in the external attributes.
    const end = utc.length - 22;
    let at = utc.readUInt32LE(end + 16);
    const seen: string[] = [];
    while (utc.readUInt32LE(at) === 0x02014b50) {
      const nameLength = utc.readUInt16LE(at + 28);
      const name = utc.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      seen.push(name);
      expect(utc.readUInt16LE(at + 12), name).toBe(0);
      expect(utc.readUInt16LE(at + 14), name).toBe(((2024 - 1980) << 9) | (5 << 5) | 1);
      expect((utc.readUInt32LE(at + 38) >>> 16) & 0o777, name).toBe(name.endsWith("/") ? 0o755 : 0o644);
      at += 46 + nameLength;
    }
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(seen.filter((name) => !name.endsWith("/")).sort()).toEqual(entries.map((e) => e.path).sort());
  });

  it("gives the same bytes whatever order the files come in, and rejects unsafe paths", () => {
    const reversed = [...entries].reverse();
    expect(zipBytes(reversed, MTIME).equals(zipBytes(entries, MTIME))).toBe(true);
    expect(tarGzBytes(reversed, MTIME).equals(tarGzBytes(entries, MTIME))).toBe(true);
    expect(() => zipBytes([{ path: "../x", bytes: new Uint8Array(1) }], MTIME)).toThrow(/relative and plain/);
    expect(() => tarBytes([{ path: "/etc/x", bytes: new Uint8Array(1) }], MTIME)).toThrow(/relative and plain/);
  });
});
