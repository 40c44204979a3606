// `npm run validate`: check schemas/ and sources/ and write nothing.
import { runMain } from "./engine/command-guard.ts";
import { validate } from "./engine/cli.ts";

await runMain(validate);
