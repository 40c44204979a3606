/**
 * Random curated YAML for property tests (fast-check): records written the many ways YAML
 * allows (plain, quoted, block and flow styles, comments, document markers), then
 * mutated the ways a careless or hostile edit would (changed types, odd Unicode, odd
 * numbers, anchors and aliases, tags, duplicate keys, tabs, bad indentation, very long
 * strings, deep nesting, directives, stray bytes). Shared by the load stage's tests.
 */
import fc from "fast-check";
import { anyCodePoint, arbitraryText, readableText, specialCharacter } from "./arbitrary-text.ts";

/** Numbers as they might be written, including every notation written-number.ts refuses. */
export const WRITTEN_NUMBERS: readonly string[] = [
  "12", "-7", "+5", "0", "-0", "+0", "007", "-012", "0x1F", "0X1F", "0o17", "0b101", "1e3", "1E400", "-1e400", "1e-400",
  "2.5e-3", "1.10", "0.1", "3.14159", ".5", "-.5", "12.", "1_000", "9007199254740991", "9007199254740993",
  "-9007199254740993", "1.0000000000000001", "123456789012345678", ".inf", "-.Inf", "+.INF", ".NaN", ".nan", "1:20",
  "2001-12-14", "2001-12-14t21:59:43.10-05:00", "0.", "1e", "e3", "- 1",
];

/** Words YAML 1.1 or 1.2 reads as something other than text, and text that looks like syntax. */
export const WRITTEN_WORDS: readonly string[] = [
  "true", "True", "TRUE", "false", "FALSE", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "NULL", "nULL",
  "<<", "=", "-", "--", "---", "...", "?", "!", "&a", "*a", "|", ">", "@x", "`x`", "%x", "#", "a #b", "a#b", "a: b",
  "a:b", "[a]", "{a}", "'", '"', ",", "Ada Lovelace", "leader", "member", "circle", "report", "ä", "\u0430",
];

/** Keys curated records use, and keys each library turns into a different string (or refuses). */
export const WRITTEN_KEYS: readonly string[] = [
  "id", "name", "aliases", "group", "role", "joined", "year", "date", "evidence", "source", "quote", "size", "kind",
  "_x", "a-b", "a_b", "A", "null", "~", "Null", "true", "False", "1", "0x1", "1.5", "-1", ".inf", "", "a b", "é",
  "__proto__", "constructor", "prototype", "<<", "toString", "hasOwnProperty", "k".repeat(129), "k".repeat(1100),
];

const text = fc.oneof(
  { arbitrary: arbitraryText(6), weight: 2 },
  { arbitrary: readableText, weight: 3 },
  { arbitrary: fc.constantFrom(...WRITTEN_WORDS), weight: 2 },
  { arbitrary: fc.constantFrom(...WRITTEN_NUMBERS), weight: 2 },
);

/**
 * How a string is written. Lines after the first start with two spaces; writeTree indents
 * them under their key.
 */
type Style = "plain" | "json" | "escaped" | "single" | "literal" | "folded" | "yamlEscapes" | "multilineDouble" | "multilineSingle";

const YAML_ESCAPES = ["\\x41", "\\u00e9", "\\U0001F44B", "\\N", "\\_", "\\L", "\\P", "\\e", "\\0", "\\a", "\\/", "\\ ", "\\t", "\\\t", "\\q", "\\x4", "\\uD800", "\\UFFFFFFFF", "\\\n  "];
const BLOCK_HEADERS = ["|", ">", "|-", ">-", "|+", ">+", "|2", ">2-", "|1", "|+ # kept", "> # folded"];

