/** The explorer's data layout in dist/site/ (scripts/engine/emit/site/layout.ts), read as the page's script reads it. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chunkOf, chunkPath, MANIFEST, pagePath, PAGE_ROWS, shardOf, shardPath, tokens, type Manifest, type RecordChunk, type SearchShard, type TablePage } from "../scripts/engine/emit/site/layout.ts";
import { REPO } from "./helpers/project.ts";

const DIST = join(REPO, "dist");
const SITE = join(DIST, "site");
const read = <T>(path: string): T => JSON.parse(readFileSync(join(SITE, path), "utf8")) as T;
const manifest = read<Manifest>(MANIFEST);
const rowsOf = (table: string) => JSON.parse(readFileSync(join(DIST, "json", `${table}.json`), "utf8")) as { id: string }[];

describe("the explorer site's data", () => {
  it("names every table in the manifest with its count, and every data file with its size and sha256", () => {
    const tables = readdirSync(join(DIST, "json")).map((file) => file.replace(/\.json$/, "")).sort();
    expect(manifest.tables.map((t) => [t.name, t.count])).toEqual(tables.map((t) => [t, rowsOf(t).length]));
    const catalogue = JSON.parse(readFileSync(join(DIST, "dataset.jsonld"), "utf8")) as { distribution: { name: string; sha256: string }[] };
    expect(manifest.downloads.map((d) => d.path)).toEqual([...catalogue.distribution.map((d) => d.name), "dataset.jsonld"].sort());
    expect(manifest.downloads.filter((d) => d.path.startsWith("site/"))).toEqual([]);
  });

  it("keeps the site's own files out of dataset.jsonld and datapackage.json", () => {
    expect(readFileSync(join(DIST, "dataset.jsonld"), "utf8")).not.toContain('"site/');
    expect(readFileSync(join(DIST, "datapackage.json"), "utf8")).not.toContain('"site/');
  });

  it("pages every table's rows in id order, and puts each record in the chunk its id names", () => {
    for (const table of manifest.tables) {
      const ids = rowsOf(table.name).map((row) => row.id);
      const paged = Array.from({ length: table.pages }, (_, page) => read<TablePage>(pagePath(table.name, page)).rows.map((row) => row.id));
      expect(paged.flat(), table.name).toEqual(ids);
      expect(paged.slice(0, -1).every((page) => page.length === PAGE_ROWS)).toBe(true);
      for (const id of ids) {
        const chunk = read<RecordChunk>(chunkPath(table.name, chunkOf(id, table.chunks)));
        expect(chunk.entries.find((entry) => entry.id === id)?.record?.id, `${table.name}/${id}`).toBe(id);
      }
    }
  });

  it("hashes ids to chunks the same way in every build (FNV-1a)", () => {
    expect(chunkOf("", 7)).toBe(0x811c9dc5 % 7);
    expect(chunkOf("a", 2 ** 32 - 1)).toBe(0xe40c292c % (2 ** 32 - 1));
  });

  it("indexes names, alternative names and quotes in the shard of each word's first letters", () => {
    const find = (word: string) => {
      const shard = read<SearchShard>(shardPath(shardOf(word, manifest.searchPrefix)));
      return (shard.tokens[word] ?? []).map((index) => `${shard.refs[index]![0]}/${shard.refs[index]![1]}`);
    };
    expect(find("mirziyoyev")).toContain("persons/shavkat-mirziyoyev");
    expect(find("tashkent")).toContain("events/seventh-consultative-meeting-tashkent");
    expect(tokens("Kassym-Jomart Tokayev’s «Community»")).toEqual(["kassym", "jomart", "tokayev", "community"]);
    expect([shardOf("мир", 2), shardOf("мир", 1), shardOf("мир", 0), shardOf("tashkent", 2)]).toEqual(["u43cu438", "u43c", "all", "ta"]);
  });

  it("keeps the page's script under 200 KB gzipped", () => {
    const script = readFileSync(join(SITE, "app.js"));
    expect(gzipSync(script).length).toBeLessThan(200 * 1024);
  });
});
