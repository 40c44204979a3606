/**
 * A build as `npm run build` makes it, in process: with the build cache (its folder and
 * engine key given, since tests run the sources, which have no digest), the files are
 * written to dist/ as they are emitted and recorded for the next build; without it, they
 * are kept in memory. Either way the result gives each file's bytes (base64) by path, and
 * with the cache, how many files emitters handed on from dist/ by their notes and which
 * tables were taken whole (engine/cache/whole-tables.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBuildCache } from "../../scripts/engine/cache/build-cache.ts";
import { runPipeline } from "../../scripts/engine/pipeline.ts";
import { stageOutput, type StagedOutput } from "../../scripts/engine/write.ts";

export async function build(root: string, cache?: { folder: string; engine?: string; now?: () => number }) {
  const opened = cache ? openBuildCache(root, { engine: cache.engine ?? "engine-1", folder: cache.folder, ...(cache.now ? { now: cache.now } : {}) }) : undefined;
  // How many files an emitter handed on from dist/ through its notes (emitter.ts EmitterState).
  const handedOn = { count: 0 };
  const whole: string[] = [];
  if (opened?.loaders.kept?.whole) {
    const take = opened.loaders.kept.whole.bind(opened.loaders.kept);
    opened.loaders.kept.whole = (folder, files) => {
      const taken = take(folder, files);
      if (taken) whole.push(folder);
      return taken;
    };
  }
  if (opened) {
    const kept = opened.emitterState.kept.bind(opened.emitterState);
    opened.emitterState.kept = (...args) => {
      const file = kept(...args);
      if (file) handedOn.count++;
      return file;
    };
  }
  let staged: StagedOutput | undefined;
  const output = opened ? { output: async () => (staged = await stageOutput(join(root, "dist"), { dist: opened.dist })) } : {};
  const result = await runPipeline(root, { emit: true, ...(opened ? { cache: opened } : {}), ...output });
  if (staged && result.problems.length === 0) {
    await staged.commit();
    opened!.dist.record(result.files);
  } else await staged?.abort();
  const files = new Map(opened ? result.files.map((file) => [file.path, readFileSync(join(root, "dist", file.path)).toString("base64")]) : result.files.map((file) => [file.path, file.read().toString("base64")]));
  return { files, problems: result.problems, counts: opened?.counts, outputs: opened?.tableOutputs.counts, handedOn: handedOn.count, whole };
}
