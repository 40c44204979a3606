/**
 * The validator package's command line (packages/validator, bin
 * `central-asia-integration-validate <release> [--format human|json]`).
 */
import { processIo, type Io } from "../contract/io.ts";
import { runMain } from "../contract/command-guard.ts";
import { runValidateDownload, validateDownloadUsage } from "./cli.ts";

export const BIN_NAME = "central-asia-integration-validate";

export function main(args: string[], io: Io = processIo): Promise<number> {
  return runValidateDownload(args, io, validateDownloadUsage(BIN_NAME));
}

/** The bin's body: `main` behind the guard every command shares (no stack traces; `--debug` shows them). */
export function runBin(): Promise<void> {
  return runMain(main);
}
