/**
 * dist/datapackage.json: a Frictionless Data Package v2 descriptor with one tabular
 * resource per CSV file, each with an inline Table Schema derived from the JSON Schema.
 * Profile defects worked around: no `list` fields, no `fieldsMatch`, no `created`.
 */
import type { Column, CsvLayout } from "../../contract/flatten.ts";
import { DOCUMENT_SHA256 } from "../../contract/keywords.ts";
import type { Dataset } from "../model.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import { CSV_LINE_END, csvPath } from "./csv.ts";
import { csvLayouts, LIST_SEPARATOR } from "../../contract/flatten.ts";
import { describedVersion } from "./changes.ts";
import type { EmittedFile, Emitter } from "./emitter.ts";
import type { Constraints, DataPackage, Field, FileResource, TableResource } from "../../contract/generated/descriptor.ts";
import { TOMBSTONES_JSON } from "./json.ts";
import { jsonFile, type OutputFile } from "./output.ts";

const PROFILES = "https://datapackage.org/profiles/2.0";

export const dataPackageEmitter: Emitter = {
  name: "datapackage",
  mediaTypes: [[".json", "application/json"]],
  emit: ({ meta, dataset, files }) => [emitDataPackage({ ...meta, version: describedVersion(files) }, dataset, files)],
};

/** Describes the CSV and tombstone files already emitted (csv and json run before it). */
function emitDataPackage(meta: ProjectMeta, dataset: Dataset, files: readonly EmittedFile[]): OutputFile {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const csv = dataset.tables.flatMap(({ table }) =>
    csvLayouts(table).map((layout) => {
      const file = byPath.get(csvPath(layout));
      if (!file) throw new Error(`datapackage.json describes ${csvPath(layout)}, which no earlier emitter wrote`);
      return { layout, file };
    }),
  );
  const tombstones = byPath.get(TOMBSTONES_JSON);
  const descriptor: DataPackage = {
    $schema: `${PROFILES}/datapackage.json`,
    name: meta.name,
    title: meta.title,
    description: meta.description,
    version: meta.version,
    ...(meta.homepage ? { homepage: meta.homepage } : {}),
    ...(meta.keywords.length ? { keywords: meta.keywords } : {}),
    licenses: meta.licenses,
    sources: documentSources(dataset),
    resources: [
      ...csv.map(({ layout, file }) => resource(layout, file)),
      ...(tombstones ? [tombstoneResource(tombstones)] : []),
    ],
  };
  return jsonFile("datapackage.json", descriptor);
}

/** The records that stand for source documents (their table has an `x-document-sha256` property). */
function documentSources(dataset: Dataset): { title: string }[] {
  return dataset.tables
    .filter(({ table }) => table.shape.properties.some((p) => p.shape.schema[DOCUMENT_SHA256] === true))
    .flatMap(({ rows }) => rows.map((row) => ({ title: typeof row.title === "string" ? row.title : `Untitled source "${String(row.id)}"` })));
}

function resource(layout: CsvLayout, file: EmittedFile): TableResource {
  const foreignKeys = layout.columns.flatMap((column) => {
    const target = column.parentReference ?? (column.shape.kind === "scalar" ? column.shape.references : undefined);
    return target ? [{ fields: [column.name], reference: { resource: target, fields: ["id"] } }] : [];
  });
  return {
    name: layout.name,
    type: "table",
    path: file.path,
    scheme: "file",
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    description: layout.description,
    bytes: file.size,
    hash: `sha256:${file.sha256}`,
    dialect: {
      $schema: `${PROFILES}/tabledialect.json`,
      header: true,
      delimiter: ",",
      lineTerminator: CSV_LINE_END,
      quoteChar: '"',
      doubleQuote: true,
    },
    schema: {
      $schema: `${PROFILES}/tableschema.json`,
      fields: layout.columns.map(field),
      missingValues: [""],
      primaryKey: layout.primaryKey,
      ...(foreignKeys.length ? { foreignKeys } : {}),
    },
  };
}

/** Retired ids are not a table of the dataset, but a downloader needs them to resolve old ids. */
function tombstoneResource(file: EmittedFile): FileResource {
  return {
    name: "tombstones",
    path: file.path,
    scheme: "file",
    format: "json",
    mediatype: "application/json",
    encoding: "utf-8",
    description: "Ids that no longer name a record: each with its table, status (moved or removed), the new id when moved, and the reason.",
    bytes: file.size,
    hash: `sha256:${file.sha256}`,
  };
}

function field(column: Column): Field {
  if (column.shape.kind === "list") {
    return {
      name: column.name,
      type: "string",
      description: `${column.description} (List: items separated by "${LIST_SEPARATOR}".)`,
      ...(column.required ? { constraints: { required: true } } : {}),
    };
  }
  const schema = column.shape.schema;
  const type = column.shape.type === "string" && schema.format === "date" ? "date" : column.shape.type;
  const constraints: Constraints = {};
  if (column.required) constraints.required = true;
  if (column.name === "id" && column.parentReference === undefined) constraints.unique = true;
  if (Array.isArray(schema.enum)) constraints.enum = schema.enum;
  if (type === "string") {
    if (typeof schema.minLength === "number") constraints.minLength = schema.minLength;
    if (typeof schema.maxLength === "number") constraints.maxLength = schema.maxLength;
    const pattern = anchoredPattern(schema.pattern);
    if (pattern) constraints.pattern = pattern;
  }
  if (type === "integer" || type === "number") {
    if (typeof schema.minimum === "number") constraints.minimum = schema.minimum;
    if (typeof schema.maximum === "number") constraints.maximum = schema.maximum;
  }
  return {
    name: column.name,
    type,
    description: column.description,
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

/**
 * Table Schema patterns match the whole value (XML Schema style) while JSON Schema
 * patterns search; only a pattern anchored at both ends means the same in both.
 */
function anchoredPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || !pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) return undefined;
  return pattern.slice(1, -1);
}
