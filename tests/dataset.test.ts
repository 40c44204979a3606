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

const DIST = join(REPO, "dist");

describe("committed dist/", () => {
  it("is byte-identical to a fresh build of schemas/ and sources/", async () => {
    const { problems, files } = await runPipeline(REPO, { emit: true });
    expect(problems).toEqual([]);
    const fresh = new Map(files.map((file) => [file.path, file.bytes.toString("base64")]));
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

  it("the current version's changes.json is the diff between its release and the one before", async () => {
    const changes = JSON.parse(readFileSync(join(DIST, "changes.json"), "utf8"));
    expect(changes.from).not.toBeNull();
    const older = await loadRelease(join(REPO, "releases", `${changes.name}-${changes.from}.tar.gz`));
    const newer = await loadRelease(join(REPO, "releases", `${changes.name}-${changes.to}.zip`));
    const diff = diffReleases(older, newer);
    expect({ required: diff.required, schema: diff.schema, tables: diff.tables }).toEqual({ required: changes.required, schema: changes.schema, tables: changes.tables });
    expect(diff.tables.length).toBeGreaterThan(0);
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
