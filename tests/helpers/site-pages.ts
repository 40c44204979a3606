/** What the site's browser tests share: one served dist/, one browser, pages that report their errors, axe-core. */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll } from "vitest";
import { chromiumPresent, openSite, type SiteBrowser } from "./browser.ts";
import { REPO } from "./project.ts";

export const DIST = join(REPO, "dist");
/** Screenshots for people to look at; git-ignored. */
export const SHOTS = join(REPO, "tests", "output", "site");

let opened: Promise<SiteBrowser> | undefined;
afterAll(async () => {
  if (opened) await (await opened).close();
  opened = undefined;
});

/** The committed dist/ served and a browser started, once per test file. */
export function site(): Promise<SiteBrowser> {
  if (!chromiumPresent()) throw new Error("site() needs Chromium: call needsChromium first");
  opened ??= openSite(DIST);
  return opened;
}

/** A new page at `hash` of the site, once its heading is shown. */
export async function visit(hash = "", width = 1200): Promise<Page> {
  const { context, site: url } = await site();
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url + hash);
  await page.waitForSelector("main h1");
  return page;
}

export function tableRows(table: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(DIST, "json", `${table}.json`), "utf8")) as Record<string, unknown>[];
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page as it is now: rule id and the elements. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)")) as { id: string; impact: string; nodes: { target: string[] }[] }[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
