/**
 * The notes emitters keep between builds (emit/emitter.ts EmitterState), one cache entry
 * per note. A note is read when first asked for and written, whole, when the build saves
 * its outputs: the note and the files it names are always of the same build.
 */
import type { EmitterState } from "../emit/emitter.ts";
import { keptFile, type DistFiles } from "./dist-files.ts";
import type { CacheStore } from "./store.ts";

export interface EmitterStates extends EmitterState {
  /** Writes the notes made in this build. */
  save(): void;
}

export function emitterStates(store: CacheStore, dist: DistFiles): EmitterStates {
  const entry = (name: string) => `emitter.${encodeURIComponent(name)}`;
  const noted = new Map<string, unknown>();
  return {
    last: (name) => store.read(entry(name)),
    note: (name, value) => void noted.set(name, value),
    kept: (path, sha256, size) => (dist.unchanged(path, sha256, size) ? keptFile(path, sha256, size, dist) : undefined),
    save() {
      for (const [name, value] of noted) store.write(entry(name), value);
      noted.clear();
    },
  };
}
