/**
 * The one wrapper around every command's main (build, validate, coverage, diff, release
 * and the validator's bin). Whatever a command throws instead of returning a status is a
 * fault of the run, not of the data: it becomes one `error:` line and exit status 2,
 * never a stack trace. `--debug` (taken out of the arguments before the command sees
 * them) adds the stack for whoever is chasing the fault.
 *
 * Shipped with the release validator, so it imports nothing beyond node: itself.
 */
import { relative, isAbsolute } from "node:path";

export type Command = (argv: string[]) => Promise<number>;

export interface ErrorSink {
  err(line: string): void;
}

const stderrSink: ErrorSink = { err: (line) => process.stderr.write(`${line}\n`) };

export const DEBUG_FLAG = "--debug";
const COULD_NOT_RUN = 2;

/** Plain words for the error codes a user can meet while reading or writing files. */
const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  ENOTEMPTY: "folder not empty",
  ENOENT: "no such file or folder",
  EEXIST: "already exists",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "not a folder",
  EBUSY: "in use by another process",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EIO: "input/output error",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "name too long",
  EXDEV: "cannot move across file systems",
  ENOMEM: "out of memory",
  EPIPE: "its reader closed it",
};

/** What the system call was doing, as a user would say it. */
const OPERATIONS: Record<string, string> = {
  open: "open",
  read: "read",
  write: "write",
  close: "close",
  mkdir: "create folder",
  mkdtemp: "create folder",
  rmdir: "remove",
  unlink: "remove",
  rm: "remove",
  rename: "rename",
  scandir: "list",
  opendir: "list",
  stat: "look at",
  lstat: "look at",
  access: "access",
  copyfile: "copy",
  chmod: "change the mode of",
};

function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** A path as the user would type it: relative to the working folder when inside it. */
export function shownPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside.split("\\").join("/") : path;
}

/** `permission denied (EACCES)`; the code alone when it has no plain wording here. */
export function plainReason(error: NodeJS.ErrnoException): string {
  const reason = error.code ? REASONS[error.code] : undefined;
  return reason ? `${reason} (${error.code})` : (error.code ?? error.message);
}

/**
 * One line for any error: for a Node system error the operation, the path and a plain
 * reason ("cannot write dist/csv/x.csv: permission denied (EACCES)"), else its message.
 */
export function describeError(error: unknown): string {
  if (isSystemError(error)) {
    const operation = (error.syscall && OPERATIONS[error.syscall]) ?? error.syscall ?? "run";
    const dest = (error as { dest?: string }).dest;
    // A stream's errors (stdout's EPIPE, say) carry no path: the stream is the output.
    const target = error.path ? ` ${shownPath(error.path)}${dest ? ` to ${shownPath(dest)}` : ""}` : error.syscall === "write" ? " to the output" : "";
    return `cannot ${operation}${target}: ${plainReason(error)}`;
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function printFault(error: unknown, debug: boolean, sink: ErrorSink): void {
  sink.err(`error: ${describeError(error)}`);
  if (debug) {
    if (error instanceof Error && error.stack) sink.err(error.stack);
  } else if (!isSystemError(error)) {
    // Anything else that escapes a command is a bug in it; the stack is what a report needs.
    sink.err(`  hint: this is a fault of the program, not of the data; run again with ${DEBUG_FLAG} and report the output`);
  }
}

/** Runs a command with `--debug` taken out of its arguments; a throw becomes exit status 2. */
export async function runGuarded(command: Command, argv: string[], sink: ErrorSink = stderrSink): Promise<number> {
  const debug = argv.includes(DEBUG_FLAG);
  try {
    return await command(argv.filter((arg) => arg !== DEBUG_FLAG));
  } catch (error) {
    printFault(error, debug, sink);
    return COULD_NOT_RUN;
  }
}

/**
 * The body of an entry script. Errors raised outside the command's own chain (an
 * unhandled rejection, a throw in a timer or a stream callback) get the same treatment
 * instead of Node's default stack trace. No signal handlers: those belong to the code
 * that owns what a signal must clean up.
 */
export async function runMain(command: Command, argv: string[] = process.argv.slice(2)): Promise<void> {
  const debug = argv.includes(DEBUG_FLAG);
  const fatal = (error: unknown): void => {
    printFault(error, debug, stderrSink);
    process.exit(COULD_NOT_RUN);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  process.exitCode = await runGuarded(command, argv);
}
