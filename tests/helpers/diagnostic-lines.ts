/** The `<file>:<line>:<col> error[<code>]` heads of a run's problems, without messages, for exact comparison. */
export function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => / error\[/.test(line)).map((line) => line.replace(/(error\[[a-z-]+\]).*/, "$1"));
}

/** True when every problem line names a place and a code: what a curator can act on. */
export function everyProblemLocated(stderr: string): boolean {
  const lines = stderr.split("\n").filter((line) => line.includes("error["));
  return lines.length > 0 && lines.every((line) => /^[^\s:]+:\d+:\d+ error\[[a-z-]+\]: \S/.test(line));
}
