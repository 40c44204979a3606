/**
 * Package-level facts the outputs need (name, version, licences, title), read from
 * package.json so a release has one version number and one place to change it. Their
 * type is generated from `project-meta-schema.ts`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isObject } from "./shapes.ts";

export type { License, ProjectMeta } from "./generated/project-meta.ts";
import type { License, ProjectMeta } from "./generated/project-meta.ts";

export function readProjectMeta(root: string): ProjectMeta {
  const file = join(root, "package.json");
  const pkg: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isObject(pkg)) throw new Error(`${file}: expected a JSON object`);
  const dp = isObject(pkg.datapackage) ? pkg.datapackage : {};
  const need = (value: unknown, what: string): string => {
    if (typeof value !== "string" || value === "") throw new Error(`${file}: "${what}" must be a non-empty string`);
    return value;
  };
  const licenses = Array.isArray(dp.licenses) ? (dp.licenses as License[]) : [];
  const [first, ...rest] = licenses;
  if (!first) throw new Error(`${file}: "datapackage.licenses" must list at least one licence`);
  return {
    name: need(pkg.name, "name"),
    version: need(pkg.version, "version"),
    description: need(pkg.description, "description"),
    title: need(dp.title, "datapackage.title"),
    ...(typeof pkg.homepage === "string" ? { homepage: pkg.homepage } : {}),
    ...authorOf(pkg.author),
    ...(typeof dp.spatialCoverage === "string" ? { spatialCoverage: dp.spatialCoverage } : {}),
    ...(typeof dp.temporalCoverage === "string" ? { temporalCoverage: dp.temporalCoverage } : {}),
    keywords: Array.isArray(pkg.keywords) ? pkg.keywords.map(String) : [],
    licenses: [first, ...rest],
  };
}

/** npm accepts "Name <mail> (url)" or { name, email, url }; the outputs want the name. */
function authorOf(author: unknown): { author?: string } {
  const name = typeof author === "string" ? author.replace(/\s*[<(].*$/, "") : isObject(author) && typeof author.name === "string" ? author.name : undefined;
  return name ? { author: name } : {};
}
