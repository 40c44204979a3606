// `npm run validate`: check schemas/ and sources/ and write nothing.
import { validate } from "./engine/cli.ts";

process.exitCode = await validate(process.argv.slice(2));
