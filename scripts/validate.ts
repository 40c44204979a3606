// `npm run validate`: check schemas/ and sources/ and write nothing.
import { runMain } from "./contract/command-guard.ts";
import { validate } from "./validate-dispatch.ts";

await runMain(validate);
