/** The sha256 of some bytes in hex: how a release names its files' contents, and the build cache its keys. */
import { createHash } from "node:crypto";

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
