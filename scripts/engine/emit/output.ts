/** What every emitter returns: files relative to the output folder, as exact bytes. */
export interface OutputFile {
  path: string;
  bytes: Buffer;
}

/** Text outputs are UTF-8 without BOM and end with exactly one LF. */
export function textFile(path: string, text: string): OutputFile {
  return { path, bytes: Buffer.from(text.endsWith("\n") ? text : `${text}\n`, "utf8") };
}

export function jsonFile(path: string, value: unknown): OutputFile {
  return textFile(path, JSON.stringify(value, null, 2));
}
