/**
 * What a command writes to: its report lines and its error lines. Commands take an Io
 * rather than the process's streams so that tests run them in-process and read both.
 */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
