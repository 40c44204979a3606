// `npm run release`: build, then write the versioned archives, SHA256SUMS, CHANGELOG.md and CITATION.cff (see "Versions and releases" in README.md).
import { runMain } from "./contract/command-guard.ts";
import { processIo } from "./contract/io.ts";
import { buildOutputs } from "./engine/cli.ts";
import { release } from "./release/command.ts";

// The one place the release tool meets the build.
await runMain((argv) => release(argv, processIo, { build: buildOutputs }));
