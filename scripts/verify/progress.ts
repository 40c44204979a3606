/**
 * A one-line progress indicator for large releases, on stderr and only when stderr is a
 * terminal: piped output, CI logs and tests never see it.
 */
export interface Progress {
  file(name: string): void;
  bytes(n: number): void;
  done(): void;
}

const QUIET: Progress = { file: () => undefined, bytes: () => undefined, done: () => undefined };
const EVERY_MS = 200;

export function progressOnStderr(totalBytes: number): Progress {
  const stderr = process.stderr;
  if (!stderr.isTTY || totalBytes <= 0) return QUIET;
  let seen = 0;
  let current = "";
  let last = 0;
  let shown = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < EVERY_MS) return;
    last = now;
    shown = true;
    const percent = Math.min(100, Math.floor((seen / totalBytes) * 100));
    stderr.write(`\r\x1b[Kvalidating ${percent}% ${current}`);
  };
  return {
    file(name) {
      current = name;
      draw(false);
    },
    bytes(n) {
      seen += n;
      draw(false);
    },
    done() {
      if (shown) stderr.write("\r\x1b[K");
    },
  };
}
