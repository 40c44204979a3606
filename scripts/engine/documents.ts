/**
 * Source documents, found by the sha256 of their exact bytes, so that a source
 * record names its document by content and not by a path that may move.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compareText } from "../contract/diagnostics.ts";
import { sha256Hex } from "../contract/sha256.ts";

export interface SourceDocument {
  path: string;
  sha256: string;
  text: string;
}

export type DocumentIndex = Map<string, SourceDocument>;


/** Every regular file directly in `dir`, by sha256. Unreadable input is the caller's error. */
export function loadDocuments(dir: string): DocumentIndex {
  if (!statSync(dir).isDirectory()) throw new Error(`--documents ${dir} is not a folder`);
  const index: DocumentIndex = new Map();
  for (const name of readdirSync(dir).sort(compareText)) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    const sha256 = sha256Hex(bytes);
    index.set(sha256, { path, sha256, text: new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "") });
  }
  return index;
}
