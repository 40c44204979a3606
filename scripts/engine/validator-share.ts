/**
 * Validators compiled elsewhere, taken by loadSchemas (schemas.ts) for some tables in place
 * of compiling them: every other table, in name order, from ajv's standalone code, made
 * into functions as a build with the cache makes them (cache/validators.ts). A table's code
 * is used only when it was made from the very bytes loadSchemas read (the table's file and
 * every shared definition), and only when no table schema names another, since a table
 * compiled alone could not resolve that name.
 *
 * The build's worker thread compiled such a share until measurements on two cores showed
 * it cost more than it saved (see "Start-up and the build cache" in docs/pipeline.md): the
 * build passes none now, and the pipeline's and the cache's `share` parameters wait to be
 * taken out with this module.
 */
import { sha256Hex } from "../contract/sha256.ts";

/** What loadSchemas asks of a share. */
export interface ValidatorShare {
  /** The standalone code of `table` made from files of this key, or undefined: then loadSchemas compiles it. */
  code(table: string, key: string): string | undefined;
}

/** The tables a share holds: every other one of the names in order, starting with the second. */
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
