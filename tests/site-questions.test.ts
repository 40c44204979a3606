/**
 * Five questions a reader brings to the dataset, each answered in the explorer site by
 * clicking alone from the home page; each test asserts the answer as the page shows it, so
 * that it fails when the page stops showing it. The answers are those of the two source
 * articles (sources/sources/*.yaml).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { needsChromium } from "./helpers/browser.ts";
import { visit } from "./helpers/site-pages.ts";

/** Clicks a link and waits for the view it leads to: the address changes, then `ready` is shown. */
async function click(page: Page, selector: string, ready = "main h1"): Promise<void> {
  const before = page.url();
  await page.click(selector);
  await page.waitForFunction((url) => location.href !== url, before);
  await page.waitForSelector(ready);
}

/** Opens a table from the home page's list. */
async function openTable(page: Page, table: string): Promise<void> {
  await page.waitForSelector("#tables");
  await click(page, `#tables a[href="#/table/${table}"]`, "#rows");
}

/** Clicks the id link of the table row whose text holds `text`. */
async function openRowHolding(page: Page, text: string): Promise<void> {
  await click(page, `#rows tbody tr:has-text("${text}") td:first-child a`, "#fields");
}

const texts = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => (node.textContent ?? "").trim()));

describe("a reader's questions, answered by clicking from the home page", () => {
  it("who attended the summit: six states, and the three presidents the articles name", async (context) => {
    needsChromium(context);
    const page = await visit();
    await openTable(page, "events");
    await openRowHolding(page, "seventh-consultative-meeting-tashkent");
    expect(await page.textContent("main h1")).toBe("Seventh Consultative Meeting of Central Asian Heads of State");
    const states = await texts(page, '[data-field="participants"] a[href^="#/record/organizations/"]');
    expect(states.sort()).toEqual(["Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]);
    const presidents = await texts(page, '[data-field="participants"] a[href^="#/record/persons/"]');
    expect(presidents.sort()).toEqual(["Ilham Aliyev", "Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"]);
    await page.close();
  });

  it("who proposed the Community of Central Asia: Shavkat Mirziyoyev", async (context) => {
    needsChromium(context);
    const page = await visit();
    await openTable(page, "proposals");
    await openRowHolding(page, "Community of Central Asia");
    expect(await page.textContent("main h1")).toContain("Community of Central Asia");
    expect(await texts(page, '[data-field="proposer"] a')).toEqual(["Shavkat Mirziyoyev"]);
    await page.close();
  });

  it("what was adopted: the regional security concept and the catalogue of risks for 2026-2028", async (context) => {
    needsChromium(context);
    const page = await visit();
    await click(page, 'nav a[href="#/timeline"]', "#timeline-table");
    const decisions = await texts(page, "#timeline-table tbody tr:has-text('Seventh Consultative Meeting') td a");
    expect(decisions).toContain("Adopt a concept for regional security and stability");
    const catalogue = decisions.find((title) => title.includes("catalogue of security risks"));
    expect(catalogue).toMatch(/2026.2028/);
    await click(page, `#timeline-table a:has-text("${catalogue}")`, "#fields");
    // Both articles report it adopted (one says "adopted", the other "approved").
    expect(await texts(page, '[data-field="status_reports"] dd')).toEqual(expect.arrayContaining(["adopted"]));
    await click(page, '[data-field="document"] a', '[data-field="period"]');
    expect(await page.textContent('[data-field="period"]')).toMatch(/2026.*2028/s);
    await page.close();
  });

  it("what the $10.7 billion refers to: regional trade, as Mirziyoyev stated it, with no year", async (context) => {
    needsChromium(context);
    const page = await visit();
    await openTable(page, "figures");
    await openRowHolding(page, "$10.7 billion");
    expect(await page.textContent('[data-field="measure"]')).toBe("regional trade");
    expect(await page.textContent('[data-field="value_as_stated"]')).toBe("$10.7 billion");
    expect(await texts(page, '[data-field="stated_by"] a')).toEqual(["Shavkat Mirziyoyev"]);
    expect(await page.locator('[data-field="year"]').count()).toBe(0);
    expect(await page.textContent("#fields")).toContain("for which year, is not stated");
    await page.close();
  });

  it("where the two articles disagree about the Community: agreed, against not yet publicly responded", async (context) => {
    needsChromium(context);
    const page = await visit();
    await openTable(page, "proposals");
    await openRowHolding(page, "Community of Central Asia");
    // The reader picks, among the listed disagreements, the one that says the leaders agreed.
    await click(page, `#disagreements a:has-text("agreed to transform")`, ".sides");
    const sides = await page.$$eval(".sides .side", (nodes) => nodes.map((node) => (node.textContent ?? "").replace(/\s+/g, " ")));
    expect(sides).toHaveLength(2);
    expect(sides.find((side) => side.includes("agreed to transform"))).toBeDefined();
    expect(sides.find((side) => side.includes("have not yet publicly responded"))).toBeDefined();
    expect(sides.find((side) => side.includes("agreed to transform"))).not.toContain("publicly responded");
    await page.close();
  });
});
