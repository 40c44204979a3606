/** The data and schema diff between two releases, and the version bump it needs. */
import { describe, expect, it } from "vitest";
import { diffReleases, diffSchemas, formatDiff, reasons } from "../scripts/published/diff.ts";
import type { ReleaseFiles } from "../scripts/published/files.ts";
import { compareVersions, lowestVersion, parseVersion, stepKind } from "../scripts/published/versions.ts";

type Json = Record<string, unknown>;

const person = (extra: Json = {}): Json => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "Person",
  description: "A person.",
  type: "object",
  additionalProperties: false,
  required: ["id", "name"],
  properties: {
    id: { type: "string", description: "Id.", pattern: "^[a-z]+$", maxLength: 80 },
    name: { type: "string", description: "Name.", maxLength: 100 },
    role: { type: "string", description: "Role.", enum: ["leader", "member"] },
    joined: {
      type: "object",
      description: "Joined.",
      additionalProperties: false,
      required: ["year"],
      properties: { year: { type: "integer", description: "Year.", minimum: 1000 } },
    },
    evidence: {
      type: "array",
      description: "Evidence.",
      items: { type: "object", description: "One.", additionalProperties: false, required: ["quote"], properties: { quote: { type: "string", description: "Quote." } } },
    },
  },
  ...extra,
});

function release(version: string, data: Record<string, Json[]>, schemas: Record<string, Json> = {}, extra: Record<string, unknown> = {}): ReleaseFiles {
  const files: ReleaseFiles = new Map();
  const put = (path: string, value: unknown) => files.set(path, Buffer.from(JSON.stringify(value), "utf8"));
  put("datapackage.json", { name: "x", version, resources: [] });
  put("data.json", data);
  for (const [table, schema] of Object.entries(schemas)) put(`schemas/${table}.schema.json`, schema);
  for (const [path, value] of Object.entries(extra)) put(path, value);
  return files;
}

const ada = { id: "ada", name: "Ada", role: "leader", joined: { year: 1990 }, evidence: [{ quote: "a" }, { quote: "b" }] };
const bo = { id: "bo", name: "Bo" };

describe("record diff", () => {
  it("lists added, removed and changed records with dotted paths to every changed value", () => {
    const older = release("1.0.0", { people: [ada, bo], gone: [{ id: "x" }] });
    const newer = release("1.1.0", {
      people: [{ ...ada, name: "Ada L.", joined: { year: 1991 }, evidence: [{ quote: "a" }, { quote: "B" }], role: undefined }, { id: "cy", name: "Cy" }],
      fresh: [{ id: "y" }],
    });
    const diff = diffReleases(older, newer);
    expect(diff.tables).toEqual([
      { table: "fresh", added: ["y"], removed: [], changed: [] },
      { table: "gone", added: [], removed: [{ id: "x" }], changed: [] },
      {
        table: "people",
        added: ["cy"],
        removed: [{ id: "bo" }],
        changed: [
          {
            id: "ada",
            fields: [
              { path: "name", old: "Ada", new: "Ada L." },
              { path: "role", old: "leader" },
              { path: "joined.year", old: 1990, new: 1991 },
              { path: "evidence.1.quote", old: "b", new: "B" },
            ],
          },
        ],
      },
    ]);
    expect(diff.required).toBe("major");
    expect(diff.from).toBe("1.0.0");
    expect(diff.to).toBe("1.1.0");
  });

  it("reports a list whose length changed as one value, and a value that appeared without `old`", () => {
    const diff = diffReleases(release("1.0.0", { t: [{ id: "a", list: [1, 2] }] }), release("1.0.1", { t: [{ id: "a", list: [1, 2, 3], note: "n" }] }));
    expect(diff.tables[0]!.changed[0]!.fields).toEqual([
      { path: "list", old: [1, 2], new: [1, 2, 3] },
      { path: "note", new: "n" },
    ]);
    expect(diff.required).toBe("patch");
  });

  it("names the tombstone of a removed id", () => {
    const newer = release("2.0.0", { people: [ada] }, {}, { "tombstones.json": [{ table: "people", id: "bo", status: "moved", moved_to: "ada", reason: "same person" }] });
    const diff = diffReleases(release("1.0.0", { people: [ada, bo] }), newer);
    expect(diff.tables[0]!.removed).toEqual([{ id: "bo", status: "moved", moved_to: "ada", reason: "same person" }]);
    expect(formatDiff(diff)).toContain("  - bo (moved to ada)");
  });

  it("needs no bump when nothing changed, and treats everything as added without an older release", () => {
    const one = release("1.0.0", { people: [ada] }, { people: person() });
    expect(diffReleases(one, one)).toMatchObject({ required: "none", schema: [], tables: [] });
    expect(formatDiff(diffReleases(one, one)).at(-1)).toBe("no changes");
    const initial = diffReleases(undefined, one);
    expect(initial.from).toBeNull();
    expect(initial.tables).toEqual([{ table: "people", added: ["ada"], removed: [], changed: [] }]);
    expect(initial.required).toBe("minor");
  });

  it("reads per-table JSON files when a release has no data.json", () => {
    const files: ReleaseFiles = new Map([
      ["json/people.json", Buffer.from(JSON.stringify([bo]))],
      ["README.md", Buffer.from("hi")],
    ]);
    expect(diffReleases(files, release("1.1.0", { people: [bo, ada] })).tables).toEqual([{ table: "people", added: ["ada"], removed: [], changed: [] }]);
  });
});

