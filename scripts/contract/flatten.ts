/**
 * The CSV flattening rule, in one place, used by the CSV emitter, the Table Schema in
 * datapackage.json and the README:
 * - a scalar is one column;
 * - a nested object becomes dotted columns (`amount.value`, `amount.currency`);
 * - a list of scalars is one column, items joined by `;` (validation rejects items containing it);
 * - a list of objects (such as evidence) becomes a table of its own, `<table>.<property>`,
 *   whose rows carry the parent's `id` and the item's 1-based `index`.
 */
import type { ListShape, ObjectShape, ScalarShape } from "./shapes.ts";

/** A record as JSON holds it. */
export type Row = Record<string, unknown>;

/** What the rule needs of a table: the build's tables and a release's both have it. */
export interface TableShape {
  name: string;
  shape: ObjectShape;
}

/** CSV joins lists of scalars with ';', so an item containing one would split in two. */
export const LIST_SEPARATOR = ";";

export interface Column {
  name: string;
  shape: ScalarShape | ListShape;
  description: string;
  /** Required at every level of nesting, so the cell is never empty. */
  required: boolean;
  /** The parent table this column's ids point at, for child tables' `id`. */
  parentReference?: string;
  read(row: Row): unknown;
}

export interface CsvLayout {
  /** Resource name: the table name, or `<table>.<property>` for a list of objects. */
  name: string;
  table: TableShape;
  /** For a child table, the property of the parent that holds its items. */
  property?: string;
  description: string;
  columns: Column[];
  primaryKey: string[];
  rows(records: readonly Row[]): Row[];
}

export const INDEX_COLUMN = "index";

export function csvLayouts(table: TableShape): CsvLayout[] {
  const children: CsvLayout[] = [];
  const columns = objectColumns(table.shape, "", true, (name, list, items) => {
    children.push(childLayout(table, name, list, items));
  });
  const main: CsvLayout = {
    name: table.name,
    table,
    description: table.shape.description,
    columns,
    primaryKey: ["id"],
    rows: (records) => records.map((record) => rowOf(columns, (c) => c.read(record))),
  };
  return [main, ...children];
}

function childLayout(table: TableShape, property: string, list: ListShape, items: ObjectShape): CsvLayout {
  const idColumn: Column = {
    name: "id",
    shape: table.shape.properties[0]!.shape as ScalarShape,
    description: `Id of the ${table.name} record that holds this item.`,
    required: true,
    parentReference: table.name,
    read: (row) => row.id,
  };
  const indexColumn: Column = {
    name: INDEX_COLUMN,
    shape: { kind: "scalar", type: "integer", description: "", schema: { type: "integer", minimum: 1 } },
    description: `Position of the item in the record's ${property} list, from 1.`,
    required: true,
    read: (row) => row[INDEX_COLUMN],
  };
  const itemColumns = objectColumns(items, "", true, () => {
    throw new Error(`${table.name}.${property}: a list inside a list item cannot be flattened`);
  });
  const columns = [idColumn, indexColumn, ...itemColumns];
  const path = property.split(".");
  return {
    name: `${table.name}.${property}`,
    table,
    property,
    description: list.description,
    columns,
    primaryKey: ["id", INDEX_COLUMN],
    rows: (records) =>
      records.flatMap((record) =>
        ((readPath(record, path) as Row[] | undefined) ?? []).map((item, i) =>
          rowOf(columns, (c) => (c === idColumn ? record.id : c === indexColumn ? i + 1 : c.read(item))),
        ),
      ),
  };
}

/**
 * One row: a property per column, in column order. Built by assignment, since
 * Object.fromEntries costs several times more per row and the release validator flattens
 * every record of a release; a column named "__proto__" is defined rather than assigned,
 * so that it stays a column and never becomes the row's prototype.
 */
function rowOf(columns: readonly Column[], value: (column: Column) => unknown): Row {
  const row: Row = {};
  for (const column of columns) {
    if (column.name === "__proto__") Object.defineProperty(row, column.name, { value: value(column), enumerable: true, writable: true, configurable: true });
    else row[column.name] = value(column);
  }
  return row;
}

function objectColumns(
  shape: ObjectShape,
  prefix: string,
  required: boolean,
  onObjectList: (name: string, list: ListShape, items: ObjectShape) => void,
): Column[] {
  const columns: Column[] = [];
  for (const property of shape.properties) {
    const name = prefix + property.name;
    const child = property.shape;
    const path = name.split(".");
    const read = (row: Row): unknown => readPath(row, path);
    if (child.kind === "object") {
      columns.push(...objectColumns(child, `${name}.`, required && property.required, onObjectList));
    } else if (child.kind === "list" && child.items.kind === "object") {
      onObjectList(name, child, child.items);
    } else {
      columns.push({ name, shape: child, description: child.description, required: required && property.required, read });
    }
  }
  return columns;
}

/** The value at a column's path: its dotted name split once, not once per row (the validator flattens every record of a release). */
function readPath(row: Row, path: readonly string[]): unknown {
  let value: unknown = row;
  for (const key of path) value = (value as Row | undefined)?.[key];
  return value;
}

/** The text of one CSV cell; `undefined` and `null` are the empty cell. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(cellText).join(LIST_SEPARATOR);
  if (typeof value === "number") return numberText(value);
  return String(value);
}

/** Plain decimal notation: `1e21` style exponents are valid JSON but not every CSV reader's number. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to CSV`);
  if (Number.isInteger(value) && Math.abs(value) >= 1e21) return BigInt(value).toString();
  return String(value);
}
