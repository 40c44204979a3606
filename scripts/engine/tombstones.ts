/**
 * Tombstones keep retired ids meaningful: `sources/<table>/_tombstones.yaml` lists ids
 * that were renamed (`moved`, with the new id) or `removed`, each with a reason. They
 * ship in every release so that an id once published keeps resolving.
 */
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../contract/diagnostics.ts";
import { splitPointer } from "../contract/keywords.ts";
import { fixedValidator, type FixedValidator } from "../contract/precompiled-validator.ts";
import { validatorFromCode } from "./cache/validators.ts";
import { createAjv } from "./schemas.ts";
import { TOMBSTONE_SCHEMA } from "../contract/tombstone-schema.ts";
import type { YamlFile } from "./yaml-file.ts";

/** The leading underscore keeps it apart from record files, whose ids cannot start with one. */
export const TOMBSTONES_FILE = "_tombstones.yaml";

export type { Tombstone } from "../contract/generated/tombstone.ts";
import type { Tombstone } from "../contract/generated/tombstone.ts";

export interface LocatedTombstone {
  tombstone: Tombstone;
  yaml: YamlFile;
  /** Position in the file's list, for locating problems. */
  index: number;
}

const FILE_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["id", "status", "reason"],
    properties: Object.fromEntries(Object.entries(TOMBSTONE_SCHEMA.properties).filter(([key]) => key !== "table")),
  },
};

/** The tombstones file's checker, compiled with the engine (contract/precompiled-validator.ts). */
export const TOMBSTONES_VALIDATOR: FixedValidator = {
  name: "tombstones",
  schemaText: () => JSON.stringify(FILE_SCHEMA),
  compile() {
    // FILE_SCHEMA is the engine's own: checking it against draft 2020-12 on every build would cost more than the check it makes.
    const ajv = createAjv({ validateSchema: false });
    return { ajv, validate: ajv.compile(FILE_SCHEMA) };
  },
  // Its patterns run on RE2, as the live compiler's do.
  fromCode: validatorFromCode,
};

export function readTombstones(table: string, yaml: YamlFile): { tombstones: LocatedTombstone[]; problems: Diagnostic[] } {
  const validateFile = fixedValidator(TOMBSTONES_VALIDATOR);
  if (!validateFile(yaml.data)) {
    return { tombstones: [], problems: (validateFile.errors ?? []).map((error) => problem(yaml, error)) };
  }
  const entries = yaml.data as Omit<Tombstone, "table">[];
  const problems: Diagnostic[] = [];
  entries.forEach((entry, index) => {
    if ((entry.status === "moved") !== (entry.moved_to !== undefined)) {
      problems.push({
        ...yaml.locate([index, entry.status === "moved" ? "status" : "moved_to"]),
        code: "schema",
        message: entry.status === "moved" ? 'a "moved" tombstone needs "moved_to"' : '"moved_to" belongs only to a "moved" tombstone',
      });
    }
  });
  return { tombstones: entries.map((entry, index) => ({ tombstone: { table, ...entry }, yaml, index })), problems };
}

function problem(yaml: YamlFile, error: ErrorObject): Diagnostic {
  const path = splitPointer(error.instancePath);
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return {
    ...yaml.locate(extra ? [...path, extra] : path, extra ? "key" : "value"),
    code: "schema",
    message: `tombstone ${path.length ? `"${path.join(".")}"` : "list"} ${extra ? `has unknown property "${extra}"` : error.message ?? "is invalid"}`,
    hint: "each entry: { id, status: moved | removed, moved_to (when moved), reason }",
  };
}
