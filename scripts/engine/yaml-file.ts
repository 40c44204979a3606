/**
 * Load stage: one curated YAML file to a plain value that can point at where each of its
 * parts was written, so later stages can name the offending line and column.
 *
 * Most files are read by the fast path (yaml-fast-path.ts). yaml, the parser of record,
 * reads a file only when the fast path is unsure of it or when something needs a
 * position: then `locate` reads and parses the file again on its first call. Nothing
 * else keeps a parsed Document, which holds several times the memory of the value.
 */
import { createRequire } from "node:module";
import type * as YamlLibrary from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { Diagnostic, LocatedFile, Location } from "../contract/diagnostics.ts";
import { decodeUtf8, encodingProblem } from "./text.ts";
import { fastParse, FORBIDDEN_KEYS } from "./yaml-fast-path.ts";
import { writtenNumberProblem } from "./written-number.ts";
import { syntaxProblem } from "./yaml-syntax.ts";

/** A curated file, parsed, that can point at each of its values. */
export type YamlFile = LocatedFile;

export interface LoadOptions {
  /**
   * The file's bytes again, for `locate`. By default the bytes given are kept; a caller
   * loading many files passes a re-read from disk so that they need not be.
   */
  reread?: () => Uint8Array;
  /** False reads the file with yaml alone: the reference the fast path is tested against. */
  fastPath?: boolean;
}

/**
 * yaml, loaded on first use: a build whose files all take the fast path never needs it,
 * and loading it was a noticeable part of a small build's start-up.
 */
let yamlLibrary: typeof YamlLibrary | undefined;
const yaml = (): typeof YamlLibrary => (yamlLibrary ??= createRequire(import.meta.url)("yaml") as typeof YamlLibrary);

interface Parsed {
  doc: Document;
  lineCounter: LineCounter;
}

export function loadYamlFile(
  file: string,
  bytes: Uint8Array,
  { reread = () => bytes, fastPath = true }: LoadOptions = {},
): { yaml: YamlFile; problems: Diagnostic[] } {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const at = { file, line: decoded.line, col: decoded.col };
    return { yaml: { file, locate: () => at }, problems: [encodingProblem(file, decoded)] };
  }
  const locate = lazyLocate(file, reread);
  if (fastPath) {
    const fast = fastParse(decoded.text);
    if (fast.sure) return { yaml: { file, data: fast.data, locate }, problems: [] };
  }
  const parsed = parse(decoded.text);
  const problems = loadProblems(file, decoded.text, parsed);
  const yaml: YamlFile = { file, locate };
  if (problems.length === 0) yaml.data = parsed.doc.toJS({ maxAliasCount: 0 });
  return { yaml, problems };
}

function parse(text: string): Parsed {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  // Pin the YAML 1.2 core schema: a `%YAML 1.1` directive must not turn `no` into false.
  const doc = parseDocument(text, { lineCounter, schema: "core", version: "1.2", uniqueKeys: true, prettyErrors: false });
  return { doc, lineCounter };
}

/** What yaml reports, and what the project refuses in a well-formed file. */
function loadProblems(file: string, text: string, { doc, lineCounter }: Parsed): Diagnostic[] {
  const { isScalar, visit } = yaml();
  const position = (offset: number): Location => ({ file, ...lineCounter.linePos(offset) });
  const problems: Diagnostic[] = [];

  // Warnings (an unresolved tag, say) would let a value through with a type nobody chose.
  const lines = text.split(/\r?\n/);
  const reported = new Set<string>();
  for (const error of [...doc.errors, ...doc.warnings]) {
    const at = position(error.code === "MISSING_CHAR" ? unclosedQuoteStart(doc, error.pos[0]) : error.pos[0]);
    const problem: Diagnostic =
      error.code === "DUPLICATE_KEY"
        ? { ...at, code: "yaml-duplicate-key", message: firstLine(error.message), hint: "keep one of the two entries; YAML keys must be unique within a mapping" }
        : syntaxProblem(file, lines, error, at);
    // One mistake can make the parser complain twice at the same place (an over-indented key).
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (!reported.has(key)) problems.push(problem);
    reported.add(key);
  }

  visit(doc, {
    Alias(_, node) {
      problems.push({
        ...position(node.range?.[0] ?? 0),
        code: "yaml-alias",
        message: `alias *${node.source} is not allowed`,
        hint: "write the value out in full; aliases make records depend on each other and allow alias bombs",
      });
    },
    Scalar(_, node) {
      if (typeof node.value !== "number") return;
      const problem = writtenNumberProblem(node.value, node.source ?? String(node.value), node.format);
      if (problem) problems.push({ ...position(node.range?.[0] ?? 0), code: "number", ...problem });
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && FORBIDDEN_KEYS.has(pair.key.value)) {
        problems.push({
          ...position(pair.key.range?.[0] ?? 0),
          code: "yaml-forbidden-key",
          message: `key "${pair.key.value}" is not allowed`,
          hint: "rename the key; this name can alter object prototypes in consumers' code",
        });
      }
    },
  });
  return problems;
}

/**
 * The files located last, parsed with positions. A file's problems are located one
 * after another, so a handful is enough, and the memory stays bounded however many
 * files have problems.
 */
const recentlyParsed: { reread: () => Uint8Array; parsed: Parsed | undefined }[] = [];
const RECENT_FILES = 8;

/** Positions for a file whose value is known: its text is parsed with `yaml` only when asked. */
export function lazyLocate(file: string, reread: () => Uint8Array): YamlFile["locate"] {
  return (path, at = "value") => {
    const parsed = parsedAgain(reread);
    // The file changed or vanished since it was loaded: its first line is all there is to point at.
    if (!parsed) return { file, line: 1, col: 1 };
    const position = (offset: number): Location => ({ file, ...parsed.lineCounter.linePos(offset) });
    return locateIn(parsed.doc, path, at, position);
  };
}

function parsedAgain(reread: () => Uint8Array): Parsed | undefined {
  const index = recentlyParsed.findIndex((entry) => entry.reread === reread);
  if (index !== -1) {
    const [entry] = recentlyParsed.splice(index, 1);
    recentlyParsed.unshift(entry!);
    return entry!.parsed;
  }
  let parsed: Parsed | undefined;
  try {
    const decoded = decodeUtf8(reread());
    parsed = decoded.ok ? parse(decoded.text) : undefined;
  } catch {
    parsed = undefined;
  }
  recentlyParsed.unshift({ reread, parsed });
  recentlyParsed.length = Math.min(recentlyParsed.length, RECENT_FILES);
  return parsed;
}

/**
 * YAML reports an unclosed quote at the end of the file; the quote that opened the
 * string is where the curator has to look.
 */
function unclosedQuoteStart(doc: Document, errorOffset: number): number {
  const { visit } = yaml();
  let start = errorOffset;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      const from = node.range?.[0];
      if (quoted && from !== undefined && from < errorOffset && (start === errorOffset || from > start)) start = from;
    },
  });
  return start;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function locateIn(
  doc: Document,
  path: readonly (string | number)[],
  at: "key" | "value",
  position: (offset: number) => Location,
): Location {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
    } else {
      break;
    }
    if (!isNode(node)) {
      // `key:` with nothing after it: the key is the nearest thing to point at.
      best = keyNode ?? best;
      break;
    }
    best = node;
  }
  const target = at === "key" && keyNode ? keyNode : best;
  return position(target?.range?.[0] ?? 0);
}

function isNode(value: unknown): value is Node {
  const { isMap, isScalar, isSeq } = yaml();
  return isScalar(value) || isMap(value) || isSeq(value);
}
