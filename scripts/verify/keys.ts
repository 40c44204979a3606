/**
 * Primary keys, `unique` constraints and foreign keys, checked while the CSV files
 * stream past. A release's tables are sorted by primary key (scripts/contract/row-order.ts),
 * so a repeated primary key is the row just before: nothing is kept per row for it, and
 * a table out of order is reported where it first goes back. Only the key sets other
 * resources refer to are kept, as strings, never rows. A foreign key found in the set is
 * settled at once. One the target, read in order so far, has already passed is missing if
 * the target turns out sorted: held until its end. Any other waits until the target ends
 * (a target read later, or a reference ahead within one table), so that in a release whose
 * references all resolve nothing waits.
 */
import { compareKeys, keyText } from "../contract/row-order.ts";
import type { ForeignKey, Resource } from "./descriptor.ts";
import { HeldProblems, shownValue, type Problem, type ProblemLog } from "./report.ts";

interface Pending {
  file: string;
  row: number;
  field: string;
  key: string;
  parts: unknown[];
  target: string;
  targetFields: string[];
}

/** How far a resource has been read: its last primary key, whether its rows are in order so far, and references found missing. */
interface Reached {
  primaryKey: string[];
  last?: unknown[];
  inOrder: boolean;
  passed: HeldProblems;
}

export class KeyChecks {
  /** Key sets other resources refer to: resource → joined field names → keys. */
  private readonly referenced = new Map<string, Map<string, Set<string>>>();
  /** The same sets with their field names split, for the per-row loop. */
  private readonly collecting = new Map<string, { fields: string[]; keys: Set<string> }[]>();
  private readonly finished = new Set<string>();
  /** Resources whose rows could not all be read: their key sets are partial, so references to them are not judged. */
  private readonly abandoned = new Set<string>();
  private readonly reached = new Map<string, Reached>();
  private pending: Pending[] = [];
  private readonly fileOf = new Map<string, string>();

  constructor(resources: readonly Resource[], private readonly log: ProblemLog) {
    for (const resource of resources) {
      this.fileOf.set(resource.name, resource.path);
      for (const fk of resource.table?.foreignKeys ?? []) {
        const sets = this.referenced.get(fk.resource) ?? new Map<string, Set<string>>();
        const joined = fk.referenceFields.join("\0");
        if (sets.has(joined)) continue;
        const keys = new Set<string>();
        sets.set(joined, keys);
        this.referenced.set(fk.resource, sets);
        this.collecting.set(fk.resource, [...(this.collecting.get(fk.resource) ?? []), { fields: fk.referenceFields, keys }]);
      }
    }
  }

  /** A checker for the rows of one resource; call `end()` after its last row. */
  start(resource: Resource): RowKeys {
    const reached: Reached = { primaryKey: resource.table!.primaryKey, inOrder: true, passed: new HeldProblems(this.log) };
    this.reached.set(resource.name, reached);
    const names = resource.table!.fields.map((f) => f.name);
    const collect = (this.collecting.get(resource.name) ?? []).map(({ fields, keys }) => ({ at: fields.map((name) => names.indexOf(name)), keys }));
    return new RowKeys(resource, this, reached, collect, this.log);
  }

  /** The set of keys `fields` of `target` hold, filled as the target's rows are read. */
  keysOf(target: string, fields: readonly string[]): ReadonlySet<string> | undefined {
    return this.referenced.get(target)?.get(fields.join("\0"));
  }

  /** @internal A reference whose key is not (yet) in the target's set. */
  refer(pending: Pending): void {
    const { target, targetFields, parts } = pending;
    if (this.abandoned.has(target)) return;
    if (this.finished.has(target)) return this.resolve(pending);
    // Sorted so far by the very fields referred to, and already past the key: it is not there, if the rest is sorted too.
    const reached = this.reached.get(target);
    if (reached?.inOrder && reached.last && sameFields(reached.primaryKey, targetFields) && compareKeys(parts, reached.last) < 0) {
      reached.passed.add(this.missing(pending));
    } else {
      this.pending.push(pending);
    }
  }

  /** @internal */ finish(resource: string, complete: boolean): void {
    (complete ? this.finished : this.abandoned).add(resource);
    const reached = this.reached.get(resource);
    // Out of order, the target may have had the key after all: its order problem is reported instead.
    if (complete && reached?.inOrder) reached.passed.commit();
    else reached?.passed.discard();
    const waiting = this.pending.filter((p) => p.target === resource);
    this.pending = this.pending.filter((p) => p.target !== resource);
    if (complete) for (const p of waiting) this.resolve(p);
  }

  /** References left waiting are to resources that could not be read (already reported): no cascade of errors. */
  done(): void {
    this.pending = [];
  }

  private resolve(p: Pending): void {
    const keys = this.referenced.get(p.target)?.get(p.targetFields.join("\0"));
    if (keys && !keys.has(p.key)) this.log.add(this.missing(p));
  }

