import { changesEmitter } from "./changes.ts";
import { csvEmitter } from "./csv.ts";
import { dataPackageEmitter } from "./datapackage.ts";
import type { Emitter } from "./emitter.ts";
import { jsonEmitter } from "./json.ts";
import { jsonLdEmitter } from "./jsonld.ts";
import { schemasEmitter } from "./schemas.ts";
import { siteEmitter } from "./site.ts";
import { typeScriptEmitter } from "./typescript.ts";

/**
 * Every output format, in the order they run: an emitter sees the files of those above it,
 * so changes comes after the data files it compares (json, schemas) and before the files
 * that state the version it decides (datapackage, jsonld, site); datapackage after csv
 * and json, which it describes; typescript as late as the catalogue allows, since on a cold
 * build it waits for the declarations the worker thread makes (engine/prefetch.ts); jsonld,
 * which catalogues every data file, after them; and the site last, since it lists the
 * catalogued files for download and is not one of them.
 */
export const EMITTERS: readonly Emitter[] = [
  jsonEmitter,
  csvEmitter,
  schemasEmitter,
  changesEmitter,
  dataPackageEmitter,
  typeScriptEmitter,
  jsonLdEmitter,
  siteEmitter,
];