describe("schema diff", () => {
  const base = release("1.0.0", {}, { people: person() });
  const with_ = (schema: Json) => release("1.0.1", {}, { people: schema });
  const props = (edit: (p: Record<string, Json>) => void): Json => {
    const schema = structuredClone(person());
    edit(schema.properties as Record<string, Json>);
    return schema;
  };
  const changes = (schema: Json) => diffSchemas(base, with_(schema)).map(({ field, change, detail, bump }) => ({ field, change, detail, bump }));

  it("a new optional field or a new table is minor; a removed one is major", () => {
    expect(changes(props((p) => (p.note = { type: "string", description: "Note." })))).toEqual([{ field: "note", change: "added", detail: "string", bump: "minor" }]);
    expect(changes(props((p) => delete p.role))).toEqual([{ field: "role", change: "removed", detail: undefined, bump: "major" }]);
    const twoTables = release("1.1.0", {}, { people: person(), places: person({ title: "Place" }) });
    expect(diffSchemas(base, twoTables)).toEqual([{ table: "places", change: "added", bump: "minor" }]);
    expect(diffSchemas(twoTables, base)).toEqual([{ table: "places", change: "removed", bump: "major" }]);
  });

  it("reports only the outermost field of a nested addition", () => {
    const added = props((p) => (p.place = { type: "object", description: "Where.", additionalProperties: false, properties: { city: { type: "string", description: "City." } } }));
    expect(changes(added).map((c) => c.field)).toEqual(["place"]);
  });

  it("a retyped field is major, including a field that moved into a list", () => {
    expect(changes(props((p) => (p.name = { type: "integer", description: "Name." })))).toEqual([{ field: "name", change: "retyped", detail: "string -> integer", bump: "major" }]);
    expect(changes(props((p) => (p.role = { type: "array", description: "Role.", items: { type: "string", description: "A role." } }))))
      .toContainEqual({ field: "role", change: "retyped", detail: "string -> array", bump: "major" });
  });

  it("tightened constraints are major, loosened ones minor, a required field becoming optional major", () => {
    expect(changes(props((p) => (p.name!.maxLength = 50)))).toEqual([{ field: "name", change: "tightened", detail: "maxLength 100 -> 50", bump: "major" }]);
    expect(changes(props((p) => (p.name!.maxLength = 200)))).toEqual([{ field: "name", change: "loosened", detail: "maxLength 100 -> 200", bump: "minor" }]);
    expect(changes(props((p) => ((p.joined!.properties as Record<string, Json>).year!.minimum = 1900)))).toEqual([
      { field: "joined.year", change: "tightened", detail: "minimum 1000 -> 1900", bump: "major" },
    ]);
    expect(changes(props((p) => (p.role!.enum = ["leader"])))).toEqual([{ field: "role", change: "tightened", detail: 'enum lost "member"', bump: "major" }]);
    expect(changes(props((p) => (p.role!.enum = ["leader", "member", "guest"])))).toEqual([{ field: "role", change: "loosened", detail: 'enum gained "guest"', bump: "minor" }]);
    expect(changes(props((p) => (p.name!.pattern = "^[A-Z]")))).toEqual([{ field: "name", change: "tightened", detail: 'pattern (none) -> "^[A-Z]"', bump: "major" }]);
    expect(changes(person({ required: ["id", "name", "role"] })).map((c) => [c.field, c.change, c.bump])).toEqual([["role", "tightened", "major"]]);
    expect(changes(person({ required: ["id"] })).map((c) => [c.field, c.change, c.bump])).toEqual([["name", "optional", "major"]]);
    expect(changes(props((p) => ((p.evidence!.items as Json).required = [])))).toEqual([{ field: "evidence[].quote", change: "optional", detail: "no longer required", bump: "major" }]);
  });

  it("a new description is a patch; a renamed record type is major", () => {
    expect(changes(props((p) => (p.name!.description = "The name.")))).toEqual([{ field: "name", change: "described", detail: undefined, bump: "patch" }]);
    expect(changes(person({ title: "Human" }))).toEqual([{ field: undefined, change: "renamed", detail: "record type Person -> Human", bump: "major" }]);
  });

  it("falls back to the Table Schemas of datapackage.json when a release has no schemas/", () => {
    const descriptor = (maxLength: number) =>
      new Map([
        [
          "datapackage.json",
          Buffer.from(
            JSON.stringify({
              version: "1",
              resources: [
                { name: "people", schema: { fields: [{ name: "id", type: "string", constraints: { required: true } }, { name: "name", type: "string", constraints: { maxLength } }] } },
                { name: "people.evidence", schema: { fields: [{ name: "id", type: "string" }, { name: "index", type: "integer" }, { name: "quote", type: "string" }] } },
              ],
            }),
          ),
        ],
      ]);
    expect(diffSchemas(descriptor(100), descriptor(10))).toEqual([{ table: "people", field: "name", change: "tightened", detail: "maxLength 100 -> 10", bump: "major" }]);
    expect(diffSchemas(descriptor(100), descriptor(100))).toEqual([]);
  });

  it("feeds the bump: the reasons name what needs it", () => {
    const diff = diffReleases(base, release("1.0.1", { people: [ada] }, { people: props((p) => (p.name!.maxLength = 50)) }));
    expect(diff.required).toBe("major");
    expect(reasons(diff, "major")).toEqual(['field "people.name" was tightened (maxLength 100 -> 50)']);
    expect(reasons(diff, "minor")).toEqual(['table "people" gained records: ada']);
  });
});

describe("version steps", () => {
  it("classifies steps and names the lowest version for a bump", () => {
    expect(stepKind("1.2.3", "1.2.4")).toBe("patch");
    expect(stepKind("1.2.3", "1.3.0")).toBe("minor");
    expect(stepKind("0.9.9", "1.0.0")).toBe("major");
    expect(lowestVersion("1.2.3", "major")).toBe("2.0.0");
    expect(lowestVersion("1.2.3", "minor")).toBe("1.3.0");
    expect(lowestVersion("1.2.3", "patch")).toBe("1.2.4");
  });

  it("orders versions numerically, not as text", () => {
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareVersions("2.0.0", "10.0.0")).toBeLessThan(0);
    expect(compareVersions("1.2.3", "1.2.3")).toBe(0);
  });

  it.each(["1.2.3-dev", "1.2.3+build", "01.2.3", "v1.2.3", "1.2", ""])("refuses %j as a release version", (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });
});
