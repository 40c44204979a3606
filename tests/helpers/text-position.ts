/** Where the `nth` occurrence (from 1) of `needle` is written in `text`, counted as an editor does: lines and columns from 1. */
export function positionOf(text: string, needle: string, nth = 1): { line: number; col: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before.at(-1)!.length + 1 };
}
