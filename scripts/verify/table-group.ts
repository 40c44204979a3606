/**
 * One JSON table and the CSV files its records flatten to, read side by side in a single
 * pass: each record is checked against its schema, flattened, and matched with the CSV
 * rows of the same key as they come. Nothing is held but the record in hand and the CSV
 * rows of its key, whatever the size of the table.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { CsvLayout } from "../contract/flatten.ts";
import { isObject } from "../contract/shapes.ts";
import { compareKeys } from "../contract/row-order.ts";
import { Agreement, LayoutRows } from "./agreement.ts";
import { CsvTable, type TableResult } from "./csv-table.ts";
import type { Resource } from "./descriptor.ts";
import { RecordCheck, UnusableSchema, type JsonTable } from "./json-tables.ts";
import { JsonStream, type JsonValue } from "./json-stream.ts";
import type { KeyChecks } from "./keys.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog } from "./report.ts";
import type { Tombstones } from "./tombstones.ts";

export interface GroupContext {
  files: ReleaseFiles;
  log: ProblemLog;
  ajv: Ajv2020;
  keys: KeyChecks;
  tombstones: Tombstones | undefined;
  onBytes: (n: number) => void;
  /** The descriptor's resources by name, and its path in the release. */
  resources: ReadonlyMap<string, Resource>;
  descriptorFile: string;
  /** What to say when a resource's file is not there. */
  missing: (resource: Resource) => string;
}

export interface GroupOutcome {
  /** The records were read through and checked: the table is one of the release's. */
  loaded: boolean;
  /** What each CSV file read with the records holds; a table not loaded leaves its CSV files unread, for reading alone. */
  read: Map<Resource, TableResult>;
}

/** A CSV file of the table, as its layout makes it and as the descriptor lists it. */
interface Member {
  layout: CsvLayout;
  rows: LayoutRows;
  agreement?: Agreement;
}

export function checkTableGroup(table: JsonTable, context: GroupContext): GroupOutcome {
  const { files, log } = context;
  const read = new Map<Resource, TableResult>();
  const opened = files.open(table.file, "the file is missing");
  if (!opened) return { loaded: false, read };
  const records = new JsonStream(opened, log, { depth: 1, contentCode: "schema-error", records: true });
  const opens: { close(): void }[] = [opened];
  try {
    const first = records.next();
    if (records.notArray) {
      log.add({ code: "schema-error", file: table.file, message: "a table's JSON file must be an array of records (objects)" });
      return { loaded: false, read };
    }
    // A file that is not JSON at all, or a schema that cannot check its records, leaves the records unchecked and the CSV files to be read alone.
    const check = first || !records.failed ? usableCheck(table, context) : undefined;
    let firstValid = false;
    try {
      if (check && first) firstValid = check.check(first.value, first.index, first.nonFinite);
    } catch (error) {
      if (!(error instanceof UnusableSchema)) throw error;
      return drained(records, read);
    }
    if (!check) return drained(records, read);

    const members: Member[] = table.layouts.map((layout) => {
      const rows = new LayoutRows(layout, table.file, log);
      const resource = context.resources.get(layout.name);
      if (!resource?.table || resource.refused) return { layout, rows };
      const file = files.open(resource.path, context.missing(resource));
      if (!file) return { layout, rows };
      opens.push(file);
      const csv = new CsvTable(file, resource, [context.keys.start(resource)], log, context.onBytes);
      return { layout, rows, agreement: new Agreement(resource, rows, csv, log) };
    });

    let loaded = true;
    let previous: unknown[] | undefined;
    let unsorted = false;
    const stopAll = () => members.forEach((m) => m.agreement?.stop());
    for (let record: JsonValue | undefined = first; record; record = records.next()) {
      let valid: boolean;
      if (record === first) valid = firstValid;
      else {
        try {
          valid = check.check(record.value, record.index, record.nonFinite);
        } catch (error) {
          if (!(error instanceof UnusableSchema)) throw error;
          loaded = false;
          stopAll();
          while (records.next());
          break;
        }
      }
      const id = isObject(record.value) ? record.value.id : undefined;
      context.tombstones?.see(table.name, id);
      if (valid && !unsorted) {
        const key = [id];
        if (previous && compareKeys(key, previous) < 0) {
          unsorted = true;
          log.add({ code: "row-order", file: table.file, row: record.index + 1, field: "id", message: `${shownValue(id)} comes after ${shownValue(previous[0])}: the records are not sorted by id, as a release's tables are, so its CSV files are not compared past this record` });
          stopAll();
        }
        previous = key;
      }
      for (const member of members) {
        const rows = valid ? member.rows.of(record.value as Record<string, unknown>, record.index) : undefined;
        if (!rows) member.agreement?.skip(id);
        else for (const row of rows) member.agreement?.expect(row);
      }
    }
    if (records.failed) {
      loaded = false;
      stopAll();
    }
    for (const member of members) {
      if (member.agreement) read.set(context.resources.get(member.layout.name)!, member.agreement.finish());
    }
    if (loaded) {
      for (const problem of table.shapeProblems) log.add(problem);
      for (const { layout } of members) {
        if (!context.resources.has(layout.name)) log.add({ code: "csv-json-mismatch", file: table.file, message: `flattens to a CSV resource "${layout.name}" that ${context.descriptorFile} does not list` });
      }
    }
    return { loaded, read };
  } finally {
    for (const file of opens) file.close();
  }
}

/** The schema's check of the records, or undefined when there is none (reported). */
function usableCheck(table: JsonTable, context: GroupContext): RecordCheck | undefined {
  return table.schema === undefined ? undefined : RecordCheck.compile(context.ajv, table, context.log);
}

/** The rest of the records read only for what reading finds (repeated keys, numbers out of range, syntax): the table is not loaded. */
function drained(records: JsonStream, read: Map<Resource, TableResult>): GroupOutcome {
  while (records.next());
  return { loaded: false, read };
}
