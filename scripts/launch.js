// @ts-check
/**
 * `npm run build` and `npm run validate` start here, in plain JavaScript: they run the entry
 * script compiled from scripts/ into lib/<digest>/, because loading the TypeScript sources
 * through tsx costs more than the rest of a small build. The digest covers every file the
 * compiled copy is made from (scripts/ but its tests, the tsconfig files, package-lock.json),
 * so a copy compiled from other sources is never run: when lib/ has none for the current
 * digest, this compiles one first (the repository's `prepare`, run by `npm ci`, makes it at
 * install). The compiled folder holds its digest in DIGEST, which is what the build cache
 * keys the engine on; lib/known-digests.json keeps the digests already worked out.
 *
 *   node scripts/launch.js <entry> [arguments]   run scripts/<entry>.ts from its compiled copy
 *   node scripts/launch.js --compile             compile now, if lib/ lacks the current copy
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIB = join(REPO, "lib");
const SCRIPTS = join(REPO, "scripts");
const CONFIG = "tsconfig.engine.json";
/** What a compiled copy is made from, besides scripts/. */
const INPUTS = ["tsconfig.json", CONFIG, "package-lock.json"];
/** Compiled copies kept besides the current one: a build still running may load modules from its own. */
const KEEP = 2;
const DIGEST_FILE = "DIGEST";

/** The files under scripts/ a compiled copy is made from: sources and assets, not tests. */
function sourceFiles() {
  // Sliced rather than path.relative: this runs before every build, and relative() cost more than the listing.
  return readdirSync(SCRIPTS, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".test.ts"))
    .map((entry) => `${entry.parentPath ?? entry.path}${sep}${entry.name}`.slice(REPO.length + 1).split(sep).join("/"))
    .sort();
}

