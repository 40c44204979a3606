/**
 * The load stage's fast path. js-yaml reads a curated file about five times faster than
 * the yaml library, but it gives no positions and the two disagree at the edges of YAML
 * (null keys, tags, anchors, tabs, directives, flow collections, numbers as written).
 * So js-yaml's value is taken only when the text stays inside a subset where both
 * libraries give the same value and yaml would report nothing; for anything else the
 * answer is "unsure" and yaml-file.ts reads the file with yaml, which has the last word.
 * tests/yaml-fast-path.test.ts holds the two to the same values and diagnostics.
 */
import { FAILSAFE_SCHEMA, load, Type, type State } from "js-yaml";
import { writtenNumberProblem } from "./written-number.ts";

/** Keys that would reach Object.prototype if the value were ever merged into another object. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Keys as curated records write them. Outside this set a key may become a different
 * string in each library: a null key is "null" to js-yaml and "" to yaml, a collection
 * key is joined by js-yaml and written out by yaml.
 */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/**
 * Text the subset leaves out, found before parsing: tabs; a byte order mark after the
 * first character; a `\U` escape (js-yaml takes one beyond U+10FFFF); a run of spaces
 * (yaml limits an implicit key to 1024 characters); a lone carriage return; a
 * directive; anything after a document marker on its line; an explicit key (`? `); a
 * comment right after a quote or a bracket (js-yaml takes it, yaml wants white space
 * before it); a line ending in a bare `-` (js-yaml 4 moves the entries after an empty
 * item of a nested sequence into that sequence: `- -` then `- a` gives [[null, "a"]]);
 * and a block scalar (`|`, `>`) in a file with a line of spaces only (the libraries
 * disagree on whether such a line at the end of the scalar is content).
 *
 * Each pattern runs only when a cheap search finds the character it needs: the checks
 * then cost a fraction of the parse.
 */