  private missing(p: Pending): Problem {
    return { code: "foreign-key", file: p.file, row: p.row, field: p.field, message: `no row of ${p.target} (${this.fileOf.get(p.target) ?? p.target}) has ${p.targetFields.join(", ")} ${shown(p.parts)}` };
  }
}

export class RowKeys {
  /** The row where the last primary key (in `reached`) first appeared. */
  private lastRow = 0;
  /** Positions among the fields of the primary key, of each `unique` field, of each foreign key. */
  private readonly primaryAt: number[];
  private readonly primaryLabel: string;
  private readonly unique: { field: string; at: number; seen: Map<string, number> }[];
  private readonly foreign: { fk: ForeignKey; at: number[]; label: string; keys: ReadonlySet<string> | undefined }[];

  constructor(
    private readonly resource: Resource,
    private readonly checks: KeyChecks,
    /** How far this resource has been read, for references to it. */
    private readonly reached: Reached,
    /** The key sets other resources refer to, filled from this one's rows. */
    private readonly collect: { at: number[]; keys: Set<string> }[],
    private readonly log: ProblemLog,
  ) {
    const table = resource.table!;
    const names = table.fields.map((f) => f.name);
    this.primaryAt = table.primaryKey.map((name) => names.indexOf(name));
    this.primaryLabel = table.primaryKey.join(",");
    // A field that alone is the primary key would report each duplicate twice.
    const soleKey = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
    this.unique = table.fields.flatMap((f, at) => (f.constraints.unique === true && f.name !== soleKey ? [{ field: f.name, at, seen: new Map<string, number>() }] : []));
    this.foreign = table.foreignKeys.map((fk) => ({ fk, at: fk.fields.map((name) => names.indexOf(name)), label: fk.fields.join(","), keys: checks.keysOf(fk.resource, fk.referenceFields) }));
  }

  /** `values`: each field's parsed value, by position; null for an empty cell, undefined for one that did not parse. */
  row(row: number, values: readonly unknown[]): void {
    const file = this.resource.path;
    const table = this.resource.table!;
    if (this.primaryAt.length > 0) {
      const parts = this.primaryAt.map((at) => values[at]);
      if (parts.includes(null)) {
        this.log.add({ code: "primary-key", file, row, field: this.primaryLabel, message: "the primary key is empty" });
      } else if (!parts.includes(undefined)) {
        const last = this.reached.last;
        // Sorted, a repeated key can only be the one just before.
        const order = last ? compareKeys(parts, last) : 1;
        if (order === 0) {
          this.log.add({ code: "primary-key", file, row, field: this.primaryLabel, message: `${shown(parts)} repeats the primary key of row ${this.lastRow}` });
        } else {
          if (order < 0 && this.reached.inOrder) {
            this.reached.inOrder = false;
            this.log.add({ code: "row-order", file, row, field: this.primaryLabel, message: `${shown(parts)} comes after ${shown(last!)}: the rows are not sorted by ${table.primaryKey.join(", ")}, as a release's tables are; past this row, a repeated key is found only next to its twin` });
          }
          this.reached.last = parts;
          this.lastRow = row;
        }
      }
    }
    for (const { field, at, seen } of this.unique) {
      const value = values[at];
      if (value === null || value === undefined) continue;
      const key = keyText(value);
      const first = seen.get(key);
      if (first !== undefined) this.log.add({ code: "constraint-error", file, row, field, message: `${shown([value])} is not unique: row ${first} has it too` });
      else seen.set(key, row);
    }
    for (const { at, keys } of this.collect) {
      const key = keyAt(values, at);
      if (key !== undefined) keys.add(key);
    }
    for (const { fk, at, label, keys } of this.foreign) {
      // An empty foreign key refers to nothing; one that did not parse is already reported.
      const key = keyAt(values, at);
      // Found: the usual case, settled with nothing made for it.
      if (key === undefined || keys?.has(key)) continue;
      this.checks.refer({ file, row, field: label, key, parts: at.map((i) => values[i]), target: fk.resource, targetFields: fk.referenceFields });
    }
  }

  /** `complete`: every row was read (no parse error cut the file short). */
  end(complete: boolean): void {
    this.checks.finish(this.resource.name, complete);
  }
}

/** The key the fields at `at` make, or undefined when one is empty or did not parse; one field (the usual case) makes no array. */
function keyAt(values: readonly unknown[], at: readonly number[]): string | undefined {
  if (at.length === 1) {
    const value = values[at[0]!];
    return value === null || value === undefined ? undefined : keyText(value);
  }
  const parts = at.map((i) => values[i]);
  return parts.includes(null) || parts.includes(undefined) ? undefined : compositeKey(parts);
}

function compositeKey(parts: readonly unknown[]): string {
  // One part (the usual case) needs no encoding; several must not run together.
  return parts.length === 1 ? keyText(parts[0]) : JSON.stringify(parts.map(keyText));
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function shown(parts: readonly unknown[]): string {
  return parts.map((part) => shownValue(keyText(part))).join(", ");
}
