// `npm run bench`: time the build's stages and commands against their bare-library floors (see docs/performance.md).
import { runMain } from "./contract/command-guard.ts";
import { processIo } from "./contract/io.ts";
import { bench } from "./bench/command.ts";

await runMain((argv) => bench(argv, processIo));
