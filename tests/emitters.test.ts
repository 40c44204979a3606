/** The emitter registry: one shape for every output format, run in order by the build and the benchmark alike. */
import { beforeAll, describe, expect, it } from "vitest";
import { emitInOrder, type EmitContext, type EmittedFile, type Emitter } from "../scripts/engine/emit/emitter.ts";
import { EMITTERS } from "../scripts/engine/emit/index.ts";
import { textFile } from "../scripts/engine/emit/output.ts";
import { prepareEmit, runPipeline } from "../scripts/engine/pipeline.ts";
import { copyFixture } from "./helpers/project.ts";

let root: string;
let context: EmitContext;

beforeAll(async () => {
  root = copyFixture();
  const prepared = await prepareEmit(root, {});
  expect(prepared.problems).toEqual([]);
  context = prepared.context!;
});

async function runAll(emitters: readonly Emitter[]): Promise<{ name: string; files: EmittedFile[] }[]> {
  const steps: { name: string; files: EmittedFile[] }[] = [];
  for await (const { emitter, files } of emitInOrder(emitters, context)) steps.push({ name: emitter.name, files });
  return steps;
}

describe("the emitter registry", () => {
  it("lists each emitter once, with a name, its media types and emit(input) taking the one input", () => {
    const names = EMITTERS.map((emitter) => emitter.name);
    expect(new Set(names).size).toBe(EMITTERS.length);
    for (const emitter of EMITTERS) {
      expect(emitter.name, "name").toMatch(/^[a-z][a-z-]*$/);
      expect(emitter.mediaTypes.length, `${emitter.name} declares no media type`).toBeGreaterThan(0);
      expect(typeof emitter.emit, emitter.name).toBe("function");
      expect(emitter.emit.length, `${emitter.name} takes one input`).toBe(1);
    }
  });

  it("run in order on the fixture project, gives exactly the files runPipeline gives", async () => {
    const steps = await runAll(EMITTERS);
    expect(steps.map((step) => step.name)).toEqual(EMITTERS.map((emitter) => emitter.name));
    const fromRegistry = new Map(steps.flatMap((step) => step.files).map((file) => [file.path, file.read().toString("base64")]));
    const { problems, files } = await runPipeline(root, { emit: true });
    expect(problems).toEqual([]);
    expect(files.length).toBe(fromRegistry.size);
    expect(new Map(files.map((file) => [file.path, file.read().toString("base64")]))).toEqual(fromRegistry);
  });

  it("labels every emitted file with the media type its emitter declared, and the catalogue uses it for every data file", async () => {
    const steps = await runAll(EMITTERS);
    const declared = new Map<string, string>();
    for (const { name, files } of steps) {
      const emitter = EMITTERS.find((candidate) => candidate.name === name)!;
      for (const file of files) {
        const type = emitter.mediaTypes.find(([suffix]) => file.path.endsWith(suffix))?.[1];
        expect(type, `${file.path} from ${name}`).toBeDefined();
        expect(file.mediaType, file.path).toBe(type);
        declared.set(file.path, file.mediaType);
      }
    }
    const catalogue = steps.flatMap((step) => step.files).find((file) => file.path === "dataset.jsonld")!;
    const distribution = JSON.parse(catalogue.read().toString("utf8")).distribution as { contentUrl: string; encodingFormat: string }[];
    declared.delete("dataset.jsonld");
    // The explorer site is not data: it comes after the catalogue, which does not list it.
    const site = [...declared.keys()].filter((path) => path.startsWith("site/"));
    expect(site).toContain("site/index.html");
    for (const path of site) declared.delete(path);
    expect(new Map(distribution.map((d) => [d.contentUrl, d.encodingFormat]))).toEqual(declared);
  });

  it("stops with the emitter's name and the path when a file's media type is not declared", async () => {
    const undeclared: Emitter = { name: "notes", mediaTypes: [[".txt", "text/plain"]], emit: () => [textFile("notes.md", "# Notes")] };
    await expect(runAll([undeclared])).rejects.toThrow('emitter "notes" wrote notes.md without declaring its media type');
  });

  it("gives each emitter the files of those before it, and no others", async () => {
    const seen: string[][] = [];
    const spy = (name: string, path: string): Emitter => ({
      name,
      mediaTypes: [[".txt", "text/plain"]],
      emit: ({ files }) => {
        seen.push(files.map((file) => file.path));
        return [textFile(path, name)];
      },
    });
    await runAll([spy("first", "a.txt"), spy("second", "b.txt"), spy("third", "c.txt")]);
    expect(seen).toEqual([[], ["a.txt"], ["a.txt", "b.txt"]]);
  });

  it("needs no change to the catalogue for a new format: its declared type reaches dataset.jsonld", async () => {
    const notes: Emitter = { name: "notes", mediaTypes: [[".md", "text/markdown"]], emit: () => [textFile("notes.md", "# Notes")] };
    const at = EMITTERS.findIndex((emitter) => emitter.name === "jsonld");
    const steps = await runAll([...EMITTERS.slice(0, at), notes, ...EMITTERS.slice(at)]);
    const catalogue = steps.find((step) => step.name === "jsonld")!.files[0]!;
    const distribution = JSON.parse(catalogue.read().toString("utf8")).distribution as { contentUrl: string; encodingFormat: string }[];
    expect(distribution.find((d) => d.contentUrl === "notes.md")?.encodingFormat).toBe("text/markdown");
  });
});
