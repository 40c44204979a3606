// `npm run bench`: times each pipeline stage on generated projects of growing size and
// prints the figures. A measurement, not a test: nothing here passes or fails.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { emitInOrder, type EmittedFile } from "./engine/emit/emitter.ts";
import { EMITTERS } from "./engine/emit/index.ts";
import { buildModel } from "./engine/model.ts";
import { readProjectMeta } from "./contract/project-meta.ts";
import { readReleaseHistory } from "./engine/release-history.ts";
import { validateProject } from "./engine/validate.ts";
import { writeAtomically } from "./engine/write.ts";

const FIXTURE = fileURLToPath(new URL("../tests/fixtures/project", import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? "1000,5000,20000").split(",").map(Number);

function generate(root: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const id = `person-${String(i).padStart(6, "0")}`;
    writeFileSync(
      join(root, "sources", "people", `${id}.yaml`),
      `id: ${id}\nname: "Person ${i}"\naliases: ["P. ${i}", "Person number ${i}"]\ngroup: circle\nrole: member\njoined:\n  year: ${1900 + (i % 100)}\nevidence:\n  - source: report\n    quote: "Bo Berg joined the Circle in 1999"\n  - source: report\n    quote: "he is also known as Bo B."\n`,
    );
  }
}

async function time<T>(run: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

console.log(`node ${process.version}, ${SIZES.join(", ")} generated records (people table of the test fixture)`);
const emitterColumns = EMITTERS.map((emitter) => `${emitter.name} ms`);
console.log(["records", "validate ms", "model ms", ...emitterColumns, "write ms", "records/s (validate)", "heap MB"].join(" | "));
for (const size of SIZES) {
  const root = mkdtempSync(join(tmpdir(), "cai-bench-"));
  try {
    cpSync(FIXTURE, root, { recursive: true });
    generate(root, size);
    const [validated, validateMs] = await time(() => validateProject(root));
    if (validated.problems.length > 0) throw new Error(`generated data is invalid: ${validated.problems[0]!.message}`);
    const [dataset, modelMs] = await time(() => buildModel(validated.schemas, validated.records, validated.tombstones));
    // The build's own emitters in the build's order, each step timed on its own.
    const meta = readProjectMeta(root);
    const read = await readReleaseHistory(root, meta);
    if ("problem" in read) throw new Error(read.problem.message);
    const steps = emitInOrder(EMITTERS, { root, meta, dataset, schemas: validated.schemas, history: read.history, releasing: false });
    const files: EmittedFile[] = [];
    const emitMs: number[] = [];
    for (;;) {
      const [step, ms] = await time(() => steps.next());
      if (step.done) break;
      files.push(...step.value.files);
      emitMs.push(ms);
    }
    const [, writeMs] = await time(() => writeAtomically(join(root, "dist"), files));
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    const rate = Math.round((size / validateMs) * 1000);
    console.log([size, validateMs, modelMs, ...emitMs, writeMs].map((n) => Math.round(n)).join(" | ") + ` | ${rate} | ${Math.round(heap)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
