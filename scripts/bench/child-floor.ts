/**
 * The floor of a whole command, run by the benchmark as a child process of its own so that
 * it pays the same start-up and is measured the same way as the command:
 *   yaml <project>    every sources/<table>/*.yaml read and parsed by yaml.parse, one by one,
 *                     on one thread (the floor of `npm run build`)
 *   release <folder>  the floor of `npm run validate -- <release>`: release-floor.ts, the
 *                     one definition every benchmark of the validator uses
 * The last line it prints is its own peak RSS in KiB, for systems without /usr/bin/time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { releaseFloor } from "./release-floor.ts";

const [mode, folder] = process.argv.slice(2);

function sorted(dir: string): string[] {
  return readdirSync(dir).sort();
}

function yamlFloor(root: string): number {
  let files = 0;
  const sources = join(root, "sources");
  for (const table of sorted(sources)) {
    for (const name of sorted(join(sources, table)).filter((n) => n.endsWith(".yaml"))) {
      parseYaml(readFileSync(join(sources, table, name), "utf8"));
      files++;
    }
  }
  return files;
}

if (folder === undefined || (mode !== "yaml" && mode !== "release")) {
  process.stderr.write("usage: child-floor.ts yaml <project> | release <release folder>\n");
  process.exit(2);
}
if (mode === "yaml") process.stdout.write(`${yamlFloor(folder)} files\n`);
else {
  const { csvRows, records } = await releaseFloor(folder);
  process.stdout.write(`${csvRows} CSV rows, ${records} records\n`);
}
process.stdout.write(`${process.resourceUsage().maxRSS}\n`);
