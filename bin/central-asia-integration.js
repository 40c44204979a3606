#!/usr/bin/env node
// `npx central-asia-integration validate <release>`. Runs the validator compiled from
// scripts/download/ into lib/ by `npm run compile` (run by prepack), so that installing
// the package needs no TypeScript tooling.
import { main } from "../lib/download/main.js";

process.exitCode = await main(process.argv.slice(2));
