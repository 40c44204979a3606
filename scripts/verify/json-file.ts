/**
 * A JSON file of a release, read as strictly as JSON.parse reads it (its values are the
 * ones used), plus what JSON.parse hides: a key repeated in an object (it silently keeps
 * the last) and a number no double can hold (1e400 becomes Infinity, which no CSV or
 * JSON writer can write back). Those are found on a syntax tree with positions
 * (@humanwhocodes/momoa), so each is reported by JSON Pointer and line.
 */
import { parse as parseTree, type AnyNode } from "@humanwhocodes/momoa";
import { splitPointer } from "../contract/keywords.ts";
import type { ReleaseFiles } from "./release-files.ts";
import { shownValue, type Code, type Problem } from "./report.ts";

/**
 * A JSON file is parsed whole, as one string and then as a tree several times its size:
 * 256 MiB keeps both within reach of a default Node heap and below the longest string
 * (about 512 Mi UTF-16 units). The JSON files of a release are a few megabytes.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface ReadJson {
  value: unknown;
  /** Pointers of numbers read as ±Infinity (already reported). */
  nonFinite: ReadonlySet<string>;
}

export interface JsonFileOptions {
  /** The code for a number out of range: the file's own kind of content problem. */
  contentCode: Code;
  /** The file is an array of records: problems name the record (row) and dotted property (field). */
  records?: boolean;
  /** Message when the file is absent. */
  missing?: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readReleaseJson(files: ReleaseFiles, file: string, options: JsonFileOptions): ReadJson | undefined {
  const log = files.log;
  const missing = options.missing ?? "the file is missing";
  const checked = files.locate(file, missing);
  if (!checked) return undefined;
  if (checked.size > MAX_JSON_BYTES) {
    log.add({ code: "format-error", file, message: `the file has ${checked.size} bytes; a JSON file of a release is checked up to ${MAX_JSON_BYTES} bytes` });
    return undefined;
  }
  const bytes = files.read(file, missing);
  if (!bytes) return undefined;
  let text: string;
  try {
    // A leading BOM is dropped here (TextDecoder's default), as JSON.parse would refuse it.
    text = utf8.decode(bytes);
  } catch {
    log.add({ code: "encoding-error", file, message: "the file is not valid UTF-8" });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    log.add({ code: "format-error", file, message: `not valid JSON: ${cutMessage((error as Error).message)}` });
    return undefined;
  }
  const nonFinite = new Set<string>();
  let tree: AnyNode;
  try {
    tree = parseTree(text, { mode: "json" }).body;
  } catch (error) {
    // JSON.parse accepted the text, so only depth can stop the tree parser (it recurses).
    const why = error instanceof RangeError ? "it nests too deeply" : cutMessage((error as Error).message);
    log.add({ code: "format-error", file, message: `repeated keys and number ranges cannot be checked: ${why}` });
    return { value, nonFinite };
  }
  const place = (pointer: string): Pick<Problem, "row" | "field" | "pointer"> => {
    const parts = splitPointer(pointer);
    if (!options.records || parts.length === 0 || !/^\d+$/.test(parts[0]!)) return { pointer };
    return { row: Number(parts[0]) + 1, ...(parts.length > 1 ? { field: parts.slice(1).join(".") } : {}), pointer };
  };
  for (const found of hiddenByParse(tree)) {
    if (found.kind === "duplicate") {
      log.add({ code: "duplicate-key", file, ...place(found.pointer), message: `the key ${shownValue(found.key)} is given twice in one object (lines ${found.firstLine} and ${found.line}); JSON.parse keeps the last` });
    } else {
      nonFinite.add(found.pointer);
      log.add({ code: options.contentCode, file, ...place(found.pointer), message: `the number ${shownValue(text.slice(found.start, found.end))} (line ${found.line}) is beyond the range of a double: it reads as ${found.value}` });
    }
  }
  return { value, nonFinite };
}

type Hidden =
  | { kind: "duplicate"; pointer: string; key: string; firstLine: number; line: number; start: number }
  | { kind: "non-finite"; pointer: string; value: number; line: number; start: number; end: number };

/** Repeated keys and non-finite numbers, in the order they appear; a loop, not recursion, so depth cannot overflow the stack. */
function hiddenByParse(root: AnyNode): Hidden[] {
  const found: Hidden[] = [];
  const stack: { node: AnyNode; pointer: string }[] = [{ node: root, pointer: "" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node.type === "Object") {
      const lines = new Map<string, number>();
      for (const member of node.members) {
        const key = member.name.type === "String" ? member.name.value : member.name.name;
        const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        const first = lines.get(key);
        if (first !== undefined) found.push({ kind: "duplicate", pointer: at, key, firstLine: first, line: member.loc.start.line, start: member.loc.start.offset });
        else lines.set(key, member.loc.start.line);
        stack.push({ node: member.value, pointer: at });
      }
    } else if (node.type === "Array") {
      node.elements.forEach((element, index) => stack.push({ node: element.value, pointer: `${pointer}/${index}` }));
    } else if (node.type === "Number" && !Number.isFinite(node.value)) {
      found.push({ kind: "non-finite", pointer, value: node.value, line: node.loc.start.line, start: node.loc.start.offset, end: node.loc.end.offset });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** JSON.parse quotes the text around an error; a line of it is enough. */
function cutMessage(message: string): string {
  return message.length <= 200 ? message : `${message.slice(0, 200)}…`;
}
