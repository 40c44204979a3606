/**
 * The page's script, bundled by esbuild from client/*.ts. Bundling takes a noticeable part
 * of a second, so a build never runs it: `scripts/launch.js` bundles once per compiled
 * engine (app.js beside this module in lib/<digest>/), and an engine run from its sources
 * (tsx, in tests) bundles on first use and keeps the result under node_modules/.cache,
 * named by the digest of the sources and esbuild's version. Both call `bundleClient` with
 * the same options, so either way gives the same bytes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bundle's name beside the compiled copy of this module. */
export const BUNDLE_FILE = "app.js";
const HERE = fileURLToPath(new URL(".", import.meta.url));

/** Bundles `folder`/client/main.ts (folder: this module's source folder) into one minified script. */
export async function bundleClient(folder: string): Promise<Buffer> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(folder, "client", "main.ts")],
    absWorkingDir: folder,
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    minify: true,
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild wrote no bundle for the site's script");
  return Buffer.from(output.contents);
}

/** Writes the bundle beside a compiled copy of this module (called by scripts/launch.js). */
export async function writeBundle(sourceFolder: string, compiledFolder: string): Promise<void> {
  writeFileSync(join(compiledFolder, BUNDLE_FILE), await bundleClient(sourceFolder));
}

let memo: Promise<Buffer> | undefined;

/** The bundle for this engine: the compiled one when there is one, else bundled once from the sources. */
export function clientBundle(): Promise<Buffer> {
  memo ??= loadBundle();
  return memo;
}

async function loadBundle(): Promise<Buffer> {
  const compiled = join(HERE, BUNDLE_FILE);
  if (existsSync(compiled)) return readFileSync(compiled);
  const digest = sourceDigest();
  // The engine's own repository (scripts/engine/emit/site -> the root), not the project being built.
  const cache = join(HERE, "..", "..", "..", "..", "node_modules", ".cache", "central-asia-integration-site");
  const cached = join(cache, `${digest}.js`);
  if (existsSync(cached)) return readFileSync(cached);
  const bytes = await bundleClient(HERE);
  try {
    mkdirSync(cache, { recursive: true });
    const staging = `${cached}.${process.pid}`;
    writeFileSync(staging, bytes);
    renameSync(staging, cached);
  } catch {
    // A cache that cannot be written only costs the next run another bundling.
  }
  return bytes;
}

/** sha256 of esbuild's version and every .ts file in this folder and below, by path. */
function sourceDigest(): string {
  const hash = createHash("sha256");
  const esbuildPackage = join(HERE, "..", "..", "..", "..", "node_modules", "esbuild", "package.json");
  hash.update(existsSync(esbuildPackage) ? readFileSync(esbuildPackage) : "no esbuild");
  const files = readdirSync(HERE, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.split("\\").join("/"))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(HERE, file))).update("\0");
  return hash.digest("hex").slice(0, 16);
}
