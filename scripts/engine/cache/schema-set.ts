/**
 * The schema stage's cache. The cache folder is keyed on the bytes of schemas/, so an entry
 * found there was made from the same files: the tables' shapes and parsed schemas come back
 * as they were, and each validate function from its standalone code, with no schema parsed,
 * checked against the conventions, or compiled. Only a schema set without problems is kept:
 * problems are reported by loading again.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareText, type Diagnostic } from "../../contract/diagnostics.ts";
import type { JsonSchema, ObjectShape, SchemaFile } from "../../contract/shapes.ts";
import { loadSchemas, type SchemaSet } from "../schemas.ts";
import { locatedOnDemand } from "./located.ts";
import type { CacheStore } from "./store.ts";
import { validatorCode, validatorFromCode } from "./validators.ts";
import { sha256Hex } from "../../contract/sha256.ts";

const ENTRY = "schemas";
export const SCHEMAS_FOLDER = "schemas";

interface StoredFile {
  file: string;
  id: string;
  data: JsonSchema;
}

interface StoredSchemas {
  tables: { name: string; schemaFile: StoredFile; shape: ObjectShape; code: string }[];
  definitions: StoredFile[];
}

export interface SchemaStage {
  schemas: SchemaSet;
  problems: Diagnostic[];
}

/**
 * sha256 over the path, kind and bytes of everything under schemas/ (links are named, not
 * followed): the part of the cache key that says which schemas the entries were made with.
 */
export function schemasDigest(root: string): string {
  const lines: string[] = [];
  const walk = (relative: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(root, relative)).sort(compareText);
    } catch {
      lines.push(`${relative} (unreadable)`);
      return;
    }
    for (const name of names) {
      const path = `${relative}/${name}`;
      const stats = lstatSync(join(root, path));
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile()) lines.push(`${path} ${sha256Hex(readFileSync(join(root, path)))}`);
      else lines.push(`${path} (${stats.isSymbolicLink() ? "link" : "other"})`);
    }
  };
  walk(SCHEMAS_FOLDER);
  return sha256Hex(lines.join("\n"));
}

function storedFile({ id, yaml, data }: SchemaFile): StoredFile {
  return { file: yaml.file, id, data };
}

export function cachedSchemaSet(root: string, store: CacheStore): SchemaStage {
  const stored = store.read<StoredSchemas>(ENTRY);
  if (stored) {
    const schemaFile = ({ file, id, data }: StoredFile): SchemaFile => ({ id, data, yaml: locatedOnDemand(file, data, () => readFileSync(join(root, file))) });
    try {
      const tables = new Map(stored.tables.map(({ name, schemaFile: file, shape, code }) => [name, { name, schemaFile: schemaFile(file), shape, validate: validatorFromCode(code) }]));
      return { schemas: { tables, definitions: stored.definitions.map(schemaFile) }, problems: [] };
    } catch {
      // An entry this engine cannot read back: load the schemas as if there were none.
    }
  }
  const { ajv, schemas, problems } = loadSchemas(root);
  if (problems.length === 0 && ajv) {
    let entry: StoredSchemas | undefined;
    try {
      entry = {
        tables: [...schemas.tables.values()].map((table) => ({ name: table.name, schemaFile: storedFile(table.schemaFile), shape: table.shape, code: validatorCode(ajv, table.validate) })),
        definitions: schemas.definitions.map(storedFile),
      };
    } catch {
      // A schema whose validator has no standalone form is compiled on every run instead.
    }
    if (entry) store.write(ENTRY, entry);
  }
  return { schemas, problems };
}