const SPACES = " ".repeat(64);
const LONE_CR = /\r(?!\n)/;
const DIRECTIVE = /^%/m;
const MARKER_WITH_CONTENT = /^(?:---|\.\.\.)(?!\r?\n|$)/m;
const EXPLICIT_KEY = /(?:^|[ \n])\?(?:[ \r\n]|$)/m;
const GLUED_COMMENT = /["'\]}|>]#/;
const EMPTY_ITEM = /^ *(?:- +)*-[ ]*\r?$/m;
const BLOCK_SCALAR = /[|>][-+0-9]*[ ]*(?:#.*)?\r?$/m;
const BLANK_WITH_SPACES = /^ +\r?$/m;

function outsideSubset(text: string): boolean {
  return (
    text.includes("\t") ||
    text.includes("\uFEFF") ||
    text.includes("\\U") ||
    text.includes(SPACES) ||
    (text.includes("\r") && LONE_CR.test(text)) ||
    (text.includes("%") && DIRECTIVE.test(text)) ||
    ((text.includes("---") || text.includes("...")) && MARKER_WITH_CONTENT.test(text)) ||
    (text.includes("?") && EXPLICIT_KEY.test(text)) ||
    (text.includes("#") && GLUED_COMMENT.test(text)) ||
    EMPTY_ITEM.test(text) ||
    ((text.includes("|") || text.includes(">")) && BLOCK_SCALAR.test(text) && BLANK_WITH_SPACES.test(text))
  );
}

/** Thrown inside js-yaml to stop at the first construct outside the subset. */
class Unsure extends Error {}

const unsure = (): never => {
  throw new Unsure();
};

/**
 * The YAML 1.2 core schema as yaml defines it (yaml/dist/schema/core): same patterns, same
 * values. A number is taken only when written-number.ts has nothing to say about how it
 * is written; otherwise yaml must read the file to report it at its position.
 */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Every number pattern below starts with one of these; most scalars are words and stop here. */
const NUMBER_START = /^[-+.0-9]/;
const NUMBERS: { test: RegExp; format?: string; value: (text: string) => number }[] = [
  { test: /^0o[0-7]+$/, format: "OCT", value: (text) => parseInt(text.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/, value: (text) => parseInt(text, 10) },
  { test: /^0x[0-9a-fA-F]+$/, format: "HEX", value: (text) => parseInt(text.substring(2), 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    value: (text) => (text.slice(-3).toLowerCase() === "nan" ? NaN : text[0] === "-" ? -Infinity : Infinity),
  },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, format: "EXP", value: parseFloat },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, value: parseFloat },
];

/**
 * js-yaml calls `resolve` with a second argument only for an explicit tag (`!!int 1`),
 * which yaml resolves by rules of its own: refuse it.
 */
const implicitOnly = (test: (text: string) => boolean) => (text: string, explicitTag?: string) => explicitTag === undefined && test(text);

const NULL_TAG = "tag:yaml.org,2002:null";
const BOOL_TAG = "tag:yaml.org,2002:bool";
// One type for integers and floats: js-yaml keeps a single implicit type per tag.
const NUMBER_TAG = "tag:yaml.org,2002:float";

const nullType = new Type(NULL_TAG, {
  kind: "scalar",
  resolve: implicitOnly((text) => text.length <= 4 && NULL.test(text)),
  construct: () => null,
});

const boolType = new Type(BOOL_TAG, {
  kind: "scalar",
  resolve: implicitOnly((text) => (text.length === 4 || text.length === 5) && BOOL.test(text)),
  construct: (text: string) => text[0] === "t" || text[0] === "T",
});

const numberType = new Type(NUMBER_TAG, {
  kind: "scalar",
  resolve: implicitOnly((text) => NUMBER_START.test(text) && NUMBERS.some(({ test }) => test.test(text))),
  construct(text: string) {
    const { format, value } = NUMBERS.find(({ test }) => test.test(text))!;
    const number = value(text);
    if (writtenNumberProblem(number, text, format)) unsure();
    if (Object.is(number, -0)) negativeZero = true;
    return number;
  },
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, numberType] });
const IMPLICIT_TAGS = new Set<string | null>([null, "?", NULL_TAG, BOOL_TAG, NUMBER_TAG]);

export type FastResult = { sure: true; data: unknown } | { sure: false };

/** The value of a curated file's text, when js-yaml and yaml are sure to agree on it. */
/** Set when the file being parsed holds a -0, which a JSON round trip would turn into 0. */
let negativeZero = false;

export function fastParse(text: string): FastResult {
  if (outsideSubset(text)) return { sure: false };
  try {
    negativeZero = false;
    const data: unknown = load(text, { schema: SCHEMA, listener: check, onWarning: unsure });
    // An empty file: js-yaml says undefined, yaml null.
    if (data === undefined) return { sure: false };
    // js-yaml's strings are slices of the file's text and keep all of it alive (two bytes
    // a character once one character needs it), and its objects are not laid out for
    // reading; JSON.parse builds compact ones. Every record is held until the model is
    // built: at 100,000 records this saves more memory and collector time than it costs.
    return { sure: true, data: negativeZero ? data : JSON.parse(JSON.stringify(data)) };
  } catch {
    // A syntax error, or an Unsure: yaml reads the file and reports whatever there is.
    return { sure: false };
  }
}

/** js-yaml's parser state as its listener sees it; the typings leave out the node's properties. */
type NodeState = State & { tag: string | null; anchor: string | null };

/** Called by js-yaml as each node closes; throws for anything outside the subset. */
function check(event: "open" | "close", state: State): void {
  if (event !== "close") return;
  const { tag, anchor } = state as NodeState;
  // An explicit tag or an anchor (aliases need one), whose rules differ between the libraries.
  if (anchor !== null || !IMPLICIT_TAGS.has(tag)) unsure();
  if (state.kind === "mapping" || state.kind === "sequence") {
    const end = state.input.charCodeAt(state.position - 1);
    // A flow collection (`[a, b]`, `{a: b}`) ends at its bracket; yaml checks its
    // indentation and keys more strictly than js-yaml. Only an empty one is kept.
    if (end === 0x5d /* ] */ || end === 0x7d /* } */) {
      const written = state.input.slice(state.position - 2, state.position);
      if (written !== "[]" && written !== "{}") unsure();
    }
  }
  if (state.kind === "mapping") {
    for (const key of Object.keys(state.result as object)) {
      if (!PLAIN_KEY.test(key) || key === "null" || FORBIDDEN_KEYS.has(key)) unsure();
    }
  }
}
