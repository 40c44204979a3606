/**
 * `npx tsx scripts/bench/curated-cold.ts [--runs N]`: the repository's own dataset built cold,
 * and rebuilt after a one-file edit, against the start of a bare Node.js process. Each run,
 * in turn: `node -e 0`, then `npm run build` and `node scripts/launch.js build`, each after
 * removing the build cache (node_modules/.cache/central-asia-integration; the compiled
 * engine in lib/ stays, as after `npm ci`), then `npm run build` again after a comment line
 * is added to one source file (the cache warm, as a curator's next build finds it). Prints
 * each median and its ratio to `node -e 0`'s; passes or fails nothing. It rewrites dist/
 * with what the build makes (the same bytes: a comment changes no output), and puts the
 * edited file back.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { runMain } from "../contract/command-guard.ts";
import { parseCommandLine } from "../contract/command-line.ts";
import { processIo, type Io } from "../contract/io.ts";
import { cacheFolder } from "../engine/cache/store.ts";
import { SOURCES_FOLDER } from "../engine/records.ts";
import { NPM, runChild } from "./children.ts";
import { REPO, wholeNumber } from "./corpus-command.ts";
import { median } from "./measure.ts";

const USAGE = "usage: npx tsx scripts/bench/curated-cold.ts [--runs <n>]   (default 9)";

const load = (): string => loadavg().map((n) => n.toFixed(2)).join(" ");

export async function curatedCold(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, io, { usage: USAGE, options: { runs: { type: "string" } } });
  if (!parsed.ok) return parsed.status;
  const runs = wholeNumber("runs", parsed.values.runs ?? "9", 1, 1_000);
  if (typeof runs === "string") {
    io.err(`error: ${runs}`);
    io.err(USAGE);
    return 2;
  }
  const cache = cacheFolder(REPO);
  if (!cache) {
    io.err("error: the repository has no node_modules/: run npm ci first");
    return 2;
  }
  const edited = join(REPO, SOURCES_FOLDER, "persons", readdirSync(join(REPO, SOURCES_FOLDER, "persons")).filter((name) => name.endsWith(".yaml")).sort()[0]!);
  const original = readFileSync(edited);
  const rows: [label: string, command: string[], before: "cold" | "edit" | "none"][] = [
    ["node -e 0", [process.execPath, "-e", "0"], "none"],
    ["npm run build, cache removed", [NPM, "run", "build"], "cold"],
    ["node scripts/launch.js build, cache removed", [process.execPath, "scripts/launch.js", "build"], "cold"],
    ["npm run build after a one-file edit, cache warm", [NPM, "run", "build"], "edit"],
  ];
  const samples = rows.map(() => [] as number[]);
  const before = load();
  // One untimed build first, so that lib/ holds the compiled engine and the files are in the page cache.
  runChild([process.execPath, "scripts/launch.js", "build"], REPO);
  try {
    for (let run = 0; run < runs; run++) {
      rows.forEach(([, command, before], i) => {
        if (before === "cold") rmSync(cache, { recursive: true, force: true });
        if (before === "edit") writeFileSync(edited, Buffer.concat([original, Buffer.from(`# edit ${run + 1}\n`)]));
        samples[i]!.push(runChild(command, REPO).sample.ms);
      });
    }
  } finally {
    writeFileSync(edited, original);
  }
  const floor = median(samples[0]!);
  io.out(`${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, node ${process.version}, ${availableParallelism()} CPUs, ${runs} interleaved runs, load average ${before} before, ${load()} after`);
  io.out("");
  io.out("| command | median ms | ÷ `node -e 0` | runs (ms) |");
  io.out("| --- | ---: | ---: | --- |");
  rows.forEach(([label], i) => {
    const ms = median(samples[i]!);
    io.out(`| ${label} | ${Math.round(ms)} | ${(ms / floor).toFixed(1)} | ${samples[i]!.map((v) => Math.round(v)).join(", ")} |`);
  });
  return 0;
}

await runMain((argv) => curatedCold(argv, processIo));
