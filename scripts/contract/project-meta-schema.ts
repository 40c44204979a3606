/**
 * The JSON Schema of the project metadata the outputs state, as read from package.json
 * (`contract/project-meta.ts`). Its type is generated from it (`npm run schema-types`
 * writes `generated/project-meta.ts`), so the shape is written once.
 */

export const PROJECT_META_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:central-asia-integration:engine:project-meta",
  title: "ProjectMeta",
  description: "Package-level facts the outputs need, from package.json.",
  type: "object",
  additionalProperties: false,
  required: ["name", "version", "description", "title", "keywords", "licenses"],
  properties: {
    name: { type: "string", minLength: 1, description: "package.json `name`." },
    version: { type: "string", minLength: 1, description: "package.json `version`: the version released next, or already released." },
    description: { type: "string", minLength: 1, description: "package.json `description`." },
    title: { type: "string", minLength: 1, description: "package.json `datapackage.title`." },
    homepage: { type: "string", description: "package.json `homepage`." },
    author: { type: "string", description: "The package's author as a name, without the e-mail or URL npm allows after it." },
    keywords: { type: "array", items: { type: "string" }, description: "package.json `keywords`." },
    spatialCoverage: { type: "string", description: "Where the data is about: `datapackage.spatialCoverage`." },
    temporalCoverage: { type: "string", description: "When the data is about: `datapackage.temporalCoverage`." },
    documents: { type: "string", description: "Where the source documents are, relative to the project's folder: `evidence.documents`." },
    baseUrl: { type: "string", description: "The URL dist/'s files are published under, ending in /: `datapackage.baseUrl`." },
    licenses: {
      type: "array",
      minItems: 1,
      items: { $ref: "#/$defs/license" },
      description: "package.json `datapackage.licenses`, the data's licence first.",
    },
  },
  $defs: {
    license: {
      title: "License",
      description: "A licence as a Data Package lists it.",
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: {
        name: { type: "string", description: "An SPDX identifier." },
        path: { type: "string", description: "Where the licence text is." },
        title: { type: "string", description: "What the licence covers, in words." },
      },
    },
  },
} as const;

const TEXT = { type: "string", minLength: 1 } as const;

/**
 * The package.json fields the project metadata is read from: checked with every problem
 * reported at once, at its place in package.json. Other package.json fields are npm's.
 */
export const PACKAGE_JSON_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:central-asia-integration:engine:package-json",
  type: "object",
  required: ["name", "version", "description", "datapackage"],
  properties: {
    name: TEXT,
    version: TEXT,
    description: TEXT,
    homepage: TEXT,
    author: {
      anyOf: [TEXT, { type: "object", required: ["name"], properties: { name: TEXT } }],
    },
    keywords: { type: "array", items: TEXT },
    evidence: {
      type: "object",
      additionalProperties: false,
      properties: { documents: TEXT },
    },
    datapackage: {
      type: "object",
      additionalProperties: false,
      required: ["title", "licenses"],
      properties: {
        title: TEXT,
        licenses: {
          type: "array",
          minItems: 1,
          items: { type: "object", additionalProperties: false, required: ["name"], properties: { name: TEXT, path: TEXT, title: TEXT } },
        },
        spatialCoverage: TEXT,
        temporalCoverage: TEXT,
        baseUrl: { type: "string", pattern: "^https?://[^\\s]+/$" },
      },
    },
  },
} as const;