/** sha256 over every input's path and bytes, in a fixed order; 16 hex digits name the folder. */
function contentDigest(inputs) {
  const hash = createHash("sha256");
  for (const path of inputs) {
    hash.update(`${path}\0`);
    hash.update(existsSync(join(REPO, path)) ? readFileSync(join(REPO, path)) : "(missing)");
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** Digests worked out before, by the stamp of the inputs they were worked out from. */
const KNOWN_DIGESTS = join(LIB, "known-digests.json");
const KNOWN_KEPT = 20;

/**
 * Reading and hashing the inputs (a megabyte) was most of what choosing the compiled copy
 * cost each run, so a digest is kept under a stamp of its inputs' file-system entries:
 * paths, sizes, inodes, modification and change times. Writing, adding, removing or moving
 * an input changes the stamp (tools can set a file's modification time back, not its
 * change time), and then the digest is worked out from the bytes again.
 */
function currentDigest() {
  const inputs = [...INPUTS, ...sourceFiles()];
  const stamp = createHash("sha256");
  for (const path of inputs) {
    // Milliseconds with their fraction: the bigint nanoseconds cost three times as much to stat.
    const entry = statSync(join(REPO, path), { throwIfNoEntry: false });
    stamp.update(`${path}\0${entry ? `${entry.size} ${entry.ino} ${entry.mtimeMs} ${entry.ctimeMs}` : "(missing)"}\0`);
  }
  const key = stamp.digest("hex");
  const known = knownDigests();
  const found = known.find(([stamped]) => stamped === key);
  if (found) return found[1];
  const digest = contentDigest(inputs);
  rememberDigest([[key, digest], ...known.slice(0, KNOWN_KEPT - 1)]);
  return digest;
}

/** The digests kept, newest first; none when the file is missing or not of this shape. */
function knownDigests() {
  try {
    const known = JSON.parse(readFileSync(KNOWN_DIGESTS, "utf8"));
    return Array.isArray(known) ? known.filter((entry) => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "string" && /^[0-9a-f]{16}$/.test(entry[1])) : [];
  } catch {
    return [];
  }
}

/** Replaced whole (a rename), so that a run reading it meanwhile sees the old list or the new. */
function rememberDigest(known) {
  try {
    mkdirSync(LIB, { recursive: true });
    const temporary = `${KNOWN_DIGESTS}.${process.pid}-${randomBytes(4).toString("hex")}`;
    writeFileSync(temporary, `${JSON.stringify(known)}\n`);
    renameSync(temporary, KNOWN_DIGESTS);
  } catch {
    // Worked out again next time.
  }
}

/**
 * Compiles scripts/ into a private folder, then renames it to lib/<digest>: a build that
 * starts meanwhile sees either no copy or a whole one. When another process got there
 * first, its copy (made from the same bytes) stays.
 */
async function compile(digest) {
  mkdirSync(LIB, { recursive: true });
  const staging = join(LIB, `.staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    // --noCheck: types are checked by `npm test`; a type error must not stop a build.
    const result = spawnSync(process.execPath, [tsc, "-p", join(REPO, CONFIG), "--outDir", staging, "--noCheck"], { cwd: REPO, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`cannot compile scripts/ (tsc -p ${CONFIG} exited with ${result.status ?? result.signal}):\n${`${result.stdout}${result.stderr}`.trim()}`);
    }
    // Assets the modules read beside themselves (the site's page, JSON schemas, profiles).
    for (const path of sourceFiles().filter((file) => !file.endsWith(".ts"))) {
      cpSync(join(REPO, path), join(staging, relative("scripts", path)));
    }
    // The site's page script, bundled once per compiled copy rather than on every build.
    const site = join("engine", "emit", "site");
    const { writeBundle } = await import(pathToFileURL(join(staging, site, "bundle.js")).href);
    await writeBundle(join(SCRIPTS, site), join(staging, site));
    // The engine's fixed schemas as ajv standalone code, so that no build compiles them.
    const { writePrecompiledValidators } = await import(pathToFileURL(join(staging, "engine", "precompile-validators.js")).href);
    writePrecompiledValidators(staging);
    writeFileSync(join(staging, DIGEST_FILE), `${digest}\n`);
    try {
      renameSync(staging, join(LIB, digest));
    } catch (error) {
      if (!existsSync(join(LIB, digest, DIGEST_FILE))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  prune(digest);
}

/** Removes all but the newest few compiled copies. */
function prune(current) {
  const copies = readdirSync(LIB, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name) && entry.name !== current)
    .map((entry) => ({ name: entry.name, time: statSync(join(LIB, entry.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of copies.slice(KEEP)) rmSync(join(LIB, name), { recursive: true, force: true });
}

/** The folder of the compiled copy of the current sources, compiled first when missing. */
async function compiledFolder() {
  const digest = currentDigest();
  const folder = join(LIB, digest);
  if (!existsSync(join(folder, DIGEST_FILE))) {
    if (process.stderr.isTTY) process.stderr.write("compiling scripts/ into lib/ (the sources changed since the last compile)\n");
    await compile(digest);
  }
  return folder;
}

/**
 * The build's worker thread starts before the engine's modules load, which take about a fifth
 * of a cold build: the worker meanwhile loads its own and starts reading (engine/prefetch.ts
 * decides whether a build gains from it). A failure here leaves it to the build.
 */
async function startWorkerEarly(folder, args) {
  try {
    const { prefetchEarly } = await import(pathToFileURL(join(folder, "engine", "prefetch.js")).href);
    prefetchEarly(args);
  } catch {
    // The pipeline starts the worker itself.
  }
}

async function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === "--compile") {
    await compiledFolder();
    return;
  }
  if (!entry || !/^[a-z][a-z-]*$/.test(entry) || !existsSync(join(SCRIPTS, `${entry}.ts`))) {
    process.stderr.write(`error: no entry script scripts/${entry ?? "<entry>"}.ts\nusage: node scripts/launch.js <entry> [arguments] | --compile\n`);
    process.exitCode = 2;
    return;
  }
  const script = join(await compiledFolder(), `${entry}.js`);
  if (!existsSync(script)) {
    process.stderr.write(`error: scripts/${entry}.ts is not compiled: add it to "include" in ${CONFIG}\n`);
    process.exitCode = 2;
    return;
  }
  const folder = dirname(script);
  if (entry === "build") {
    // A build holds a whole dataset in one heap, and V8 by default lets the heap grow to
    // several times what is live between full collections: at 100,000 records that put the
    // build's peak over 1 GiB. Growing by at most 30% keeps it about 200 MiB lower, at about
    // the same time (docs/performance.md). Set before the engine allocates anything large.
    setFlagsFromString("--heap-growing-percent=30");
    await startWorkerEarly(folder, args);
  }
  // The entry reads its arguments from process.argv, as when run directly.
  process.argv = [process.argv[0] ?? process.execPath, script, ...args];
  await import(pathToFileURL(script).href);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
