/**
 * A small JSON file of a release read whole (the descriptor, a schema, tombstones.json),
 * through the same stream reader as a table's records (json-stream.ts): so a key repeated
 * in an object and a number no double can hold are reported here too, by JSON Pointer
 * and line, where JSON.parse would hide them.
 */
import { JsonStream } from "./json-stream.ts";
import type { ReleaseFiles } from "./release-files.ts";
import type { Code } from "./report.ts";

/**
 * A file read whole is held as a value: 256 MiB keeps that within reach of a default
 * Node heap. The files read whole are a few kilobytes; a table's records, which can be
 * any number, are streamed instead.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface ReadJson {
  value: unknown;
  /** Pointers of numbers read as ±Infinity (already reported). */
  nonFinite: ReadonlySet<string>;
}

export interface JsonFileOptions {
  /** The code for a number out of range: the file's own kind of content problem. */
  contentCode: Code;
  /** The file is an array of records: problems name the record (row) and dotted property (field). */
  records?: boolean;
  /** Message when the file is absent. */
  missing?: string;
}

/** The file's value, or undefined after reporting why it cannot be read (missing, a link, too large, not UTF-8, not JSON). */
export function readReleaseJson(files: ReleaseFiles, file: string, options: JsonFileOptions): ReadJson | undefined {
  const missing = options.missing ?? "the file is missing";
  const checked = files.locate(file, missing);
  if (!checked) return undefined;
  if (checked.size > MAX_JSON_BYTES) {
    files.log.add({ code: "format-error", file, message: `the file has ${checked.size} bytes; a JSON file of a release is checked up to ${MAX_JSON_BYTES} bytes` });
    return undefined;
  }
  const opened = files.open(file, missing);
  if (!opened) return undefined;
  try {
    const stream = new JsonStream(opened, files.log, { depth: 0, contentCode: options.contentCode, records: options.records ?? false });
    const read = stream.next();
    // Read on to the end: anything after the value is an error too.
    while (stream.next());
    if (!read || stream.failed) return undefined;
    return { value: read.value, nonFinite: new Set(read.nonFinite) };
  } finally {
    opened.close();
  }
}
