/**
 * The project's own schema keywords. They carry meaning that JSON Schema cannot
 * express (links between tables, quotes checked against documents), so ajv reports
 * every value they annotate and the rules check those values afterwards.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";

/** `"x-references": "<table>"`: the string is an id of a record in that table. */
export const REFERENCES = "x-references";
/** `"x-quote-in": "<sibling property>"`: the string occurs verbatim in the document of the source the sibling names. */
export const QUOTE_IN = "x-quote-in";
/** `"x-document-sha256": true`: the string is the sha256 of the record's source document. */
export const DOCUMENT_SHA256 = "x-document-sha256";

export interface Annotation {
  keyword: typeof REFERENCES | typeof QUOTE_IN | typeof DOCUMENT_SHA256;
  /** The keyword's value in the schema. */
  argument: unknown;
  /** JSON Pointer segments of the annotated value inside the record. */
  path: string[];
  value: unknown;
  /** The object holding the value, for keywords that read sibling properties. */
  parent: unknown;
}

/**
 * Ajv calls keyword functions during validation; annotations go to whichever sink is
 * current. Validation is synchronous, so one module-level sink is safe.
 */
let sink: Annotation[] | undefined;

export function collectAnnotations<T>(run: () => T): { result: T; annotations: Annotation[] } {
  const annotations: Annotation[] = [];
  sink = annotations;
  try {
    return { result: run(), annotations };
  } finally {
    sink = undefined;
  }
}

export function registerKeywords(ajv: Ajv2020): void {
  for (const [keyword, schemaType] of [[REFERENCES, "string"], [QUOTE_IN, "string"], [DOCUMENT_SHA256, "boolean"]] as const) {
    ajv.addKeyword({
      keyword,
      schemaType,
      errors: false,
      validate(argument: unknown, value: unknown, _parentSchema?: unknown, context?: { instancePath: string; parentData: unknown }) {
        sink?.push({ keyword, argument, value, path: splitPointer(context?.instancePath ?? ""), parent: context?.parentData });
        return true;
      },
    });
  }
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
