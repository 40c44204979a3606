/**
 * The explorer site's start in headless Chromium: from navigation until the home page's
 * table list, and a record page's fields, are visible, served from the corpus's dist/ on
 * 127.0.0.1 with the browser already started and a fresh browser context (no cache) per
 * run. The floor beside each is the same page's HTML alone with JavaScript off (until its
 * header is visible): what the browser and the server cost before the site's script runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { serveFolder } from "../published/static-server.ts";
import { launchChromium } from "./chromium.ts";
import type { Row } from "./report.ts";

/** Named selectors: what a reader waits for on each page. */
const HOME_READY = "#tables tbody tr";
const RECORD_READY = "#fields dd";
const HTML_READY = "header";

interface Manifest {
  tables: { name: string; count: number; pages: number }[];
}

/** The record in the middle of the largest table, as its page lists it. */
function middleRecord(site: string): { table: string; id: string } {
  const manifest = JSON.parse(readFileSync(join(site, "data", "manifest.json"), "utf8")) as Manifest;
  const table = [...manifest.tables].sort((a, b) => b.count - a.count)[0]!;
  const page = JSON.parse(readFileSync(join(site, "data", "tables", table.name, `page-${Math.floor(table.pages / 2)}.json`), "utf8")) as { rows: { id: string }[] };
  return { table: table.name, id: page.rows[Math.floor(page.rows.length / 2)]!.id };
}

async function timeUntil(browser: Browser, url: string, selector: string, javaScript = true): Promise<number> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  try {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector(selector, { state: "visible" });
    return performance.now() - start;
  } finally {
    await context.close();
  }
}

export async function siteRows(dist: string, runs: number): Promise<Row[]> {
  const served = await serveFolder(dist, 0);
  const browser = await launchChromium();
  try {
    const site = `http://127.0.0.1:${served.port}/site/`;
    const { table, id } = middleRecord(join(dist, "site"));
    const record = `${site}#/record/${encodeURIComponent(table)}/${encodeURIComponent(id)}`;
    const home: Row = { stage: `home page: table list visible (${HOME_READY})`, part: false, fixed: true, ms: [], rssMiB: [], floor: { what: "its HTML, JavaScript off", ms: [], rssMiB: [] } };
    const fields: Row = { stage: `record page (${table}/${id}): fields visible (${RECORD_READY})`, part: false, fixed: true, ms: [], rssMiB: [], floor: { what: "its HTML, JavaScript off", ms: [], rssMiB: [] } };
    // A first visit warms the server and the browser's own start-up paths; it is not counted.
    await timeUntil(browser, site, HOME_READY);
    for (let run = 0; run < runs; run++) {
      home.ms.push(await timeUntil(browser, site, HOME_READY));
      home.floor!.ms.push(await timeUntil(browser, site, HTML_READY, false));
      fields.ms.push(await timeUntil(browser, record, RECORD_READY));
      fields.floor!.ms.push(await timeUntil(browser, record, HTML_READY, false));
    }
    for (const row of [home, fields]) {
      row.rssMiB = row.ms.map(() => undefined);
      row.floor!.rssMiB = row.ms.map(() => undefined);
    }
    return [home, fields];
  } finally {
    await browser.close();
    await served.close();
  }
}
