/**
 * One line of progress for long runs (a large build, validating a large release), redrawn
 * in place on stderr. It appears only when a person is watching: both stdout and stderr
 * are terminals and `CI` is not set, so piped output, logs and tests never contain it; and
 * only once the run has lasted about a second, so a quick run prints nothing extra. The
 * line is cleared when the run ends, before its report.
 */
import type { Io } from "./io.ts";

/** The part of a stream this needs: a terminal says so with `isTTY`. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** Shows the line `text()` makes, when one is due; `text` is not called otherwise. */
  update(text: () => string): void;
  /** Clears the line, if one was shown. */
  done(): void;
}

export const QUIET: Progress = { update: () => undefined, done: () => undefined };

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Whether stdout is a terminal: with stdout piped, the run is a script's, not a person's. */
  stdoutIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  /** How long a run lasts before the line first shows. */
  delayMs?: number;
  /** The shortest time between two redraws. */
  everyMs?: number;
  now?: () => number;
}

/** `CI=true`, `CI=1`, …; an empty value, `0` or `false` does not count. */
function inCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

export function terminalProgress(options: ProgressOptions = {}): Progress {
  const { stream = process.stderr, stdoutIsTTY = process.stdout.isTTY === true, env = process.env, delayMs = 1000, everyMs = 100, now = Date.now } = options;
  if (stream.isTTY !== true || !stdoutIsTTY || inCi(env)) return QUIET;
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(text) {
      const time = now();
      if (time - start < delayMs || time - last < everyMs) return;
      last = time;
      shown = true;
      // One column short of the width: a line that fills it would wrap, and \r would then redraw only its tail.
      // A terminal that does not know its width says 0.
      const width = Math.max(20, (stream.columns || 80) - 1);
      const line = text();
      stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}

/** `io` with `clear` (a progress line's `done`) called before each line, so no report line lands on the progress line. */
export function beforeEachLine(io: Io, clear: () => void): Io {
  return {
    out: (line) => {
      clear();
      io.out(line);
    },
    err: (line) => {
      clear();
      io.err(line);
    },
  };
}

/** 12345 -> "12,345": counts on the line stay readable as they grow. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
