#!/usr/bin/env node
// `npx central-asia-integration-validate <release>`. Runs the validator compiled from
// scripts/verify/ into lib/ by this package's `npm run compile` (run by the repository's
// prepare on install, and by prepack before packing), so that using it needs no TypeScript.
import { runBin } from "../lib/verify/main.js";

await runBin();
