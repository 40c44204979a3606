/**
 * The validator package's bin (packages/validator/bin/central-asia-integration-validate.js)
 * from the TypeScript sources, so a test can run it as a process without compiling lib/
 * first: the bin's whole body is this one call.
 */
import { runBin } from "../../scripts/verify/main.ts";

await runBin();
