/**
 * The shell blocks of the documentation: every ```sh block of README.md, CONTRIBUTING.md
 * and docs/*.md, with the comment that may stand on the line before it:
 * `<!-- not run: <reason> -->` (publishing, installing system packages, the test suite
 * itself), `<!-- exits <n> -->` for a block whose command is meant to fail, or
 * `<!-- needs the source documents -->` for one that reads ../shared/seeds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ShellBlock {
  file: string;
  /** Line of the opening fence. */
  line: number;
  code: string;
  notRun?: string;
  exits: number;
  needsDocuments: boolean;
}

const SHELL = new Set(["sh", "bash", "shell"]);

export function documentationFiles(repo: string): string[] {
  return ["README.md", "CONTRIBUTING.md", ...readdirSync(join(repo, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)];
}

export function shellBlocks(repo: string, file: string): ShellBlock[] {
  const lines = readFileSync(join(repo, file), "utf8").split("\n");
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) break;
    if (SHELL.has(open[1]!)) {
      const before = lines.slice(0, i).reverse().find((line) => line.trim() !== "") ?? "";
      const notRun = /^<!-- not run: (.+) -->$/.exec(before)?.[1];
      const exits = Number(/^<!-- exits (\d+) -->$/.exec(before)?.[1] ?? 0);
      const needsDocuments = before === "<!-- needs the source documents -->";
      blocks.push({ file, line: i + 1, code: lines.slice(i + 1, end).join("\n"), exits, needsDocuments, ...(notRun ? { notRun } : {}) });
    }
    i = end;
  }
  return blocks;
}
