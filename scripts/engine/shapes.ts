/**
 * The shape of a table as the emitters need it: which properties hold scalars,
 * nested objects or lists, in schema order, with `$ref`s resolved. The schema's own
 * conventions are checked on the way, since the walk visits every property anyway.
 */
import type { Diagnostic, Location } from "./diagnostics.ts";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES } from "./keywords.ts";
import type { YamlFile } from "./yaml-file.ts";

export type JsonSchema = Record<string, unknown>;
export type ScalarType = "string" | "integer" | "number" | "boolean";

interface ShapeBase {
  description: string;
  /** The schema of this value with `$ref` resolved (siblings of `$ref` win). */
  schema: JsonSchema;
}
export interface ScalarShape extends ShapeBase {
  kind: "scalar";
  type: ScalarType;
  references?: string;
}
export interface ObjectShape extends ShapeBase {
  kind: "object";
  properties: { name: string; shape: Shape; required: boolean }[];
}
export interface ListShape extends ShapeBase {
  kind: "list";
  items: ScalarShape | ObjectShape;
}
export type Shape = ScalarShape | ObjectShape | ListShape;

/** A parsed schema file: its `$id` names it for `$ref`s from other files. */
export interface SchemaFile {
  id: string;
  yaml: YamlFile;
  data: JsonSchema;
}

const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;
const SCALAR_TYPES = new Set(["string", "integer", "number", "boolean"]);
const UNSUPPORTED = ["anyOf", "oneOf", "allOf", "not", "if", "patternProperties", "prefixItems", "dependentSchemas"];

interface Cursor {
  file: SchemaFile;
  path: (string | number)[];
}

export class ShapeReader {
  readonly problems: Diagnostic[] = [];

  constructor(
    private readonly files: Map<string, SchemaFile>,
    private readonly tableNames: Set<string>,
  ) {}

  readTable(file: SchemaFile): ObjectShape | undefined {
    const shape = this.read(file.data, { file, path: [] }, 0);
    if (shape?.kind !== "object") {
      this.fail({ file, path: [] }, "a table schema must describe an object (\"type\": \"object\")");
      return undefined;
    }
    for (const key of ["$id", "title", "description"]) {
      if (typeof file.data[key] !== "string") this.fail({ file, path: [] }, `a table schema needs a string "${key}"`);
    }
    const first = shape.properties[0];
    if (first?.name !== "id" || !first.required || first.shape.kind !== "scalar" || first.shape.type !== "string") {
      this.fail({ file, path: ["properties"] }, 'the first property must be a required string "id"');
    }
    return shape;
  }

  private read(node: unknown, at: Cursor, listDepth: number): Shape | undefined {
    if (!isObject(node)) {
      this.fail(at, "expected a schema object");
      return undefined;
    }
    const resolved = this.resolve(node, at);
    if (!resolved) return undefined;
    const { schema, cursor } = resolved;
    for (const keyword of UNSUPPORTED) {
      if (keyword in schema) this.fail(cursor, `"${keyword}" is not supported: the CSV and TypeScript outputs need one shape per property`);
    }
    const description = schema.description;
    if (typeof description !== "string" || description.trim() === "") {
      this.fail(at, 'every property needs a "description"');
    }
    const base = { description: typeof description === "string" ? description : "", schema };
    switch (schema.type) {
      case "object":
        return this.readObject(schema, cursor, base, listDepth);
      case "array":
        return this.readList(schema, cursor, base, listDepth);
      default:
        if (typeof schema.type === "string" && SCALAR_TYPES.has(schema.type)) {
          return this.readScalar(schema, cursor, base);
        }
        this.fail(cursor, `"type" must be one of object, array, ${[...SCALAR_TYPES].join(", ")} (a single type)`);
        return undefined;
    }
  }

