/**
 * The project's own folders, `schemas/` and `sources/`, as the load stage walks them.
 * A symbolic link anywhere in them is reported and never followed: a linked `sources/`
 * would let a build publish files from anywhere on the curator's disk, and a link inside
 * the project would make one file count twice under two names.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compareText, type Diagnostic } from "../contract/diagnostics.ts";

/** `schemas/<table>.schema.json` defines a table; `schemas/defs/` holds the definitions they share. */
export const TABLE_SCHEMA_SUFFIX = ".schema.json";
export const DEFS_FOLDER = "defs";

export interface Folder {
  /** Regular files, sorted by name. */
  files: string[];
  /** Real folders (never links), sorted by name. */
  folders: string[];
  problems: Diagnostic[];
}

/**
 * Lists `relative` (a path under `root`, with forward slashes). A folder that does not
 * exist is empty: a project may have no definitions, or no records yet.
 */
export function listProjectFolder(root: string, relative: string): Folder {
  const folder: Folder = { files: [], folders: [], problems: [] };
  const absolute = join(root, relative);
  try {
    const stats = lstatSync(absolute);
    if (stats.isSymbolicLink()) {
      folder.problems.push(linkProblem(relative));
      return folder;
    }
    if (!stats.isDirectory()) return folder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return folder;
    throw error;
  }
  for (const entry of readdirSync(absolute, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
    if (entry.isSymbolicLink()) folder.problems.push(linkProblem(`${relative}/${entry.name}`));
    else if (entry.isDirectory()) folder.folders.push(entry.name);
    else if (entry.isFile()) folder.files.push(entry.name);
  }
  return folder;
}

function linkProblem(file: string): Diagnostic {
  return {
    file, line: 1, col: 1, code: "symlink",
    message: "is a symbolic link, which is not followed: the build reads nothing outside the project, and no file twice under two names",
    hint: "replace the link with the file or folder it points to (copy it into the project)",
  };
}
