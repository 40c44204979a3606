/**
 * A file whose value comes from the cache still has to point at its parts when a later
 * stage reports a problem in it. Positions are rare (only problems need them), so the
 * file is parsed again on the first call to `locate`, and never otherwise.
 */
import type { Diagnostic } from "../../contract/diagnostics.ts";
import type { Annotation } from "../../contract/keywords.ts";
import { lazyLocate, type YamlFile } from "../yaml-file.ts";

/**
 * What checking one record alone gave: its schema result with ajv's annotations, and the
 * problems of the rules that look at one record at a time (rules/rule.ts `perRecord`).
 */
export interface Checked {
  valid: boolean;
  annotations: Annotation[];
  /** Schema problems. */
  problems: Diagnostic[];
  /** Problems of the per-record rules, once they have run. */
  rules?: Diagnostic[];
}

/** What loading one file gives the stages after it: plain data, so the cache can keep it. */
export interface LoadedFile {
  yaml: YamlFile;
  problems: Diagnostic[];
  /** From the cache: the file's own checks, already made on the same bytes with the same schemas. */
  checked?: Checked;
}

export function locatedOnDemand(file: string, data: unknown, bytes: () => Uint8Array): YamlFile {
  return { file, ...(data === undefined ? {} : { data }), locate: lazyLocate(file, bytes) };
}
