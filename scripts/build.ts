// `npm run build`: validate sources/, then write dist/ (see scripts/engine/pipeline.ts).
import { build } from "./engine/cli.ts";

process.exitCode = await build(process.argv.slice(2));
