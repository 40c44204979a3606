/**
 * The JSON Schema of the datapackage.json the build writes: the part of Data Package v2
 * this project uses, stricter than the official profile (which the tests and the release
 * validator also apply). The `DataPackage` type the emitter builds is generated from it
 * (`npm run schema-types` writes `generated/descriptor.ts`), so the descriptor's shape is
 * written once.
 */

const TEXT = { type: "string", minLength: 1 } as const;

export const DESCRIPTOR_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:central-asia-integration:release:datapackage",
  title: "DataPackage",
  description: "datapackage.json as the build writes it: a Data Package v2 descriptor with one tabular resource per CSV file.",
  type: "object",
  additionalProperties: false,
  required: ["$schema", "name", "title", "description", "version", "licenses", "sources", "resources"],
  properties: {
    $schema: { ...TEXT, description: "The Data Package profile." },
    name: { ...TEXT, description: "The package's name." },
    title: { ...TEXT, description: "The dataset's title." },
    description: { ...TEXT, description: "What the dataset holds." },
    version: { ...TEXT, description: "The version the build describes (`<next>-dev` when unreleased)." },
    homepage: { ...TEXT, description: "The dataset's home page." },
    keywords: { type: "array", items: TEXT, description: "Keywords." },
    licenses: {
      type: "array",
      minItems: 1,
      items: {
        title: "DescriptorLicense",
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: { name: TEXT, path: TEXT, title: TEXT },
      },
      description: "The licences, the data's first.",
    },
    sources: {
      type: "array",
      items: { title: "DescriptorSource", type: "object", additionalProperties: false, required: ["title"], properties: { title: TEXT } },
      description: "The source documents the data is taken from.",
    },
    resources: { type: "array", items: { anyOf: [{ $ref: "#/$defs/tableResource" }, { $ref: "#/$defs/fileResource" }] }, description: "The data files." },
  },
  $defs: {
    tableResource: {
      title: "TableResource",
      description: "A CSV file with its Table Schema.",
      type: "object",
      additionalProperties: false,
      required: ["name", "type", "path", "scheme", "format", "mediatype", "encoding", "description", "bytes", "hash", "dialect", "schema"],
      properties: {
        name: TEXT,
        type: { const: "table" },
        path: TEXT,
        scheme: { const: "file" },
        format: { const: "csv" },
        mediatype: { const: "text/csv" },
        encoding: { const: "utf-8" },
        description: TEXT,
        bytes: { type: "integer", minimum: 0 },
        hash: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
        dialect: {
          title: "Dialect",
          type: "object",
          additionalProperties: false,
          required: ["$schema", "header", "delimiter", "lineTerminator", "quoteChar", "doubleQuote"],
          properties: {
            $schema: TEXT,
            header: { type: "boolean" },
            delimiter: TEXT,
            lineTerminator: TEXT,
            quoteChar: TEXT,
            doubleQuote: { type: "boolean" },
          },
        },
        schema: {
          title: "TableSchema",
          type: "object",
          additionalProperties: false,
          required: ["$schema", "fields", "missingValues", "primaryKey"],
          properties: {
            $schema: TEXT,
            fields: { type: "array", items: { $ref: "#/$defs/field" } },
            missingValues: { type: "array", items: { type: "string" } },
            primaryKey: { type: "array", items: TEXT },
            foreignKeys: {
              type: "array",
              items: {
                title: "ForeignKey",
                type: "object",
                additionalProperties: false,
                required: ["fields", "reference"],
                properties: {
                  fields: { type: "array", items: TEXT },
                  reference: {
                    title: "ForeignKeyReference",
                    type: "object",
                    additionalProperties: false,
                    required: ["resource", "fields"],
                    properties: { resource: TEXT, fields: { type: "array", items: TEXT } },
                  },
                },
              },
            },
          },
        },
      },
    },
    fileResource: {
      title: "FileResource",
      description: "A JSON file that is not a table (the retired ids).",
      type: "object",
      additionalProperties: false,
      required: ["name", "path", "scheme", "format", "mediatype", "encoding", "description", "bytes", "hash"],
      properties: {
        name: TEXT,
        path: TEXT,
        scheme: { const: "file" },
        format: { const: "json" },
        mediatype: { const: "application/json" },
        encoding: { const: "utf-8" },
        description: TEXT,
        bytes: { type: "integer", minimum: 0 },
        hash: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
      },
    },
    field: {
      title: "Field",
      description: "A column of a CSV file.",
      type: "object",
      additionalProperties: false,
      required: ["name", "type", "description"],
      properties: {
        name: TEXT,
        type: { type: "string", enum: ["string", "number", "integer", "boolean", "date"] },
        description: TEXT,
        constraints: {
          title: "Constraints",
          type: "object",
          additionalProperties: false,
          properties: {
            required: { type: "boolean" },
            unique: { type: "boolean" },
            enum: { type: "array" },
            minLength: { type: "integer" },
            maxLength: { type: "integer" },
            pattern: { type: "string" },
            minimum: { type: "number" },
            maximum: { type: "number" },
          },
        },
      },
    },
  },
} as const;