function writeScalar(value: string, style: Style, indent: string): string {
  const lines = value.split("\n");
  const continued = (first: string, rest: string[]) => [first, ...rest.map((line) => `${indent}  ${line}`)].join("\n");
  switch (style) {
    case "plain":
      return value;
    case "json":
      return JSON.stringify(value);
    case "escaped":
      return yamlEscaped(value);
    case "single":
      return `'${value.replace(/'/g, "''")}'`;
    case "literal":
    case "folded": {
      const header = BLOCK_HEADERS[(value.length + (style === "folded" ? 1 : 0)) % BLOCK_HEADERS.length]!;
      return continued(header, lines);
    }
    case "yamlEscapes":
      return `"${value.replace(/["\\]/g, "")}${YAML_ESCAPES[value.length % YAML_ESCAPES.length]}"`;
    case "multilineDouble": {
      const [first, ...rest] = value.replace(/["\\]/g, "").split("\n");
      return continued(`"${first}`, [...rest, ...(rest.length === 0 ? ["", "next"] : [])]) + '"';
    }
    case "multilineSingle": {
      const [first, ...rest] = value.replace(/'/g, "''").split("\n");
      return continued(`'${first}`, [...rest, ...(rest.length === 0 ? ["next", ""] : [])]) + "'";
    }
  }
}

const style: fc.Arbitrary<Style> = fc.constantFrom("plain", "plain", "json", "json", "escaped", "single", "literal", "folded", "yamlEscapes", "multilineDouble", "multilineSingle");

/** A node of a record before it is written: a scalar as text, a list, or a mapping. */
type Tree =
  | { kind: "scalar"; text: string }
  | { kind: "list"; items: Tree[]; flow: boolean }
  | { kind: "map"; entries: [string, Tree][]; flow: boolean };

const keyName = fc.oneof({ arbitrary: fc.constantFrom(...WRITTEN_KEYS.slice(0, 16)), weight: 6 }, { arbitrary: fc.constantFrom(...WRITTEN_KEYS), weight: 1 });
const keyText = fc.tuple(keyName, fc.constantFrom<Style>("plain", "plain", "plain", "json", "single")).map(([key, how]) => writeScalar(key, how, ""));

const scalar: fc.Arbitrary<Tree> = fc.tuple(text, style).map(([value, how]) => ({ kind: "scalar", text: writeScalar(value, how, "") }));

const rarely = fc.constantFrom(false, false, false, true);

const { tree } = fc.letrec<{ tree: Tree; list: Tree; map: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.record({ kind: fc.constant("list" as const), items: fc.array(tie("tree"), { maxLength: 4 }), flow: rarely }),
  map: fc.record({ kind: fc.constant("map" as const), entries: fc.array(fc.tuple(keyText, tie("tree")), { maxLength: 5 }), flow: rarely }),
}));

/** Block style, with flow collections where the tree asks for them; block scalars get `indent`. */
function writeTree(node: Tree, indent: string): string {
  if (node.kind === "scalar") return node.text.replace(/\n {2}/g, `\n${indent}  `);
  if (node.kind === "list") {
    if (node.items.length === 0 || node.flow) return `[${node.items.map((item) => writeTree(item, indent)).join(", ")}]`;
    // Under a key, items may also start where the key does: `key:` then `- item`.
    const at = node.items.length % 3 === 2 && indent.length >= 2 ? indent.slice(2) : indent;
    return `\n${node.items.map((item) => `${at}- ${writeTree(item, `${at}  `).replace(/^\n\s*/, "")}`).join("\n")}`;
  }
  if (node.entries.length === 0 || node.flow) return `{${node.entries.map(([key, value]) => `${key}: ${writeTree(value, indent)}`).join(", ")}}`;
  return `\n${node.entries.map(([key, value]) => `${indent}${key}:${spaceBefore(writeTree(value, `${indent}  `))}`).join("\n")}`;
}

const spaceBefore = (written: string) => (written.startsWith("\n") ? written : ` ${written}`);

/** Anything a mapping of mappings can hold, written any way YAML allows, sense or not. */
const chaoticRecord: fc.Arbitrary<string> = fc
  .array(fc.tuple(keyText, tree), { minLength: 1, maxLength: 7 })
  .map((entries) => writeTree({ kind: "map", entries, flow: false }, "").replace(/^\n/, ""));

/** A word YAML reads as a string when written plain. */
const SAFE_PLAIN = /^[A-Za-z][A-Za-z ]*[A-Za-z]$/;
const SPECIAL_WORDS = new Set(WRITTEN_WORDS.filter((word) => !["Ada Lovelace", "leader", "member", "circle", "report"].includes(word)));

const curatedString = fc
  .tuple(
    // Tabs are rare in curated text, and a file holding one is left to yaml.
    fc.oneof({ arbitrary: readableText.map((value) => value.replace(/\t/g, " ")), weight: 4 }, { arbitrary: fc.constantFrom("Ada Lovelace", "leader", "circle", "report", "yes", "No", "null"), weight: 2 }, { arbitrary: arbitraryText(4), weight: 1 }),
    fc.constantFrom<Style>("plain", "json", "json", "single", "escaped", "literal", "folded", "multilineDouble", "multilineSingle"),
  )
  .map(([value, how]) => writeScalar(value, how === "plain" && !(SAFE_PLAIN.test(value) && !SPECIAL_WORDS.has(value)) ? "json" : how, ""));

const curatedNumber = fc.oneof(
  { arbitrary: fc.integer({ min: -100000, max: 100000 }).map(String), weight: 4 },
  { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => String(Math.round(n * 100) / 100)), weight: 2 },
  { arbitrary: fc.constantFrom(...WRITTEN_NUMBERS), weight: 1 },
);

