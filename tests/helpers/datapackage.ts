/** Independent checks of a built dist/: the official profile, byte counts, hashes and CSV headers. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "csv-parse/sync";
import { sharedPath } from "./shared.ts";

/** Under ../shared: a test reading it calls needsShared(context, PROFILE_IN_SHARED) first. */
export const PROFILE_IN_SHARED = "specs/datapackage-2.0/datapackage.json";
export const PROFILE = sharedPath(PROFILE_IN_SHARED);

/** Errors of the descriptor against the official Data Package v2 profile (JSON Schema draft-07). */
export function profileErrors(descriptor: unknown): unknown[] {
  const profile = JSON.parse(readFileSync(PROFILE, "utf8"));
  // The profile uses annotation keywords of its own (propertyOrder, context, options).
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const check = ajv.compile(profile);
  return check(descriptor) ? [] : (check.errors ?? []);
}

interface Resource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  /** Only tabular resources have one. */
  schema?: { fields: { name: string }[] };
}

/** One line per resource whose file disagrees with what the descriptor says of it. */
export function resourceMismatches(dist: string): string[] {
  const descriptor = JSON.parse(readFileSync(join(dist, "datapackage.json"), "utf8")) as { resources: Resource[] };
  const problems: string[] = [];
  for (const resource of descriptor.resources) {
    const bytes = readFileSync(join(dist, resource.path));
    if (bytes.length !== resource.bytes) problems.push(`${resource.name}: bytes ${resource.bytes} != ${bytes.length}`);
    const hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    if (hash !== resource.hash) problems.push(`${resource.name}: hash ${resource.hash} != ${hash}`);
    if (!resource.schema) continue;
    const [header] = parse(bytes, { to_line: 1 }) as string[][];
    const fields = resource.schema.fields.map((f) => f.name);
    if (JSON.stringify(header) !== JSON.stringify(fields)) problems.push(`${resource.name}: header ${header} != fields ${fields}`);
  }
  return problems;
}