  private readScalar(schema: JsonSchema, at: Cursor, base: ShapeBase): ScalarShape {
    const references = schema[REFERENCES];
    if (references !== undefined && (typeof references !== "string" || !this.tableNames.has(references))) {
      this.fail({ ...at, path: [...at.path, REFERENCES] }, `"${REFERENCES}" must name a table; known: ${[...this.tableNames].join(", ")}`);
    }
    if ((schema[QUOTE_IN] !== undefined || schema[DOCUMENT_SHA256] !== undefined || references !== undefined) && schema.type !== "string") {
      this.fail(at, `the keywords ${REFERENCES}, ${QUOTE_IN} and ${DOCUMENT_SHA256} apply to strings only`);
    }
    return { ...base, kind: "scalar", type: schema.type as ScalarType, ...(typeof references === "string" ? { references } : {}) };
  }

  private readObject(schema: JsonSchema, at: Cursor, base: ShapeBase, listDepth: number): ObjectShape {
    if (schema.additionalProperties !== false) this.fail(at, 'an object schema needs "additionalProperties": false');
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const shape: ObjectShape = { ...base, kind: "object", properties: [] };
    for (const [name, child] of Object.entries(properties)) {
      const childAt = { ...at, path: [...at.path, "properties", name] };
      if (!PROPERTY_NAME.test(name)) this.fail(childAt, `property name "${name}" must be lower snake_case (${PROPERTY_NAME.source})`);
      const childShape = this.read(child, childAt, listDepth);
      if (childShape) shape.properties.push({ name, shape: childShape, required: required.has(name) });
    }
    for (const shapeProperty of shape.properties) {
      const sibling = shapeProperty.shape.kind === "scalar" ? shapeProperty.shape.schema[QUOTE_IN] : undefined;
      if (sibling === undefined) continue;
      const target = shape.properties.find((p) => p.name === sibling);
      if (target?.shape.kind !== "scalar" || !target.shape.references) {
        this.fail({ ...at, path: [...at.path, "properties", shapeProperty.name, QUOTE_IN] }, `"${QUOTE_IN}" must name a sibling property that has "${REFERENCES}"`);
      }
    }
    return shape;
  }

  private readList(schema: JsonSchema, at: Cursor, base: ShapeBase, listDepth: number): ListShape | undefined {
    if (listDepth > 0) {
      this.fail(at, "a list inside a list item is not supported: make it a table of its own");
      return undefined;
    }
    const items = this.read(schema.items, { ...at, path: [...at.path, "items"] }, listDepth + 1);
    if (!items || items.kind === "list") return undefined;
    // A list of objects becomes a CSV table whose rows start with the parent's id and the item's index.
    const clash = items.kind === "object" ? items.properties.find((p) => p.name === "id" || p.name === "index") : undefined;
    if (clash) this.fail({ ...at, path: [...at.path, "items"] }, `an item of a list of objects cannot have a property "${clash.name}": its CSV table uses that column for the parent's id and the item's position`);
    return { ...base, kind: "list", items };
  }

  /** Follows `$ref` chains; the referring node's own keywords override the target's. */
  private resolve(node: JsonSchema, at: Cursor, hops = 0): { schema: JsonSchema; cursor: Cursor } | undefined {
    const ref = node.$ref;
    if (ref === undefined) return { schema: node, cursor: at };
    if (hops > 16) {
      this.fail(at, '"$ref" chain is circular or deeper than 16 steps');
      return undefined;
    }
    if (typeof ref !== "string") {
      this.fail(at, '"$ref" must be a string');
      return undefined;
    }
    const [base, fragment = ""] = ref.split("#", 2);
    const file = base ? this.files.get(base) : at.file;
    const path = fragment.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let target: unknown = file?.data;
    for (const segment of path) target = isObject(target) ? target[segment] : undefined;
    if (!file || !isObject(target)) {
      this.fail({ ...at, path: [...at.path, "$ref"] }, `"$ref" ${ref} does not resolve to a schema in schemas/`);
      return undefined;
    }
    const resolved = this.resolve(target, { file, path }, hops + 1);
    if (!resolved) return undefined;
    const { $ref: _ref, ...siblings } = node;
    return { schema: { ...resolved.schema, ...siblings }, cursor: resolved.cursor };
  }

  private fail(at: Cursor, message: string): void {
    const location: Location = at.file.yaml.locate(at.path, "key");
    this.problems.push({ ...location, code: "schema-definition", message });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
