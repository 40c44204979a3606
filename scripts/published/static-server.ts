/**
 * Serves a release folder (dist/ or an unpacked release) over HTTP on the loopback
 * interface, for the explorer site in its site/ folder: browsers do not let a page opened
 * from disk read the files beside it. GET and HEAD only, files only (no listings), paths
 * that stay inside the folder, links not followed: the folder may be a downloaded release.
 */
import { createReadStream, lstatSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname } from "node:path";
import { insideRoot, unsafeReason } from "./safe-path.ts";

export const DEFAULT_PORT = 8765;
export const HOST = "127.0.0.1";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonld": "application/ld+json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

export interface Served {
  server: Server;
  /** The port actually listened on (the one asked for, or the system's choice for 0). */
  port: number;
  close(): Promise<void>;
}

/** The file under `root` a request path names, or undefined; "/x/" means "/x/index.html". */
function fileFor(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://localhost").pathname).slice(1);
  } catch {
    return undefined;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  if (unsafeReason(path)) return undefined;
  const absolute = insideRoot(root, path);
  try {
    return lstatSync(absolute).isFile() ? absolute : undefined;
  } catch {
    return undefined;
  }
}

/** Starts serving `root`; rejects with the listen error (EADDRINUSE for a taken port). */
export function serveFolder(root: string, port: number): Promise<Served> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    // "/" leads to the site, the reason to serve the folder.
    if (request.url === "/" && fileFor(root, "/site/")) {
      response.writeHead(302, { location: "/site/" }).end();
      return;
    }
    const file = fileFor(root, request.url ?? "/");
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        server,
        port: typeof address === "object" && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
