/**
 * Byte-for-byte reproducible .tar.gz and .zip archives, and a reader for both.
 *
 * The containers are written here rather than by a library because every byte must be
 * fixed: entries sorted by path, one timestamp for all (the release date, never the
 * clock), modes 0644/0755, uid/gid 0, no user names, and a gzip header without mtime or
 * OS byte variance. fflate's zip writer takes the local time zone into its DOS
 * timestamps, so only its pure-JS deflate is used: the same input gives the same
 * compressed bytes on every machine, unlike a zlib build with CPU-specific code paths.
 */
import { deflateSync } from "fflate";

export interface ArchiveEntry {
  /** Path inside the archive, forward slashes, no leading slash. */
  path: string;
  bytes: Uint8Array;
}

const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
const DEFLATE_LEVEL = 9;

/** Files plus the folders that hold them, sorted by code unit (a folder sorts before its contents). */
function withFolders(entries: readonly ArchiveEntry[]): { path: string; bytes?: Uint8Array }[] {
  const seen = new Set<string>();
  const all: { path: string; bytes?: Uint8Array }[] = [];
  for (const entry of entries) {
    if (!entry.path || entry.path.startsWith("/") || entry.path.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new Error(`archive path "${entry.path}" must be relative and plain`);
    }
    if (seen.has(entry.path)) throw new Error(`archive path "${entry.path}" appears twice`);
    seen.add(entry.path);
    all.push(entry);
    const parts = entry.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = `${parts.slice(0, i).join("/")}/`;
      if (!seen.has(folder)) {
        seen.add(folder);
        all.push({ path: folder });
      }
    }
  }
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// ---------------------------------------------------------------- tar (POSIX ustar)

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as GNU and BSD tar write them.
  const text = value.toString(8);
  if (text.length > width - 1) throw new Error(`tar header value ${value} does not fit ${width} bytes`);
  return `${text.padStart(width - 1, "0")}\0`;
}

function splitName(path: string): { name: string; prefix: string } {
  const size = Buffer.byteLength(path);
  if (size <= 100) return { name: path, prefix: "" };
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "") return { name, prefix };
  }
  throw new Error(`archive path "${path}" is too long for a ustar header`);
}

function tarHeader(path: string, size: number, directory: boolean, mtime: number): Buffer {
  const header = Buffer.alloc(512, 0);
  const { name, prefix } = splitName(path);
  const put = (text: string, offset: number) => header.write(text, offset, "utf8");
  put(name, 0);
  put(octal(directory ? DIR_MODE : FILE_MODE, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put("        ", 148);
  put(directory ? "5" : "0", 156);
  put("ustar\0", 257);
  put("00", 263);
  put(prefix, 345);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return header;
}

export function tarBytes(entries: readonly ArchiveEntry[], mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of withFolders(entries)) {
    const directory = entry.bytes === undefined;
    const bytes = entry.bytes ?? new Uint8Array(0);
    parts.push(tarHeader(entry.path, bytes.length, directory, mtime));
    if (bytes.length > 0) {
      parts.push(Buffer.from(bytes));
      const pad = (512 - (bytes.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad, 0));
    }
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** gzip (RFC 1952) with a fixed header: no name, MTIME 0, XFL 0, OS 255 (unknown). */
export function gzipBytes(data: Uint8Array): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([header, deflateSync(data, { level: DEFLATE_LEVEL }), trailer]);
}

export function tarGzBytes(entries: readonly ArchiveEntry[], mtime: number): Buffer {
  return gzipBytes(tarBytes(entries, mtime));
}

// ---------------------------------------------------------------- zip

/** MS-DOS date and time of a UTC instant (zip has no time zone; we write the UTC fields). */
function dosDateTime(mtime: number): { date: number; time: number } {
  const d = new Date(mtime * 1000);
  const year = d.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new Error(`zip cannot store the year ${year}`);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

export function zipBytes(entries: readonly ArchiveEntry[], mtime: number): Buffer {
  const { date, time } = dosDateTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const all = withFolders(entries);
  for (const entry of all) {
    const directory = entry.bytes === undefined;
    const raw = entry.bytes ?? new Uint8Array(0);
    const name = Buffer.from(entry.path, "utf8");
    const stored = directory || raw.length === 0;
    const data = stored ? Buffer.alloc(0) : Buffer.from(deflateSync(raw, { level: DEFLATE_LEVEL }));
    const crc = crc32(raw);
    // General purpose flag 0x0800: names are UTF-8.
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal attributes: 0
    const mode = directory ? 0o040000 | DIR_MODE : 0o100000 | FILE_MODE;
    central.writeUInt32LE(((mode << 16) | (directory ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0);
  if (offset > 0xffffffff || all.length > 0xffff) throw new Error("archive too large for zip without zip64");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(all.length, 8);
  end.writeUInt16LE(all.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
