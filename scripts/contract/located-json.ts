/**
 * A JSON file read with the position of every value (@humanwhocodes/momoa), so that a
 * problem found in the parsed value is reported at its line and column, like a problem
 * in a YAML record. For small files of the project (package.json): the tree is several
 * times the size of the text.
 */
import { parse as parseTree, type AnyNode } from "@humanwhocodes/momoa";
import type { Location, LocatedFile } from "./diagnostics.ts";

export type LocatedJson = LocatedFile & {
  data: unknown;
  /** Keys an object gives twice, each at its second place: JSON.parse silently keeps the last. */
  repeatedKeys: (Location & { key: string; firstLine: number })[];
};

export type ReadJson = { json: LocatedJson } | { syntax: Location & { message: string } };

export function readLocatedJson(file: string, text: string): ReadJson {
  let tree: AnyNode;
  try {
    tree = parseTree(text, { mode: "json" }).body;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    // momoa's message ends with the position it also gives as fields.
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, "");
    return { syntax: { file, line: line ?? 1, col: column ?? 1, message: `not valid JSON: ${message}` } };
  }
  return {
    json: {
      file,
      data: JSON.parse(text) as unknown,
      repeatedKeys: repeatedKeys(file, tree),
      locate(path, at = "value") {
        let node: AnyNode = tree;
        let key: AnyNode | undefined;
        for (const segment of path) {
          const next = childOf(node, segment);
          if (!next) break;
          [node, key] = next;
        }
        const start = (at === "key" && key ? key : node).loc.start;
        return { file, line: start.line, col: start.column };
      },
    },
  };
}

function childOf(node: AnyNode, segment: string | number): [AnyNode, AnyNode | undefined] | undefined {
  if (node.type === "Object") {
    // The last of repeated keys, as JSON.parse keeps it.
    const member = node.members.filter((m) => m.name.type === "String" && m.name.value === String(segment)).at(-1);
    return member ? [member.value, member.name] : undefined;
  }
  if (node.type === "Array") {
    const element = node.elements[Number(segment)];
    return element ? [element.value, undefined] : undefined;
  }
  return undefined;
}

/** The message for a key given twice, the same wherever a project's JSON is read. */
export function repeatedKeyMessage(repeat: { key: string; firstLine: number }): string {
  return `the key "${repeat.key}" is given twice in one object (first on line ${repeat.firstLine})`;
}

/** A loop, not recursion: a deeply nested file cannot overflow the stack here. */
function repeatedKeys(file: string, root: AnyNode): LocatedJson["repeatedKeys"] {
  const found: LocatedJson["repeatedKeys"] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "Object") {
      const firstLines = new Map<string, number>();
      for (const member of node.members) {
        const key = member.name.type === "String" ? member.name.value : member.name.name;
        const firstLine = firstLines.get(key);
        const { line, column } = member.name.loc.start;
        if (firstLine === undefined) firstLines.set(key, line);
        else found.push({ file, line, col: column, key, firstLine });
        stack.push(member.value);
      }
    } else if (node.type === "Array") {
      for (const element of node.elements) stack.push(element.value);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.col - b.col);
}
