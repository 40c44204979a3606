/**
 * Primary keys, `unique` constraints and foreign keys, checked while the CSV files
 * stream past. Only key values are kept in memory, never rows. A foreign key whose
 * target has not been read yet (or is its own resource) waits until the target ends.
 */
import { keyText } from "../contract/row-order.ts";
import type { ForeignKey, Resource } from "./descriptor.ts";
import { shownValue, type ProblemLog } from "./report.ts";

interface Pending {
  file: string;
  row: number;
  field: string;
  key: string;
  parts: unknown[];
  target: string;
  targetFields: string[];
}

export class KeyChecks {
  /** Key sets other resources refer to: resource → joined field names → keys. */
  private readonly referenced = new Map<string, Map<string, Set<string>>>();
  /** The same sets with their field names split, for the per-row loop. */
  private readonly collecting = new Map<string, { fields: string[]; keys: Set<string> }[]>();
  private readonly finished = new Set<string>();
  /** Resources whose rows could not all be read: their key sets are partial, so references to them are not judged. */
  private readonly abandoned = new Set<string>();
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
    return new RowKeys(resource, this, this.log);
  }

  /** @internal */ collect(resource: string, values: ReadonlyMap<string, unknown>): void {
    for (const { fields, keys } of this.collecting.get(resource) ?? []) {
      const parts = fields.map((name) => values.get(name));
      if (parts.every((part) => part !== null && part !== undefined)) keys.add(compositeKey(parts));
    }
  }

  /** @internal */ refer(pending: Pending): void {
    if (this.abandoned.has(pending.target)) return;
    if (this.finished.has(pending.target)) this.resolve(pending);
    else this.pending.push(pending);
  }

  /** @internal */ finish(resource: string, complete: boolean): void {
    (complete ? this.finished : this.abandoned).add(resource);
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
    if (keys && !keys.has(p.key)) {
      this.log.add({ code: "foreign-key", file: p.file, row: p.row, field: p.field, message: `no row of ${p.target} (${this.fileOf.get(p.target) ?? p.target}) has ${p.targetFields.join(", ")} ${shown(p.parts)}` });
    }
  }
}

export class RowKeys {
  private readonly primary = new Map<string, number>();
  private readonly unique: { field: string; seen: Map<string, number> }[];

  constructor(
    private readonly resource: Resource,
    private readonly checks: KeyChecks,
    private readonly log: ProblemLog,
  ) {
    const table = resource.table!;
    // A field that alone is the primary key would report each duplicate twice.
    const soleKey = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
    this.unique = table.fields.filter((f) => f.constraints.unique === true && f.name !== soleKey).map((f) => ({ field: f.name, seen: new Map() }));
  }

  /** `values`: each field's parsed value; null for an empty cell, undefined for one that did not parse. */
  row(row: number, values: ReadonlyMap<string, unknown>): void {
    const file = this.resource.path;
    const table = this.resource.table!;
    if (table.primaryKey.length > 0) {
      const parts = table.primaryKey.map((name) => values.get(name));
      const label = table.primaryKey.join(",");
      if (parts.some((part) => part === null)) {
        this.log.add({ code: "primary-key", file, row, field: label, message: "the primary key is empty" });
      } else if (parts.every((part) => part !== undefined)) {
        const key = compositeKey(parts);
        const first = this.primary.get(key);
        if (first !== undefined) this.log.add({ code: "primary-key", file, row, field: label, message: `${shown(parts)} repeats the primary key of row ${first}` });
        else this.primary.set(key, row);
      }
    }
    for (const { field, seen } of this.unique) {
      const value = values.get(field);
      if (value === null || value === undefined) continue;
      const key = keyText(value);
      const first = seen.get(key);
      if (first !== undefined) this.log.add({ code: "constraint-error", file, row, field, message: `${shown([value])} is not unique: row ${first} has it too` });
      else seen.set(key, row);
    }
    this.checks.collect(this.resource.name, values);
    for (const fk of table.foreignKeys) this.refer(fk, row, values);
  }

  /** `complete`: every row was read (no parse error cut the file short). */
  end(complete: boolean): void {
    this.checks.finish(this.resource.name, complete);
  }

  private refer(fk: ForeignKey, row: number, values: ReadonlyMap<string, unknown>): void {
    const parts = fk.fields.map((name) => values.get(name));
    // An empty foreign key refers to nothing; one that did not parse is already reported.
    if (parts.some((part) => part === null || part === undefined)) return;
    this.checks.refer({ file: this.resource.path, row, field: fk.fields.join(","), key: compositeKey(parts), parts, target: fk.resource, targetFields: fk.referenceFields });
  }
}

function compositeKey(parts: readonly unknown[]): string {
  // One part (the usual case) needs no encoding; several must not run together.
  return parts.length === 1 ? keyText(parts[0]) : JSON.stringify(parts.map(keyText));
}

function shown(parts: readonly unknown[]): string {
  return parts.map((part) => shownValue(keyText(part))).join(", ");
}
