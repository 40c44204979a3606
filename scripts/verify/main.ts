/** The package's command line (bin/central-asia-integration.js): `validate <release> [--format human|json]`. */
import { processIo, type Io } from "../contract/io.ts";
import { runMain } from "../contract/command-guard.ts";
import { runValidateDownload, VALIDATE_DOWNLOAD_USAGE } from "./cli.ts";

export async function main(args: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === "validate") return runValidateDownload(rest, io);
  if (command === "--help" || command === "help") {
    io.out(VALIDATE_DOWNLOAD_USAGE);
    return 0;
  }
  io.err(command === undefined ? "error: no command given" : `error: unknown command "${command}"`);
  io.err(VALIDATE_DOWNLOAD_USAGE);
  return 2;
}

/** The bin's body: `main` behind the guard every command shares (no stack traces; `--debug` shows them). */
export function runBin(): Promise<void> {
  return runMain(main);
}
