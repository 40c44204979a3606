// `npx tsx scripts/bench/validator.ts --rows N [--runs R]`: the release validator on a
// generated release whose people table has N rows, beside its floor, each in a child
// process of its own (wall time with start-up, peak RSS). A measurement, not a test.
//
// The release is a build of the test fixture with the people table scaled: N records in
// json/people.json, N rows in csv/people.csv and in csv/people.evidence.csv (one evidence
// item each), datapackage.json restamped with their sizes and hashes. The floor is the bare
// libraries on the same files: csv-parse with the validator's options plus sha256 on every
// CSV file, and @streamparser/json reading every record of every JSON table.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, cpSync, createReadStream, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "../contract/flatten.ts";

const FIXTURE = fileURLToPath(new URL("../../tests/fixtures/project", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const TABLE = "people";
/** Records written per piece, so that a release of any size is generated in little memory. */
const PIECE = 10_000;

const quiet = { out: () => undefined, err: () => undefined };

/**
 * Builds the fixture project in `dir` and scales its people table to `rows` records (the
 * fixture's own two, then generated ones, in id order as the build sorts them). Returns
 * the release folder.
 */
export async function writeScaledRelease(dir: string, rows: number): Promise<string> {
  // Imported here, so that a child process loads only what it measures.
  const { cellText, csvLayouts } = await import("../contract/flatten.ts");
  const { build } = await import("../engine/cli.ts");
  const { csvText } = await import("../engine/emit/csv.ts");
  const { loadSchemas } = await import("../engine/schemas.ts");
  const root = join(dir, "project");
  cpSync(FIXTURE, root, { recursive: true });
  if ((await build(["--root", root], quiet)) !== 0) throw new Error("the fixture project does not build");
  const release = join(root, "dist");
  const table = loadSchemas(root).schemas.tables.get(TABLE)!;
  const kept = JSON.parse(readFileSync(join(release, "json", `${TABLE}.json`), "utf8")) as Row[];
  const record = (i: number): Row =>
    i < kept.length
      ? kept[i]!
      : {
          id: `person-${String(i).padStart(7, "0")}`,
          name: `Person ${i}`,
          aliases: [`P. ${i}`],
          group: "circle",
          role: "member",
          joined: { year: 1900 + (i % 100) },
          evidence: [{ source: "report", quote: "Bo Berg joined the Circle in 1999" }],
        };

  const json = new HashedFile(join(release, "json", `${TABLE}.json`));
  const layouts = csvLayouts(table).map((layout) => {
    const file = new HashedFile(join(release, "csv", `${layout.name}.csv`));
    const header = layout.columns.map((column) => column.name);
    file.write(csvText([header]));
    return { layout, file, header };
  });
  json.write("[");
  for (let start = 0; start < rows; start += PIECE) {
    const records = Array.from({ length: Math.min(PIECE, rows - start) }, (_, i) => record(start + i));
    // As JSON.stringify(records, null, 2) writes an array, one piece at a time.
    json.write(records.map((r, i) => `${start + i === 0 ? "" : ","}\n${JSON.stringify(r, null, 2).replace(/^/gm, "  ")}`).join(""));
    for (const { layout, file, header } of layouts) {
      file.write(csvText(layout.rows(records).map((row) => header.map((name) => cellText(row[name])))));
    }
  }
  json.write("\n]\n");
  json.close();

  const descriptorPath = join(release, "datapackage.json");
  const descriptor = JSON.parse(readFileSync(descriptorPath, "utf8")) as { resources: { name: string; bytes?: number; hash?: string }[] };
  for (const { layout, file } of layouts) {
    const resource = descriptor.resources.find((r) => r.name === layout.name)!;
    const { bytes, hex } = file.close();
    resource.bytes = bytes;
    resource.hash = `sha256:${hex}`;
  }
  writeFileSync(descriptorPath, `${JSON.stringify(descriptor, null, 2)}\n`);
  return release;
}

class HashedFile {
  private readonly fd: number;
  private readonly hash = createHash("sha256");
  private bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  write(text: string): void {
    const buffer = Buffer.from(text, "utf8");
    writeSync(this.fd, buffer);
    this.hash.update(buffer);
    this.bytes += buffer.length;
  }

  close(): { bytes: number; hex: string } {
    closeSync(this.fd);
    return { bytes: this.bytes, hex: this.hash.digest("hex") };
  }
}

/** The validator, as `npm run validate -- <release> --format json` runs it; what it said, in a word. */
async function runValidator(release: string): Promise<string> {
  const { validateDownload } = await import("../verify/cli.ts");
  const out: string[] = [];
  const status = await validateDownload(release, { format: "json" }, { out: (line) => out.push(line), err: () => undefined });
  if (status === 0) return "valid";
  const report = JSON.parse(out.join("\n")) as { problems: { code: string; file: string; message: string }[] };
  const first = report.problems[0];
  return `exit ${status}${first ? `: ${first.file} [${first.code}] ${first.message}` : ""}`;
}

/** The libraries alone on the same files: nothing checked, nothing kept. */
async function runFloor(release: string): Promise<string> {
  const { parse } = await import("csv-parse");
  const { JSONParser } = await import("@streamparser/json");
  let csvRows = 0;
  let records = 0;
  for (const name of readdirSync(join(release, "csv")).sort()) {
    const parser = parse({
      encoding: null,
      bom: false,
      max_record_size: 64 * 1024 * 1024,
      relax_column_count: true,
      skip_empty_lines: false,
      delimiter: ",",
      quote: '"',
      escape: '"',
      record_delimiter: ["\r\n", "\n"],
      ltrim: false,
    });
    parser.on("data", () => csvRows++);
    const ended = new Promise((done, fail) => parser.on("end", done).on("error", fail));
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(join(release, "csv", name))) {
      hash.update(chunk as Buffer);
      if (!parser.write(chunk)) await new Promise((resume) => parser.once("drain", resume));
    }
    parser.end();
    await ended;
    hash.digest("hex");
  }
  for (const name of readdirSync(join(release, "json")).sort()) {
    const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
    parser.onValue = () => void records++;
    for await (const chunk of createReadStream(join(release, "json", name))) parser.write(chunk as Buffer);
  }
  return `${csvRows} CSV rows, ${records} records`;
}

interface Run {
  ms: number;
  rssMb: number;
  said: string;
}

function child(kind: "validator" | "floor", release: string): Run {
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", SELF, "--child", kind, release], { encoding: "utf8", maxBuffer: 1 << 24 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${kind} failed (exit ${result.status}): ${result.stderr}`);
  const { rssKb, said } = JSON.parse(result.stdout.trim().split("\n").pop()!) as { rssKb: number; said: string };
  return { ms, rssMb: rssKb / 1024, said };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(args: string[]): Promise<void> {
  const at = args.indexOf("--child");
  if (at !== -1) {
    const [kind, release] = [args[at + 1], args[at + 2]!];
    const said = kind === "validator" ? await runValidator(release) : await runFloor(release);
    console.log(JSON.stringify({ said, rssKb: process.resourceUsage().maxRSS }));
    return;
  }
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    const value = i === -1 ? fallback : Number(args[i + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive whole number`);
    return value;
  };
  const rows = option("--rows", 100_000);
  const runs = option("--runs", 3);
  const dir = mkdtempSync(join(tmpdir(), "cai-bench-validator-"));
  try {
    const generated = performance.now();
    const release = await writeScaledRelease(dir, rows);
    const size = ["csv", "json"].map((folder) => readdirSync(join(release, folder)).reduce((sum, name) => sum + statSync(join(release, folder, name)).size, 0));
    console.log(`node ${process.version}; ${rows} rows of ${TABLE} (CSV ${mb(size[0]!)} MB, JSON ${mb(size[1]!)} MB), generated in ${Math.round(performance.now() - generated)} ms`);
    const validator: Run[] = [];
    const floor: Run[] = [];
    // Alternated, so that the machine's other load falls on both alike.
    for (let i = 0; i < runs; i++) {
      floor.push(child("floor", release));
      validator.push(child("validator", release));
    }
    const v = { ms: median(validator.map((r) => r.ms)), rss: median(validator.map((r) => r.rssMb)) };
    const f = { ms: median(floor.map((r) => r.ms)), rss: median(floor.map((r) => r.rssMb)) };
    console.log(`median of ${runs} runs each, wall time with start-up | peak RSS`);
    console.log(`validator ${Math.round(v.ms)} ms | ${Math.round(v.rss)} MB   (runs: ${validator.map((r) => Math.round(r.ms)).join(", ")} ms)`);
    console.log(`floor     ${Math.round(f.ms)} ms | ${Math.round(f.rss)} MB   (runs: ${floor.map((r) => Math.round(r.ms)).join(", ")} ms)`);
    console.log(`the validator said: ${[...new Set(validator.map((r) => r.said))].join(" / ")}`);
    console.log(`ratio     ${(v.ms / f.ms).toFixed(2)}x time, ${(v.rss / f.rss).toFixed(2)}x memory; goal: time within 2x floor + 1 s (${Math.round(2 * f.ms + 1000)} ms), peak RSS under 300 MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

if (process.argv[1] === SELF) await main(process.argv.slice(2));
