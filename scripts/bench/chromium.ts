/**
 * Headless Chromium from the system (Debian's `chromium` package, or CHROMIUM_PATH),
 * driven by playwright-core, which downloads no browser: for the explorer site's browser
 * tests and its timings in `npm run bench`.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium";

/**
 * Flags for a quiet headless run: Chromium's own background connections (updates, sync,
 * QUIC probes) would otherwise be refused on a machine without a route out, and show as noise.
 */
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function chromiumPresent(path = CHROMIUM): boolean {
  return existsSync(path);
}

/** Starts Chromium; playwright-core gives every launch a fresh, temporary profile (user data folder). */
export function launchChromium(path = CHROMIUM): Promise<Browser> {
  return chromium.launch({ executablePath: path, args: FLAGS, headless: true });
}
