/**
 * The build's worker thread, started by prefetch.ts: compiles its share of the validators,
 * makes the TypeScript declarations, then reads the published releases unless the main
 * thread has taken that job meanwhile, and sends each as soon as it is done. The
 * declarations come before the releases: they take longest, and the main thread, which
 * waits for them last, is usually ready to read the releases itself before they are done.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isObject } from "../contract/shapes.ts";
import { validatorCode } from "./cache/validators.ts";
import { BY_WORKER, CODES_NONE, CODES_SENT, UNCLAIMED, type PrefetchMessage, type PrefetchRequest, type ReleasesReply } from "./prefetch.ts";
import { DEFS_FOLDER, listProjectFolder, TABLE_SCHEMA_SUFFIX } from "./project-tree.ts";
import { createAjv } from "./schemas.ts";
import { decodeUtf8 } from "./text.ts";
import { namesAnotherTable, shareKey, workerTables, type SharedCodes } from "./validator-share.ts";

/**
 * The releases for package.json's name and version, read plainly (the build checks the file
 * and compares what it finds with what this used); null when the main thread took the job
 * first, or package.json names no version. The job is claimed as this is called, before
 * anything is awaited; the archive readers are loaded only once it is.
 */
export async function readReleases(root: string, claims: Int32Array): Promise<ReleasesReply | null> {
  const data: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  if (!isObject(data) || typeof data.name !== "string" || typeof data.version !== "string") return null;
  if (Atomics.compareExchange(claims, 0, UNCLAIMED, BY_WORKER) !== UNCLAIMED) return null;
  const meta = { name: data.name, version: data.version };
  const { readReleaseHistory } = await import("./release-history.ts");
  return { ...meta, read: await readReleaseHistory(root, meta) };
}

/**
 * A schema file's value as the main thread's loadSchemaJson gives it (the same decoding,
 * then JSON.parse, which is what it keeps), without the tree of positions it builds for
 * locating problems: the main thread uses this share only when it found none in any file.
 */
function schemaValue(bytes: Uint8Array): object | undefined {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return undefined;
  try {
    const value: unknown = JSON.parse(decoded.text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The worker's share of the validators (validator-share.ts), compiled from schemas/ as the
 * main thread reads it. Anything that does not read or compile cleanly is left out: the
 * main thread then compiles it, and reports what is wrong. Schemas are not checked against
 * the JSON Schema meta-schema here (compiling that is a fifth of the share): the main thread
 * checks each before it takes its code.
 */
export function compileWorkerShare(root: string): SharedCodes {
  const read = (relative: string): [string, Uint8Array] => [relative, readFileSync(join(root, relative))];
  const top = listProjectFolder(root, "schemas");
  const defs = top.folders.includes(DEFS_FOLDER) ? listProjectFolder(root, `schemas/${DEFS_FOLDER}`) : undefined;
  const definitions = (defs?.files ?? []).filter((name) => name.endsWith(TABLE_SCHEMA_SUFFIX)).map((name) => read(`schemas/${DEFS_FOLDER}/${name}`));
  const tables = new Map(top.files.filter((name) => name.endsWith(TABLE_SCHEMA_SUFFIX)).map((name) => [name.slice(0, -TABLE_SCHEMA_SUFFIX.length), read(`schemas/${name}`)]));
  const texts = new Map([...tables].map(([table, [, bytes]]) => [table, Buffer.from(bytes).toString("utf8")]));
  const ids = new Map<string, string>();
  for (const [table, text] of texts) {
    try {
      const id = (JSON.parse(text) as { $id?: unknown }).$id;
      if (typeof id === "string") ids.set(table, id);
    } catch {
      // The main thread reports it.
    }
  }
  if (namesAnotherTable(texts, ids)) return [];
  const ajv = createAjv({ validateSchema: false });
  for (const [, bytes] of definitions) {
    const value = schemaValue(bytes);
    if (!value) return [];
    ajv.addSchema(value);
  }
  const out: SharedCodes = [];
  for (const table of workerTables([...tables.keys()])) {
    const [path, bytes] = tables.get(table)!;
    try {
      const value = schemaValue(bytes);
      if (!value) continue;
      out.push([table, shareKey([path, bytes], definitions), validatorCode(ajv, ajv.compile(value))]);
    } catch {
      // Left to the main thread.
    }
  }
  return out;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { root, claims, codes, codePort } = workerData as PrefetchRequest;
  const send = (message: PrefetchMessage): void => port.postMessage(message);
  // First, since the main thread waits for them once it has compiled its own share.
  const word = new Int32Array(codes);
  try {
    codePort.postMessage(compileWorkerShare(root));
    Atomics.store(word, 0, CODES_SENT);
  } catch {
    Atomics.store(word, 0, CODES_NONE);
  }
  Atomics.notify(word, 0);
  // Loaded only now: json-schema-to-typescript and prettier take long to load, and the main
  // thread waits for the validators first. A declarations job that fails ends the worker
  // with an error event: the main thread then makes them, and reads the releases, unclaimed.
  const { makeDeclarations } = await import("./emit/declaration-worker.ts");
  const declarations = await makeDeclarations(root);
  // Claimed (or found claimed) before the declarations go, so that a main thread that asks
  // for the releases only once it has them finds the job begun. A releases job that throws
  // says so at once: the main thread meets the same fault and reports it.
  const releases = readReleases(root, new Int32Array(claims)).then(
    (reply) => send({ releases: reply }),
    () => send({ releases: null }),
  );
  send({ declarations });
  await releases;
}
