/**
 * The floor of a whole command, run by the benchmark as a child process of its own so that
 * it pays the same start-up and is measured the same way as the command:
 *   yaml <project>    every sources/<table>/*.yaml read and parsed by yaml.parse, one by one,
 *                     on one thread (the floor of `npm run build`)
 *   release <folder>  every csv/*.csv streamed through csv-parse and every json/*.json read
 *                     with JSON.parse (the floor of `npm run validate -- <release>`)
 * The last line it prints is its own peak RSS in KiB, for systems without /usr/bin/time.
 */
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse as parseCsv } from "csv-parse";
import { parse as parseYaml } from "yaml";

const [mode, folder] = process.argv.slice(2);

function sorted(dir: string): string[] {
  return readdirSync(dir).sort();
}

async function releaseFloor(root: string): Promise<number> {
  let rows = 0;
  for (const name of sorted(join(root, "csv")).filter((n) => n.endsWith(".csv"))) {
    const parser = parseCsv({ record_delimiter: "\r\n" });
    parser.on("data", () => rows++);
    await pipeline(createReadStream(join(root, "csv", name)), parser);
  }
  for (const name of sorted(join(root, "json")).filter((n) => n.endsWith(".json"))) {
    const value = JSON.parse(readFileSync(join(root, "json", name), "utf8")) as unknown[];
    rows += value.length;
  }
  return rows;
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
const count = mode === "yaml" ? yamlFloor(folder) : await releaseFloor(folder);
process.stdout.write(`${count} ${mode === "yaml" ? "files" : "rows"}\n${process.resourceUsage().maxRSS}\n`);
