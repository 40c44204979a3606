/**
 * dist/browse.html: one self-contained page (no network, no build step) to browse every
 * table, follow references between records and read each fact's evidence. The page's
 * script is generic: it learns tables, columns and links from metadata derived here
 * from the schemas, so a new table shows up without touching this file.
 */
import { readFileSync } from "node:fs";
import { QUOTE_IN } from "../../contract/keywords.ts";
import type { Dataset } from "../model.ts";
import type { ProjectMeta } from "../../contract/project-meta.ts";
import type { Shape } from "../../contract/shapes.ts";
import { describedVersion } from "./changes.ts";
import type { Emitter } from "./emitter.ts";
import { textFile, type OutputFile } from "./output.ts";

const ASSETS = new URL("./browse/", import.meta.url);

export interface BrowseTable {
  title: string;
  description: string;
  /** Top-level properties in schema order, with their descriptions. */
  columns: { name: string; description: string }[];
  /** Dotted property path (list items share their list's path) -> referenced table. */
  links: Record<string, string>;
  /** Dotted path of a quote -> the sibling property naming its source. */
  quotes: Record<string, string>;
  rows: unknown[];
}

export const browseEmitter: Emitter = {
  name: "browse",
  mediaTypes: [[".html", "text/html"]],
  emit: ({ meta, dataset, files }) => [emitBrowse({ ...meta, version: describedVersion(files) }, dataset)],
};

function emitBrowse(meta: ProjectMeta, dataset: Dataset): OutputFile {
  const tables: Record<string, BrowseTable> = {};
  for (const { table, rows } of dataset.tables) {
    const links: Record<string, string> = {};
    const quotes: Record<string, string> = {};
    collectLinks(table.shape, "", links, quotes);
    tables[table.name] = {
      title: String(table.schemaFile.data.title),
      description: table.shape.description,
      columns: table.shape.properties.map((p) => ({ name: p.name, description: p.shape.description })),
      links,
      quotes,
      rows,
    };
  }
  const data = { name: meta.name, title: meta.title, version: meta.version, tables, tombstones: dataset.tombstones };
  // "<" escaped so that no value can close the script element it is embedded in.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const html = readFileSync(new URL("page.html", ASSETS), "utf8")
    // Replacer functions: a "$" in the inserted text must not act as a replacement pattern.
    .replace("{{title}}", () => escapeHtml(`${meta.title} ${meta.version}`))
    .replace("{{style}}", () => readFileSync(new URL("page.css", ASSETS), "utf8").trim())
    .replace("{{script}}", () => readFileSync(new URL("page.js", ASSETS), "utf8").trim())
    .replace("{{data}}", () => json);
  return textFile("browse.html", html);
}

function collectLinks(shape: Shape, path: string, links: Record<string, string>, quotes: Record<string, string>): void {
  if (shape.kind === "scalar" && shape.references) links[path] = shape.references;
  if (shape.kind === "scalar" && typeof shape.schema[QUOTE_IN] === "string") quotes[path] = shape.schema[QUOTE_IN];
  if (shape.kind === "list") collectLinks(shape.items, path, links, quotes);
  if (shape.kind === "object") {
    for (const property of shape.properties) collectLinks(property.shape, path ? `${path}.${property.name}` : property.name, links, quotes);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
