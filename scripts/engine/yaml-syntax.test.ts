/** YAML syntax errors for beginners: the right line, the line shown with a caret, and a hint that says what to type. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../contract/diagnostics.ts";
import { loadYamlFile } from "./yaml-file.ts";

const RECORD = ["id: ada", "name: Ada Lovelace", "evidence:", "  - source: report", '    quote: "Ada leads"'];

function problemsOf(lines: string[]): string[] {
  const { problems } = loadYamlFile("ada.yaml", Buffer.from(`${lines.join("\n")}\n`));
  return problems.map(formatDiagnostic);
}

describe("YAML syntax errors", () => {
  it("loads the well-formed record without a problem", () => {
    expect(problemsOf(RECORD)).toEqual([]);
  });

  it("puts an over-indented key on its own line (the parser blames the line above) and says to which column", () => {
    expect(problemsOf([...RECORD.slice(0, 4), '      quote: "Ada leads"'])).toEqual([
      [
        "ada.yaml:5:7 error[yaml-syntax]: this line is indented more than the key above it (column 5)",
        '  5 |       quote: "Ada leads"',
        "    |       ^",
        '  hint: start "quote:" at column 5, under "source:"',
      ].join("\n"),
    ]);
  });

  it("says to indent an under-indented key to the column of its mapping", () => {
    const [problem] = problemsOf([...RECORD.slice(0, 4), '   quote: "Ada leads"']);
    expect(problem).toContain("ada.yaml:5:4 error[yaml-syntax]: this line starts at column 4, not where the keys of its mapping start");
    expect(problem).toContain('hint: indent it to column 5, under "source:", or start a new list item with "- "');
  });

  it("asks for quotes around an unquoted value that contains ': ', and writes the quoted line", () => {
    expect(problemsOf(["id: ada", "name: Ada: the first programmer"])).toEqual([
      [
        `ada.yaml:2:7 error[yaml-syntax]: this value contains ": ", which YAML reads as the start of another key`,
        "  2 | name: Ada: the first programmer",
        "    |       ^",
        '  hint: put the value in double quotes: name: "Ada: the first programmer"',
      ].join("\n"),
    ]);
  });

  it("points at a tab in the indentation", () => {
    const [problem] = problemsOf(["id: ada", "evidence:", "\t- source: report"]);
    expect(problem).toContain("ada.yaml:3:1 error[yaml-syntax]: a tab in the indentation");
    expect(problem).toContain("hint: indent with spaces only");
  });

  it("points at the quote that is never closed, not at the end of the file", () => {
    const [problem] = problemsOf(["id: ada", 'name: "Ada Lovelace', "role: leader"]);
    expect(problem).toContain("ada.yaml:2:7 error[yaml-syntax]: a quote is opened here and never closed");
    expect(problem).toContain('  2 | name: "Ada Lovelace\n    |       ^');
  });
});
