/**
 * dist/dataset.jsonld: a schema.org `Dataset` for search engines and catalogues, with one
 * `DataDownload` per output file (relative contentUrl, media type, size, sha256).
 *
 * Only what is stated somewhere is written: the package's name, description, version,
 * keywords and licences; the creator from package.json `author`; spatial and temporal
 * coverage only when package.json `datapackage.spatialCoverage` / `temporalCoverage`
 * state them (no coverage is guessed from the data); the source documents the data is
 * based on. A released version also gets its release date (from CHANGELOG.md, or the one
 * `npm run release` is recording: the build has no clock), a citation and a Package URL.
 * Download URLs are absolute when package.json `datapackage.baseUrl` says where dist/ is.
 */
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { DOCUMENT_SHA256 } from "../../contract/keywords.ts";
import type { Dataset } from "../model.ts";
import { describedChanges } from "./changes.ts";
import type { EmittedFile, Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";
import { compareText } from "../../contract/diagnostics.ts";

export const JSONLD_FILE = "dataset.jsonld";

/** Last in the registry: it catalogues every file emitted before it, with the media type its emitter declared. */
export const jsonLdEmitter: Emitter = {
  name: "jsonld",
  mediaTypes: [[".jsonld", "application/ld+json"]],
  emit: ({ meta, files, dataset, history }) => {
    const described = describedChanges(files);
    // A release date and a citable identifier belong to a released version only.
    const released = described.unreleased ? undefined : { date: history.date };
    return [emitJsonLd({ ...meta, version: described.to }, files, basedOn(dataset), released)];
  },
};

/**
 * The source documents, from the tables whose records stand for one (an `x-document-sha256`
 * property): each named by its title and language where the record states them, and
 * identified by the sha256 of its bytes. No URL or publisher: the records state none.
 */
function basedOn(dataset: Dataset): object[] {
  return dataset.tables.flatMap((data) => {
    const hash = data.table.shape.properties.find((p) => p.shape.schema[DOCUMENT_SHA256] === true)?.name;
    if (!hash) return [];
    return data.rows.map((row) => ({
      "@type": "CreativeWork",
      ...(typeof row.title === "string" ? { name: row.title } : {}),
      ...(typeof row.language === "string" ? { inLanguage: row.language } : {}),
      identifier: { "@type": "PropertyValue", propertyID: "sha256", value: String(row[hash]) },
    }));
  });
}

function emitJsonLd(meta: ProjectMeta, files: readonly EmittedFile[], sources: object[], released: { date?: string } | undefined): OutputFile {
  const licenses = meta.licenses.map((licence) => licence.path ?? licence.name);
  // contentUrl is relative unless package.json says where dist/ is published.
  const url = (path: string) => (meta.baseUrl ? new URL(path, meta.baseUrl).href : path);
  const author = meta.author ?? `${meta.title} contributors`;
  const dataset = {
    "@context": "https://schema.org/",
    "@type": "Dataset",
    name: meta.title,
    alternateName: meta.name,
    description: meta.description,
    version: meta.version,
    ...(released ? { identifier: `pkg:npm/${meta.name.replace(/^@/, "%40")}@${meta.version}` } : {}),
    ...(released?.date ? { datePublished: released.date } : {}),
    ...(released?.date ? { citation: `${author} (${released.date.slice(0, 4)}). ${meta.title} (version ${meta.version}) [Data set].` } : {}),
    ...(meta.homepage ? { url: meta.homepage } : {}),
    ...(meta.keywords.length ? { keywords: meta.keywords } : {}),
    // The first licence is the data's (package.json lists the data licence first).
    ...(licenses.length ? { license: licenses.length === 1 ? licenses[0] : licenses } : {}),
    isAccessibleForFree: true,
    ...(meta.author ? { creator: { "@type": "Organization", name: meta.author } } : {}),
    ...(meta.spatialCoverage ? { spatialCoverage: { "@type": "Place", name: meta.spatialCoverage } } : {}),
    ...(meta.temporalCoverage ? { temporalCoverage: meta.temporalCoverage } : {}),
    ...(sources.length ? { isBasedOn: sources } : {}),
    distribution: [...files]
      .sort((a, b) => compareText(a.path, b.path))
      .map(({ path, size, sha256, mediaType }) => ({
        "@type": "DataDownload",
        name: path,
        contentUrl: url(path),
        encodingFormat: mediaType,
        contentSize: `${size} B`,
        sha256,
      })),
  };
  return jsonFile(JSONLD_FILE, dataset);
}
