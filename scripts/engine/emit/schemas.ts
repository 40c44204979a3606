/** Self-contained copies of the table schemas, so a release can be checked without this repository. */
import { bundleTableSchema } from "../bundle.ts";
import type { Dataset } from "../model.ts";
import type { SchemaSet } from "../schemas.ts";
import type { Emitter } from "./emitter.ts";
import { jsonFile, type OutputFile } from "./output.ts";

export const schemasEmitter: Emitter = {
  name: "schemas",
  mediaTypes: [[".schema.json", "application/schema+json"]],
  emit: ({ dataset, schemas }) => emitSchemas(dataset, schemas),
};

function emitSchemas(dataset: Dataset, schemas: SchemaSet): OutputFile[] {
  return dataset.tables.map(({ table }) => jsonFile(`schemas/${table.name}.schema.json`, bundleTableSchema(table, schemas)));
}
