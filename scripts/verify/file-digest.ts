/** Size and hash of a file, computed from the chunks as they stream by. */
import { createHash, type Hash } from "node:crypto";
import type { OpenedFile } from "./release-files.ts";

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

/** Size and hash of a whole file, read piece by piece. */
export function digestFile(file: OpenedFile, algorithm: string, onBytes: (n: number) => void): Digest {
  const digest = new FileDigest(algorithm);
  for (let piece = file.next(); piece; piece = file.next()) {
    digest.update(piece);
    onBytes(piece.length);
  }
  return digest.result();
}
