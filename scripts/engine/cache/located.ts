/**
 * A file whose value comes from the cache still has to point at its parts when a later
 * stage reports a problem in it. Positions are rare (only problems need them), so the
 * file is parsed again on the first call to `locate`, and never otherwise.
 */
import type { Diagnostic } from "../../contract/diagnostics.ts";
import { lazyLocate, type YamlFile } from "../yaml-file.ts";

/** What loading one file gives the stages after it: plain data, so the cache can keep it. */
export interface LoadedFile {
  yaml: YamlFile;
  problems: Diagnostic[];
}

export function locatedOnDemand(file: string, data: unknown, bytes: () => Uint8Array): YamlFile {
  return { file, ...(data === undefined ? {} : { data }), locate: lazyLocate(file, bytes) };
}
