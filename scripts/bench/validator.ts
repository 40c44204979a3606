// `npx tsx scripts/bench/validator.ts --rows N [--runs R]`: the release validator on a
// generated release whose people table has N rows, beside its floor, each in a child
// process of its own (wall time with start-up, peak RSS). A measurement, not a test.
// `--dist <folder>` times an existing release instead (such as a corpus's build).
//
// The release is a build of the test fixture with the people table scaled: N records in
// json/people.json, N rows in csv/people.csv and in csv/people.evidence.csv (one evidence
// item each), datapackage.json restamped with their sizes and hashes. The floor is
// release-floor.ts, as `npm run bench` has it.
import { createHash } from "node:crypto";
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "../contract/flatten.ts";
import { peakFromGnuTime, runChild, runFloor, type ChildSample } from "./children.ts";
import { median } from "./measure.ts";
import { RELEASE_FLOOR } from "./release-floor.ts";

const FIXTURE = fileURLToPath(new URL("../../tests/fixtures/project", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const LAUNCH = join(REPO, "scripts", "launch.js");
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

/** `node scripts/launch.js validate <release>`: the compiled validator, as `npm run validate` runs it. */
function validatorChild(release: string): ChildSample {
  return runChild([process.execPath, LAUNCH, "validate", release], REPO).sample;
}

async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    const value = i === -1 ? fallback : Number(args[i + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive whole number`);
    return value;
  };
  const at = args.indexOf("--dist");
  const given = at === -1 ? undefined : args[at + 1];
  if (at !== -1 && !given) throw new Error("--dist takes a release folder");
  const rows = option("--rows", 100_000);
  const runs = option("--runs", 3);
  const dir = given ? undefined : mkdtempSync(join(tmpdir(), "cai-bench-validator-"));
  try {
    const generated = performance.now();
    const release = given ?? (await writeScaledRelease(dir!, rows));
    const size = ["csv", "json"].map((folder) => readdirSync(join(release, folder)).reduce((sum, name) => sum + statSync(join(release, folder, name)).size, 0));
    const what = given ? `the release ${given}` : `${rows} rows of ${TABLE}, generated in ${Math.round(performance.now() - generated)} ms`;
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, ${new Date().toISOString().slice(0, 10)}; ${what} (CSV ${mb(size[0]!)} MB, JSON ${mb(size[1]!)} MB)`);
    console.log(`floor: ${RELEASE_FLOOR}`);
    // Compiled before timing, so that no run pays for it.
    runChild([process.execPath, LAUNCH, "--compile"], REPO);
    const validator: ChildSample[] = [];
    const floor: ChildSample[] = [];
    // Alternated, so that the machine's other load falls on both alike.
    for (let i = 0; i < runs; i++) {
      floor.push(runFloor("release", release, REPO));
      validator.push(validatorChild(release));
    }
    const rss = (samples: ChildSample[]) => median(samples.map((s) => s.rssMiB ?? Number.NaN));
    const v = { ms: median(validator.map((r) => r.ms)), rss: rss(validator) };
    const f = { ms: median(floor.map((r) => r.ms)), rss: rss(floor) };
    const goal = 2 * f.ms + 1000;
    console.log(`median of ${runs} runs each, wall time with start-up | peak RSS (${peakFromGnuTime ? "/usr/bin/time" : "n/a without /usr/bin/time"}); load average ${loadavg().map((n) => n.toFixed(1)).join(" ")} at the end`);
    console.log(`validator ${Math.round(v.ms)} ms | ${Math.round(v.rss)} MiB   (runs: ${validator.map((r) => Math.round(r.ms)).join(", ")} ms)`);
    console.log(`floor     ${Math.round(f.ms)} ms | ${Math.round(f.rss)} MiB   (runs: ${floor.map((r) => Math.round(r.ms)).join(", ")} ms)`);
    console.log(`ratio     ${(v.ms / f.ms).toFixed(2)}x time, ${(v.rss / f.rss).toFixed(2)}x memory; goal: time within 2x floor + 1 s (${Math.round(goal)} ms: ${v.ms <= goal ? `met, ${(100 * (1 - v.ms / goal)).toFixed(1)}% below` : `NOT met, ${Math.round(v.ms - goal)} ms over`}), peak RSS under 300 MB`);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

if (process.argv[1] === SELF) await main(process.argv.slice(2));
