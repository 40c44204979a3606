/**
 * The folders archives are unpacked into, `cai-validate-<pid>-XXXXXX` under the system's
 * temporary folder. Named after their process so that a later run can tell a folder
 * left by a killed validator (its process is gone) from one still in use, and remove
 * only the first kind. While a folder exists, SIGINT, SIGTERM and SIGHUP remove it
 * before the process ends; `kill -9` cannot be caught, hence the removal by the next run.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

export const TEMP_PREFIX = "cai-validate-";
const OWNED = /^cai-validate-(\d+)-[A-Za-z0-9]{6}$/;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface TempFolder {
  readonly path: string;
  remove(): void;
}

const live = new Set<string>();

export function createTempFolder(): TempFolder {
  removeLeftovers();
  // Watched before the folder is made: a signal in between would end the process and leave it behind.
  if (live.size === 0) watchSignals(true);
  let path: string;
  try {
    path = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  } catch (error) {
    if (live.size === 0) watchSignals(false);
    throw error;
  }
  live.add(path);
  return {
    path,
    remove() {
      removeQuietly(path);
      if (live.delete(path) && live.size === 0) watchSignals(false);
    },
  };
}

/** Removes the folders of validators that are no longer running; never a folder of a live process. */
export function removeLeftovers(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(OWNED.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) removeQuietly(join(tmpdir(), name));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Whatever could not be removed now, a later run removes.
  }
}

function onSignal(signal: (typeof SIGNALS)[number]): void {
  for (const path of live) removeQuietly(path);
  live.clear();
  process.stderr.write(`stopped by ${signal}: the validator's temporary folder was removed\n`);
  // The shell's convention for a process ended by a signal: 128 + its number (SIGINT 130, SIGTERM 143).
  process.exit(128 + constants.signals[signal]);
}

/** A process.exit() elsewhere while a folder exists (no signal) must not leave it behind either. */
function onExit(): void {
  for (const path of live) removeQuietly(path);
}

function watchSignals(on: boolean): void {
  for (const signal of SIGNALS) {
    if (on) process.on(signal, onSignal);
    else process.off(signal, onSignal);
  }
  if (on) process.on("exit", onExit);
  else process.off("exit", onExit);
}
