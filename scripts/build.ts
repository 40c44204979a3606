// `npm run build`: validate sources/, then write dist/ (see scripts/engine/pipeline.ts).
import { runMain } from "./contract/command-guard.ts";
import { build } from "./engine/cli.ts";

await runMain(build);
