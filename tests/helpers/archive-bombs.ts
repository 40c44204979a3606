/**
 * Archives that unpack to gigabytes while staying a few megabytes on disk, written in
 * well under a second: the zeros are one compressed block repeated (gzip members may be
 * concatenated; a raw deflate stream may repeat a block that ends in a full flush, since
 * such a block refers to nothing before it).
 */
import { writeFileSync } from "node:fs";
import { constants, deflateRawSync, gzipSync } from "node:zlib";
import { Header } from "tar";

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
const ZEROS = Buffer.alloc(MiB);

/** A descriptor naming one CSV resource, enough for the validator to want that file unpacked. */
export function bombDescriptor(path: string, bytes: number): Buffer {
  const descriptor = { name: "bomb", resources: [{ name: "bomb", path, bytes, format: "csv" }] };
  return Buffer.from(`${JSON.stringify(descriptor)}\n`);
}

export function tarHeader(path: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  new Header({ path, size, type: "File", mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }).encode(block, 0);
  return block;
}

export const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

export interface TarEntry {
  path: string;
  /** The entry's content, or a number of zero bytes (a whole number of MiB) to repeat. */
  content: Buffer | number;
}

/**
 * A .tar.gz of the entries; `trailingZeros` MiB of zeros after the tar's end blocks make
 * a gzip stream far longer than the tar it holds.
 */
export function writeTarGz(out: string, entries: TarEntry[], trailingZeros = 0): void {
  const zeroMember = gzipSync(ZEROS);
  const members: Buffer[] = [];
  for (const { path, content } of entries) {
    if (typeof content === "number") {
      if (content % MiB !== 0) throw new Error("zeros come in whole MiB");
      members.push(gzipSync(tarHeader(path, content)));
      for (let i = 0; i < content / MiB; i++) members.push(zeroMember);
    } else {
      members.push(gzipSync(Buffer.concat([tarHeader(path, content.length), content, padding(content.length)])));
    }
  }
  members.push(gzipSync(Buffer.alloc(1024)));
  for (let i = 0; i < trailingZeros; i++) members.push(zeroMember);
  writeFileSync(out, Buffer.concat(members));
}

/**
 * A .zip whose entries are stored deflated; `declared` overrides the size the central
 * directory and local header state for an entry of zeros (a header that lies).
 */
export function writeZip(out: string, entries: (TarEntry & { declared?: number })[]): void {
  const block = deflateRawSync(ZEROS, { finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { path, content, declared } of entries) {
    const name = Buffer.from(path, "utf8");
    let data: Buffer;
    let size: number;
    if (typeof content === "number") {
      data = Buffer.concat([...Array.from({ length: content / MiB }, () => block), end]);
      size = content;
    } else {
      data = deflateRawSync(content);
      size = content.length;
    }
    const stated = declared ?? size;
    // CRC-32 is not checked by the reader under test; sizes are.
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(stated, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x0314, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(stated, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  writeFileSync(out, Buffer.concat([...locals, directory, eocd]));
}
