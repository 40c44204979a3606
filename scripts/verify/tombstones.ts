/**
 * A release's tombstones.json: the ids it retired. Each entry must have the shipped
 * shape, belong to a table of the release, not still name a live record (an id would
 * then resolve two ways), and, when moved, point at a record that exists. The file is
 * read before the tables, so that as their records stream past only the ids it names
 * are noted, never every id of a table.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { ajvLinearRegExp } from "../contract/linear-regex.ts";
import { TOMBSTONE_SCHEMA } from "../contract/tombstone-schema.ts";
import { readReleaseJson } from "./json-file.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog } from "./report.ts";

export const TOMBSTONES_FILE = "tombstones.json";

interface Entry {
  row: number;
  table: string;
  id: string;
  movedTo?: string;
}

export class Tombstones {
  /** Ids an entry names (retired or moved to), by table; of these, the ones a record has. */
  private readonly named = new Map<string, Set<string>>();
  private readonly live = new Map<string, Set<string>>();

  private constructor(
    private readonly entries: Entry[],
    private readonly log: ProblemLog,
  ) {
    for (const { table, id, movedTo } of entries) {
      const ids = this.named.get(table) ?? new Set<string>();
      ids.add(id);
      if (movedTo !== undefined) ids.add(movedTo);
      this.named.set(table, ids);
    }
  }

  /** The release's tombstones, entries of the wrong shape reported; undefined when it has none (or none that can be read). */
  static read(files: ReleaseFiles, log: ProblemLog): Tombstones | undefined {
    if (!files.exists(TOMBSTONES_FILE)) return undefined;
    const read = readReleaseJson(files, TOMBSTONES_FILE, { contentCode: "schema-error", records: true });
    if (!read) return undefined;
    if (!Array.isArray(read.value)) {
      log.add({ code: "schema-error", file: TOMBSTONES_FILE, message: "must be an array of tombstones" });
      return undefined;
    }
    // The schema is ours but the ids are the release's: its patterns run on RE2 like every other.
    const validate = new Ajv2020({ strict: false, allErrors: true, code: { regExp: ajvLinearRegExp } }).compile(TOMBSTONE_SCHEMA);
    const entries: Entry[] = [];
    read.value.forEach((entry: unknown, index) => {
      if (!validate(entry)) {
        for (const error of validate.errors ?? []) {
          log.add({ code: "schema-error", file: TOMBSTONES_FILE, row: index + 1, pointer: `/${index}${error.instancePath}`, message: error.message ?? "is invalid" });
        }
        return;
      }
      const { table, id, moved_to: movedTo } = entry as { table: string; id: string; moved_to?: string };
      entries.push({ row: index + 1, table, id, ...(movedTo === undefined ? {} : { movedTo }) });
    });
    return new Tombstones(entries, log);
  }

  /** The ids of `table` that entries name: only these need noting as its records stream past. */
  namedIn(table: string): ReadonlySet<string> | undefined {
    return this.named.get(table);
  }

  /** A record of `table` streaming past: its id is noted if an entry names it. */
  see(table: string, id: unknown): void {
    // Only text ids can name a record; any other id already broke its table's schema.
    if (typeof id !== "string" || !this.named.get(table)?.has(id)) return;
    const live = this.live.get(table) ?? new Set<string>();
    live.add(id);
    this.live.set(table, live);
  }

  /** Once every table has streamed past: `tables`, those whose records were read through. */
  finish(tables: ReadonlySet<string>): void {
    const seen = new Set<string>();
    for (const { row, table, id, movedTo } of this.entries) {
      if (!tables.has(table)) {
        this.log.add({ code: "foreign-key", file: TOMBSTONES_FILE, row, field: "table", message: `${shownValue(table)} is not a table of this release` });
        continue;
      }
      const live = this.live.get(table) ?? new Set<string>();
      const key = `${table}\u0000${id}`;
      if (live.has(id) || seen.has(key)) {
        const why = live.has(id) ? `still names a record of ${table}` : `is retired twice in ${table}`;
        this.log.add({ code: "tombstone-conflict", file: TOMBSTONES_FILE, row, field: "id", message: `${shownValue(id)} ${why}` });
      }
      seen.add(key);
      if (movedTo !== undefined && !live.has(movedTo)) {
        this.log.add({ code: "foreign-key", file: TOMBSTONES_FILE, row, field: "moved_to", message: `${shownValue(movedTo)} is not the id of any record of ${table}` });
      }
    }
  }
}
