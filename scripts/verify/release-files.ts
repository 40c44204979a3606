/**
 * The one way into a release's files. A release folder is untrusted: a file in it may be a
 * link to anywhere on the downloader's disk (a `json/x.json` pointing at /etc/passwd
 * would otherwise have its content echoed in a parse error). Every file the validator
 * reads — descriptor, JSON tables, schemas, tombstones.json, resources — is checked here
 * before a byte of it is read: it must be a regular file, not a link, and its real path
 * must stay inside the release (a linked folder on the way could lead out).
 */
import { closeSync, constants, lstatSync, openSync, readFileSync, readSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import type { Problem, ProblemLog } from "./report.ts";
import { insideRoot, unsafeReason } from "../published/safe-path.ts";

export interface CheckedFile {
  absolute: string;
  size: number;
}

// O_NOFOLLOW makes the open itself fail on a link swapped in after the check (0 where the platform lacks it).
const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** Bytes read from the disk at a time. */
export const CHUNK_BYTES = 64 * 1024;
/**
 * Bytes handed to a parser at a time. Small pieces keep what a parser makes of one piece
 * (rows, records) short-lived while the other files of a table are read beside it: with
 * 64 KiB pieces those objects outlive V8's young generation and garbage collection takes
 * a fifth of the run; with 8 KiB, a twentieth.
 */
export const PIECE_BYTES = 8 * 1024;

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
    const file = this.open(path, missing);
    if (!file) return undefined;
    try {
      return readFileSync(file.fd);
    } catch (error) {
      this.unreadable(path, error);
      return undefined;
    } finally {
      file.close();
    }
  }

  /** `path`, checked as `locate` does, open to stream; undefined after reporting why not. The caller closes it. */
  open(path: string, missing: string): OpenedFile | undefined {
    const file = this.locate(path, missing);
    if (!file) return undefined;
    try {
      return new OpenedFile(path, openSync(file.absolute, READ_NO_FOLLOW), file.size, this);
    } catch (error) {
      this.unreadable(path, error);
      return undefined;
    }
  }

  /** @internal Reports a file that was found but could not be read. */
  unreadable(path: string, error: unknown): void {
    this.refused.add(path);
    this.log.add(unreadableProblem(path, error));
  }
}

/** A file found but not readable (or cut short by a read that failed). */
export function unreadableProblem(path: string, error: unknown): Problem {
  const code = (error as NodeJS.ErrnoException).code ?? "an I/O error";
  return { code: code === "ELOOP" ? "unsafe-path" : "missing-file", file: path, message: `the file cannot be read (${code})` };
}

/** A release file open for reading, piece by piece, in order. */
export class OpenedFile {
  /** A read failed (reported): the file ended early. */
  failed = false;
  /** What was read from the disk and not yet handed out. */
  private block = Buffer.alloc(0);

  constructor(
    readonly path: string,
    readonly fd: number,
    readonly size: number,
    private readonly files: Pick<ReleaseFiles, "unreadable">,
  ) {}

  /** The next piece of the file (at most PIECE_BYTES); undefined at its end. Never reused: a parser may keep slices of it. */
  next(): Buffer | undefined {
    if (this.block.length === 0) {
      if (this.failed) return undefined;
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      try {
        this.block = buffer.subarray(0, readSync(this.fd, buffer, 0, CHUNK_BYTES, null));
      } catch (error) {
        this.failed = true;
        this.files.unreadable(this.path, error);
        return undefined;
      }
      if (this.block.length === 0) return undefined;
    }
    const piece = this.block.subarray(0, PIECE_BYTES);
    this.block = this.block.subarray(piece.length);
    return piece;
  }

  /** Up to `length` bytes from `position`, leaving `next` where it was: to look back into what was read. */
  readAt(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    try {
      return buffer.subarray(0, readSync(this.fd, buffer, 0, length, position));
    } catch {
      return Buffer.alloc(0);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
