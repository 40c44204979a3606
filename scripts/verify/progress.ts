/**
 * The release validator's progress: how much of the release's bytes it has read, and the
 * file it is in, on the shared progress line (contract/progress.ts), which decides when a
 * person is watching.
 */
import { terminalProgress, type Progress as Line, type ProgressOptions } from "../contract/progress.ts";

export interface Progress {
  file(name: string): void;
  bytes(n: number): void;
  done(): void;
}

export function releaseProgress(totalBytes: number, options?: ProgressOptions): Progress {
  const line: Line = terminalProgress(options);
  let seen = 0;
  let current = "";
  const text = () => `validating ${totalBytes > 0 ? Math.min(100, Math.floor((seen / totalBytes) * 100)) : 100}% ${current}`;
  return {
    file(name) {
      current = name;
      line.update(text);
    },
    bytes(n) {
      seen += n;
      line.update(text);
    },
    done: () => line.done(),
  };
}
