/**
 * The one shape of an output format, in the manner of `rules/rule.ts`: every emitter gets
 * the same input and returns files, and the registry (`emit/index.ts`) lists them in the
 * order they run. An emitter that needs another's output (datapackage.json describes the
 * CSV files, the catalogue lists every file) finds it among the files emitted before it:
 * their path, media type, size and sha256 are at hand, and their bytes are read back one
 * file at a time (`read()`), because the build hands each file to the write stage as soon
 * as it is made rather than holding every output in memory.
 */
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { Dataset } from "../model.ts";
import type { ReleaseHistory } from "../release-history.ts";
import type { SchemaSet } from "../schemas.ts";
import type { OutputFile } from "./output.ts";
import { sha256Hex } from "../../contract/sha256.ts";

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
  /** With the build cache: values worked out in earlier builds, under a key naming all they depend on. */
  memo?: EmitMemo;
  /** With the build cache: what an emitter noted at the last build, and that build's files still in dist/. */
  state?: EmitterState;
}

/**
 * For an emitter whose files each depend on a part of every table (the site's record
 * chunks): it notes what each file was made from, and the next build compares that with
 * the data now and makes again only the files whose part changed, handing on the others
 * as dist/ holds them. A note is written with the cache's other outputs once the build has
 * emitted everything, and the files it names are handed on only while dist/ still holds the
 * bytes noted (dist-files.ts), so a note never vouches for a file it did not see made.
 */
export interface EmitterState {
  /** The value noted under `name` by the last build that emitted, if any. */
  last<T>(name: string): T | undefined;
  /** Notes `value` (V8-serializable) for the next build. */
  note(name: string, value: unknown): void;
  /** dist/<path> as an output file, while it still holds the bytes of this sha256 and size. */
  kept(path: string, sha256: string, size: number): OutputFile | undefined;
}

/**
 * Plain values (V8-serializable) an emitter worked out before, kept under a key that names
 * everything the value depends on (for example the sha256 of the files it read); the
 * schemas and the engine are in the cache's own key. Keys not asked for in a build are dropped.
 */
export interface EmitMemo {
  value<T>(key: string, make: () => T): T;
}

/**
 * Bytes made from one table's rows and schema alone, given back by the build cache while
 * the table's source files are unchanged (engine/cache/table-outputs.ts). An emitter passes
 * `make` for each such file; what it makes from more than one table must not go through it.
 */
export interface TableOutputs {
  /** The file at `path`, made by `make` unless the cache gives it back (with its sha256 and size). */
  file(table: string, path: string, make: () => Buffer): OutputFile;
  /** The digest of the table's source files: the same digest, the same rows. */
  digest(table: string): string;
  /** The digest of each record's source file, by id: the same digest, the same row. */
  recordDigests(table: string): ReadonlyMap<string, string>;
  /** The file at `path` as the last build wrote it, while dist/ still holds those bytes (to copy the unchanged parts of a file made from every table); its bytes are read when first asked for. */
  previous(path: string): { bytes: Buffer; sha256: string } | undefined;
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

/** A file once emitted: what later emitters and the build's caller see of it. */
export interface EmittedFile {
  path: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Its bytes: kept in memory, or read back from where the sink wrote them. */
  read(): Buffer;
}

/** Where emitted files go: kept in memory (`memorySink`) or written out at once (write.ts). */
export interface OutputSink {
  put(file: OutputFile, mediaType: string): EmittedFile;
}

/** Every file kept with its bytes: for callers that want the files as values (tests, `npm run release`). */
export function memorySink(): OutputSink {
  return {
    put(file, mediaType) {
      const bytes = file.bytes;
      return { path: file.path, mediaType, size: bytes.length, sha256: file.sha256 ?? sha256Hex(bytes), read: () => bytes };
    },
  };
}

export function declaredMediaType(emitter: Emitter, path: string): string {
  const type = emitter.mediaTypes.find(([suffix]) => path.endsWith(suffix))?.[1];
  // A file without a type would be catalogued as an opaque download; that is a bug in the emitter.
  if (type === undefined) throw new Error(`emitter "${emitter.name}" wrote ${path} without declaring its media type`);
  return type;
}

/**
 * Runs the emitters in order, one step per emitter, so that a caller can time each
 * (`npm run bench`) while the build only collects the files. Each emitter's files go to
 * `sink` as soon as it returns them.
 */
export async function* emitInOrder(emitters: readonly Emitter[], context: EmitContext, sink: OutputSink = memorySink()): AsyncGenerator<{ emitter: Emitter; files: EmittedFile[] }> {
  const files: EmittedFile[] = [];
  for (const emitter of emitters) {
    const written = await emitter.emit({ ...context, files: [...files] });
    const emitted = written.map((file) => sink.put(file, declaredMediaType(emitter, file.path)));
    written.length = 0;
    files.push(...emitted);
    yield { emitter, files: emitted };
    await nextTurn();
  }
}

/**
 * A turn of the event loop, so that the lock on dist/ is kept fresh (proper-lockfile takes a
 * lock not refreshed for 10 s for a dead build's): between emitters, and between the parts
 * of an emitter that can take seconds on a large dataset.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
