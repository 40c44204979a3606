/**
 * The explorer site (dist/site/) in headless Chromium: served as `npm run site` serves it,
 * read and clicked as a reader would. Skipped, with the reason in the summary, where
 * Chromium is not installed (tests/helpers/browser.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { needsChromium } from "./helpers/browser.ts";
import { DIST, screenshot, seriousViolations, site, tableRows, visit } from "./helpers/site-pages.ts";

const manifest = JSON.parse(readFileSync(new URL("../dist/site/data/manifest.json", import.meta.url), "utf8")) as { tables: { name: string }[] };

describe("the explorer site in a browser", () => {
  it("lists every table on the home page with its number of records, and embeds the dataset's JSON-LD", async (context) => {
    needsChromium(context);
    const page = await visit();
    await page.waitForSelector("#tables tbody tr");
    const shown = await page.$$eval("#tables tbody tr", (rows) => rows.map((row) => [row.getAttribute("data-table"), row.querySelector("td")?.textContent]));
    const expected = manifest.tables.map(({ name }) => [name, String(tableRows(name).length)]);
    expect(shown).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    const jsonld = JSON.parse((await page.textContent('script[type="application/ld+json"]')) ?? "{}") as Record<string, unknown>;
    expect(jsonld["@type"]).toBe("Dataset");
    expect(await page.textContent("#version")).toBe(jsonld.version);
    await screenshot(page, "home");
    await page.close();
  });

  it("finds a person by surname; the record shows an evidence quote and links to an event the person took part in", async (context) => {
    needsChromium(context);
    const page = await visit("#/search");
    await page.fill("#search-input", "Mirziyoyev");
    await page.press("#search-input", "Enter");
    await page.click('#results a[href="#/record/persons/shavkat-mirziyoyev"]');
    await page.waitForSelector("#fields");
    expect(await page.textContent("main h1")).toBe("Shavkat Mirziyoyev");
    const person = tableRows("persons").find((row) => row.id === "shavkat-mirziyoyev") as { evidence: { quote: string }[] };
    const quotes = await page.$$eval('[data-field="evidence"] blockquote', (nodes) => nodes.map((node) => node.textContent));
    expect(quotes).toContain(person.evidence[0]!.quote);
    const event = page.locator('#backlinks a[href="#/record/events/seventh-consultative-meeting-tashkent"]');
    expect(await event.textContent()).toBe("Seventh Consultative Meeting of Central Asian Heads of State");
    await screenshot(page, "record");
    await page.close();
  });

  it("filters a table by a facet value to the number of records holding it, and downloads that view", async (context) => {
    needsChromium(context);
    const page = await visit("#/table/proposals");
    await screenshot(page, "table");
    await page.click('[data-facet="proposer"] a[data-value="kassym-jomart-tokayev"]');
    await page.waitForSelector("#active-filters");
    const expected = tableRows("proposals").filter((row) => row.proposer === "kassym-jomart-tokayev").length;
    expect(expected).toBeGreaterThan(0);
    expect(await page.getAttribute("#row-count", "data-count")).toBe(String(expected));
    expect(await page.locator("#rows tbody tr").count()).toBe(expected);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.trimEnd().split("\r\n")).toHaveLength(expected + 1);
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
    const records = JSON.parse(readFileSync((await json.path())!, "utf8")) as { proposer: string }[];
    expect(records.map((r) => r.proposer)).toEqual(Array(expected).fill("kassym-jomart-tokayev"));
    await page.close();
  });

  it("sorts a table by a column, and each column header shows the field's description", async (context) => {
    needsChromium(context);
    const page = await visit("#/table/figures");
    await page.click('#rows th a[href*="sort=value"]');
    await page.waitForSelector('#rows th[aria-sort="ascending"]');
    const values = tableRows("figures").map((row) => row.value as number).sort((a, b) => a - b);
    const index = (await page.$$eval("#rows th", (ths) => ths.map((th) => th.querySelector("a")?.textContent ?? ""))).findIndex((text) => text.startsWith("value"));
    const cells = await page.$$eval(`#rows tbody tr td:nth-child(${index + 1})`, (tds) => tds.map((td) => Number((td.textContent ?? "").replace(/,/g, ""))));
    expect(cells).toEqual(values);
    const header = await page.textContent(`#rows th:nth-child(${index + 1}) .desc`);
    expect(header).toBe(JSON.parse(readFileSync(new URL("../dist/schemas/figures.schema.json", import.meta.url), "utf8")).properties.value.description);
    await page.close();
  });

  it("shows a discrepancy with each source's version side by side", async (context) => {
    needsChromium(context);
    const page = await visit("#/record/discrepancies/community-proposal-response");
    const sides = await page.$$eval(".sides .side", (nodes) => nodes.map((node) => ({ source: node.getAttribute("data-source"), quotes: [...node.querySelectorAll("blockquote")].map((q) => q.textContent) })));
    const record = tableRows("discrepancies").find((row) => row.id === "community-proposal-response") as { sources: string[]; evidence: { source: string; quote: string }[] };
    expect(sides.map((side) => side.source).sort()).toEqual([...record.sources].sort());
    for (const side of sides) expect(side.quotes).toEqual(record.evidence.filter((e) => e.source === side.source).map((e) => e.quote));
    await page.close();
  });

  it("leads from a retired id to its successor", async (context) => {
    needsChromium(context);
    const page = await visit("#/record/figures/regional-trade-10-7-billion");
    await page.click("#successor");
    await page.waitForSelector("#fields");
    expect(page.url()).toContain("#/record/figures/mirziyoyev-regional-trade-value");
    await page.close();
  });

  it("draws the timeline and a chart, each with a table giving the same in text", async (context) => {
    needsChromium(context);
    const timeline = await visit("#/timeline");
    expect(await timeline.locator("#timeline-svg circle").count()).toBe(tableRows("events").length);
    expect(await timeline.getAttribute("#timeline-svg", "aria-labelledby")).toBe("timeline-caption");
    expect(await timeline.locator("#timeline-table tbody tr").count()).toBe(tableRows("events").length);
    await timeline.close();
    const charts = await visit("#/charts");
    expect(await charts.locator("svg.chart rect").count()).toBeGreaterThanOrEqual(2);
    const rows = await charts.$$eval(".chart-table tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent)));
    expect(rows).toContainEqual(["2017", "2,800,000,000", "€2.8 billion"]);
    expect(rows).toContainEqual(["2024", "6,000,000,000", "€6 billion"]);
    await charts.close();
  });

  it("links every download to a file whose size and sha256 are those shown", async (context) => {
    needsChromium(context);
    const page = await visit();
    await page.waitForSelector("#downloads a");
    const links = await page.$$eval(".downloads a", (anchors) => anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, sha256: a.getAttribute("data-sha256"), bytes: Number(a.getAttribute("data-bytes")) })));
    expect(links.length).toBeGreaterThan(50);
    for (const link of links) {
      const response = await page.request.get(link.href);
      expect(response.status(), link.href).toBe(200);
      const body = await response.body();
      expect({ href: link.href, sha256: createHash("sha256").update(body).digest("hex"), bytes: body.length }).toEqual(link);
    }
    await page.close();
  });

  it("is usable with the keyboard and at phone width", async (context) => {
    needsChromium(context);
    const page = await visit("", 375);
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Skip to content");
    await page.focus('#tables a[href="#/table/persons"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector("#rows");
    expect(await page.evaluate("document.activeElement.tagName")).toBe("H1");
    for (const hash of ["", "#/record/events/seventh-consultative-meeting-tashkent", "#/table/proposals"]) {
      await page.goto(`${(await site()).site}${hash}`);
      await page.waitForSelector("main h1");
      // Nothing wider than the screen but the tables' own scrolling boxes.
      expect(await page.evaluate("document.documentElement.scrollWidth"), hash).toBeLessThanOrEqual(375);
    }
    await page.close();
  });

  it("has no serious or critical accessibility violation (axe-core) on home, a table, a record and search results", async (context) => {
    needsChromium(context);
    for (const hash of ["", "#/table/proposals", "#/record/proposals/community-of-central-asia-proposal", "#/search?q=community", "#/timeline", "#/charts"]) {
      const page = await visit(hash);
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page), hash || "home").toEqual([]);
      await page.close();
    }
  });

  it("says how to serve it when opened straight from disk (file://)", async (context) => {
    needsChromium(context);
    const { browser } = await site();
    // A context of its own: its file:// requests are not the served site's.
    const fromDisk = await browser.newContext();
    try {
      const page = await fromDisk.newPage();
      await page.goto(pathToFileURL(join(DIST, "site", "index.html")).href);
      await page.waitForSelector("main h1");
      expect(await page.textContent("main h1")).toBe("This site needs a web server");
      expect(await page.textContent("main")).toContain("npm run site");
    } finally {
      await fromDisk.close();
    }
  });

  it("logged no console error and requested nothing outside the site's server", async (context) => {
    needsChromium(context);
    const { requests, errors, site: url } = await site();
    const origin = new URL(url).origin;
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((request) => !request.startsWith(`${origin}/`) && !/^(data|blob):/.test(request))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
