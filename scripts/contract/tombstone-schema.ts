/**
 * The shape of one retired id, as shipped in tombstones.json. Kept free of imports: the
 * engine checks curated tombstones with it, the TypeScript emitter derives the
 * `Tombstone` type from it, and the download validator (which ships without the engine)
 * checks a release's tombstones.json with it.
 */

const ID = { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: 80 };

export const TOMBSTONE_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:central-asia-integration:engine:tombstone",
  title: "Tombstone",
  description: "An id that no longer names a record: where it moved, or why it was removed.",
  type: "object",
  additionalProperties: false,
  required: ["table", "id", "status", "reason"],
  properties: {
    table: { type: "string", description: "The table the id belonged to.", maxLength: 80 },
    id: { ...ID, description: "The retired id." },
    status: { type: "string", enum: ["moved", "removed"], description: "moved: renamed or merged into `moved_to`; removed: gone for good." },
    moved_to: { ...ID, description: "The id that now holds the record, when moved." },
    reason: { type: "string", minLength: 3, maxLength: 500, description: "Why the id was retired." },
  },
} as const;
