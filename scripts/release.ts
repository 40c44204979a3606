// `npm run release`: build, then write the versioned archives, SHA256SUMS, CHANGELOG.md and CITATION.cff (see "Versions and releases" in README.md).
import { runMain } from "./engine/command-guard.ts";
import { release } from "./release/command.ts";

await runMain(release);
