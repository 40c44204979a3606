/**
 * The whole validate and build path on random records of the fixture project and random
 * edits of them (tests/helpers/arbitrary-yaml.ts): it never crashes or hangs, a project
 * it refuses gets at least one error, every one located, a valid project builds, and the
 * built files depend neither on the order the directory listing gives nor on the time
 * zone or locale. Fixed seed and bounded runs, as in every property test here.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { build, validate } from "../scripts/engine/cli.ts";
import { propertyConfig } from "./helpers/arbitrary-text.ts";
import { mutate, mutations } from "./helpers/arbitrary-yaml.ts";
import { everyProblemLocated } from "./helpers/diagnostic-lines.ts";
import { copyFixtureUnchecked, REPO, run, snapshot, writeIn } from "./helpers/project.ts";

/** Directory listings in the order the file system gives them, or reversed. */
const listing = vi.hoisted(() => ({ reversed: false }));

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((...args: Parameters<typeof real.readdirSync>) => {
    const entries = real.readdirSync(...args) as unknown[];
    return listing.reversed ? entries.reverse() : entries;
  }) as typeof real.readdirSync;
  return { ...real, readdirSync, default: { ...real, readdirSync } };
});

/** Text every rule lets through: letters of several scripts, spaces, quotes, punctuation. */
const fieldText = fc
  .array(fc.constantFrom("Ada", "Bo", "Lovelace", " ", "é", "Ж", "中", "ع", "'", '"', ",", ".", "(", ")", "\u00a0"), { minLength: 1, maxLength: 12 })
  .map((pieces) => `Z${pieces.join("")}`.trimEnd());

/** One string written in a style YAML reads back as the same string. */
const written = (value: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    JSON.stringify(value),
    `'${value.replace(/'/g, "''")}'`,
    /^[A-Za-z][A-Za-z ]*[A-Za-z]$/.test(value) ? value : JSON.stringify(value),
  );

const date = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** The lines of a valid person record, one field to an entry, in no particular order. */
const personFields = (id: string): fc.Arbitrary<string[]> =>
  fc
    .record(
      {
        name: fieldText.chain(written).map((name) => `name: ${name}`),
        aliases: fc.array(fieldText.chain(written), { maxLength: 3 }).map((items) => (items.length === 0 ? "aliases: []" : `aliases:\n${items.map((item) => `  - ${item}`).join("\n")}`)),
        group: fc.constantFrom("circle", "square").map((group) => `group: ${group}`),
        role: fc.constantFrom("leader", "member").map((role) => `role: ${role}`),
        joined: fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.option(date, { nil: undefined })).map(([year, day]) => `joined:\n  year: ${year}${day ? `\n  date: "${day}"` : ""}`),
        evidence: fc.array(fieldText.filter((quote) => quote.length >= 3).chain(written), { minLength: 1, maxLength: 2 }).map((quotes) => `evidence:\n${quotes.map((quote) => `  - source: report\n    quote: ${quote}`).join("\n")}`),
      },
      { requiredKeys: ["name", "evidence"] },
    )
    .chain((fields) => fc.shuffledSubarray([`id: ${id}`, ...Object.values(fields)], { minLength: Object.keys(fields).length + 1 }));

/** Up to four new people with distinct ids, each as the text of its file. */
const people = fc
  .uniqueArray(fc.stringMatching(/^[a-z]{1,6}(-[a-z0-9]{1,3})?$/).filter((id) => !["ada", "bo", "ada-lovelace", "carl"].includes(id)), { minLength: 1, maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map((id) => personFields(id).map((lines) => ({ id, text: `${lines.join("\n")}\n` })))));

/** A fresh fixture project (quotes unchecked) with these people added. */
function projectWith(records: readonly { id: string; text: string }[]): string {
  const root = copyFixtureUnchecked();
  for (const { id, text } of records) writeIn(root, `sources/people/${id}.yaml`, text);
  return root;
}

describe("validate, on random records and random edits of them", () => {
  it("never crashes, accepts the valid ones, and locates every problem of the others", async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(people, fc.nat(), mutations, async (records, which, edits) => {
        const edited = records.map((record, index) => (index === which % records.length ? { ...record, text: mutate(record.text, edits) } : record));
        const root = projectWith(edited);
        const result = await run(validate, ["--root", root]);
        rmSync(root, { recursive: true, force: true });
        expect(result.stderr, "no stack trace").not.toMatch(/^\s+at /m);
        if (edits.length === 0) expect(result.status, result.stderr).toBe(0);
        if (result.status === 0) {
          outcomes.accepted++;
          return;
        }
        expect(result.status, result.stderr).toBe(1);
        expect(everyProblemLocated(result.stderr), result.stderr).toBe(true);
        outcomes.refused++;
      }),
      propertyConfig(80),
    );
    expect(outcomes.accepted).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });
});

describe("build, on random valid records", () => {
  it("builds them, the same bytes whichever order the directory listings come in", async () => {
    await fc.assert(
      fc.asyncProperty(people, async (records) => {
        const root = projectWith(records);
        try {
          const first = await run(build, ["--root", root]);
          expect(first.status, first.stderr).toBe(0);
          const built = snapshot(join(root, "dist"));
          rmSync(join(root, "dist"), { recursive: true });
          listing.reversed = true;
          const again = await run(build, ["--root", root]);
          expect(again.status, again.stderr).toBe(0);
          expect(snapshot(join(root, "dist"))).toEqual(built);
        } finally {
          listing.reversed = false;
          rmSync(root, { recursive: true, force: true });
        }
      }),
      propertyConfig(6),
    );
  });

  it("builds the same bytes in another time zone and locale", async () => {
    const [records] = fc.sample(people, { seed: propertyConfig(1).seed, numRuns: 1 });
    const root = projectWith(records!);
    const here = await run(build, ["--root", root]);
    expect(here.status, here.stderr).toBe(0);
    const built = snapshot(join(root, "dist"));
    rmSync(join(root, "dist"), { recursive: true });
    const env = { ...process.env, TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" };
    const child = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "scripts", "build.ts"), "--root", root], { cwd: REPO, env, encoding: "utf8", timeout: 50_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(snapshot(join(root, "dist"))).toEqual(built);
  });
});
