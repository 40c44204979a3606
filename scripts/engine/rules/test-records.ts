/**
 * In-memory records and tombstones for the rules' unit tests (`rules/<name>.test.ts`), so a
 * rule can be checked without a project tree on disk. The fixture trees under
 * tests/fixtures/invalid/ stay the end-to-end tests of the same codes.
 */
import type { Location } from "../../contract/diagnostics.ts";
import type { Annotation } from "../../contract/keywords.ts";
import type { SourceRecord } from "../records.ts";
import type { Table } from "../schemas.ts";
import type { LocatedTombstone, Tombstone } from "../tombstones.ts";
import type { YamlFile } from "../yaml-file.ts";

type Path = readonly (string | number)[];

/**
 * A file whose `locate` puts every key and item of `data` on a line of its own, in
 * document order, as a block-style YAML file would: distinct paths get distinct lines, so
 * a test comparing with `file.locate(path)` checks the path a rule reported. A path that
 * is not in the data throws, since a rule pointing there would point at nothing.
 */
export function memoryFile(file: string, data: unknown): YamlFile {
  const lines = new Map<string, number>();
  const walk = (value: unknown, path: Path): void => {
    lines.set(key(path), lines.size + 1);
    if (typeof value === "object" && value !== null) {
      for (const [name, item] of Object.entries(value)) walk(item, [...path, name]);
    }
  };
  walk(data, []);
  return {
    file,
    data,
    locate(path): Location {
      const line = lines.get(key(path));
      if (line === undefined) throw new Error(`${file} has no value at /${path.join("/")}`);
      return { file, line, col: 1 };
    },
  };
}

/** JSON Pointer segments are strings, so item 0 and "0" name one place. */
function key(path: Path): string {
  return path.map(String).join("\u0000");
}

/** A schema keyword on one value of a record; `record` fills in the value and its parent. */
export interface Mark {
  keyword: Annotation["keyword"];
  argument: unknown;
  path: string[];
}

/**
 * A loaded, schema-valid record `sources/<table>/<stem>.yaml`. The rules read only the
 * table's name, so the table carries no schema.
 */
export function record(table: string, stem: string, data: Record<string, unknown>, marks: Mark[] = []): SourceRecord {
  return {
    table: { name: table } as Table,
    stem,
    yaml: memoryFile(`sources/${table}/${stem}.yaml`, data),
    data,
    valid: true,
    loaded: true,
    annotations: marks.map((mark) => {
      const parent = valueAt(data, mark.path.slice(0, -1));
      return { ...mark, parent, value: valueAt(parent, mark.path.slice(-1)) };
    }),
  };
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((at, name) => (at as Record<string, unknown> | undefined)?.[name], value);
}

/** The entries of `sources/<table>/_tombstones.yaml`, each located in that one file. */
export function tombstoneFile(table: string, entries: Omit<Tombstone, "table">[]): LocatedTombstone[] {
  const yaml = memoryFile(`sources/${table}/_tombstones.yaml`, entries);
  return entries.map((entry, index) => ({ tombstone: { table, ...entry }, yaml, index }));
}
