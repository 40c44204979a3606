// `npm run coverage -- --documents <folder>`: sentences of the source documents that no record cites.
import { runMain } from "./contract/command-guard.ts";
import { coverage } from "./engine/cli.ts";

await runMain(coverage);
