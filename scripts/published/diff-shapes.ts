/**
 * The shape of a diff between two releases, which `changes.json` publishes, generated from
 * its JSON Schema (`contract/changes-schema.ts`). Apart from the code that computes it
 * (diff.ts, record-diff.ts, schema-diff.ts), so that those modules share it without
 * importing one another in a circle.
 */
export type { RecordChange, ReleaseDiff, RemovedRecord, SchemaChange, SchemaChangeKind, TableDiff, ValueChange } from "../contract/generated/changes.ts";
