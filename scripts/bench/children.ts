/**
 * Whole commands as a user runs them, each in a child process, against a child process
 * running their floor (child-floor.ts): wall time from spawn to exit, and peak RSS from
 * GNU time (`/usr/bin/time -v`: the largest process of the tree) when it is installed.
 * The command and its floor alternate, so that both meet the same noise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { RELEASE_FLOOR } from "./release-floor.ts";

const GNU_TIME = "/usr/bin/time";
const FLOOR_SCRIPT = fileURLToPath(new URL("./child-floor.ts", import.meta.url));
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface ChildSample {
  ms: number;
  /** Undefined when neither GNU time nor the child itself reports it. */
  rssMiB?: number;
}

export interface ChildRow {
  stage: string;
  samples: ChildSample[];
  floor?: { what: string; samples: ChildSample[] };
  fixed?: boolean;
}

export const peakFromGnuTime = existsSync(GNU_TIME);

/** npm's own variables would point the child's npm at the wrong place (INIT_CWD moves --root). */
function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "INIT_CWD" && !key.startsWith("npm_")));
}

export function runChild(command: readonly string[], cwd: string): { sample: ChildSample; stdout: string } {
  const scratch = mkdtempSync(join(tmpdir(), "cai-bench-time-"));
  const report = join(scratch, "time.txt");
  try {
    const argv = peakFromGnuTime ? [GNU_TIME, "-v", "-o", report, ...command] : [...command];
    const start = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), { cwd, env: childEnvironment(), encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    const ms = performance.now() - start;
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`\`${command.join(" ")}\` exited with status ${result.status}:\n${result.stdout}${result.stderr}`);
    }
    const kib = peakFromGnuTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, "utf8"))?.[1] : undefined;
    return { sample: { ms, ...(kib ? { rssMiB: Number(kib) / 1024 } : {}) }, stdout: result.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A floor child: its own last line is its peak RSS in KiB, used when GNU time is absent. */
export function runFloor(mode: "yaml" | "release", folder: string, cwd: string): ChildSample {
  const { sample, stdout } = runChild([process.execPath, "--import", "tsx", FLOOR_SCRIPT, mode, folder], cwd);
  const own = Number(stdout.trim().split("\n").at(-1));
  return sample.rssMiB === undefined && Number.isFinite(own) ? { ...sample, rssMiB: own / 1024 } : sample;
}

/**
 * `npm run build -- --root <corpus>` against yaml.parse of its records, then `npm run
 * validate -- <corpus>/dist` against its floor (release-floor.ts), and the
 * start-up alone (`npm run build -- --help`), which every small run pays.
 */
export function measureCommands(repo: string, corpus: string, runs: number): ChildRow[] {
  const emptyCache = cacheEmptier(corpus);
  const startup: ChildRow = { stage: "start-up: npm run build -- --help", samples: [], fixed: true };
  const build: ChildRow = { stage: "npm run build -- --root <corpus> (cold: cache emptied)", samples: [], floor: { what: "yaml.parse of each record file", samples: [] } };
  const validate: ChildRow = { stage: "npm run validate -- <corpus>/dist", samples: [], floor: { what: RELEASE_FLOOR, samples: [] } };
  for (let i = 0; i < runs; i++) {
    startup.samples.push(runChild([NPM, "run", "build", "--", "--help"], repo).sample);
    emptyCache();
    build.samples.push(runChild([NPM, "run", "build", "--", "--root", corpus], repo).sample);
    build.floor!.samples.push(runFloor("yaml", corpus, repo));
  }
  for (let i = 0; i < runs; i++) {
    validate.samples.push(runChild([NPM, "run", "validate", "--", join(corpus, "dist")], repo).sample);
    validate.floor!.samples.push(runFloor("release", join(corpus, "dist"), repo));
  }
  return [startup, build, validate];
}

/**
 * The corpus gets a node_modules/ folder, so that its builds keep a build cache there as a
 * project's do; the returned function empties that cache, for a cold build.
 */
export function cacheEmptier(corpus: string): () => void {
  mkdirSync(join(corpus, "node_modules"), { recursive: true });
  return () => rmSync(join(corpus, "node_modules", ".cache"), { recursive: true, force: true });
}
