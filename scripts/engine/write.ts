/**
 * Write stage: the whole output folder is written beside the target and swapped in
 * only when complete, so a failed or interrupted build never leaves a half-written dist/.
 * rename() cannot replace a non-empty folder, hence two renames; the window between
 * them is the only moment without an output folder, and the next build closes it
 * (recoverOutput) before it does anything else.
 *
 * Everything that touches the folders beside dist/ happens under one lock, so two
 * builds at once take turns instead of deleting each other's half-written trees; while
 * the lock is held, any staging or previous folder is a leftover of a dead build.
 */
import { accessSync, constants, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { plainReason } from "../contract/command-guard.ts";
import type { DistFiles } from "./cache/dist-files.ts";
import type { OutputSink } from "./emit/emitter.ts";
import type { OutputFile } from "./emit/output.ts";
import { sha256Hex } from "../contract/sha256.ts";

const STAGING = ".dist-staging-";
const PREVIOUS = ".dist-previous-";

/** proper-lockfile's defaults: a lock not refreshed for 10 s belongs to a dead process and is taken over. */
const STALE_MS = 10_000;
/** Enough attempts, RETRY_MS apart, to outlast a stale lock and a long write by a live build. */
const LOCK_RETRIES = 120;
const RETRY_MS = 250;

/** A fault of the write stage, already worded for the user; the build reports it with exit 2. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** False only when a fault struck while undoing another, so dist/ may not be as before. */
    readonly unchanged = true,
  ) {
    super(message);
  }
}

export interface WriteOptions {
  /** How many times to try the lock again, RETRY_MS apart, before giving up. */
  lockRetries?: number;
}

/** The lock beside the target (a folder that proper-lockfile creates and removes). */
export function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}-lock`);
}

/** Restores a tree a killed build left renamed away and removes dead builds' leftovers. */
export async function recoverOutput(target: string, options: WriteOptions = {}): Promise<void> {
  await underLock(target, options, () => recover(target));
}

export async function writeAtomically(target: string, files: readonly OutputFile[], options: WriteOptions = {}): Promise<void> {
  const staged = await stageOutput(target, options);
  try {
    for (const file of files) staged.put(file, "");
  } catch (error) {
    await staged.abort();
    throw error;
  }
  await staged.commit();
}

/**
 * The output folder being written: each file goes into the staging folder as soon as it is
 * put, and only its path, size and sha256 stay in memory. The lock is held from the start
 * until `commit` has swapped the tree in or `abort` has removed it, so that no other build
 * takes the staging folder for a dead build's leftover.
 */
export interface StagedOutput extends OutputSink {
  /** Swaps the staged tree in for the target, then gives up the lock. */
  commit(): Promise<void>;
  /** Removes the staged tree and gives up the lock; the target stays as it was. */
  abort(): Promise<void>;
}

export async function stageOutput(target: string, options: WriteOptions & { dist?: DistFiles } = {}): Promise<StagedOutput> {
  const name = shown(target, target);
  let compromised: Error | undefined;
  const release = await acquire(target, options.lockRetries ?? LOCK_RETRIES, (error) => {
    compromised = error;
  });
  const giveUp = () =>
    release().catch(() => {
      // Already gone (compromised); the next build takes it over once stale.
    });
  const parent = dirname(target);
  const staging = join(parent, `${STAGING}${process.pid}`);
  const removeStaging = () => {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // Whatever is left is a dead build's staging folder: the next build removes it.
    }
  };
  try {
    recover(target);
    mkdirSync(staging, { recursive: true });
  } catch (error) {
    await giveUp();
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot create ${shown(target, staging)}: ${reason(error)}`);
  }
  let open = true;
  // The staging folder is this build's alone: a folder made once is there for every later file.
  const made = new Set<string>();
  return {
    put(file, mediaType) {
      if (!open) throw new Error(`${file.path} put after the output was committed or aborted`);
      const path = join(staging, file.path);
      try {
        const folder = dirname(path);
        if (!made.has(folder)) {
          mkdirSync(folder, { recursive: true });
          made.add(folder);
        }
        const reused = file.sha256 !== undefined && file.size !== undefined ? linked(file.path, file.sha256, file.size) : false;
        if (reused) return { path: file.path, mediaType, size: file.size!, sha256: file.sha256!, read: () => readFileSync(path) };
        const bytes = file.bytes;
        const sha256 = file.sha256 ?? sha256Hex(bytes);
        if (!linked(file.path, sha256, bytes.length)) writeFileSync(path, bytes);
        return { path: file.path, mediaType, size: bytes.length, sha256, read: () => readFileSync(path) };
      } catch (error) {
        throw new WriteError(`cannot write ${shown(target, join(target, file.path))}: ${reason(error)}`);
      }
    },
    async commit() {
      open = false;
      try {
        if (compromised) throw new WriteError(`the lock on ${name}/ was lost while writing: ${compromised.message}`, "build again", false);
        swap(target, staging);
      } finally {
        removeStaging();
        await giveUp();
      }
    },
    async abort() {
      open = false;
      removeStaging();
      await giveUp();
    },
  };

  /** An unchanged file of the current tree, linked into the staged one rather than written again. */
  function linked(path: string, sha256: string, size: number): boolean {
    if (!options.dist?.unchanged(path, sha256, size)) return false;
    try {
      linkSync(join(target, path), join(staging, path));
      return true;
    } catch {
      // No hard links here (another file system, a limit): the bytes are written instead.
      return false;
    }
  }
}

