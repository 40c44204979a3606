/**
 * The load stage's fast path (js-yaml, scripts/engine/yaml-fast-path.ts) against yaml
 * alone, the parser of record: for any text, the same value (same key order, same
 * number types) and the same diagnostics (codes, messages, lines, columns, order), and
 * `locate` points at the same places. Random records and random edits of them come
 * from tests/helpers/arbitrary-yaml.ts; the seed is fixed, so a failure is reproducible.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastParse } from "../scripts/engine/yaml-fast-path.ts";
import { loadYamlFile } from "../scripts/engine/yaml-file.ts";
import { propertyConfig } from "./helpers/arbitrary-text.ts";
import { byteDamage, mutate, mutations, recordText, strayText, toBytes } from "./helpers/arbitrary-yaml.ts";

const FILE = "sources/people/ada.yaml";

/** A value spelled out with its types and key order, which toEqual alone would not compare. */
function described(value: unknown): unknown {
  if (Array.isArray(value)) return ["array", ...value.map(described)];
  if (value !== null && typeof value === "object") {
    return ["object", Object.getPrototypeOf(value) === Object.prototype, ...Object.keys(value).map((key) => [key, described((value as Record<string, unknown>)[key])])];
  }
  if (typeof value === "number") return ["number", Object.is(value, -0) ? "-0" : String(value)];
  return [typeof value, value];
}

/** Every path to a value in `data`, then a few that lead nowhere. */
function pathsIn(data: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(data)) return here.concat(...data.map((item, index) => pathsIn(item, [...path, index])));
  if (data !== null && typeof data === "object") return here.concat(...Object.entries(data).map(([key, value]) => pathsIn(value, [...path, key])));
  return here;
}

function expectSameLoad(bytes: Uint8Array): boolean {
  const fast = loadYamlFile(FILE, bytes);
  const reference = loadYamlFile(FILE, bytes, { fastPath: false });
  expect(fast.problems).toEqual(reference.problems);
  expect(described(fast.yaml.data)).toEqual(described(reference.yaml.data));
  const paths = [...pathsIn(reference.yaml.data).slice(0, 12), ["missing"], [0, "missing", 3]];
  for (const path of paths) {
    expect(fast.yaml.locate(path)).toEqual(reference.yaml.locate(path));
    expect(fast.yaml.locate(path, "key")).toEqual(reference.yaml.locate(path, "key"));
  }
  return reference.problems.length === 0;
}

/** Whether the fast path takes the text at all, so the property is seen to cover both paths. */
function takenFast(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes).replace(/^\ufeff/, "");
  return fastParse(text).sure;
}

describe("the fast path and yaml alone", () => {
  it("give the same values and diagnostics for random records and random edits of them", () => {
    const seen = { fast: 0, yaml: 0, valid: 0, invalid: 0 };
    fc.assert(
      fc.property(recordText, mutations, byteDamage, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (record, edits, damage, at) => {
        const bytes = toBytes(mutate(record, edits), damage, at);
        seen[takenFast(bytes) ? "fast" : "yaml"]++;
        seen[expectSameLoad(bytes) ? "valid" : "invalid"]++;
      }),
      propertyConfig(6000),
    );
    // Each path, and both outcomes, must have been taken often, or the property says little.
    expect(seen.fast).toBeGreaterThan(1000);
    expect(seen.yaml).toBeGreaterThan(1000);
    expect(seen.valid).toBeGreaterThan(1000);
    expect(seen.invalid).toBeGreaterThan(1000);
  });

  it("give the same values and diagnostics for text that is barely YAML", () => {
    fc.assert(
      fc.property(strayText, (text) => {
        expectSameLoad(Buffer.from(text, "utf8"));
      }),
      propertyConfig(1000),
    );
  });

  // Fixed cases for the constructs the fast path hands to yaml, each one a way the two
  // libraries were seen (or are documented) to disagree; the property above covers them
  // at random, these name them.
  it.each([
    ["a null key", "~: a\n"],
    ["an empty key", ": a\n"],
    ["a number key", "1: a\n"],
    ["a merge key", "<<: {a: 1}\nb: 2\n"],
    ["a collection key", "[a]: b\n"],
    ["an explicit key", "? a\n: b\n"],
    ["an anchor", "a: &x 1\n"],
    ["an alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a non-specific tag", "a: ! 1\n"],
    ["a binary", "a: !!binary aGVsbG8=\n"],
    ["a set", "a: !!set {x, y}\n"],
    ["a YAML 1.1 directive", "%YAML 1.1\n---\na: no\n"],
    ["a tab", "a:\tb\n"],
    ["a lone carriage return", "a: b\rc: d\n"],
    ["a byte order mark inside", "a: b\ufeff\n"],
    ["a forbidden key", "__proto__: {a: 1}\n"],
    ["a hexadecimal number", "a: 0x1F\n"],
    ["an octal number", "a: 0o17\n"],
    ["a leading zero", "a: 007\n"],
    ["an infinite number", "a: 1e400\n"],
    ["NaN", "a: .nan\n"],
    ["too many digits", "a: 1.0000000000000001\n"],
    ["an integer beyond 2^53", "a: 9007199254740993\n"],
    ["a flow sequence", "a: [b, c]\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["an empty file", ""],
    ["nesting deeper than 100", `a: ${"[".repeat(101)}${"]".repeat(101)}\n`],
    ["an explicit tag js-yaml would resolve", "a: !!float 1\n"],
    ["a collection as an explicit key", "? - a\n: b\n"],
    ["a flow sequence over two lines", "a: [b,\nc]\n"],
    ["a comment right after a quote", 'a: "b"#c\n'],
    ["a comment right after a document marker", "---#c\na: b\n"],
    ["a \\U escape beyond U+10FFFF", 'a: "\\UFFFFFFFF"\n'],
    ["an empty item in a nested sequence", "- -\n- a\n"],
    ["a block scalar and a line of spaces", "a: |2\n    b\n    \nc: d\n"],
    ["a run of spaces before a colon", `a${" ".repeat(1030)}: b\n`],
  ])("leave %s to yaml", (_, text) => {
    expect(fastParse(text).sure).toBe(false);
    expectSameLoad(Buffer.from(text, "utf8"));
  });

  it.each([
    ["a boolean key", "true: a\nFalse: b\n"],
    ["a file of comments only", "# nothing yet\n"],
    ["an empty flow sequence and mapping", "a: []\nb: {}\n"],
    ["a document start and end", "---\na: b\n...\n"],
    ["a negative zero", "a: -0\nb: -0.0\n"],
  ])("take %s, with the value yaml gives", (_, text) => {
    expect(fastParse(text).sure).toBe(true);
    expectSameLoad(Buffer.from(text, "utf8"));
  });

  it("take a record as curated files write it, with the values yaml gives", () => {
    const text = [
      "id: \"ada\"",
      "name: 'Ada Lovelace'",
      "born: 1815",
      "height: 1.65",
      "active: true",
      "note: ~",
      "aliases: []",
      "summary: >-",
      "  folded",
      "  text",
      "evidence:",
      "  - source: report",
      "    quote: \"she wrote \\u201cthe first program\\u201d\"",
      "",
    ].join("\r\n");
    expect(fastParse(text).sure).toBe(true);
    expect(expectSameLoad(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toBe(true);
  });
});
