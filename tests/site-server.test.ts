/** `npm run site`: the loopback server the explorer needs, run in-process. */
import { request } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../scripts/contract/io.ts";
import { serveSite } from "../scripts/published/serve-command.ts";
import { serveFolder } from "../scripts/published/static-server.ts";
import { REPO, tempDir, writeIn } from "./helpers/project.ts";

function capture(): Io & { out: (line: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

/** A raw GET, so that paths such as /../x reach the server as written. */
function get(port: number, path: string): Promise<{ status: number; type: string | undefined; body: string; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body: Buffer.concat(chunks).toString("utf8"), location: res.headers.location }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("npm run site", () => {
  it("serves dist/ on 127.0.0.1, prints the explorer's address, and stops when asked", async () => {
    const io = capture();
    let stop!: () => void;
    const running = serveSite(["--port", "0", "--root", REPO], io, new Promise((resolve) => (stop = resolve)));
    await expect.poll(() => io.lines.length).toBeGreaterThan(1);
    const address = io.lines.find((line) => line.startsWith("the explorer: "))!.slice("the explorer: ".length);
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/site\/$/);
    const port = Number(new URL(address).port);
    const page = await get(port, "/site/");
    expect([page.status, page.type]).toEqual([200, "text/html; charset=utf-8"]);
    expect(page.body).toContain('<script type="application/ld+json">');
    expect((await get(port, "/")).location).toBe("/site/");
    expect((await get(port, "/csv/persons.csv")).body).toContain("shavkat-mirziyoyev");
    expect((await get(port, "/no-such-file")).status).toBe(404);
    // Out of the folder: refused whether written plainly or escaped.
    expect((await get(port, "/../package.json")).status).toBe(404);
    expect((await get(port, "/%2e%2e/package.json")).status).toBe(404);
    stop();
    expect(await running).toBe(0);
    expect(io.errors).toEqual([]);
  });

  it("reports a taken port in one line with exit 2", async () => {
    const taken = await serveFolder(join(REPO, "dist"), 0);
    try {
      const io = capture();
      expect(await serveSite(["--port", String(taken.port), "--root", REPO], io, Promise.resolve())).toBe(2);
      expect(io.errors).toEqual([`error: port ${taken.port} at 127.0.0.1 is taken (another \`npm run site\`?); give another with --port <n>, or --port 0 for any free one`]);
    } finally {
      await taken.close();
    }
  });

  it("refuses a folder without a site, and a bad port, in one line with exit 2", async () => {
    const empty = tempDir();
    writeIn(empty, "csv/x.csv", "id\r\n");
    const io = capture();
    expect(await serveSite([empty], io, Promise.resolve())).toBe(2);
    expect(io.errors).toEqual([`error: ${join(empty, "site", "index.html")} does not exist: run \`npm run build\` first, or name the folder of an unpacked release`]);
    const bad = capture();
    expect(await serveSite(["--port", "http"], bad, Promise.resolve())).toBe(2);
    expect(bad.errors).toEqual(['error: --port must be a whole number from 0 to 65535, not "http"']);
  });
});
