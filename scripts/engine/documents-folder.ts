/**
 * Which source documents the quotes are checked against: the folder given with
 * `--documents`, else the one package.json names (`"evidence": { "documents": … }`,
 * relative to the project), so a curator configures it once. When there is none, the
 * commands say so in one line instead of passing unchecked quotes in silence, and
 * `npm run release` refuses to publish them.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { userPath } from "../contract/command-line.ts";
import { checkProjectMeta } from "../contract/project-meta.ts";
import { DOCUMENT_SHA256 } from "../contract/keywords.ts";
import { loadDocuments, type DocumentIndex, type SourceDocument } from "./documents.ts";
import type { SourceRecord } from "./records.ts";

export type DocumentsChoice = { documents: DocumentIndex } | { unchecked: string } | { error: string };

export function chooseDocuments(root: string, given: string | undefined): DocumentsChoice {
  if (given !== undefined) return load(userPath(given));
  // package.json's own problems are reported by the pipeline, with their places.
  const setting = checkProjectMeta(root).meta?.documents;
  if (setting === undefined) return { unchecked: 'no documents folder: pass --documents <folder>, or set "evidence": { "documents": "<folder>" } in package.json' };
  const folder = resolve(root, setting);
  if (!existsSync(folder)) return { unchecked: `the documents folder ${setting} (package.json "evidence.documents") is not there` };
  return load(folder);
}

function load(folder: string): DocumentsChoice {
  try {
    return { documents: loadDocuments(folder) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Documents of the folder that no record names by its sha256: a source record is missing for each. */
export function unnamedDocuments(records: readonly SourceRecord[], documents: DocumentIndex): SourceDocument[] {
  const named = new Set(
    records.flatMap((record) => record.annotations.filter((a) => a.keyword === DOCUMENT_SHA256 && typeof a.value === "string").map((a) => String(a.value).toLowerCase())),
  );
  return [...documents.values()].filter((document) => !named.has(document.sha256));
}
