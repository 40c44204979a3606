// `npm run diff -- <old> <new> [--format json]`: records and schemas that changed between two releases (folders or archives).
import { runMain } from "./contract/command-guard.ts";
import { diff } from "./release/command.ts";

await runMain(diff);
