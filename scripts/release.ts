// `npm run release`: build, then write the versioned archives, SHA256SUMS, CHANGELOG.md and CITATION.cff (see "Versions and releases" in README.md).
import { release } from "./release/command.ts";

process.exitCode = await release(process.argv.slice(2));
