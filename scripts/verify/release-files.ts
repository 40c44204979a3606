/**
 * The one way into a release's files. A release folder is untrusted: a file in it may be a
 * link to anywhere on the downloader's disk (a `json/x.json` pointing at /etc/passwd
 * would otherwise have its content echoed in a parse error). Every file the validator
 * reads — descriptor, JSON tables, schemas, tombstones.json, resources — is checked here
 * before a byte of it is read: it must be a regular file, not a link, and its real path
 * must stay inside the release (a linked folder on the way could lead out).
 */
import { closeSync, constants, lstatSync, openSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import type { ProblemLog } from "./report.ts";
import { insideRoot, unsafeReason } from "../published/safe-path.ts";

export interface CheckedFile {
  absolute: string;
  size: number;
}

// O_NOFOLLOW makes the open itself fail on a link swapped in after the check (0 where the platform lacks it).
const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export class ReleaseFiles {
  private readonly realRoot: string;
  /** Paths already refused: a file read by two checks (tombstones.json) is reported once. */
  private readonly refused = new Set<string>();

  constructor(
    readonly root: string,
    readonly log: ProblemLog,
  ) {
    this.realRoot = realpathSync(root);
  }

  /** Whether anything (even a link) is at `path`: for the optional files of a release. */
  exists(path: string): boolean {
    try {
      lstatSync(insideRoot(this.root, path));
      return true;
    } catch {
      return false;
    }
  }

  /** `path` checked and ready to read, or undefined after reporting why not. `missing`: the message when there is no file. */
  locate(path: string, missing: string): CheckedFile | undefined {
    if (this.refused.has(path)) return undefined;
    const refuse = (code: "missing-file" | "unsafe-path", message: string) => {
      this.refused.add(path);
      this.log.add({ code, file: path, message });
      return undefined;
    };
    const unsafe = unsafeReason(path);
    if (unsafe) return refuse("unsafe-path", `refused: ${unsafe}`);
    const absolute = insideRoot(this.root, path);
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch {
      return refuse("missing-file", missing);
    }
    if (stat.isSymbolicLink()) return refuse("unsafe-path", "the file is a link: links are not followed, since one could lead out of the release");
    if (!stat.isFile()) return refuse("missing-file", `${missing} (what is there is not a file)`);
    let real: string;
    try {
      real = relative(this.realRoot, realpathSync(absolute));
    } catch {
      return refuse("missing-file", missing);
    }
    if (real === ".." || real.startsWith(`..${sep}`) || isAbsolute(real)) return refuse("unsafe-path", "the path leads out of the release through a linked folder");
    return { absolute, size: stat.size };
  }

  /** The bytes of `path`, checked as `locate` does, or undefined after reporting why not. */
  read(path: string, missing: string): Buffer | undefined {
    const file = this.locate(path, missing);
    if (!file) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(file.absolute, READ_NO_FOLLOW);
      return readFileSync(fd);
    } catch (error) {
      this.refused.add(path);
      const code = (error as NodeJS.ErrnoException).code ?? "an I/O error";
      this.log.add({ code: code === "ELOOP" ? "unsafe-path" : "missing-file", file: path, message: `the file cannot be read (${code})` });
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
