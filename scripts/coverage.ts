// `npm run coverage -- --documents <folder>`: sentences of the source documents that no record cites.
import { coverage } from "./engine/cli.ts";

process.exitCode = await coverage(process.argv.slice(2));
