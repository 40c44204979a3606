#!/usr/bin/env node
// `npx central-asia-integration validate <release>`. Runs the validator compiled from
// scripts/verify/ into lib/ by `npm run compile` (run by prepare on install from the
// repository, and by prepack before packing), so that using it needs no TypeScript tooling.
import { runBin } from "../lib/verify/main.js";

await runBin();