async function underLock(target: string, options: WriteOptions, work: () => void): Promise<void> {
  const name = shown(target, target);
  let compromised: Error | undefined;
  const release = await acquire(target, options.lockRetries ?? LOCK_RETRIES, (error) => {
    compromised = error;
  });
  try {
    work();
    if (compromised) throw new WriteError(`the lock on ${name}/ was lost while writing: ${compromised.message}`, "build again", false);
  } finally {
    await release().catch(() => {
      // Already gone (compromised); the next build takes it over once stale.
    });
  }
}

/** Waits only while another build holds the lock; any other fault (no such folder, no permission) ends at once. */
async function acquire(target: string, retries: number, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  // Loaded here, not at the top: it registers exit handlers, which only the build needs.
  const { lock } = await import("proper-lockfile");
  const held = shown(target, lockPath(target));
  for (let attempt = 0; ; attempt++) {
    try {
      return await lock(target, { realpath: false, lockfilePath: lockPath(target), stale: STALE_MS, retries: 0, onCompromised });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw new WriteError(`cannot lock ${shown(target, target)}/ (${held} in ${dirname(target)}): ${reason(error)}`);
      if (attempt >= retries) throw new WriteError(`another build is writing ${shown(target, target)}/ (${held} is held)`, "wait for it to finish, then build again");
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

function recover(target: string): void {
  const parent = dirname(target);
  const previous = readdirSync(parent)
    .filter((name) => name.startsWith(PREVIOUS))
    .map((name) => join(parent, name));
  if (!exists(target) && previous.length > 0) {
    // Killed between the two renames: the newest previous tree is the last complete dist/.
    const newest = previous.reduce((a, b) => (statSync(b).mtimeMs > statSync(a).mtimeMs ? b : a));
    try {
      renameSync(newest, target);
    } catch (error) {
      throw new WriteError(`cannot restore ${shown(target, target)}/ from ${shown(target, newest)}: ${reason(error)}`, `rename it to ${shown(target, target)} by hand`);
    }
  }
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(STAGING) && !name.startsWith(PREVIOUS)) continue;
    const path = join(parent, name);
    try {
      rmSync(path, { recursive: true, force: true });
    } catch (error) {
      throw new WriteError(`cannot remove ${shown(target, path)}, left by an earlier build: ${reason(error)}`, `make it writable (chmod -R u+w ${shown(target, path)}) or remove it, then build again`);
    }
  }
}

/** Puts the staged tree in the target's place, the previous tree taken back in on any fault. */
function swap(target: string, staging: string): void {
  const previous = join(dirname(target), `${PREVIOUS}${process.pid}`);
  const name = shown(target, target);
  const hadPrevious = exists(target);
  if (hadPrevious) {
    assertRemovable(target);
    rename(target, previous, target);
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) undo(target, previous);
    throw new WriteError(`cannot move the new tree into ${name}/: ${reason(error)}`);
  }
  if (!hadPrevious) return;
  try {
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    // Give dist/ back its old tree rather than leave a build that reports failure half-done.
    try {
      renameSync(target, staging);
    } catch {
      throw new WriteError(`cannot remove the previous ${name}/ (${shown(target, previous)}): ${reason(error)}; ${name}/ holds the new tree`, undefined, false);
    }
    undo(target, previous);
    throw new WriteError(`cannot remove the previous ${name}/ (${shown(target, previous)}): ${reason(error)}; the new tree was taken back out`);
  }
}

/**
 * Removing a tree needs read, write and search permission on every folder in it. Checked
 * before the swap, because a removal that fails half-way cannot be taken back.
 */
function assertRemovable(target: string): void {
  const walk = (folder: string): void => {
    try {
      accessSync(folder, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (error) {
      const name = shown(target, target);
      throw new WriteError(`cannot replace ${name}/: ${shown(target, folder)} cannot be changed: ${reason(error)}`, `make it writable (chmod -R u+w ${name}) and build again`);
    }
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
    }
  };
  walk(target);
}

function rename(from: string, to: string, target: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    throw new WriteError(`cannot rename ${shown(target, from)} to ${shown(target, to)}: ${reason(error)}`);
  }
}

/** Puts the previous tree back as the target; a fault here leaves it for the next build's recovery. */
function undo(target: string, previous: string): void {
  try {
    renameSync(previous, target);
  } catch (error) {
    throw new WriteError(
      `cannot put the previous ${shown(target, target)}/ back from ${shown(target, previous)}: ${reason(error)}`,
      "the next build restores it; or rename it by hand",
      false,
    );
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Paths in messages are relative to the project (the target's parent), as in `dist/csv/x.csv`. */
function shown(target: string, path: string): string {
  return relative(dirname(target), path).split("\\").join("/");
}

function reason(error: unknown): string {
  return typeof (error as NodeJS.ErrnoException).code === "string" ? plainReason(error as NodeJS.ErrnoException) : (error as Error).message;
}
