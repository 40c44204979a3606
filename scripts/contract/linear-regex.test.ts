import { describe, expect, it } from "vitest";
import { linearPattern, linearPatternProblem } from "./linear-regex.ts";

describe("linearPattern", () => {
  it("compiles a source once: asking again gives the same pattern", () => {
    const first = linearPattern("^[a-z]+-kept$");
    expect(linearPattern("^[a-z]+-kept$")).toBe(first);
    expect(first.testWhole("abc-kept")).toBe(true);
    expect(first.test("xx abc-kept")).toBe(false);
    expect(linearPattern("[a-z]-kept").test("xx abc-kept")).toBe(true);
    expect(first.testWhole("ABC-kept")).toBe(false);
  });

  it("keeps each source's own pattern", () => {
    const a = linearPattern("^a+$");
    const b = linearPattern("^b+$");
    expect(a).not.toBe(b);
    expect([a.test("aaa"), a.test("bbb"), b.test("aaa"), b.test("bbb")]).toEqual([true, false, false, true]);
    expect([String(a), String(b)]).toEqual(["/^a+$/", "/^b+$/"]);
  });

  it("still matches correctly once more patterns were asked for than it keeps", () => {
    const first = linearPattern("^first$");
    for (let i = 0; i < 1_500; i++) expect(linearPattern(`^p${i}$`).testWhole(`p${i}`)).toBe(true);
    const again = linearPattern("^first$");
    expect(again.testWhole("first")).toBe(true);
    expect(first.testWhole("first")).toBe(true);
  });

  it("refuses, every time, a pattern that needs backtracking", () => {
    expect(linearPatternProblem("^(\\w)\\1$")).toMatch(/invalid escape sequence/);
    expect(linearPatternProblem("^(\\w)\\1$")).toMatch(/invalid escape sequence/);
    expect(() => linearPattern("(?=a)")).toThrow();
  });
});
