/**
 * Load stage for schema files: JSON read as JSON, so a syntax error is reported in
 * JSON's terms (a stray comma, a comment) rather than as YAML, which would accept
 * some of these and misplace others.
 */
import type { Diagnostic } from "../contract/diagnostics.ts";
import { readLocatedJson, repeatedKeyMessage, type LocatedJson } from "../contract/located-json.ts";
import { decodeUtf8, encodingProblem } from "./text.ts";

export function loadSchemaJson(file: string, bytes: Uint8Array): { json?: LocatedJson; problems: Diagnostic[] } {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { problems: [encodingProblem(file, decoded)] };
  const read = readLocatedJson(file, decoded.text);
  if ("syntax" in read) {
    const { message, ...at } = read.syntax;
    return {
      problems: [{
        ...at, code: "json-syntax", message,
        source: decoded.text.split(/\r?\n/)[at.line - 1] ?? "",
        hint: "JSON allows no comments, no trailing comma and only double-quoted keys and strings; the mistake is often at the end of the line before",
      }],
    };
  }
  const problems: Diagnostic[] = read.json.repeatedKeys.map(({ key, firstLine, ...at }) => ({
    ...at, code: "json-syntax",
    message: repeatedKeyMessage({ key, firstLine }),
    hint: "keep one of the two; JSON.parse would silently keep the last",
  }));
  return problems.length > 0 ? { problems } : { json: read.json, problems };
}
