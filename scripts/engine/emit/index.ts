import { browseEmitter } from "./browse.ts";
import { changesEmitter } from "./changes.ts";
import { csvEmitter } from "./csv.ts";
import { dataPackageEmitter } from "./datapackage.ts";
import type { Emitter } from "./emitter.ts";
import { jsonEmitter } from "./json.ts";
import { jsonLdEmitter } from "./jsonld.ts";
import { schemasEmitter } from "./schemas.ts";
import { typeScriptEmitter } from "./typescript.ts";

/**
 * Every output format, in the order they run: an emitter sees the files of those above it,
 * so changes comes after the data files it compares (json, schemas) and before the files
 * that state the version it decides (datapackage, browse, jsonld); datapackage after csv
 * and json, which it describes; and jsonld, which catalogues every file, last.
 */
export const EMITTERS: readonly Emitter[] = [
  jsonEmitter,
  csvEmitter,
  typeScriptEmitter,
  schemasEmitter,
  changesEmitter,
  dataPackageEmitter,
  browseEmitter,
  jsonLdEmitter,
];
