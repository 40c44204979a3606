/**
 * The JSON Schema of `changes.json`, published beside it as
 * `dist/schemas/release/changes.schema.json`. The types of the diff and of changes.json
 * are generated from it (`npm run schema-types` writes `generated/changes.ts`), so the
 * shape is written once. Free of imports: the release validator ships with it.
 */

const TABLE = { type: "string", description: "The table's name, as in json/<table>.json." } as const;
const ID = { type: "string", description: "A record id." } as const;

export const CHANGES_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:central-asia-integration:release:changes",
  title: "Changes",
  description: "What a release (or an unreleased build) changes against the release before it, and the version step that needs.",
  type: "object",
  additionalProperties: false,
  required: ["name", "from", "to", "release", "required", "schema", "tables"],
  properties: {
    name: { type: "string", description: "The package's name." },
    from: { type: ["string", "null"], description: "The release compared with; null when nothing was released before." },
    to: { type: "string", description: "The version this build describes: a release, or `<next>-dev` when unreleased." },
    release: {
      type: "string",
      enum: ["initial", "patch", "minor", "major"],
      description: "The kind of step from `from` to `to` (to the version without its -dev tag), or initial when nothing was released before.",
    },
    unreleased: { const: true, description: "Present, and true, when the build is not a published release." },
    required: { $ref: "#/$defs/bump" },
    schema: { type: "array", items: { $ref: "#/$defs/schemaChange" }, description: "Table and field changes, each with the step it needs." },
    tables: { type: "array", items: { $ref: "#/$defs/tableDiff" }, description: "Per table: records added, removed and changed." },
  },
  $defs: {
    bump: { title: "Bump", type: "string", enum: ["none", "patch", "minor", "major"], description: "The smallest version step the changes need; none when nothing changed." },
    releaseDiff: {
      title: "ReleaseDiff",
      description: "The diff between two releases, as `npm run diff -- --format json` prints it.",
      type: "object",
      additionalProperties: false,
      required: ["from", "to", "required", "schema", "tables"],
      properties: {
        from: { type: ["string", "null"], description: "The older release's version, when known." },
        to: { type: ["string", "null"], description: "The newer release's version, when known." },
        required: { $ref: "#/$defs/bump" },
        schema: { type: "array", items: { $ref: "#/$defs/schemaChange" }, description: "Table and field changes." },
        tables: { type: "array", items: { $ref: "#/$defs/tableDiff" }, description: "Record changes per table." },
      },
    },
    schemaChange: {
      title: "SchemaChange",
      description: "A change of a table or of one of its fields.",
      type: "object",
      additionalProperties: false,
      required: ["table", "change", "bump"],
      properties: {
        table: TABLE,
        field: { type: "string", description: "Field path (`joined.year`, `evidence[].quote`); absent for a change of the table itself." },
        change: { $ref: "#/$defs/schemaChangeKind" },
        detail: { type: "string", description: "What exactly, e.g. `maxLength 100 -> 50`." },
        bump: { type: "string", enum: ["patch", "minor", "major"], description: "The version step this change needs." },
      },
    },
    schemaChangeKind: {
      title: "SchemaChangeKind",
      type: "string",
      enum: ["added", "removed", "retyped", "tightened", "loosened", "optional", "renamed", "described"],
      description: "What happened to the table or field.",
    },
    tableDiff: {
      title: "TableDiff",
      description: "The records of one table that were added, removed or changed.",
      type: "object",
      additionalProperties: false,
      required: ["table", "added", "removed", "changed"],
      properties: {
        table: TABLE,
        added: { type: "array", items: ID, description: "Ids of new records." },
        removed: { type: "array", items: { $ref: "#/$defs/removedRecord" }, description: "Records no longer in the table." },
        changed: { type: "array", items: { $ref: "#/$defs/recordChange" }, description: "Records whose values changed." },
      },
    },
    removedRecord: {
      title: "RemovedRecord",
      description: "A record no longer in its table, with its tombstone when the newer release retired the id.",
      type: "object",
      additionalProperties: false,
      required: ["id"],
      properties: {
        id: ID,
        status: { type: "string", enum: ["moved", "removed"], description: "From the tombstone: moved to another id, or removed for good." },
        moved_to: { type: "string", description: "From the tombstone: the id that now holds the record." },
        reason: { type: "string", description: "From the tombstone: why the id was retired." },
      },
    },
    recordChange: {
      title: "RecordChange",
      description: "A record whose values changed.",
      type: "object",
      additionalProperties: false,
      required: ["id", "fields"],
      properties: {
        id: ID,
        fields: { type: "array", items: { $ref: "#/$defs/valueChange" }, description: "Each changed value." },
      },
    },
    valueChange: {
      title: "ValueChange",
      // `old` and `new` may hold any JSON value, so their schemas are empty (a description
      // beside them would make the generated type an object).
      description: "One changed value of a record: `old` is absent when the value did not exist before, `new` when it no longer exists.",
      type: "object",
      additionalProperties: false,
      required: ["path"],
      properties: {
        path: { type: "string", description: "Dotted path inside the record: `joined.year`, `evidence.1.quote`." },
        old: {},
        new: {},
      },
    },
  },
} as const;
