/** Type-checks a consumer of a built package with the TypeScript compiler API, under strict. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/**
 * `nodenext` decides each file's format from its extension and the nearest package.json,
 * as a current consumer does; `node16` is the setting of a CommonJS project that has not
 * moved on, where an import of an ES module from a CommonJS file is an error (TS1479).
 */
export type ConsumerModule = "nodenext" | "node16";

export function typeErrors(dir: string, files: Record<string, string>, module: ConsumerModule = "nodenext"): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((name) => join(dir, name)),
    {
      strict: true,
      noEmit: true,
      module: module === "nodenext" ? ts.ModuleKind.NodeNext : ts.ModuleKind.Node16,
      moduleResolution: module === "nodenext" ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: false,
      types: [],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
