/**
 * Write stage: the whole output folder is written beside the target and swapped in
 * only when complete, so a failed or interrupted build never leaves a half-written dist/.
 * rename() cannot replace a non-empty folder, hence two renames; the window between
 * them is the only moment without an output folder.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { OutputFile } from "./emit/output.ts";

const STAGING = ".dist-staging-";
const PREVIOUS = ".dist-previous-";

export function writeAtomically(target: string, files: readonly OutputFile[]): void {
  const parent = dirname(target);
  removeLeftovers(parent);
  const staging = join(parent, `${STAGING}${process.pid}`);
  const previous = join(parent, `${PREVIOUS}${process.pid}`);
  try {
    mkdirSync(staging, { recursive: true });
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
    }
    let hadPrevious = true;
    try {
      renameSync(target, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      hadPrevious = false;
    }
    renameSync(staging, target);
    if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Folders left by a build that was killed half-way. */
function removeLeftovers(parent: string): void {
  for (const name of readdirSync(parent)) {
    if (name.startsWith(STAGING) || name.startsWith(PREVIOUS)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}
