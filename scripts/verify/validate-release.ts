/**
 * The checks of an opened release, in the order that lets each use the last: the
 * descriptor, then the schemas and tombstones.json (small files, read whole), then each
 * JSON table with the CSV files its records flatten to, read side by side in one pass
 * (table-group.ts), tables that others refer to first; then every resource file left,
 * streamed once (size, hash, CSV structure, types, keys). The compiled validator reads the
 * records of a large release in a worker thread, on the other core (json-source.ts).
 */
import { CsvTable, type TableResult } from "./csv-table.ts";
import { readDescriptor, type Resource } from "./descriptor.ts";
import { digestFile, type Digest } from "./file-digest.ts";
import { compiledWorker, inThread, inWorker } from "./json-source.ts";
import { readJsonTables, recordAjv, tableNames, type JsonTable } from "./json-tables.ts";
import { KeyChecks } from "./keys.ts";
import { releaseProgress } from "./progress.ts";
import { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog, type Stats } from "./report.ts";
import { checkTableGroup } from "./table-group.ts";
import { Tombstones } from "./tombstones.ts";

/** Releases whose CSV files hold fewer bytes are read in one thread: a worker's start-up would cost more than it saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export interface ValidateOptions {
  /** The JSON tables' worker (json-worker.ts, compiled) to use whatever the release's size; false: none. By default the compiled one, for a release of WORKER_MIN_BYTES or more. */
  jsonWorker?: URL | false;
}

export async function validateRelease(root: string, descriptorFile: string, log: ProblemLog, options: ValidateOptions = {}): Promise<Omit<Stats, "problems" | "omitted">> {
  const stats = { resources: 0, rows: 0, bytes: 0, jsonTables: 0 };
  const files = new ReleaseFiles(root, log);
  const { resources, problems } = readDescriptor(files, descriptorFile);
  for (const problem of problems) log.add(problem);
  if (!resources) return stats;

  const tables = readJsonTables(files, tableNames(root, resources.filter((r) => r.table).map((r) => r.name)));
  const tombstones = Tombstones.read(files, log);
  const missing = (r: Resource) => `resource ${shownValue(r.name)} of ${descriptorFile} has no file here`;
  const located = new Map(resources.map((r) => [r, r.refused ? undefined : files.locate(r.path, missing(r))] as const));
  const totalBytes = [...located.values()].reduce((sum, f) => sum + (f?.size ?? 0), 0);
  const progress = releaseProgress(totalBytes);
  const onBytes = (n: number) => progress.bytes(n);
  const keys = new KeyChecks(resources, log);
  const byName = new Map(resources.map((r) => [r.name, r]));

  const loaded = new Set<string>();
  const read = new Map<Resource, TableResult>();
  const worker = options.jsonWorker ?? (totalBytes >= WORKER_MIN_BYTES && tables.length > 0 ? compiledWorker() : undefined);
  const json = worker ? inWorker(worker, tables.map((t) => t.name)) : inThread(recordAjv());
  const context = { files, log, json, keys, tombstones, onBytes, resources: byName, descriptorFile, missing };
  try {
    for (const table of readingOrder(tables, byName)) {
      progress.file(table.file);
      const outcome = checkTableGroup(table, context);
      if (outcome.loaded) loaded.add(table.name);
      for (const [resource, result] of outcome.read) read.set(resource, result);
    }
  } finally {
    json.close();
  }
  stats.jsonTables = loaded.size;
  const flattened = new Set(tables.filter((t) => loaded.has(t.name)).flatMap((t) => t.layouts.map((layout) => layout.name)));

  for (const resource of resources) {
    if (!located.get(resource)) continue;
    stats.resources++;
    // A table whose JSON file could not be read through counts as absent, whether its CSV files were read with it or not.
    if (resource.table && loaded.size > 0 && !flattened.has(resource.name)) log.add({ code: "csv-json-mismatch", file: resource.path, message: `no JSON table flattens to the resource "${resource.name}"` });
    let digest: Digest | undefined = read.get(resource);
    if (!digest) {
      progress.file(resource.path);
      const file = files.open(resource.path, missing(resource));
      if (!file) continue;
      try {
        if (resource.table) {
          const result = new CsvTable(file, resource, [keys.start(resource)], log, onBytes).finish();
          stats.rows += result.rows;
          digest = result;
        } else {
          digest = digestFile(file, resource.hash?.algorithm ?? "sha256", onBytes);
        }
      } finally {
        file.close();
      }
    } else {
      stats.rows += (digest as TableResult).rows;
    }
    stats.bytes += digest.bytes;
    if (resource.bytes !== undefined && resource.bytes !== digest.bytes) {
      log.add({ code: "byte-count", file: resource.path, message: `the file has ${digest.bytes} bytes, ${descriptorFile} says ${resource.bytes}` });
    }
    if (resource.hash && resource.hash.hex !== digest.hex) {
      log.add({ code: "hash-count", file: resource.path, message: `the file's ${digest.algorithm} is ${digest.hex}, ${descriptorFile} says ${resource.hash.hex}` });
    }
  }
  keys.done();
  tombstones?.finish(loaded);
  progress.done();
  return stats;
}

/**
 * Tables in the order to read them: one that another's foreign keys refer to comes
 * first, so that its key set is complete when the other's rows arrive and no reference
 * has to wait (waiting costs memory per row). Tables referring to each other keep name order.
 */
function readingOrder(tables: readonly JsonTable[], resources: ReadonlyMap<string, Resource>): JsonTable[] {
  const owner = new Map(tables.flatMap((table) => table.layouts.map((layout) => [layout.name, table] as const)));
  const order: JsonTable[] = [];
  const visited = new Set<JsonTable>();
  const visit = (table: JsonTable): void => {
    if (visited.has(table)) return;
    visited.add(table);
    for (const layout of table.layouts) {
      for (const fk of resources.get(layout.name)?.table?.foreignKeys ?? []) {
        const target = owner.get(fk.resource);
        if (target && target !== table) visit(target);
      }
    }
    order.push(table);
  };
  tables.forEach(visit);
  return order;
}
