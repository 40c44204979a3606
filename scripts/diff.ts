// `npm run diff -- <old> <new> [--format json]`: records and schemas that changed between two releases (folders or archives).
import { diff } from "./release/command.ts";

process.exitCode = await diff(process.argv.slice(2));
