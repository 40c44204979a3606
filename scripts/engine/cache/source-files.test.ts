import { describe, expect, it } from "vitest";
import { tempDir, writeIn } from "../../../tests/helpers/project.ts";
import { loadYamlFile } from "../yaml-file.ts";
import { sourceFileCache } from "./source-files.ts";
import { openStore } from "./store.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");
const PERSON = "id: ada\nname: Ada\nevidence:\n  - source: report\n    quote: Ada wrote it\n";
const BROKEN = "id: bo\nname: [Bo\n";

/** A cache that has seen `files` (written in a project folder) once, opened again as the next run would. */
function secondRun(files: Record<string, string>) {
  const folder = tempDir();
  const root = tempDir();
  for (const [file, text] of Object.entries(files)) writeIn(root, file, text);
  const first = sourceFileCache(openStore(folder, ["k"])!, root);
  for (const [file, text] of Object.entries(files)) first.load(file, bytes(text));
  first.save();
  return sourceFileCache(openStore(folder, ["k"])!, root);
}

describe("the source file cache", () => {
  it("gives an unchanged file's value and problems without parsing it, and parses a changed one", () => {
    const cache = secondRun({ "sources/people/ada.yaml": PERSON, "sources/people/bo.yaml": BROKEN });
    const ada = cache.load("sources/people/ada.yaml", bytes(PERSON));
    const bo = cache.load("sources/people/bo.yaml", bytes(BROKEN));
    expect(cache.counts).toEqual({ hits: 2, unread: 0, misses: 0 });
    expect(ada.yaml.data).toEqual(loadYamlFile("sources/people/ada.yaml", bytes(PERSON)).yaml.data);
    expect(bo.problems).toEqual(loadYamlFile("sources/people/bo.yaml", bytes(BROKEN)).problems);
    expect(bo.yaml.data).toBeUndefined();
    const edited = cache.load("sources/people/ada.yaml", bytes(PERSON.replace("Ada", "Ada L.")));
    expect(cache.counts).toEqual({ hits: 2, unread: 0, misses: 1 });
    expect(edited.yaml.data).toMatchObject({ name: "Ada L." });
  });

  it("keys each file on its path as well as its bytes", () => {
    const cache = secondRun({ "sources/people/ada.yaml": PERSON });
    cache.load("sources/people/ada-copy.yaml", bytes(PERSON));
    expect(cache.counts).toEqual({ hits: 0, unread: 0, misses: 1 });
  });

  it("points at the same places as a parsed file, by reading and parsing it when first asked", () => {
    const cache = secondRun({ "sources/people/ada.yaml": PERSON });
    const cached = cache.load("sources/people/ada.yaml", bytes(PERSON)).yaml;
    const parsed = loadYamlFile("sources/people/ada.yaml", bytes(PERSON)).yaml;
    for (const path of [[], ["name"], ["evidence", 0, "quote"], ["missing"]]) {
      expect(cached.locate(path)).toEqual(parsed.locate(path));
      expect(cached.locate(path, "key")).toEqual(parsed.locate(path, "key"));
    }
  });

  it("drops the entries of files no longer loaded, so that a deleted record does not linger", () => {
    const folder = tempDir();
    const first = sourceFileCache(openStore(folder, ["k"])!, tempDir());
    first.load("sources/people/ada.yaml", bytes(PERSON));
    first.load("sources/people/bo.yaml", bytes(PERSON.replace(/ada/g, "bo")));
    first.save();
    const second = sourceFileCache(openStore(folder, ["k"])!, tempDir());
    second.load("sources/people/ada.yaml", bytes(PERSON));
    second.save();
    const third = sourceFileCache(openStore(folder, ["k"])!, tempDir());
    third.load("sources/people/bo.yaml", bytes(PERSON.replace(/ada/g, "bo")));
    expect(third.counts).toEqual({ hits: 0, unread: 0, misses: 1 });
  });

  it("writes only the tables whose files changed", () => {
    const folder = tempDir();
    const first = sourceFileCache(openStore(folder, ["k"])!, tempDir());
    first.load("sources/people/ada.yaml", bytes(PERSON));
    first.load("sources/groups/circle.yaml", bytes("id: circle\n"));
    first.save();
    const store = openStore(folder, ["k"])!;
    const written: string[] = [];
    const second = sourceFileCache({ ...store, write: (name, value) => (written.push(name), store.write(name, value)) }, tempDir());
    second.load("sources/people/ada.yaml", bytes(PERSON));
    second.load("sources/groups/circle.yaml", bytes("id: circle\nsize: 3\n"));
    second.save();
    second.save();
    expect(written).toEqual(["files.groups"]);
  });

  it("gives back a value JSON cannot hold exactly (-0) as it was parsed, and the others equal", () => {
    const zero = "id: z\nn: -0\n";
    const plain = "id: p\nlist:\n  - 1.5\n  - text\nnested:\n  a: null\n";
    expect(Object.is((loadYamlFile("sources/t/z.yaml", bytes(zero)).yaml.data as { n: number }).n, -0)).toBe(true);
    const cache = secondRun({ "sources/t/z.yaml": zero, "sources/t/p.yaml": plain });
    const cached = cache.load("sources/t/z.yaml", bytes(zero)).yaml.data as { n: number };
    expect(Object.is(cached.n, -0)).toBe(true);
    expect(cache.load("sources/t/p.yaml", bytes(plain)).yaml.data).toEqual(loadYamlFile("sources/t/p.yaml", bytes(plain)).yaml.data);
    expect(cache.counts).toEqual({ hits: 2, unread: 0, misses: 0 });
  });
});
