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
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { jsonFile, type OutputFile } from "./output.ts";
import { compareText } from "../../contract/diagnostics.ts";

export const JSONLD_FILE = "dataset.jsonld";

const MEDIA_TYPES: [suffix: string, type: string][] = [
  [".schema.json", "application/schema+json"],
  [".d.ts", "application/typescript"],
  [".json", "application/json"],
  [".jsonld", "application/ld+json"],
  [".csv", "text/csv"],
  [".js", "text/javascript"],
  [".html", "text/html"],
];

export function mediaType(path: string): string {
  return MEDIA_TYPES.find(([suffix]) => path.endsWith(suffix))?.[1] ?? "application/octet-stream";
}

export function emitJsonLd(root: string, meta: ProjectMeta, files: readonly OutputFile[]): OutputFile {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  const dp = (typeof pkg.datapackage === "object" && pkg.datapackage !== null ? pkg.datapackage : {}) as Record<string, unknown>;
  const author = typeof pkg.author === "string" ? pkg.author.replace(/\s*[<(].*$/, "") : (pkg.author as { name?: unknown } | undefined)?.name;
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
    ...(typeof author === "string" && author ? { creator: { "@type": "Organization", name: author } } : {}),
    ...(typeof dp.spatialCoverage === "string" ? { spatialCoverage: { "@type": "Place", name: dp.spatialCoverage } } : {}),
    ...(typeof dp.temporalCoverage === "string" ? { temporalCoverage: dp.temporalCoverage } : {}),
    distribution: files
      .filter((file) => file.path !== JSONLD_FILE)
      .map((file) => file.path)
      .sort(compareText)
      .map((path) => {
        const bytes = files.find((file) => file.path === path)!.bytes;
        return {
          "@type": "DataDownload",
          name: path,
          contentUrl: path,
          encodingFormat: mediaType(path),
          contentSize: `${bytes.length} B`,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        };
      }),
  };
  return jsonFile(JSONLD_FILE, dataset);
}
