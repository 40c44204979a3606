// `npm run schema-types`: writes the TypeScript types of the release contract's own shapes
// (changes.json, a tombstone, the project metadata) from their JSON Schemas, with the
// compiler the build uses for the tables' types. tests/schema-types.test.ts fails while a
// committed file differs from what this writes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runMain } from "./contract/command-guard.ts";
import { parseCommandLine } from "./contract/command-line.ts";
import { processIo } from "./contract/io.ts";
import { generatedTypes } from "./engine/schema-types.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

await runMain(async (argv) => {
  const parsed = parseCommandLine(argv, processIo, { usage: "usage: npm run schema-types   (writes scripts/contract/generated/*.ts)", options: {} });
  if (!parsed.ok) return parsed.status;
  for (const { path, text } of await generatedTypes()) {
    writeFileSync(join(REPO, path), text);
    processIo.out(`wrote ${path}`);
  }
  return 0;
});
