/**
 * The validator package's command line in a child process of its own, so that a test can
 * measure its peak memory or send it a signal: `node --import tsx
 * tests/helpers/validate-child.ts <release>`. With CAI_MAX_RSS_FILE set, the peak
 * resident set size (bytes) is written there when the command has finished.
 */
import { writeFileSync } from "node:fs";
import { main } from "../../scripts/verify/main.ts";

process.exitCode = await main(process.argv.slice(2));
const report = process.env.CAI_MAX_RSS_FILE;
// maxRSS is in kilobytes on every platform Node reports it for.
if (report) writeFileSync(report, String(process.resourceUsage().maxRSS * 1024));
