/**
 * `npm run site [-- --port <n>] [--root <project>] [<folder>]`: serves the project's built
 * dist/, or `<folder>` (an unpacked release), on 127.0.0.1 and prints the explorer's
 * address; stops on Ctrl-C.
 * Exit status: 0 stopped, 2 could not run (no site in the folder, port taken).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import type { Io } from "../contract/io.ts";
import { DEFAULT_PORT, HOST, serveFolder } from "./static-server.ts";

const USAGE = [
  "usage: npm run site [-- --port <n>] [--root <project>] [<folder>]",
  `  --port    the port to listen on at ${HOST} (default ${DEFAULT_PORT}; 0: any free port)`,
  "  --root    the project whose dist/ is served (default: this one)",
  "  <folder>  serve this folder instead: a built dist/ or an unpacked release",
].join("\n");

export async function serveSite(argv: string[], io: Io, stop: Promise<void> = interrupted()): Promise<number> {
  const parsed = parseCommandLine(argv, io, { usage: USAGE, options: { port: { type: "string" }, root: { type: "string" } }, positionals: { min: 0, max: 1 } });
  if (!parsed.ok) return parsed.status;
  const portText = parsed.values.port ?? String(DEFAULT_PORT);
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    io.err(`error: --port must be a whole number from 0 to 65535, not "${portText}"`);
    return 2;
  }
  const [folder] = parsed.positionals;
  const root = folder !== undefined ? userPath(folder) : join(parsed.values.root === undefined ? resolve(".") : userPath(parsed.values.root), "dist");
  if (!existsSync(join(root, "site", "index.html"))) {
    io.err(`error: ${join(root, "site", "index.html")} does not exist: run \`npm run build\` first, or name the folder of an unpacked release`);
    return 2;
  }
  let served;
  try {
    served = await serveFolder(root, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") io.err(`error: port ${port} at ${HOST} is taken (another \`npm run site\`?); give another with --port <n>, or --port 0 for any free one`);
    else io.err(`error: cannot listen on ${HOST}:${port}: ${(error as Error).message}`);
    return 2;
  }
  io.out(`serving ${root} at http://${HOST}:${served.port}/`);
  io.out(`the explorer: http://${HOST}:${served.port}/site/`);
  io.out("stop with Ctrl-C");
  await stop;
  await served.close();
  return 0;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
