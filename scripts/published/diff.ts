/**
 * What changed between two releases, and which version bump that needs.
 *
 * Policy (the Data Package version recipe, applied to records and schemas):
 * - major: a table, field or record id removed or renamed; a field retyped; a field's
 *   constraints tightened (fewer values valid than before, including a field becoming
 *   required) or a required field becoming optional (consumers relied on it being there);
 *   the record type of a table renamed (its TypeScript type name changes).
 * - minor: tables, fields or records added; constraints loosened (e.g. a new enum value).
 * - patch: values of existing records corrected; descriptions changed.
 *
 * Both sides are release file maps (see files.ts), so a build compares its own outputs
 * with a published archive exactly as `npm run diff` compares two archives.
 */
import { compareText } from "../contract/diagnostics.ts";
import { diffRecords, releaseVersion } from "./record-diff.ts";
import { diffSchemas, show } from "./schema-diff.ts";
import { BUMP_RANK, type Bump } from "./versions.ts";
import type { ReleaseFiles } from "./files.ts";

export { diffRecords, diffTable, releaseTables, releaseVersion, tombstonesOf } from "./record-diff.ts";
export { diffSchemas } from "./schema-diff.ts";

export type { RecordChange, ReleaseDiff, RemovedRecord, SchemaChange, SchemaChangeKind, TableDiff, ValueChange } from "./diff-shapes.ts";
import type { ReleaseDiff, SchemaChangeKind, TableDiff } from "./diff-shapes.ts";

// ---------------------------------------------------------------- together

/** `tables`, when given, are the record diffs already worked out (the build compares a table at a time). */
export function diffReleases(older: ReleaseFiles | undefined, newer: ReleaseFiles, tables?: TableDiff[]): ReleaseDiff {
  const base: ReleaseFiles = older ?? new Map();
  const schema = diffSchemas(base, newer);
  tables ??= diffRecords(base, newer);
  const bumps: Bump[] = [
    ...schema.map((change) => change.bump),
    ...tables.flatMap((t): Bump[] => [t.removed.length ? "major" : "none", t.added.length ? "minor" : "none", t.changed.length ? "patch" : "none"]),
  ];
  const required = bumps.reduce<Bump>((max, bump) => (BUMP_RANK[bump] > BUMP_RANK[max] ? bump : max), "none");
  return { from: older ? releaseVersion(older) : null, to: releaseVersion(newer), required, schema, tables };
}

/** One sentence per change that needs exactly `bump`, for error messages. */
export function reasons(diff: ReleaseDiff, bump: Bump): string[] {
  const out: string[] = [];
  for (const change of diff.schema) {
    if (change.bump !== bump) continue;
    const what = change.field === undefined ? `table "${change.table}"` : `field "${change.table}.${change.field}"`;
    const detail = change.detail ? ` (${change.detail})` : "";
    const verb: Record<SchemaChangeKind, string> = {
      added: "was added",
      removed: "was removed",
      retyped: "was retyped",
      tightened: "was tightened",
      loosened: "was loosened",
      optional: "is no longer required",
      renamed: "was renamed",
      described: "has a new description",
    };
    out.push(`${what} ${verb[change.change]}${change.change === "optional" ? "" : detail}`);
  }
  for (const table of diff.tables) {
    if (bump === "major" && table.removed.length) out.push(`table "${table.table}" lost records: ${list(table.removed.map((r) => r.id))}`);
    if (bump === "minor" && table.added.length) out.push(`table "${table.table}" gained records: ${list(table.added)}`);
    if (bump === "patch" && table.changed.length) out.push(`table "${table.table}" has changed records: ${list(table.changed.map((c) => c.id))}`);
  }
  return out;
}

function list(ids: string[], max = 5): string {
  return ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}

// ---------------------------------------------------------------- text

export function formatDiff(diff: ReleaseDiff): string[] {
  const lines = [`${diff.from ?? "(nothing)"} -> ${diff.to ?? "(unknown version)"}: needs a ${diff.required === "none" ? "release of any kind (no changes)" : `${diff.required} release`}`];
  if (diff.required !== "none") {
    lines.push("", `the changes that need a ${diff.required} release:`);
    for (const reason of reasons(diff, diff.required)) lines.push(`  - ${reason}`);
  }
  if (diff.schema.length) {
    lines.push("", "schema:");
    for (const change of diff.schema) {
      const what = change.field === undefined ? `table ${change.table}` : `${change.table}.${change.field}`;
      lines.push(`  ${change.change} ${what}${change.detail ? `: ${change.detail}` : ""} [${change.bump}]`);
    }
  }
  for (const table of diff.tables) {
    lines.push("", `${table.table}: ${table.added.length} added, ${table.removed.length} removed, ${table.changed.length} changed`);
    for (const id of table.added) lines.push(`  + ${id}`);
    for (const removed of table.removed) {
      const why = removed.moved_to ? ` (moved to ${removed.moved_to})` : removed.status === "removed" ? " (retired)" : "";
      lines.push(`  - ${removed.id}${why}`);
    }
    for (const change of table.changed) {
      lines.push(`  ~ ${change.id}`);
      for (const field of change.fields) lines.push(`      ${field.path}: ${show(field.old)} -> ${show(field.new)}`);
    }
  }
  if (!diff.schema.length && !diff.tables.length) lines.push("no changes");
  return lines;
}
