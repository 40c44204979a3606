import { describe, expect, it } from "vitest";
import { DOCUMENT_SHA256, QUOTE_IN, REFERENCES } from "../../contract/keywords.ts";
import type { DocumentIndex } from "../documents.ts";
import type { SourceRecord } from "../records.ts";
import { evidence } from "./evidence.ts";
import { record } from "./test-records.ts";

const SHA = "ab".repeat(32);
const TEXT = "Ada said “we lead the Circle” on Monday.";
const DOCUMENTS: DocumentIndex = new Map([[SHA, { path: "report.txt", sha256: SHA, text: TEXT }]]);

/** A source record naming its document by sha256. */
function source(id: string, sha256: string): SourceRecord {
  return record("sources", id, { id, sha256 }, [{ keyword: DOCUMENT_SHA256, argument: true, path: ["sha256"] }]);
}

/** A fact whose one piece of evidence quotes `quote` from source `sourceId`. */
function fact(sourceId: string, quote: string): SourceRecord {
  return record("facts", "f1", { id: "f1", evidence: [{ source: sourceId, quote }] }, [
    { keyword: REFERENCES, argument: "sources", path: ["evidence", "0", "source"] },
    { keyword: QUOTE_IN, argument: "source", path: ["evidence", "0", "quote"] },
  ]);
}

const check = (records: SourceRecord[], documents?: DocumentIndex) => evidence.check({ records, tombstones: [], ...(documents ? { documents } : {}) });

describe("evidence", () => {
  it("checks nothing without --documents", () => {
    expect(check([source("report", "00".repeat(32)), fact("report", "not there")])).toEqual([]);
  });

  it("passes a quote found verbatim, and leaves a quote of an unknown source to the other rules", () => {
    // A hash written in capitals names the same document.
    expect(check([source("report", SHA.toUpperCase()), fact("report", "we lead the Circle")], DOCUMENTS)).toEqual([]);
    expect(check([source("report", SHA), fact("elsewhere", "not there")], DOCUMENTS)).toEqual([]);
  });

  it("reports a source whose sha256 names no document, at the hash", () => {
    const missing = "cd".repeat(32);
    const report = source("report", missing);
    expect(check([report], DOCUMENTS)).toEqual([
      {
        ...report.yaml.locate(["sha256"]),
        code: "document-missing",
        message: `no document in the documents folder has sha256 ${missing}`,
        hint: expect.stringContaining("sha256sum"),
      },
    ]);
  });

  it("gives the hash of the file a source record names when its sha256 is wrong", () => {
    const wrong = "cd".repeat(32);
    const report = record("sources", "report", { id: "report", file_name: "report.txt", sha256: wrong }, [{ keyword: DOCUMENT_SHA256, argument: true, path: ["sha256"] }]);
    expect(check([report], DOCUMENTS)[0]!.hint).toBe(`the file report.txt this record names has sha256 ${SHA}: if it is this source's document, write that hash`);
  });

  it("reports a quote not in its source's document, at the quote, showing where it stops matching", () => {
    const f1 = fact("report", 'Ada said "we lead the Circle"');
    expect(check([source("report", SHA), f1], DOCUMENTS)).toEqual([
      {
        ...f1.yaml.locate(["evidence", 0, "quote"]),
        code: "quote-not-found",
        message: 'the quote does not occur verbatim in the document of source "report"',
        hint: expect.stringMatching(/^the first 9 characters match .* \(the document has the typographic “, not "\)$/),
      },
    ]);
  });

  it("says so when no part of the quote's beginning is in the document", () => {
    const f1 = fact("report", "Zhou spoke");
    expect(check([source("report", SHA), f1], DOCUMENTS)).toEqual([
      expect.objectContaining({ ...f1.yaml.locate(["evidence", 0, "quote"]), code: "quote-not-found", hint: "no part of its beginning occurs in the document; check the source id" }),
    ]);
  });

  it("says when the quote is in the document of another source", () => {
    const other = "cd".repeat(32);
    const documents: DocumentIndex = new Map([...DOCUMENTS, [other, { path: "other.txt", sha256: other, text: "Bo said nothing at all." }]]);
    const [problem] = check([source("report", SHA), source("other", other), fact("other", "we lead the Circle")], documents);
    expect(problem).toMatchObject({
      code: "quote-not-found",
      message: 'the quote does not occur verbatim in the document of source "other"',
      hint: 'it occurs verbatim in the document of source "report": set the evidence\'s source to it',
    });
  });
});
