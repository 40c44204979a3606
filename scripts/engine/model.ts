/**
 * Model stage: validated records as tables in memory, in the one order every
 * emitter uses: tables by name, records by id, keys in schema order.
 */
import type { Row } from "../contract/flatten.ts";
import { compareText } from "../contract/diagnostics.ts";
import { compareKeys } from "../contract/row-order.ts";
import type { SourceRecord, WholeTable } from "./records.ts";
import type { SchemaSet, Table } from "./schemas.ts";
import type { Shape } from "../contract/shapes.ts";
import type { LocatedTombstone, Tombstone } from "./tombstones.ts";


export interface TableData {
  table: Table;
  rows: Row[];
}

export interface Dataset {
  tables: TableData[];
  /** Retired ids of every table, by table then id. */
  tombstones: Tombstone[];
}

/** Tables whose rows are read only when asked for: their number of rows, and whether they have been read. */
const whole = new WeakMap<TableData, { count: number; read: boolean }>();

/** The table's number of rows, without reading the rows of a table taken whole. */
export function rowCount(data: TableData): number {
  return whole.get(data)?.count ?? data.rows.length;
}

/** False for a table taken whole whose rows no stage has asked for yet: asking reads them from the build cache. */
export function rowsAtHand(data: TableData): boolean {
  return whole.get(data)?.read ?? true;
}

function rowsOf(table: Table, records: readonly SourceRecord[]): Row[] {
  return records.map((record) => canonical(record.data, table.shape) as Row).sort((a, b) => compareKeys([a.id], [b.id]));
}

/** A table taken whole (records.ts WholeTable): its rows are read from the build cache on first use, by the emitters that need them. */
function wholeTableData(table: WholeTable): TableData {
  let rows: Row[] | undefined;
  const state = { count: table.count, read: false };
  const data: TableData = {
    table: table.table,
    get rows() {
      state.read = true;
      return (rows ??= rowsOf(table.table, table.records()));
    },
  };
  whole.set(data, state);
  return data;
}

export function buildModel(schemas: SchemaSet, records: readonly SourceRecord[], retired: readonly LocatedTombstone[] = [], taken: readonly WholeTable[] = []): Dataset {
  const byName = new Map(taken.map((table) => [table.table, table]));
  const byTable = new Map<Table, SourceRecord[]>();
  for (const record of records) {
    const list = byTable.get(record.table);
    if (list) list.push(record);
    else byTable.set(record.table, [record]);
  }
  const tables = [...schemas.tables.values()]
    .sort((a, b) => compareText(a.name, b.name))
    .map((table) => {
      const kept = byName.get(table);
      return kept ? wholeTableData(kept) : { table, rows: rowsOf(table, byTable.get(table) ?? []) };
    });
  const tombstones = retired
    .map(({ tombstone: { table, id, status, moved_to, reason } }) => ({ table, id, status, ...(moved_to ? { moved_to } : {}), reason }))
    .sort((a, b) => compareText(a.table, b.table) || compareText(a.id, b.id));
  return { tables, tombstones };
}

/**
 * The value with object keys in schema order, so JSON output never depends on how YAML
 * was written. A value already in that order (most records are written so) is used as
 * it is rather than copied: the records are dropped once the model is built.
 */
function canonical(value: unknown, shape: Shape): unknown {
  if (value === undefined || value === null || inSchemaOrder(value, shape)) return value;
  switch (shape.kind) {
    case "scalar":
      return value;
    case "list":
      return (value as unknown[]).map((item) => canonical(item, shape.items));
    case "object": {
      const source = value as Record<string, unknown>;
      const out: Row = {};
      for (const { name, shape: child } of shape.properties) {
        if (source[name] !== undefined) out[name] = canonical(source[name], child);
      }
      return out;
    }
  }
}

function inSchemaOrder(value: unknown, shape: Shape): boolean {
  if (value === undefined || value === null) return true;
  switch (shape.kind) {
    case "scalar":
      return true;
    case "list":
      return (value as unknown[]).every((item) => inSchemaOrder(item, shape.items));
    case "object": {
      const source = value as Record<string, unknown>;
      const keys = Object.keys(source);
      let index = 0;
      for (const { name, shape: child } of shape.properties) {
        if (source[name] === undefined) continue;
        if (keys[index] !== name || !inSchemaOrder(source[name], child)) return false;
        index++;
      }
      return index === keys.length;
    }
  }
}
