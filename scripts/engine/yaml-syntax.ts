/**
 * YAML syntax errors as a beginner can act on them: the line as written with a caret, the
 * place the mistake really is (the parser reports an over-indented key on the line above
 * it), and a hint for the common mistakes: indentation (to which column), a value holding
 * ": " that needs quotes, tabs, an unclosed quote.
 */
import type { YAMLError } from "yaml";
import type { Diagnostic } from "../contract/diagnostics.ts";

export interface TextPosition {
  line: number;
  col: number;
}

type Explained = TextPosition & { message: string; hint?: string };

const indentOf = (text: string) => /^[ \t]*/.exec(text)![0].length;
/** The column of a line's first key: after its indentation and any "- " list markers. */
const keyColumn = (text: string) => /^[ \t]*(?:-[ \t]+)*/.exec(text)![0].length + 1;

export function syntaxProblem(file: string, lines: readonly string[], error: YAMLError, at: TextPosition): Diagnostic {
  const explained = explain(lines, error, at);
  const source = lines[explained.line - 1];
  return {
    file,
    line: explained.line,
    col: explained.col,
    code: "yaml-syntax",
    message: explained.message,
    ...(source === undefined ? {} : { source }),
    ...(explained.hint ? { hint: explained.hint } : {}),
  };
}

function explain(lines: readonly string[], error: YAMLError, at: TextPosition): Explained {
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const text = lines[at.line - 1] ?? "";
  const tab = /^[ \t]*/.exec(text)![0].indexOf("\t");
  if (tab !== -1 || error.code === "TAB_AS_INDENT") {
    return { line: at.line, col: Math.max(tab, 0) + 1, message: "a tab in the indentation", hint: "indent with spaces only: YAML does not allow tabs for indentation" };
  }
  if (error.code === "BLOCK_AS_IMPLICIT_KEY" || error.code === "MULTILINE_IMPLICIT_KEY") {
    const value = text.slice(at.col - 1);
    if (/:\s/.test(value) || value.trimEnd().endsWith(":")) {
      const key = text.slice(0, at.col - 1);
      return {
        ...at,
        message: 'this value contains ": ", which YAML reads as the start of another key',
        hint: `put the value in double quotes: ${key.trim()} "${value.trim().replace(/"/g, '\\"')}"`,
      };
    }
    const next = nextContentLine(lines, at.line);
    if (next !== undefined && indentOf(lines[next - 1]!) > indentOf(text)) {
      const column = keyColumn(text);
      return {
        line: next,
        col: indentOf(lines[next - 1]!) + 1,
        message: `this line is indented more than the key above it (column ${column})`,
        hint: `start "${lines[next - 1]!.trim().split(":")[0]}:" at column ${column}, under "${text.slice(column - 1).split(":")[0]}:"`,
      };
    }
  }
  if (error.code === "BAD_INDENT" || (error.code === "MISSING_CHAR" && /without - indicator/.test(message))) {
    const previous = previousContentLine(lines, at.line);
    if (previous !== undefined) {
      const column = keyColumn(lines[previous - 1]!);
      return {
        line: at.line,
        col: indentOf(text) + 1,
        message: `this line starts at column ${indentOf(text) + 1}, not where the keys of its mapping start`,
        hint: `indent it to column ${column}, under "${lines[previous - 1]!.slice(column - 1).split(":")[0]}:", or start a new list item with "- "`,
      };
    }
  }
  if (error.code === "MISSING_CHAR" && /closing "?quote/i.test(message)) {
    return { ...at, message: "a quote is opened here and never closed", hint: 'end the value with the same quote character it starts with; write \\" for a quote inside a "…" value' };
  }
  return { ...at, message };
}

function nextContentLine(lines: readonly string[], after: number): number | undefined {
  for (let line = after + 1; line <= lines.length; line++) if (lines[line - 1]!.trim() && !lines[line - 1]!.trim().startsWith("#")) return line;
  return undefined;
}

function previousContentLine(lines: readonly string[], before: number): number | undefined {
  for (let line = before - 1; line >= 1; line--) if (lines[line - 1]!.trim() && !lines[line - 1]!.trim().startsWith("#")) return line;
  return undefined;
}
