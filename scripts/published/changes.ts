/**
 * `changes.json`, published in every release: what it changes against the release before
 * it. The build writes it and the release tool and changelog read it, so its name and
 * type live here, below both; the type is generated from its JSON Schema
 * (`contract/changes-schema.ts`), which the build publishes beside it.
 */
export type { Changes } from "../contract/generated/changes.ts";

export const CHANGES_JSON = "changes.json";

/** Where the build publishes the schema of changes.json, under dist/. */
export const CHANGES_SCHEMA_JSON = "schemas/release/changes.schema.json";

/** The pre-release tag of a build whose data is not published yet: `1.3.0-dev`. */
export const DEV_TAG = "dev";
