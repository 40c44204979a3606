/**
 * What every emitter returns: files relative to the output folder, as exact bytes. A file
 * the build cache gives back unchanged also states its sha256 and size, so that the write
 * stage can link it from the current dist/ without reading its bytes (its `bytes` are then
 * read only if something asks for them).
 */
export interface OutputFile {
  path: string;
  bytes: Buffer;
  /** Known in advance: the sha256 (hex) and size of `bytes`. */
  sha256?: string;
  size?: number;
}

/** Text outputs are UTF-8 without BOM and end with exactly one LF. */
export function textFile(path: string, text: string): OutputFile {
  return { path, bytes: Buffer.from(text.endsWith("\n") ? text : `${text}\n`, "utf8") };
}

export function jsonFile(path: string, value: unknown): OutputFile {
  return textFile(path, JSON.stringify(value, null, 2));
}
