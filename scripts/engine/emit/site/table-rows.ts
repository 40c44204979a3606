/**
 * A table's rows as the record chunks and search shards read them: each row's label, and
 * the record itself. A table the build cache took whole has no rows in memory (model.ts
 * rowsAtHand). While its source files are unchanged, its labels come from the site's note of
 * the last build and its records from the record chunks that build wrote, so that an edit
 * elsewhere does not read the whole table back: only the chunks an edit reached are opened.
 * Whatever is missing (no note, a chunk no longer as written) is read from the rows instead.
 */
import type { Row } from "../../../contract/flatten.ts";
import type { TableData } from "../../model.ts";
import type { EmitterState } from "../emitter.ts";
import { chunkOf, chunkPath, type RecordChunk } from "./layout.ts";
import { chunksOf, type TableSummary } from "./summary.ts";
import { labelOf } from "./tables.ts";

export interface TableRows {
  /** The label of the row (tables.ts labelOf). */
  label(row: number): string;
  record(row: number): Row;
}

/** Each row's label, noted per table under the digest of its source files. */
export interface LabelNote {
  digest: string;
  labels: string[];
}

/** `labels`: each row's label, when already worked out. */
export function rowsInMemory(data: TableData, labels?: readonly string[]): TableRows {
  return { label: (row) => labels?.[row] ?? labelOf(data.rows[row]!), record: (row) => data.rows[row]! };
}

/**
 * The rows of an unchanged table from what the last build left: `labels` reads the note of
 * its labels, `chunkFile` the bytes of one of its chunks as written then (undefined when
 * dist/ no longer holds them). `noteLabels` keeps labels worked out from the rows for the next build.
 */
export function rowsFromLastBuild(
  data: TableData,
  summary: TableSummary,
  digest: string,
  { labels: notedLabels, chunkFile, noteLabels }: { labels: () => LabelNote | undefined; chunkFile: (path: string) => Buffer | undefined; noteLabels: (note: LabelNote) => void },
): TableRows {
  let labels: string[] | undefined;
  const labelList = (): string[] => {
    if (labels) return labels;
    const noted = notedLabels();
    if (noted?.digest === digest && noted.labels.length === summary.ids.length) return (labels = noted.labels);
    labels = data.rows.map(labelOf);
    noteLabels({ digest, labels });
    return labels;
  };
  const chunks = new Map<number, Map<string, Row> | undefined>();
  const count = chunksOf(summary);
  const fromChunk = (row: number): Row | undefined => {
    const id = summary.ids[row]!;
    const index = chunkOf(id, count);
    if (!chunks.has(index)) {
      const bytes = chunkFile(chunkPath(data.table.name, index));
      const chunk = bytes ? (JSON.parse(bytes.toString("utf8")) as RecordChunk) : undefined;
      chunks.set(index, chunk && new Map(chunk.entries.flatMap((entry) => (entry.record ? [[entry.id, entry.record as Row] as const] : []))));
    }
    return chunks.get(index)?.get(id);
  };
  return {
    label: (row) => labelList()[row]!,
    record: (row) => fromChunk(row) ?? data.rows[row]!,
  };
}
