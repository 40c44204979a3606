/**
 * `npm run add-source -- <file>`: the record that names a new source document, written
 * as a stub so a curator need not compute a sha256 by hand. The table is the one whose
 * schema marks a property `x-document-sha256`; the stub holds the id, that hash, and the
 * file name and title where the table has such properties (the title only when the
 * document opens with a title line: a line, then an empty one). Required properties the
 * stub cannot know are listed, to be filled in before the record validates.
 * Exit status: 0 written, 1 the document is already named, 2 could not run.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { parseCommandLine, userPath } from "../contract/command-line.ts";
import type { Io } from "../contract/io.ts";
import { DOCUMENT_SHA256 } from "../contract/keywords.ts";
import { projectFolderProblem } from "../contract/project-meta.ts";
import { chooseDocuments } from "./documents-folder.ts";
import { loadRecords, SOURCES_FOLDER } from "./records.ts";
import { kebabCase } from "./rules/file-id-mismatch.ts";
import { loadSchemas } from "./schemas.ts";
import { sha256Hex } from "../contract/sha256.ts";

const USAGE = "usage: npm run add-source -- <document file> [--root <project>]\n  writes the source record that names the document, with its sha256";
const MAX_ID = 60;

export async function addSource(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, io, { usage: USAGE, options: { root: { type: "string" } }, positionals: { min: 1, max: 1 } });
  if (!parsed.ok) return parsed.status;
  const root = parsed.values.root === undefined ? resolve(".") : userPath(parsed.values.root);
  const notAProject = projectFolderProblem(root);
  if (notAProject) {
    io.err(`error: ${notAProject}`);
    return 2;
  }
  const file = userPath(parsed.positionals[0]!);
  if (!existsSync(file)) {
    io.err(`error: ${file} does not exist`);
    return 2;
  }
  const bytes = readFileSync(file);
  const sha256 = sha256Hex(bytes);

  const { schemas, problems } = loadSchemas(root);
  if (problems.length) {
    io.err(`error: the schemas have problems; run npm run validate first`);
    return 2;
  }
  const found = [...schemas.tables.values()].flatMap((table) => {
    const hash = table.shape.properties.find((p) => p.shape.schema[DOCUMENT_SHA256] === true);
    return hash ? [{ table, hash: hash.name }] : [];
  });
  if (found.length !== 1) {
    io.err(`error: ${found.length === 0 ? "no table" : "more than one table"} of this project has a property marked "x-document-sha256": true, so there is no one table for source records`);
    return 2;
  }
  const { table, hash } = found[0]!;

  const named = loadRecords(root, schemas).records.find((record) => record.table === table && record.data[hash] === sha256);
  if (named) {
    io.err(`error: ${relative(root, join(root, named.yaml.file))} already names this document (sha256 ${sha256})`);
    return 1;
  }

  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const [first = "", second] = text.split(/\r?\n/);
  // A title line stands alone above the text; a first line that runs into the next is the text itself.
  const title = second !== undefined && second.trim() === "" && first.trim() !== "" && !/[.!?:]["”’)]*$/.test(first.trim()) ? first.trim() : undefined;
  const has = (name: string) => table.shape.properties.some((p) => p.name === name);
  const id = shortId(kebabCase(title ?? basename(file).replace(/\.[^.]*$/, "")));
  const record: Record<string, unknown> = { id };
  if (title && has("title")) record.title = title;
  if (has("file_name")) record.file_name = basename(file);
  record[hash] = sha256;

  const path = join(root, SOURCES_FOLDER, table.name, `${id}.yaml`);
  if (existsSync(path)) {
    io.err(`error: ${relative(process.cwd(), path)} already exists; rename it or the document`);
    return 1;
  }
  const missing = table.shape.properties.filter((p) => p.required && !(p.name in record));
  const comments = missing.map((p) => `# ${p.name}: ${p.shape.description}`);
  writeFileSync(path, `${stringify(record, { lineWidth: 0 })}${comments.length ? `${comments.join("\n")}\n` : ""}`);
  io.out(`wrote ${relative(process.cwd(), path)} (sha256 ${sha256})`);
  if (missing.length) io.out(`fill in, then run npm run validate: ${missing.map((p) => p.name).join(", ")}`);
  const documents = chooseDocuments(root, undefined);
  if ("documents" in documents && !documents.documents.has(sha256)) io.out(`copy ${basename(file)} into the documents folder, so that its quotes are checked`);
  if ("unchecked" in documents) io.out(`quotes are not checked until the documents folder holds it: ${documents.unchecked}`);
  return 0;
}

/** An id short enough to read, cut at a word. */
function shortId(id: string): string {
  if (id.length <= MAX_ID) return id;
  const cut = id.slice(0, MAX_ID);
  return cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : MAX_ID);
}
