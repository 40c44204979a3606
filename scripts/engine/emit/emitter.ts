/**
 * The one shape of an output format, in the manner of `rules/rule.ts`: every emitter gets
 * the same input and returns files, and the registry (`emit/index.ts`) lists them in the
 * order they run. An emitter that needs another's output (datapackage.json describes the
 * CSV files, the catalogue lists every file) reads it from the files emitted before it.
 */
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { Dataset } from "../model.ts";
import type { ReleaseHistory } from "../release-history.ts";
import type { SchemaSet } from "../schemas.ts";
import type { OutputFile } from "./output.ts";

/** What the build knows once the data is valid: the same for every emitter. */
export interface EmitContext {
  root: string;
  meta: ProjectMeta;
  dataset: Dataset;
  schemas: SchemaSet;
  /** The published releases this build is compared with (the releases stage). */
  history: ReleaseHistory;
  /** Built for `npm run release`: the data is described as package.json's version, not as unreleased. */
  releasing: boolean;
  /** With the build cache: files made from one table alone, kept from earlier builds. */
  tableOutputs?: TableOutputs;
}

/**
 * Bytes made from one table's rows and schema alone, given back by the build cache while
 * the table's source files are unchanged (engine/cache/table-outputs.ts). An emitter passes
 * `make` for each such file; what it makes from more than one table must not go through it.
 */
export interface TableOutputs {
  bytes(table: string, path: string, make: () => Buffer): Buffer;
}

export interface EmitInput extends EmitContext {
  /** The files of the emitters listed before this one, in registry order. */
  files: readonly EmittedFile[];
}

/** A media type for the files whose path ends with `suffix`; the first match wins. */
export type MediaType = readonly [suffix: string, type: string];

export interface Emitter {
  name: string;
  /** Declared here so that a new format cannot reach the catalogue without one. */
  mediaTypes: readonly MediaType[];
  emit(input: EmitInput): OutputFile[] | Promise<OutputFile[]>;
}

export interface EmittedFile extends OutputFile {
  mediaType: string;
}

export function declaredMediaType(emitter: Emitter, path: string): string {
  const type = emitter.mediaTypes.find(([suffix]) => path.endsWith(suffix))?.[1];
  // A file without a type would be catalogued as an opaque download; that is a bug in the emitter.
  if (type === undefined) throw new Error(`emitter "${emitter.name}" wrote ${path} without declaring its media type`);
  return type;
}

/**
 * Runs the emitters in order, one step per emitter, so that a caller can time each
 * (`npm run bench`) while the build only collects the files.
 */
export async function* emitInOrder(emitters: readonly Emitter[], context: EmitContext): AsyncGenerator<{ emitter: Emitter; files: EmittedFile[] }> {
  const files: EmittedFile[] = [];
  for (const emitter of emitters) {
    const written = await emitter.emit({ ...context, files: [...files] });
    const emitted = written.map((file) => ({ ...file, mediaType: declaredMediaType(emitter, file.path) }));
    files.push(...emitted);
    yield { emitter, files: emitted };
  }
}
