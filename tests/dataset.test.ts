/** The real dataset: committed dist/ is current, true to its descriptor, and its evidence verifies. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { coverage } from "../scripts/engine/coverage.ts";
import { loadDocuments } from "../scripts/engine/documents.ts";
import { exportName } from "../scripts/engine/emit/typescript.ts";
import { DOCUMENT_SHA256, QUOTE_IN } from "../scripts/contract/keywords.ts";
import { runPipeline } from "../scripts/engine/pipeline.ts";
import { validateProject } from "../scripts/engine/validate.ts";
import { PROFILE_IN_SHARED, profileErrors, resourceMismatches } from "./helpers/datapackage.ts";
import { REPO, snapshot, tempDir } from "./helpers/project.ts";
import { needsShared, sharedPath } from "./helpers/shared.ts";
import { typeErrors } from "./helpers/typescript.ts";
import { validateDownload } from "../scripts/verify/cli.ts";
import { diffReleases } from "../scripts/published/diff.ts";
import { loadRelease } from "../scripts/published/files.ts";
import { BUMP_RANK, compareVersions, publishedReleases, stepKind } from "../scripts/published/versions.ts";

const DIST = join(REPO, "dist");

describe("committed dist/", () => {
  it("is byte-identical to a fresh build of schemas/ and sources/", async () => {
    const { problems, files } = await runPipeline(REPO, { emit: true });
    expect(problems).toEqual([]);
    const fresh = new Map(files.map((file) => [file.path, file.read().toString("base64")]));
    const committed = snapshot(DIST);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, bytes] of fresh) expect(committed.get(path), `dist/${path} is stale: run npm run build`).toBe(bytes);
  });

  it("has true byte counts, hashes and CSV headers in datapackage.json", () => {
    expect(resourceMismatches(DIST)).toEqual([]);
  });

  it("validates against the official Data Package v2 profile", (context) => {
    needsShared(context, PROFILE_IN_SHARED);
    expect(profileErrors(JSON.parse(readFileSync(join(DIST, "datapackage.json"), "utf8")))).toEqual([]);
  });

  it("names every source document by a title, none as untitled", () => {
    const descriptor = JSON.parse(readFileSync(join(DIST, "datapackage.json"), "utf8")) as { sources: { title: string }[] };
    expect(descriptor.sources.length).toBeGreaterThan(0);
    for (const source of descriptor.sources) expect(source.title).not.toMatch(/^Untitled/);
  });

  it("can be imported by a strict TypeScript consumer", () => {
    const tables = Object.keys(JSON.parse(readFileSync(join(DIST, "data.json"), "utf8"))).map(exportName);
    const dir = tempDir();
    const consumer = [
      `import { ${tables.join(", ")} } from ${JSON.stringify(join(DIST, "index.js"))};`,
      ...tables.map((name) => `export const ${name}Ids: readonly string[] = ${name}.map((record) => record.id);`),
    ].join("\n");
    expect(typeErrors(dir, { "consumer.ts": consumer })).toEqual([]);
  });
});

describe("published releases in releases/", () => {
  const archives = existsSync(join(REPO, "releases")) ? readdirSync(join(REPO, "releases")).filter((name) => name !== "SHA256SUMS").sort() : [];

  it.each(archives)("%s validates clean with the download validator", async (archive) => {
    const out: string[] = [];
    const status = await validateDownload(join(REPO, "releases", archive), { format: "json" }, { out: (line) => out.push(line), err: (line) => out.push(line) });
    expect(JSON.parse(out.join("\n"))).toMatchObject({ valid: true, problems: [] });
    expect(status).toBe(0);
  });

  it("dist/changes.json is the diff from the release it names to this build", async () => {
    const changes = JSON.parse(readFileSync(join(DIST, "changes.json"), "utf8"));
    expect(changes.from).not.toBeNull();
    const older = await loadRelease(join(REPO, "releases", `${changes.name}-${changes.from}.tar.gz`));
    // Unreleased data is compared with dist/ itself; a released build with its own archive.
    const newer = await loadRelease(changes.unreleased ? DIST : join(REPO, "releases", `${changes.name}-${changes.to}.zip`));
    const diff = diffReleases(older, newer);
    expect({ required: diff.required, schema: diff.schema, tables: diff.tables }).toEqual({ required: changes.required, schema: changes.schema, tables: changes.tables });
  });

  it("dist/ holds the data of the release it describes byte for byte, or says it is unreleased since the last release", async () => {
    const changes = JSON.parse(readFileSync(join(DIST, "changes.json"), "utf8"));
    const releases = publishedReleases(REPO, changes.name);
    if (changes.unreleased) {
      // Unreleased data is compared with the last release, and describes a version above it.
      expect(changes.from).toBe(releases.at(-1)!.version);
      expect(changes.to).toMatch(/^\d+\.\d+\.\d+-dev$/);
      expect(compareVersions(changes.to.replace(/-dev$/, ""), changes.from)).toBeGreaterThan(0);
      return;
    }
    // The data and its description; files the engine adds or words differently since are listed in the changelog's notes.
    const isData = (path: string) => /^(json|csv)\/[^/]+$|^schemas\/[^/]+\.schema\.json$|^(data|tombstones|changes)\.json$/.test(path);
    const published = await loadRelease(join(REPO, "releases", `${changes.name}-${changes.to}.tar.gz`), { allFiles: true });
    const inArchive = new Map([...published].filter(([path]) => isData(path)).map(([path, bytes]) => [path, Buffer.from(bytes).toString("base64")]));
    const committed = new Map([...snapshot(DIST)].filter(([path]) => isData(path)));
    expect(committed.size).toBeGreaterThan(0);
    expect(committed).toEqual(inArchive);
  });

  it("every published release takes a version step at least as big as its changes need", async () => {
    const releases = publishedReleases(REPO, JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).name);
    expect(releases.length).toBeGreaterThan(0);
    for (const [index, newer] of releases.entries()) {
      const older = releases[index - 1];
      if (!older) continue;
      const diff = diffReleases(await loadRelease(join(REPO, "releases", older.archives[0]!)), await loadRelease(join(REPO, "releases", newer.archives[0]!)));
      expect(BUMP_RANK[stepKind(older.version, newer.version)], `${older.version} -> ${newer.version} needs a ${diff.required} release`).toBeGreaterThanOrEqual(BUMP_RANK[diff.required]);
    }
  });
});

describe("data model", () => {
  it("requires evidence with a verifiable quote on every record of every table but the source documents", () => {
    const { schemas } = validateProject(REPO);
    expect(schemas.tables.size).toBeGreaterThan(0);
    for (const table of schemas.tables.values()) {
      const isDocumentTable = table.shape.properties.some((p) => p.shape.schema[DOCUMENT_SHA256] === true);
      if (isDocumentTable) continue;
      const evidence = table.shape.properties.find(
        (p) => p.shape.kind === "list" && p.shape.items.kind === "object" && p.shape.items.properties.some((q) => q.shape.schema[QUOTE_IN] !== undefined),
      );
      expect(evidence?.required, `${table.name} must require evidence`).toBe(true);
      expect(evidence?.shape.schema.minItems, `${table.name} evidence needs minItems 1`).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("evidence against the source documents in ../shared/seeds", () => {
  let documents: ReturnType<typeof loadDocuments>;
  beforeEach((context) => {
    needsShared(context, "seeds");
    documents ??= loadDocuments(sharedPath("seeds"));
  });

  it("verifies every document hash and every quote", () => {
    expect(validateProject(REPO, documents).problems).toEqual([]);
  });

  it("cites every sentence of every document", () => {
    const { records } = validateProject(REPO, documents);
    const report = coverage(records, documents);
    expect(report.length).toBe(documents.size);
    for (const entry of report) expect(entry.uncited.map((s) => `${entry.source}:${s.line}: ${s.text}`)).toEqual([]);
  });
});
