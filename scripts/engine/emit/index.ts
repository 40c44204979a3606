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
 * so datapackage comes after csv and json, changes after every data file, and jsonld,
 * which catalogues all of them, last.
 */
export const EMITTERS: readonly Emitter[] = [
  jsonEmitter,
  csvEmitter,
  typeScriptEmitter,
  schemasEmitter,
  dataPackageEmitter,
  browseEmitter,
  changesEmitter,
  jsonLdEmitter,
];
