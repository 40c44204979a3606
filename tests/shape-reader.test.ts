/**
 * What ShapeReader still checks: what reading a shape needs, and what no schema can say
 * about another file or about the order of its keys. The authoring conventions are the
 * meta-schema's (scripts/engine/authoring-meta-schema.test.ts); a published schema is read
 * without them.
 */
import { describe, expect, it } from "vitest";
import { loadYamlFile } from "../scripts/engine/yaml-file.ts";
import { ShapeReader } from "../scripts/contract/shapes.ts";
import { positionOf } from "./helpers/text-position.ts";

function read(properties: Record<string, unknown>, tables = ["things", "sources"]) {
  const data = {
    $id: "urn:test:things", title: "Thing", description: "A thing.", type: "object", additionalProperties: false, required: ["id"],
    properties,
  };
  const text = JSON.stringify(data, null, 2);
  const { yaml } = loadYamlFile("things.schema.json", new TextEncoder().encode(text));
  const file = { id: data.$id, yaml, data: yaml.data as Record<string, unknown> };
  const reader = new ShapeReader(new Map([[file.id, file]]), new Set(tables));
  const shape = reader.readTable(file);
  return { text, shape, problems: reader.problems.map(({ file, line, col, code, message }) => ({ file, line, col, code, message })) };
}

const ID = { type: "string", description: "Id." };
const problem = (text: string, needle: string, message: string, nth = 1) => ({ file: "things.schema.json", ...positionOf(text, needle, nth), code: "schema-definition", message });

describe("ShapeReader", () => {
  it("refuses x-references to a table that does not exist, at the keyword", () => {
    const { text, problems } = read({ id: ID, owner: { type: "string", description: "Owner.", "x-references": "nowhere" } });
    expect(problems).toEqual([problem(text, '"x-references"', '"x-references" must name a table; known: things, sources')]);
  });

  it("refuses x-quote-in naming a sibling without x-references, and accepts one with it", () => {
    const { text, problems } = read({ id: ID, source: { type: "string", description: "Source." }, quote: { type: "string", description: "Quote.", "x-quote-in": "source" } });
    expect(problems).toEqual([problem(text, '"x-quote-in"', '"x-quote-in" must name a sibling property that has "x-references"')]);
    expect(read({ id: ID, source: { type: "string", description: "Source.", "x-references": "sources" }, quote: { type: "string", description: "Quote.", "x-quote-in": "source" } }).problems).toEqual([]);
  });

  it("needs a required string id as the first property, which only the order of keys shows", () => {
    const { text, problems } = read({ name: { type: "string", description: "Name." }, id: ID });
    expect(problems).toEqual([problem(text, '"properties"', 'the first property must be a required string "id"')]);
  });

  it("refuses a list inside a list item, which a $ref can hide from any one file", () => {
    const { text, problems } = read({ id: ID, grid: { type: "array", description: "Rows.", items: { type: "array", description: "Cells.", items: { type: "string", description: "Cell." } } } });
    expect(problems).toEqual([problem(text, '"items"', "a list inside a list item is not supported: make it a table of its own")]);
  });

  it("refuses a $ref that leads nowhere, at the $ref", () => {
    const { text, problems } = read({ id: ID, name: { $ref: "#/$defs/missing", description: "Name." } });
    expect(problems).toEqual([problem(text, '"$ref"', '"$ref" #/$defs/missing does not resolve to a schema in schemas/')]);
  });

  it("reads a published schema as it is: descriptions, additionalProperties and property names are authoring conventions", () => {
    const { shape, problems } = read({ id: { type: "string" }, camelCase: { type: "object", properties: { inner: { type: "integer" } } }, tags: { type: "array", items: { type: "string" } } });
    expect(problems).toEqual([]);
    expect(shape?.properties.map((p) => [p.name, p.shape.kind])).toEqual([["id", "scalar"], ["camelCase", "object"], ["tags", "list"]]);
  });
});
