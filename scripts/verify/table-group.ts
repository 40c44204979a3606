/**
 * One JSON table and the CSV files its records flatten to, read side by side in a single
 * pass: each record is checked against its schema and flattened (json-side.ts, in this
 * thread or a worker), and matched here with the CSV rows of the same key as they come.
 * Nothing is held but a few batches of records and the CSV rows of a key, whatever the
 * size of the table.
 */
import type { CsvLayout } from "../contract/flatten.ts";
import { Agreement, LayoutRows } from "./agreement.ts";
import { CsvTable, type TableResult } from "./csv-table.ts";
import type { Resource } from "./descriptor.ts";
import type { JsonSource } from "./json-source.ts";
import type { JsonTable } from "./json-tables.ts";
import type { KeyChecks } from "./keys.ts";
import type { ReleaseFiles } from "./release-files.ts";
import type { ProblemLog } from "./report.ts";
import { BatchRow, walkBatch, type Walker } from "./row-batch.ts";
import type { Tombstones } from "./tombstones.ts";

export interface GroupContext {
  files: ReleaseFiles;
  log: ProblemLog;
  /** Where the records are read and checked (this thread or a worker). */
  json: JsonSource;
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
  const opens: { close(): void }[] = [opened];
  try {
    const next = context.json.open(table, opened, context.tombstones?.namedIn(table.name));
    let batch = next();
    for (const problem of batch.problems) log.add(problem);
    // Records not checked at all (not an array, not JSON, no usable schema): the CSV files are read alone.
    if (!batch.walked) return { loaded: false, read };

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
    const steps = walker(table.name, members, context.tombstones);
    const rows = members.map(({ rows: { columns, keyAt } }) => new BatchRow(columns.length, keyAt));
    const rowsOf = (layout: number) => rows[layout]!;
    while (batch.loaded === undefined) {
      batch = next();
      for (const problem of batch.problems) log.add(problem);
      walkBatch(batch.steps, steps, rowsOf);
    }
    for (const member of members) {
      if (member.agreement) read.set(context.resources.get(member.layout.name)!, member.agreement.finish());
    }
    if (batch.loaded) {
      for (const problem of table.shapeProblems) log.add(problem);
      for (const { layout } of members) {
        if (!context.resources.has(layout.name)) log.add({ code: "csv-json-mismatch", file: table.file, message: `flattens to a CSV resource "${layout.name}" that ${context.descriptorFile} does not list` });
      }
    }
    return { loaded: batch.loaded, read };
  } finally {
    for (const file of opens) file.close();
  }
}

/** A batch's steps applied to the table's CSV files, in record order. */
function walker(name: string, members: readonly Member[], tombstones: Tombstones | undefined): Walker {
  return {
    named: (id) => tombstones?.see(name, id),
    stop: () => members.forEach((m) => m.agreement?.stop()),
    skip: (layout, id) => members[layout]!.agreement?.skip(id),
    expect: (layout, row) => members[layout]!.agreement?.expect(row),
  };
}
