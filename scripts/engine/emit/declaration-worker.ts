/**
 * The worker thread started by engine/declaration-prefetch.ts. It reads schemas/ plainly
 * (JSON.parse, no checks: the build checks them and falls back on making any text this
 * does not send), makes every declaration the TypeScript emitter will ask for with the
 * emitter's own function, and sends them back under their memo keys.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isObject } from "../../contract/shapes.ts";
import type { SchemaSource } from "../bundle.ts";
import { memoKey, type TextMemo } from "../cache/text-memo.ts";
import type { DeclarationReply, DeclarationRequest } from "../declaration-prefetch.ts";
import { DEFS_FOLDER, listProjectFolder, TABLE_SCHEMA_SUFFIX } from "../project-tree.ts";
import { declarationFiles, withDeclarationMemo, type DeclaredTable } from "./typescript.ts";

function schemaSource(root: string, relative: string): SchemaSource {
  const data: unknown = JSON.parse(readFileSync(join(root, relative), "utf8"));
  if (!isObject(data) || typeof data.$id !== "string") throw new Error(`${relative} has no "$id"`);
  return { id: data.$id, data };
}

async function makeAll({ root }: DeclarationRequest): Promise<DeclarationReply> {
  const schemaFiles = (folder: string): string[] => listProjectFolder(root, folder).files.filter((name) => name.endsWith(TABLE_SCHEMA_SUFFIX));
  const tables: DeclaredTable[] = schemaFiles("schemas").map((name) => ({ name: name.slice(0, -TABLE_SCHEMA_SUFFIX.length), schemaFile: schemaSource(root, `schemas/${name}`) }));
  const definitions = schemaFiles(`schemas/${DEFS_FOLDER}`).map((name) => schemaSource(root, `schemas/${DEFS_FOLDER}/${name}`));
  const texts: DeclarationReply["texts"] = [];
  const recorder: TextMemo = {
    async get(input, make) {
      const text = await make();
      texts.push([memoKey(input), text]);
      return text;
    },
    save() {},
    holdsAny: () => false,
  };
  await withDeclarationMemo(recorder, () => declarationFiles(tables, { definitions }));
  return { texts };
}

if (!isMainThread && parentPort) {
  // A failure ends the worker with an error event, and the build makes the texts itself.
  parentPort.postMessage(await makeAll(workerData as DeclarationRequest));
}
