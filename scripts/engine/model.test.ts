import { describe, expect, it } from "vitest";
import { FIXTURE } from "../../tests/helpers/project.ts";
import { buildModel } from "./model.ts";
import type { SourceRecord } from "./records.ts";
import { loadSchemas } from "./schemas.ts";

const { schemas } = loadSchemas(FIXTURE);

function person(data: Record<string, unknown>): SourceRecord {
  const table = schemas.tables.get("people")!;
  return { table, stem: String(data.id), yaml: { file: `sources/people/${String(data.id)}.yaml`, data, locate: () => ({ file: "", line: 1, col: 1 }) }, data, valid: true, loaded: true, annotations: [] };
}

const rows = (records: SourceRecord[]) => buildModel(schemas, records).tables.find(({ table }) => table.name === "people")!.rows;

describe("the model", () => {
  it("puts the keys of a record written in another order in schema order, nested ones too", () => {
    const written = { evidence: [{ quote: "Ada leads", source: "report" }], joined: { date: "1833-06-05", year: 1833 }, name: "Ada", id: "ada" };
    const [row] = rows([person(written)]);
    expect(JSON.stringify(row)).toBe('{"id":"ada","name":"Ada","joined":{"year":1833,"date":"1833-06-05"},"evidence":[{"source":"report","quote":"Ada leads"}]}');
    expect(Object.keys(written)).toEqual(["evidence", "joined", "name", "id"]);
  });

  it("uses a record already in schema order as it is, without a copy", () => {
    const written = { id: "bo", name: "Bo", joined: { year: 1900 }, evidence: [{ source: "report", quote: "Bo is here" }] };
    const [row] = rows([person(written)]);
    expect(row).toBe(written);
  });

  it("copies a record in schema order with one nested value out of order, leaving the record as written", () => {
    const written = { id: "cy", name: "Cy", evidence: [{ quote: "Cy too", source: "report" }] };
    const [row] = rows([person(written)]);
    expect(row).not.toBe(written);
    expect(JSON.stringify(row)).toBe('{"id":"cy","name":"Cy","evidence":[{"source":"report","quote":"Cy too"}]}');
    expect(JSON.stringify(written.evidence)).toBe('[{"quote":"Cy too","source":"report"}]');
  });
});
