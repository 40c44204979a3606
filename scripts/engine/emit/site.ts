/**
 * dist/site/: the explorer, a static site over the release's data (home, table views with
 * facets, record pages with evidence and backlinks, search, a timeline and charts). The page
 * and its script are the same for every dataset; what it shows comes from data files
 * written here in the layout of site/layout.ts: a small manifest read at start, and per
 * table pages, facet counts, record chunks and search shards read on demand, so that
 * nothing the home page loads grows with the number of records.
 *
 * Last in the registry: the catalogue (dataset.jsonld) lists the data files only, and the
 * site lists the catalogue's files for download and embeds the catalogue in its page.
 */
import { readFileSync } from "node:fs";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { compareText } from "../../contract/diagnostics.ts";
import type { Dataset } from "../model.ts";
import { describedVersion } from "./changes.ts";
import { nextTurn, type EmitMemo, type EmittedFile, type Emitter, type EmitterState, type TableOutputs } from "./emitter.ts";
import { JSONLD_FILE } from "./jsonld.ts";
import type { OutputFile } from "./output.ts";
import { clientBundle } from "./site/bundle.ts";
import { chunksAndShards, siteData, SITE_FOLDER } from "./site/chunks-and-shards.ts";
import { CHARTS, shardPrefix, facetsPath, MANIFEST, pagePath, TIMELINE, type Manifest, type TableMeta } from "./site/layout.ts";
import { CHART_TABLES, charts, timeline, TIMELINE_TABLES } from "./site/pictures.ts";
import { tableFacets, tableMeta, tablePages } from "./site/tables.ts";

const ASSETS = new URL("./site/", import.meta.url);

export const siteEmitter: Emitter = {
  name: "site",
  mediaTypes: [
    [".html", "text/html"],
    [".css", "text/css"],
    [".js", "text/javascript"],
    [".json", "application/json"],
  ],
  emit: async ({ meta, dataset, files, tableOutputs, state, memo }) => emitSite({ ...meta, version: describedVersion(files) }, dataset, files, await clientBundle(), { tableOutputs, state, memo }),
};

async function emitSite(meta: ProjectMeta, dataset: Dataset, files: readonly EmittedFile[], bundle: Buffer, { tableOutputs, state, memo }: { tableOutputs?: TableOutputs | undefined; state?: EmitterState | undefined; memo?: EmitMemo | undefined }): Promise<OutputFile[]> {
  const metas = new Map<string, TableMeta>(dataset.tables.map((table) => [table.table.name, tableMeta(table)]));
  const perTable = (table: string, path: string, make: () => unknown): OutputFile => {
    const made = () => siteData(path, make()).bytes;
    return tableOutputs ? tableOutputs.file(table, `${SITE_FOLDER}/${path}`, made) : { path: `${SITE_FOLDER}/${path}`, bytes: made() };
  };
  const out: OutputFile[] = [];
  for (const data of dataset.tables) {
    const { table } = data;
    const tableMetaOf = metas.get(table.name)!;
    out.push(perTable(table.name, facetsPath(table.name), () => tableFacets(tableMetaOf, data.rows)));
    // Pages are made together but cached one by one, so the cache holds each file's bytes.
    let pages: ReturnType<typeof tablePages> | undefined;
    for (let page = 0; page < tableMetaOf.pages; page++) {
      out.push(perTable(table.name, pagePath(table.name, page), () => (pages ??= tablePages(tableMetaOf, data.rows))[page]));
    }
  }
  // Each part takes seconds at 100,000 records: the lock on dist/ must be refreshed between them.
  await nextTurn();
  out.push(...(await chunksAndShards(dataset, metas, tableOutputs, state)));
  // A picture depends on its tables' rows alone: the same source files, the same picture.
  const picture = (tables: readonly string[], make: () => unknown) => (memo && tableOutputs ? memo.value(`site ${tables.map((table) => `${table} ${tableOutputs.digest(table)}`).join(" ")}`, make) : make());
  out.push(siteData(TIMELINE, picture(TIMELINE_TABLES, () => timeline(dataset))), siteData(CHARTS, picture(CHART_TABLES, () => charts(dataset))));
  const jsonld = files.find((file) => file.path === JSONLD_FILE);
  // The registry puts the catalogue before the site; without it there is nothing to list.
  if (!jsonld) throw new Error(`${JSONLD_FILE} must be emitted before the site`);
  const catalogue = JSON.parse(jsonld.read().toString("utf8")) as Catalogue;
  out.push(siteData(MANIFEST, manifest(meta, [...metas.values()], catalogue, jsonld)));
  out.push(
    { path: `${SITE_FOLDER}/index.html`, bytes: Buffer.from(page(meta, catalogue), "utf8") },
    { path: `${SITE_FOLDER}/app.css`, bytes: readFileSync(new URL("page.css", ASSETS)) },
    { path: `${SITE_FOLDER}/app.js`, bytes: bundle },
  );
  return out;
}

interface Catalogue {
  citation?: string;
  distribution: { name: string; contentUrl: string; encodingFormat: string; contentSize: string; sha256: string }[];
  [key: string]: unknown;
}

function manifest(meta: ProjectMeta, tables: TableMeta[], catalogue: Catalogue, jsonld: EmittedFile): Manifest {
  const author = meta.author ?? `${meta.title} contributors`;
  const downloads = catalogue.distribution.map((file) => ({ path: file.name, bytes: Number.parseInt(file.contentSize, 10), sha256: file.sha256, mediaType: file.encodingFormat }));
  // The catalogue cannot list itself; the site can.
  downloads.push({ path: JSONLD_FILE, bytes: jsonld.size, sha256: jsonld.sha256, mediaType: jsonld.mediaType });
  downloads.sort((a, b) => compareText(a.path, b.path));
  return {
    name: meta.name,
    title: meta.title,
    description: meta.description,
    version: meta.version,
    licence: meta.licenses.map((licence) => ({ name: licence.title ?? licence.name, ...(licence.path ? { url: licence.path } : {}) })),
    citation: catalogue.citation ?? `${author}. ${meta.title} (version ${meta.version}) [Data set].`,
    downloads,
    searchPrefix: shardPrefix(tables.reduce((sum, table) => sum + table.count, 0)),
    tables,
  };
}

function page(meta: ProjectMeta, catalogue: Catalogue): string {
  // The page lives one folder below the catalogue: relative download URLs are rewritten to stay right.
  const embedded = {
    ...catalogue,
    distribution: catalogue.distribution.map((file) => ({ ...file, contentUrl: /^[a-z]+:/i.test(file.contentUrl) ? file.contentUrl : `../${file.contentUrl}` })),
  };
  // "<" escaped so that no value can close the script element it is embedded in.
  const jsonld = JSON.stringify(embedded, null, 2).replace(/</g, "\\u003c");
  return readFileSync(new URL("page.html", ASSETS), "utf8")
    // Replacer functions: a "$" in the inserted text must not act as a replacement pattern.
    .replaceAll("{{title}}", () => escapeHtml(`${meta.title} ${meta.version}`))
    .replace("{{description}}", () => escapeHtml(meta.description))
    .replace("{{jsonld}}", () => jsonld);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
