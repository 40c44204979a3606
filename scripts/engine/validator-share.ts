/**
 * Compiling the tables' validators with ajv is most of the schema stage of a build with no
 * cache. The build's worker thread (prefetch-worker.ts) compiles every other table, in name
 * order, to ajv's standalone code, while the main thread compiles the rest; the main thread
 * then makes the worker's tables' functions from that code, as a build with the cache does
 * (cache/validators.ts). A table's code is used only when it was made from the very bytes
 * the main thread read (the table's file and every shared definition), and only when no
 * table schema names another, since a table compiled alone could not resolve that name.
 */
import { sha256Hex } from "../contract/sha256.ts";

/** What the main thread asks of the worker's share. */
export interface ValidatorShare {
  /** The standalone code of `table` made from files of this key, or undefined: then the main thread compiles it. */
  code(table: string, key: string): string | undefined;
}

/** What the worker sends: each of its tables' key and code. */
export type SharedCodes = [table: string, key: string, code: string][];

/** The tables the worker compiles: every other one of the names in order, starting with the second. */
export function workerTables(names: readonly string[]): Set<string> {
  return new Set([...names].sort().filter((_, index) => index % 2 === 1));
}

/** What a table's validator is made from: its schema file and the shared definitions, paths and bytes. */
export function shareKey(table: readonly [string, Uint8Array], definitions: readonly (readonly [string, Uint8Array])[]): string {
  const parts: (string | Uint8Array)[] = [];
  for (const [path, bytes] of [table, ...[...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]) parts.push(path, "\0", bytes, "\0");
  return sha256Hex(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part))));
}

/** Whether a table schema's text names another table's "$id" (then no table is compiled apart). */
export function namesAnotherTable(texts: ReadonlyMap<string, string>, ids: ReadonlyMap<string, string>): boolean {
  for (const [table, text] of texts) {
    for (const [other, id] of ids) if (other !== table && text.includes(JSON.stringify(id))) return true;
  }
  return false;
}
