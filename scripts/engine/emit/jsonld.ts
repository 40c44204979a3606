/**
 * dist/dataset.jsonld: a schema.org `Dataset` for search engines and catalogues, with one
 * `DataDownload` per output file (relative contentUrl, media type, size, sha256).
 *
 * Only what is stated somewhere is written: the package's name, description, version,
 * keywords and licences; the creator from package.json `author`; spatial and temporal
 * coverage only when package.json `datapackage.spatialCoverage` / `temporalCoverage`
 * state them (no coverage is guessed from the data). No dates: the build has no clock.
 */
import { createHash } from "node:crypto";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { describedVersion } from "./changes.ts";
import type { EmittedFile, Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";
import { compareText } from "../../contract/diagnostics.ts";

export const JSONLD_FILE = "dataset.jsonld";

/** Last in the registry: it catalogues every file emitted before it, with the media type its emitter declared. */
export const jsonLdEmitter: Emitter = {
  name: "jsonld",
  mediaTypes: [[".jsonld", "application/ld+json"]],
  emit: ({ meta, files }) => [emitJsonLd({ ...meta, version: describedVersion(files) }, files)],
};

function emitJsonLd(meta: ProjectMeta, files: readonly EmittedFile[]): OutputFile {
  const licenses = meta.licenses.map((licence) => licence.path ?? licence.name);
  const dataset = {
    "@context": "https://schema.org/",
    "@type": "Dataset",
    name: meta.title,
    alternateName: meta.name,
    description: meta.description,
    version: meta.version,
    ...(meta.homepage ? { url: meta.homepage } : {}),
    ...(meta.keywords.length ? { keywords: meta.keywords } : {}),
    // The first licence is the data's (package.json lists the data licence first).
    ...(licenses.length ? { license: licenses.length === 1 ? licenses[0] : licenses } : {}),
    isAccessibleForFree: true,
    ...(meta.author ? { creator: { "@type": "Organization", name: meta.author } } : {}),
    ...(meta.spatialCoverage ? { spatialCoverage: { "@type": "Place", name: meta.spatialCoverage } } : {}),
    ...(meta.temporalCoverage ? { temporalCoverage: meta.temporalCoverage } : {}),
    distribution: [...files]
      .sort((a, b) => compareText(a.path, b.path))
      .map(({ path, bytes, mediaType }) => ({
        "@type": "DataDownload",
        name: path,
        contentUrl: path,
        encodingFormat: mediaType,
        contentSize: `${bytes.length} B`,
        sha256: createHash("sha256").update(bytes).digest("hex"),
      })),
  };
  return jsonFile(JSONLD_FILE, dataset);
}
