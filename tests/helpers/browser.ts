/**
 * Headless Chromium for the site's tests: Debian's `chromium` package driven by
 * playwright-core (no browser is ever downloaded: CI reaches only the npm registry and
 * Debian). Without it, a test that needs it is skipped with a reason the summary prints
 * once (tests/summary-reporter.ts), naming the command that installs it; CI sets
 * CAI_REQUIRE_CHROMIUM=1, where a missing browser is a failure rather than a skip.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CHROMIUM, chromiumPresent, INSTALL_CHROMIUM, launchChromium } from "../../scripts/bench/chromium.ts";
import { serveFolder, type Served } from "../../scripts/published/static-server.ts";

export { chromiumPresent };

export function chromiumMissing(path: string): string {
  return `Chromium is not at ${path} (install it with \`${INSTALL_CHROMIUM}\`, or set CHROMIUM_PATH)`;
}

interface Skippable {
  skip(note: string): void;
}

export function needsChromium(context: Skippable, path = CHROMIUM): void {
  if (chromiumPresent(path)) return;
  if (process.env.CAI_REQUIRE_CHROMIUM === "1") throw new Error(`${chromiumMissing(path)}; CAI_REQUIRE_CHROMIUM=1 requires it`);
  context.skip(chromiumMissing(path));
}

export interface SiteBrowser {
  browser: Browser;
  context: BrowserContext;
  served: Served;
  /** http://127.0.0.1:<port>/site/ */
  site: string;
  /** Every request the pages made, and every console error and page error. */
  requests: string[];
  errors: string[];
  close(): Promise<void>;
}

/** Serves `dist` on a free loopback port and starts Chromium with a fresh profile. */
export async function openSite(dist: string): Promise<SiteBrowser> {
  const served = await serveFolder(dist, 0);
  const browser = await launchChromium().catch(async (error: unknown) => {
    await served.close();
    throw error;
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  context.on("page", (page) => watch(page, errors));
  return {
    browser,
    context,
    served,
    site: `http://127.0.0.1:${served.port}/site/`,
    requests,
    errors,
    async close() {
      await browser.close();
      await served.close();
    },
  };
}

function watch(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
}
