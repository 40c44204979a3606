/**
 * A download that is still arriving: `node --import tsx tests/helpers/trickle-tar-gz.ts
 * <named pipe>` writes the start of a .tar.gz (a descriptor, then an entry of zeros) into
 * the pipe a little at a time and never finishes it. A validator reading the pipe stays
 * inside the archive, with its temporary folder, until a test stops it; the steady
 * trickle also keeps its read from blocking for long, which would hold up its exit.
 */
import { createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";
import { bombDescriptor, MiB, padding, tarHeader } from "./archive-bombs.ts";

// A pipe has no size, so the ratio limit leaves it only its first 16 MB: declare less, and trickle far less.
const SIZE = 8 * MiB;
const descriptor = bombDescriptor("csv/big.csv", SIZE);
const out = createWriteStream(process.argv[2]!);
// The reader went away (the test is over): nothing left to do.
out.on("error", () => process.exit(0));
const gzip = createGzip();
gzip.pipe(out);
gzip.write(Buffer.concat([tarHeader("datapackage.json", descriptor.length), descriptor, padding(descriptor.length)]));
gzip.write(tarHeader("csv/big.csv", SIZE));
setInterval(() => {
  gzip.write(Buffer.alloc(512));
  gzip.flush();
}, 20);