const curatedScalar: fc.Arbitrary<Tree> = fc.oneof(
  { arbitrary: curatedString, weight: 5 },
  { arbitrary: curatedNumber, weight: 1 },
  { arbitrary: fc.constantFrom("true", "false", "~", "null", "FALSE", "", "''"), weight: 1 },
).map((written) => ({ kind: "scalar", text: written }));

const curatedKeys = (max: number) => fc.uniqueArray(fc.constantFrom(...WRITTEN_KEYS.slice(0, 13)), { minLength: 1, maxLength: max });

const evidence: fc.Arbitrary<Tree> = fc
  .array(fc.tuple(curatedScalar, curatedScalar), { minLength: 1, maxLength: 3 })
  .map((items) => ({ kind: "list", flow: false, items: items.map(([source, quote]) => ({ kind: "map", flow: false, entries: [["source", source], ["quote", quote]] })) }));

const curatedValue: fc.Arbitrary<Tree> = fc.oneof(
  { arbitrary: curatedScalar, weight: 6 },
  { arbitrary: fc.tuple(fc.array(curatedScalar, { maxLength: 4 }), rarely).map(([items, flow]): Tree => ({ kind: "list", items, flow })), weight: 2 },
  { arbitrary: evidence, weight: 1 },
  { arbitrary: curatedKeys(3).chain((keys) => fc.tuple(...keys.map(() => curatedScalar)).map((values) => ({ kind: "map", flow: false, entries: keys.map((key, i) => [key, values[i]!]) }) as Tree)), weight: 1 },
);

/** A record as curated files hold one: distinct common keys, mostly strings, some lists and mappings. */
const curatedRecord: fc.Arbitrary<string> = curatedKeys(10)
  .chain((keys) => fc.tuple(...keys.map(() => curatedValue)).map((values) => keys.map((key, i) => [key, values[i]!] as [string, Tree])))
  .map((entries) => writeTree({ kind: "map", entries, flow: false }, "").replace(/^\n/, ""));

/** A record, most often a sensible one, in one of the common layouts. */
export const recordText: fc.Arbitrary<string> = fc
  .tuple(fc.oneof({ arbitrary: curatedRecord, weight: 4 }, { arbitrary: chaoticRecord, weight: 1 }), fc.constantFrom("", "", "---\n", "# a record\n"), fc.constantFrom("\n", "\n", "", "\n...\n", "\n\n# end\n"))
  .map(([record, head, tail]) => `${head}${record}${tail}`);

