/**
 * The shape of a diff between two releases, which `changes.json` publishes. Apart from
 * the code that computes it (diff.ts, record-diff.ts, schema-diff.ts), so that those
 * modules share it without importing one another in a circle.
 */
import type { Bump } from "./versions.ts";

export interface ValueChange {
  /** Dotted path inside the record: `joined.year`, `evidence.1.quote`. */
  path: string;
  /** Absent when the value did not exist before. */
  old?: unknown;
  /** Absent when the value no longer exists. */
  new?: unknown;
}

export interface RecordChange {
  id: string;
  fields: ValueChange[];
}

export interface RemovedRecord {
  id: string;
  /** From the newer release's tombstones.json, when it retired the id. */
  status?: "moved" | "removed";
  moved_to?: string;
  reason?: string;
}

export interface TableDiff {
  table: string;
  added: string[];
  removed: RemovedRecord[];
  changed: RecordChange[];
}

export type SchemaChangeKind = "added" | "removed" | "retyped" | "tightened" | "loosened" | "optional" | "renamed" | "described";

export interface SchemaChange {
  table: string;
  /** Field path (`joined.year`, `evidence[].quote`); absent for a change of the table itself. */
  field?: string;
  change: SchemaChangeKind;
  /** What exactly, e.g. `maxLength 100 -> 50`. */
  detail?: string;
  bump: Exclude<Bump, "none">;
}

export interface ReleaseDiff {
  from: string | null;
  to: string | null;
  /** The smallest version step these changes need. */
  required: Bump;
  schema: SchemaChange[];
  tables: TableDiff[];
}
