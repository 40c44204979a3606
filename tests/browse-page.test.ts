/**
 * dist/browse.html, run in happy-dom: the page lists every table, opens a record from the
 * URL, renders references as links and evidence as quotes, and explains retired ids.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Window } from "happy-dom";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../scripts/engine/cli.ts";
import { copyFixture, run } from "./helpers/project.ts";

let html: string;

beforeAll(async () => {
  const root = copyFixture();
  expect((await run(build, ["--root", root])).status).toBe(0);
  html = readFileSync(join(root, "dist", "browse.html"), "utf8");
});

// The script evaluated is our own generated page, not untrusted code, so the VM warning is noise.
async function open(hash: string) {
  const window = new Window({ url: `http://localhost/browse.html${hash}`, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
  window.document.write(html);
  await window.happyDOM.waitUntilComplete();
  return window.document;
}

const text = (node: { textContent: string | null } | null) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();

describe("browse.html", () => {
  it("lists every table with its record count and shows the first table", async () => {
    const document = await open("");
    const tables = [...document.querySelectorAll("#tables a")].map(text);
    expect(tables).toEqual(["documents1", "groups2", "people2"]);
    expect(text(document.querySelector("#list ol"))).toContain("A fixture report");
  });

  it("opens the record named in the URL, with links and quoted evidence", async () => {
    const document = await open("#people/bo");
    const record = document.querySelector("#record")!;
    expect(text(record.querySelector("h2"))).toBe("Bo Berg");
    const links = [...record.querySelectorAll("a.ref")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["#groups/circle", "#documents/report", "#documents/report"]);
    expect([...record.querySelectorAll("blockquote")].map(text)).toEqual(["Bo Berg joined the Circle in 1999", "he is also known as Bo B."]);
    expect(text(document.querySelector('#list a[aria-current="true"]'))).toBe("Bo Bergbo");
  });

  it("lists the records that refer to the one shown", async () => {
    const document = await open("#groups/circle");
    const referredBy = [...document.querySelectorAll("#record h3 + ul li")].map(text);
    expect(referredBy).toEqual(["groups: Square, the", "people: Ada Lovelace", "people: Bo Berg"]);
  });

  it("filters the list by the search box", async () => {
    const document = await open("#people");
    const search = document.querySelector("#search") as unknown as { value: string; dispatchEvent(e: unknown): void };
    search.value = "berg";
    search.dispatchEvent(new (document.defaultView as unknown as Window).Event("input"));
    expect([...document.querySelectorAll("#list li small")].map(text)).toEqual(["bo"]);
  });

  it("says where a retired id went", async () => {
    const document = await open("#people/ada-lovelace");
    expect(text(document.querySelector(".tombstone"))).toBe("people/ada-lovelace was moved: Ids are short given names in this table. Ada Lovelace");
  });

  it("cannot be broken out of by text in the data", () => {
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });
});
