#!/usr/bin/env node
// `npx central-asia-integration validate <release>`. The validator is TypeScript, run
// through tsx's API so that the package ships the same source that the tests check,
// with no compile step whose output could drift from it; tsx is a runtime dependency.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../scripts/download/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
