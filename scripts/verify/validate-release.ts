/**
 * The checks of an opened release, in the order that lets each use the last: the
 * descriptor, then the JSON tables (which say what each CSV must hold), then every
 * resource file streamed once (size, hash, CSV structure, types, keys, agreement).
 */
import { Agreement, expectedCsv } from "./agreement.ts";
import { readCsvResource, type RowObserver } from "./csv-table.ts";
import { readDescriptor, type Resource } from "./descriptor.ts";
import { digestFile, type Digest } from "./file-digest.ts";
import { loadJsonTables, tableNames } from "./json-tables.ts";
import { KeyChecks } from "./keys.ts";
import { progressOnStderr } from "./progress.ts";
import { ReleaseFiles } from "./release-files.ts";
import { shownValue, type ProblemLog, type Stats } from "./report.ts";
import { checkTombstones } from "./tombstones.ts";

export async function validateRelease(root: string, descriptorFile: string, log: ProblemLog): Promise<Omit<Stats, "problems" | "omitted">> {
  const stats = { resources: 0, rows: 0, bytes: 0, jsonTables: 0 };
  const files = new ReleaseFiles(root, log);
  const { resources, problems } = readDescriptor(files, descriptorFile);
  for (const problem of problems) log.add(problem);
  if (!resources) return stats;

  const tables = loadJsonTables(files, tableNames(root, resources.filter((r) => r.table).map((r) => r.name)));
  stats.jsonTables = tables.length;
  checkTombstones(files, tables, log);
  const expected = expectedCsv(tables, log);
  for (const [name, { jsonFile }] of expected) {
    if (!resources.some((r) => r.name === name)) log.add({ code: "csv-json-mismatch", file: jsonFile, message: `flattens to a CSV resource "${name}" that ${descriptorFile} does not list` });
  }

  const located = new Map(resources.map((r) => [r, r.refused ? undefined : files.locate(r.path, `resource ${shownValue(r.name)} of ${descriptorFile} has no file here`)] as const));
  const progress = progressOnStderr([...located.values()].reduce((sum, f) => sum + (f?.size ?? 0), 0));
  const keys = new KeyChecks(resources, log);
  for (const resource of resources) {
    const file = located.get(resource);
    if (!file) continue;
    stats.resources++;
    progress.file(resource.path);
    const onBytes = (n: number) => progress.bytes(n);
    let digest: Digest;
    if (resource.table) {
      const observers: RowObserver[] = [keys.start(resource)];
      const wanted = expected.get(resource.name);
      if (wanted) {
        const agreement = new Agreement(resource, wanted, log);
        observers.push({ row: (row, _values, cells) => agreement.row(row, cells), end: (complete) => agreement.end(complete) });
      } else if (tables.length > 0) {
        log.add({ code: "csv-json-mismatch", file: resource.path, message: `no JSON table flattens to the resource "${resource.name}"` });
      }
      const result = await readCsvResource(file.absolute, resource, observers, log, onBytes);
      stats.rows += result.rows;
      digest = result;
    } else {
      digest = await digestFile(file.absolute, resource.hash?.algorithm ?? "sha256", onBytes);
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
  progress.done();
  return stats;
}
