// `npm run bench:corpus`: write a synthetic project of N records for benchmarks (see docs/performance.md).
import { runMain } from "./contract/command-guard.ts";
import { processIo } from "./contract/io.ts";
import { benchCorpus } from "./bench/corpus-command.ts";

await runMain((argv) => benchCorpus(argv, processIo));
