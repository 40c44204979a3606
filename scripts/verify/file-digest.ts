/** Size and hash of a file, computed from the chunks as they stream by. */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";

export interface Digest {
  bytes: number;
  algorithm: string;
  hex: string;
}

export class FileDigest {
  private readonly hash: Hash;
  private bytes = 0;

  constructor(private readonly algorithm: string) {
    this.hash = createHash(algorithm);
  }

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  result(): Digest {
    return { bytes: this.bytes, algorithm: this.algorithm, hex: this.hash.digest("hex") };
  }
}

export async function digestFile(path: string, algorithm: string, onBytes: (n: number) => void): Promise<Digest> {
  const digest = new FileDigest(algorithm);
  for await (const chunk of createReadStream(path)) {
    digest.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  return digest.result();
}
