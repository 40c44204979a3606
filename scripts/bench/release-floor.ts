/**
 * The floor of the release validator, one definition for every benchmark that times it
 * (scripts/bench/validator.ts at a million rows, `npm run bench` on a built corpus): the
 * chosen libraries alone on the files the validator reads, one after the other on one
 * thread, nothing checked and nothing kept —
 *   every csv/*.csv streamed through csv-parse with the validator's own options
 *   (scripts/verify/csv-options.ts), and
 *   every json/*.json streamed through @streamparser/json, each record of the table's
 *   array made into a value (the validator's JSON parser, which it drives token by token).
 */
import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { JSONParser } from "@streamparser/json";
import { parse } from "csv-parse";
import { csvParseOptions, RELEASE_DIALECT } from "../verify/csv-options.ts";

export const RELEASE_FLOOR = "csv-parse (the validator's options) of csv/ + @streamparser/json of json/";

export interface FloorCount {
  csvRows: number;
  records: number;
}

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}

export async function releaseFloor(release: string): Promise<FloorCount> {
  const count: FloorCount = { csvRows: 0, records: 0 };
  for (const file of files(join(release, "csv"), ".csv")) {
    const parser = parse(csvParseOptions(RELEASE_DIALECT));
    parser.on("data", () => void count.csvRows++);
    await pipeline(createReadStream(file), parser);
  }
  for (const file of files(join(release, "json"), ".json")) {
    const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
    parser.onValue = () => void count.records++;
    for await (const chunk of createReadStream(file)) parser.write(chunk as Buffer);
    // The parser ends by itself at the end of the top-level array; only a file cut short is left open.
    if (!parser.isEnded) parser.end();
  }
  return count;
}