/** A text edit at a place chosen by `at` (a fraction of the text's length). */
type Mutation = (text: string, at: number) => string;

const atLine = (edit: (line: string, index: number, lines: string[]) => string | string[]): Mutation => (text, at) => {
  const lines = text.split("\n");
  const index = Math.min(lines.length - 1, Math.floor(at * lines.length));
  lines.splice(index, 1, ...[edit(lines[index]!, index, lines)].flat());
  return lines.join("\n");
};
const insertAt = (piece: string): Mutation => (text, at) => {
  const index = Math.floor(at * (text.length + 1));
  return text.slice(0, index) + piece + text.slice(index);
};

const MUTATIONS: Record<string, Mutation> = {
  tabIndent: atLine((line) => line.replace(/^ {1,2}/, "\t")),
  tabAfterColon: atLine((line) => line.replace(": ", ":\t")),
  tabInside: insertAt("\t"),
  indentMore: atLine((line) => ` ${line}`),
  indentMoreTwo: atLine((line) => `  ${line}`),
  indentLess: atLine((line) => line.replace(/^ /, "")),
  duplicateLine: atLine((line) => [line, line]),
  dropLine: atLine(() => []),
  swapWithNext: atLine((line, index, lines) => [lines[index + 1] ?? line, line]),
  anchor: atLine((line) => line.replace(/: /, ": &a ")),
  alias: (text) => `${text.replace(/\n?$/, "\n")}other: *a\n`,
  anchorAndAlias: (text) => `base: &b hello\n${text.replace(/\n?$/, "\n")}copy: *b\n`,
  tagStr: atLine((line) => line.replace(/: /, ": !!str ")),
  tagInt: atLine((line) => line.replace(/: /, ": !!int ")),
  tagOther: atLine((line) => line.replace(/: /, ": !foo ")),
  tagNonSpecific: atLine((line) => line.replace(/: /, ": ! ")),
  tagFloat: atLine((line) => line.replace(/: /, ": !!float ")),
  tagNull: atLine((line) => line.replace(/: /, ": !!null ")),
  tagBool: atLine((line) => line.replace(/: /, ": !!bool ")),
  tagMap: atLine((line) => line.replace(/:$/, ": !!map")),
  binary: (text) => `${text.replace(/\n?$/, "\n")}blob: !!binary aGVsbG8=\n`,
  set: (text) => `${text.replace(/\n?$/, "\n")}tags: !!set {a, b}\n`,
  timestamp: (text) => `${text.replace(/\n?$/, "\n")}when: !!timestamp 2001-12-14\n`,
  merge: (text) => `${text.replace(/\n?$/, "\n")}<<: {extra: 1}\n`,
  mergeBlock: (text) => `${text.replace(/\n?$/, "\n")}<<:\n  extra: 1\n`,
  yaml11: (text) => `%YAML 1.1\n---\n${text}`,
  yaml12: (text) => `%YAML 1.2\n---\n${text}`,
  tagDirective: (text) => `%TAG !e! tag:example.com,2000:\n---\n${text}`,
  secondDocument: (text) => `${text.replace(/\n?$/, "\n")}---\nb: 1\n`,
  emptySecondDocument: (text) => `${text.replace(/\n?$/, "\n")}---\n`,
  explicitKey: atLine((line) => line.replace(/^(\s*)(\w+):/, "$1? $2\n$1:")),
  complexKey: (text) => `${text.replace(/\n?$/, "\n")}[a, b]: c\n`,
  explicitCollectionKey: (text) => `${text.replace(/\n?$/, "\n")}? - a\n: c\n`,
  documentStartComment: (text) => `---#c\n${text}`,
  nullKey: (text) => `${text.replace(/\n?$/, "\n")}~: c\n`,
  emptyKey: (text) => `${text.replace(/\n?$/, "\n")}: c\n`,
  numberKey: (text) => `${text.replace(/\n?$/, "\n")}1: c\n`,
  protoKey: (text) => `${text.replace(/\n?$/, "\n")}__proto__: {polluted: 1}\n`,
  longKey: (text) => `${text.replace(/\n?$/, "\n")}${"k".repeat(1100)}: c\n`,
  spacesBeforeColon: atLine((line) => line.replace(/:/, `${" ".repeat(1030)}:`)),
  noSpaceAfterColon: atLine((line) => line.replace(": ", ":")),
  colonInValue: atLine((line) => line.replace(/: (.*)$/, ": $1: x")),
  hashInValue: atLine((line) => `${line}#c`),
  comment: atLine((line) => `${line} # a comment`),
  commentLine: atLine((line) => [`${/^\s*/.exec(line)![0]}# a note`, line]),
  commentLineOutdented: atLine((line) => ["# a note at column 1", line]),
  commentLineIndented: atLine((line) => ["        # a note far right", line]),
  spaceBeforeColon: atLine((line) => line.replace(/:( |$)/, " :$1")),
  trailingSpaces: atLine((line) => `${line}   `),
  dashAlone: atLine((line) => line.replace(/^(\s*)- /, "$1-\n$1  ")),
  blankLines: atLine((line) => [line, "", "   "]),
  crlf: (text) => text.replace(/\n/g, "\r\n"),
  loneCr: (text) => text.replace(/\n/, "\r"),
  loneCrAll: (text) => text.replace(/\n/g, "\r"),
  bomInside: insertAt("\ufeff"),
  special: (text, at) => insertAt(SPECIALS[Math.floor(at * 997) % SPECIALS.length]!)(text, at),
  nel: insertAt("\u0085"),
  lineSeparator: insertAt("\u2028"),
  deleteChar: (text, at) => {
    const index = Math.floor(at * text.length);
    return text.slice(0, index) + text.slice(index + 1);
  },
  deleteQuote: (text, at) => {
    const quotes = [...text.matchAll(/["']/g)].map((m) => m.index);
    if (quotes.length === 0) return text;
    const index = quotes[Math.floor(at * quotes.length)]!;
    return text.slice(0, index) + text.slice(index + 1);
  },
  typeToList: atLine((line) => line.replace(/: (.+)$/, ":\n  - $1")),
  typeToMap: atLine((line) => line.replace(/: (.+)$/, ":\n  inner: $1")),
  typeToNumber: atLine((line) => line.replace(/: .+$/, `: ${WRITTEN_NUMBERS[line.length % WRITTEN_NUMBERS.length]}`)),
  typeToWord: atLine((line) => line.replace(/: .+$/, `: ${WRITTEN_WORDS[line.length % WRITTEN_WORDS.length]}`)),
  typeToEmpty: atLine((line) => line.replace(/: .+$/, ":")),
  flowList: (text) => `${text.replace(/\n?$/, "\n")}list: [a, "b", 'c', 1, ~]\n`,
  flowListMultiline: (text) => `${text.replace(/\n?$/, "\n")}list: [a,\nb]\n`,
  flowMap: (text) => `${text.replace(/\n?$/, "\n")}map: {a: 1, b: [x]}\n`,
  flowTrailingComma: (text) => `${text.replace(/\n?$/, "\n")}list: [a, ]\n`,
  emptyFlow: (text) => `${text.replace(/\n?$/, "\n")}list: []\nmap: {}\n`,
  longString: (text) => `${text.replace(/\n?$/, "\n")}long: "${"abc ".repeat(5000)}"\n`,
  longPlain: (text) => `${text.replace(/\n?$/, "\n")}long: ${"x".repeat(20000)}\n`,
  deepMap: (text, at) => `${text.replace(/\n?$/, "\n")}${deepMap(90 + Math.floor(at * 30))}`,
  deepList: (text, at) => `${text.replace(/\n?$/, "\n")}deep:\n${deepList(90 + Math.floor(at * 30))}`,
  deepFlow: (text, at) => `${text.replace(/\n?$/, "\n")}deep: ${"[".repeat(90 + Math.floor(at * 30))}${"]".repeat(90 + Math.floor(at * 30))}\n`,
  documentEndInside: atLine((line) => [line, "..."]),
  directivesEndInside: atLine((line) => [line, "---"]),
  multilinePlain: atLine((line) => (/: \w/.test(line) ? [line, `${/^\s*/.exec(line)![0]}  continued`] : line)),
  multilineQuoted: atLine((line) => line.replace(/: "(.*)"$/, ': "$1\n\n  second"')),
  blockKeep: atLine((line) => line.replace(/: .+$/, ": |+\n  kept\n\n")),
  blockStrip: atLine((line) => line.replace(/: .+$/, ": >-\n  folded\n   more\n  text\n")),
  blockIndicator: atLine((line) => line.replace(/: .+$/, ": |2\n    indented\n")),
  sequenceAtKeyIndent: atLine((line) => line.replace(/: .+$/, ":\n- a\n- b")),
  empty: () => "",
  onlyComment: () => "# nothing\n",
  onlySpaces: () => "  \n\n",
  scalarDocument: () => "just text\n",
  listDocument: () => "- a\n- b\n",
};

const SPECIALS = [...new Set([..."\0\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x9b\ufffe\uffff\ud800\udfff\u202e\u200b\u00a0\u3000\u0301", "\ud83d\udc4b"])];

function deepMap(depth: number): string {
  return `${Array.from({ length: depth }, (_, i) => `${" ".repeat(i * 2)}k${i}:`).join("\n")} 1\n`;
}

function deepList(depth: number): string {
  return `${Array.from({ length: depth }, (_, i) => `${" ".repeat(i * 2 + 2)}-`).join("\n")} 1\n`;
}

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** No edit (as often as not), or one to three edits, each at a random place, applied in turn. */
export const mutations: fc.Arbitrary<[string, number][]> = fc.oneof(
  fc.constant<[string, number][]>([]),
  fc.array(fc.tuple(fc.constantFrom(...MUTATION_NAMES), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), { minLength: 1, maxLength: 3 }),
);

export function mutate(text: string, edits: readonly [string, number][]): string {
  return edits.reduce((current, [name, at]) => MUTATIONS[name]!(current, at), text);
}

/** Bytes of a text, sometimes behind a byte order mark, sometimes with a byte that is not UTF-8. */
export const byteDamage = fc.constantFrom<"none" | "bom" | "badByte" | "truncated">("none", "none", "none", "none", "none", "bom", "badByte", "truncated");

export function toBytes(text: string, damage: "none" | "bom" | "badByte" | "truncated", at: number): Uint8Array {
  const bytes = Buffer.from(text, "utf8");
  const index = Math.floor(at * (bytes.length + 1));
  switch (damage) {
    case "none":
      return bytes;
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "badByte":
      return Buffer.concat([bytes.subarray(0, index), Buffer.from([0xff]), bytes.subarray(index)]);
    case "truncated":
      return Buffer.concat([bytes, Buffer.from([0xe2, 0x82])]);
  }
}

/** Odd code points too, for texts that are not records at all. */
export const strayText = fc.array(fc.oneof(specialCharacter, anyCodePoint, fc.constantFrom(":", "- ", "\n", "  ", "#", "'", '"', "[", "{", "&", "*", "!", "|", ">", "%", "?", "@")), { maxLength: 30 }).map((pieces) => pieces.join(""));

/** A YAML double-quoted scalar with every character outside printable ASCII escaped by its code point. */
export function yamlEscaped(value: string): string {
  let out = "";
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && char !== '"' && char !== "\\") out += char;
    else if (cp > 0xffff) out += `\\U${cp.toString(16).padStart(8, "0")}`;
    else out += `\\u${cp.toString(16).padStart(4, "0")}`;
  }
  return `"${out}"`;
}
