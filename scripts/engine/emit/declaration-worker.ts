/**
 * The declarations job of the build's worker thread (engine/prefetch-worker.ts). It reads
 * schemas/ plainly (JSON.parse, no checks: the build checks them and falls back on making
 * any text this does not send), makes every declaration the TypeScript emitter will ask for
 * with the emitter's own function, and gives them under their memo keys.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isObject } from "../../contract/shapes.ts";
import type { SchemaSource } from "../bundle.ts";
import { memoKey, type TextMemo } from "../cache/text-memo.ts";
import { DEFS_FOLDER, listProjectFolder, TABLE_SCHEMA_SUFFIX } from "../project-tree.ts";
import { declarationFiles, withDeclarationMemo, type DeclaredTable } from "./typescript.ts";

function schemaSource(root: string, relative: string): SchemaSource {
  const data: unknown = JSON.parse(readFileSync(join(root, relative), "utf8"));
  if (!isObject(data) || typeof data.$id !== "string") throw new Error(`${relative} has no "$id"`);
  return { id: data.$id, data };
}

export async function makeDeclarations(root: string): Promise<[key: string, text: string][]> {
  const schemaFiles = (folder: string): string[] => listProjectFolder(root, folder).files.filter((name) => name.endsWith(TABLE_SCHEMA_SUFFIX));
  const tables: DeclaredTable[] = schemaFiles("schemas").map((name) => ({ name: name.slice(0, -TABLE_SCHEMA_SUFFIX.length), schemaFile: schemaSource(root, `schemas/${name}`) }));
  const definitions = schemaFiles(`schemas/${DEFS_FOLDER}`).map((name) => schemaSource(root, `schemas/${DEFS_FOLDER}/${name}`));
  const texts: [key: string, text: string][] = [];
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
  return texts;
}
