/**
 * Which engine is running, for the build cache's key. scripts/launch.js writes the digest
 * of the sources a compiled copy was made from into its DIGEST file; run from the
 * TypeScript sources (tsx, the tests) there is none, and the build runs without a cache
 * unless a caller passes a key of its own.
 */
import { readFileSync } from "node:fs";

/** lib/<digest>/DIGEST, seen from lib/<digest>/engine/cache/. */
const DIGEST_FILE = new URL("../../DIGEST", import.meta.url);

export function engineDigest(): string | undefined {
  try {
    return readFileSync(DIGEST_FILE, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
