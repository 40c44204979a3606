/**
 * The shape of a table as the emitters need it: which properties hold scalars,
 * nested objects or lists, in schema order, with `$ref`s resolved. Only what reading the
 * shape needs is checked here, and what no schema can say about another: where each `$ref`
 * leads, recursion, the tables `x-references` names, the order of properties. The build
 * checks the authoring conventions before (engine/authoring-meta-schema.json); the release
 * validator reads published schemas, which are a contract and not authoring input, with
 * this reader alone.
 */
import type { Diagnostic, LocatedFile, Location } from "./diagnostics.ts";
import { QUOTE_IN, REFERENCES, splitPointer } from "./keywords.ts";

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
  yaml: LocatedFile;
  data: JsonSchema;
}

const SCALAR_TYPES = new Set(["string", "integer", "number", "boolean"]);

interface Cursor {
  file: SchemaFile;
  path: (string | number)[];
}

/**
 * Properties a table may expand to, nested ones included, once every `$ref` is written
 * out. Without recursion the expansion is finite, but definitions that each refer twice
 * to the next double it at every level: a few dozen lines could stand for millions.
 */
export const MAX_EXPANDED_PROPERTIES = 10_000;

export class ShapeReader {
  readonly problems: Diagnostic[] = [];
  /** The schema objects being read on the current path, by identity: a `$ref` to one of them is recursion. */
  private readonly open = new Set<object>();
  private propertiesLeft = MAX_EXPANDED_PROPERTIES;

  constructor(
    private readonly files: Map<string, SchemaFile>,
    private readonly tableNames: Set<string>,
  ) {}

  readTable(file: SchemaFile): ObjectShape | undefined {
    this.propertiesLeft = MAX_EXPANDED_PROPERTIES;
    const shape = this.read(file.data, { file, path: [] }, 0);
    if (this.propertiesLeft < 0) return undefined;
    if (shape?.kind !== "object") {
      this.fail({ file, path: [] }, "a table schema must describe an object (\"type\": \"object\")");
      return undefined;
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
    const entered = [node, ...resolved.targets].filter((object) => !this.open.has(object));
    for (const object of entered) this.open.add(object);
    try {
      return this.readResolved(resolved.schema, resolved.cursor, listDepth);
    } finally {
      for (const object of entered) this.open.delete(object);
    }
  }

  private readResolved(schema: JsonSchema, cursor: Cursor, listDepth: number): Shape | undefined {
    const base = { description: typeof schema.description === "string" ? schema.description : "", schema };
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
    return { ...base, kind: "scalar", type: schema.type as ScalarType, ...(typeof references === "string" ? { references } : {}) };
  }

  private readObject(schema: JsonSchema, at: Cursor, base: ShapeBase, listDepth: number): ObjectShape {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const shape: ObjectShape = { ...base, kind: "object", properties: [] };
    for (const [name, child] of Object.entries(properties)) {
      if (--this.propertiesLeft < 0) {
        if (this.propertiesLeft === -1) this.fail(at, `the schema expands to more than ${MAX_EXPANDED_PROPERTIES} properties once its "$ref"s are written out`);
        break;
      }
      const childAt = { ...at, path: [...at.path, "properties", name] };
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

  /**
   * Follows `$ref` chains; the referring node's own keywords override the target's.
   * `targets` are the schema objects the chain passed through, for the recursion check.
   */
  private resolve(node: JsonSchema, at: Cursor, chain: JsonSchema[] = []): { schema: JsonSchema; cursor: Cursor; targets: JsonSchema[] } | undefined {
    const ref = node.$ref;
    if (ref === undefined) return { schema: node, cursor: at, targets: chain };
    const refAt = { ...at, path: [...at.path, "$ref"] };
    if (typeof ref !== "string") {
      this.fail(refAt, '"$ref" must be a string');
      return undefined;
    }
    const [base, fragment = ""] = ref.split("#", 2);
    const file = base ? this.files.get(base) : at.file;
    // Only JSON Pointer fragments: an anchor name ("#name") would otherwise read as the whole file.
    const path = fragment === "" || fragment.startsWith("/") ? splitPointer(fragment) : undefined;
    let target: unknown = path ? file?.data : undefined;
    for (const segment of path ?? []) target = isObject(target) ? target[segment] : undefined;
    if (!file || !path || !isObject(target)) {
      this.fail(refAt, `"$ref" ${ref} does not resolve to a schema in schemas/`);
      return undefined;
    }
    if (this.open.has(target) || target === node) {
      this.fail(refAt, `recursive schema: "$ref" ${ref} refers to a schema that contains it; recursive schemas are not supported: the CSV and TypeScript outputs need a finite shape`);
      return undefined;
    }
    if (chain.includes(target)) {
      this.fail(refAt, `"$ref" ${ref} closes a circle of "$ref"s that never reaches a schema`);
      return undefined;
    }
    const resolved = this.resolve(target, { file, path }, [...chain, target]);
    if (!resolved) return undefined;
    const { $ref: _ref, ...siblings } = node;
    return { ...resolved, schema: { ...resolved.schema, ...siblings } };
  }

  private fail(at: Cursor, message: string): void {
    const location: Location = at.file.yaml.locate(at.path, "key");
    this.problems.push({ ...location, code: "schema-definition", message });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
