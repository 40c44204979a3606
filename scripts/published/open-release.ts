/**
 * Whatever the downloader points at — a release folder, its datapackage.json, or a .zip
 * or .tar.gz of it — becomes a folder holding datapackage.json. Archives unpack, only
 * the files the release needs unless `allFiles` is asked for, into a private temporary
 * folder that `close()` removes (see temp-folder.ts for interruptions).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UnreadableArchive } from "./archive-limits.ts";
import { DESCRIPTOR, type UnpackOptions } from "./archive-listing.ts";
import { unpackTarGz } from "./archive-tar.ts";
import { unpackZip } from "./archive-zip.ts";
import type { Problem } from "../contract/release-problems.ts";
import { createTempFolder } from "./temp-folder.ts";

export interface OpenedRelease {
  /** The folder that holds the descriptor, or undefined when the archive was refused. */
  root?: string;
  descriptor: string;
  /** Problems found while opening (unsafe archive entries). */
  problems: Problem[];
  close(): void;
}

/** The input cannot be validated at all: exit status 2. */
export class UnusableInput extends Error {
  constructor(
    readonly code: "input-error" | "archive-error",
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export async function openRelease(path: string, options: UnpackOptions = {}): Promise<OpenedRelease> {
  const absolute = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new UnusableInput("input-error", path, "no such file or folder");
  }
  const nothing = () => undefined;
  if (isDirectory) {
    if (!existsSync(join(absolute, DESCRIPTOR))) throw new UnusableInput("input-error", path, `not a release: the folder has no ${DESCRIPTOR}`);
    return { root: absolute, descriptor: DESCRIPTOR, problems: [], close: nothing };
  }
  if (path.endsWith(".json")) return { root: dirname(absolute), descriptor: basename(absolute), problems: [], close: nothing };
  const unpack = path.endsWith(".zip") ? unpackZip : /\.(tar\.gz|tgz)$/.test(path) ? unpackTarGz : undefined;
  if (!unpack) throw new UnusableInput("input-error", path, `not a release: expected a folder, a ${DESCRIPTOR}, a .zip or a .tar.gz`);

  let folder;
  try {
    folder = createTempFolder();
  } catch (error) {
    throw new UnusableInput("archive-error", path, `cannot create a temporary folder to unpack into: ${(error as Error).message}`);
  }
  const temp = folder.path;
  const close = () => folder.remove();
  try {
    const refused = await unpack(absolute, temp, options);
    if (refused.length > 0) {
      const problems: Problem[] = refused.map(({ entry, reason }) => ({ code: "unsafe-path", file: entry, message: `archive entry refused, nothing was unpacked: ${reason}` }));
      return { descriptor: DESCRIPTOR, problems, close };
    }
    return { root: releaseFolder(temp, path), descriptor: DESCRIPTOR, problems: [], close };
  } catch (error) {
    close();
    if (error instanceof UnusableInput) throw error;
    if (error instanceof UnreadableArchive) throw new UnusableInput("archive-error", path, error.message);
    throw error;
  }
}

/** Release files sit at the archive's root or under one top folder (as `npm run release` writes them). */
function releaseFolder(temp: string, path: string): string {
  if (existsSync(join(temp, DESCRIPTOR))) return temp;
  const top = readdirSync(temp);
  if (top.length === 1 && existsSync(join(temp, top[0]!, DESCRIPTOR))) return join(temp, top[0]!);
  throw new UnusableInput("input-error", path, `not a release: the archive has no ${DESCRIPTOR} at its root or in a single top folder`);
}
