import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../tests/helpers/project.ts";
import { cacheFolder, openStore } from "./store.ts";

describe("the cache store", () => {
  it("gives back what was written, Maps, typed arrays and shared objects as they were", () => {
    const store = openStore(tempDir(), ["engine", "node", "schemas"])!;
    const shared = { a: 1 };
    store.write("entry", { map: new Map([["x", new Uint8Array([1, 2])]]), left: shared, right: shared, zero: -0 });
    const read = store.read<{ map: Map<string, Uint8Array>; left: object; right: object; zero: number }>("entry")!;
    expect(read.map.get("x")).toEqual(new Uint8Array([1, 2]));
    expect(read.left).toBe(read.right);
    expect(Object.is(read.zero, -0)).toBe(true);
  });

  it("answers a missing or damaged entry with nothing rather than an error", () => {
    const store = openStore(tempDir(), ["k"])!;
    expect(store.read("absent")).toBeUndefined();
    writeFileSync(join(store.folder, "damaged"), "not a serialized value");
    expect(store.read("damaged")).toBeUndefined();
  });

  it("keeps one key's folder: opening another key removes the others", () => {
    const base = tempDir();
    const first = openStore(base, ["engine-1"])!;
    first.write("entry", 1);
    const second = openStore(base, ["engine-2"])!;
    expect(second.read("entry")).toBeUndefined();
    expect(existsSync(first.folder)).toBe(false);
    expect(readdirSync(base)).toEqual([second.folder.slice(base.length + 1)]);
  });

  it("skips a write it cannot make (its folder removed by a build with another key), leaving nothing behind", () => {
    const store = openStore(tempDir(), ["k"])!;
    rmSync(store.folder, { recursive: true });
    expect(() => store.write("entry", { a: 1 })).not.toThrow();
    expect(existsSync(store.folder)).toBe(false);
  });

  it("lives in the project's node_modules/.cache, and nowhere when the project has no node_modules", () => {
    const project = tempDir();
    expect(cacheFolder(project)).toBeUndefined();
    mkdirSync(join(project, "node_modules"));
    expect(cacheFolder(project)).toBe(join(project, "node_modules", ".cache", "central-asia-integration"));
  });
});
