/**
 * Checks that look across a record or across records, beyond what JSON Schema can say.
 * One rule a file, each with the codes it may report, in the manner of lint rules.
 */
import type { Code, Diagnostic } from "../../contract/diagnostics.ts";
import type { DocumentIndex } from "../documents.ts";
import { recordIds, type SourceRecord } from "../records.ts";
import type { LocatedTombstone } from "../tombstones.ts";

export interface RuleContext {
  records: readonly SourceRecord[];
  tombstones: readonly LocatedTombstone[];
  /** Source documents by sha256, when the run was given `--documents`. */
  documents?: DocumentIndex;
  /**
   * The ids of tables whose records are not in `records`: the build cache took them whole,
   * their records clean as checked before (engine/cache/whole-tables.ts). References into
   * them still resolve.
   */
  keptIds?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Ids of the records of each table. A file name counts as an id too, so that a record
 * whose file is broken or misnamed (already reported) does not also break every reference to it.
 */
export function idsByTable({ records, keptIds }: Pick<RuleContext, "records" | "keptIds">): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const [table, list] of keptIds ?? []) ids.set(table, new Set(list));
  for (const record of records) {
    const set = ids.get(record.table.name) ?? new Set<string>();
    for (const id of recordIds(record.stem, record.data)) set.add(id);
    ids.set(record.table.name, set);
  }
  return ids;
}

export interface Rule {
  name: string;
  codes: readonly Code[];
  /**
   * True when the rule's problems in a record depend on that record alone: checking a list
   * of records then gives the problems of each checked alone, so the build checks a record
   * once and keeps the result while the record's file is unchanged (engine/cache/).
   */
  perRecord?: boolean;
  check(context: RuleContext): Diagnostic[];
}

/** Every string in a parsed YAML value, with its path, for rules that inspect text. */
export function* strings(value: unknown, path: (string | number)[] = [], inList = false): Generator<{ path: (string | number)[]; text: string; inList: boolean }> {
  if (typeof value === "string") {
    yield { path, text: value, inList };
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* strings(item, [...path, index], true);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key], false);
  }
}
