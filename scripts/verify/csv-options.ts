/**
 * csv-parse's options for a resource's dialect, in one place: the validator reads every
 * CSV file with them, and the benchmark's floor (scripts/bench/release-floor.ts) times
 * csv-parse with the very same ones.
 */
import type { Options } from "csv-parse";
import type { Dialect } from "./descriptor.ts";

/**
 * The most bytes one CSV cell may hold (csv-parse's `max_record_size`, which counts the
 * bytes of the cell being read when cells stay bytes). Each cell becomes a JavaScript
 * string, and no string can hold more than about 512 Mi UTF-16 units (V8's limit): a
 * larger cell would fail to decode and be misreported. 64 MiB is far below that, counting
 * the copies a cell makes while checked, and far above any real cell (a quote is at most
 * a few hundred characters).
 */
export const MAX_CELL_BYTES = 64 * 1024 * 1024;

/** The dialect a release's CSV files are written in (docs/formats.md), and the descriptor's defaults. */
export const RELEASE_DIALECT: Dialect = { delimiter: ",", quoteChar: '"', doubleQuote: true, lineTerminator: "\r\n", header: true, skipInitialSpace: false };

export function csvParseOptions(dialect: Dialect): Options {
  return {
    encoding: null,
    // csv-parse's own BOM handling switches its output to strings, which the UTF-8 check reads as bad bytes; the BOM is skipped before parsing instead.
    bom: false,
    max_record_size: MAX_CELL_BYTES,
    relax_column_count: true,
    skip_empty_lines: false,
    delimiter: dialect.delimiter,
    quote: dialect.quoteChar,
    escape: dialect.escapeChar ?? (dialect.doubleQuote ? dialect.quoteChar : null),
    // The declared terminator first; plain LF too, so that a file whose line ends a checkout rewrote still parses (its hash reports the change).
    record_delimiter: [...new Set([dialect.lineTerminator, "\r\n", "\n"])],
    ltrim: dialect.skipInitialSpace,
    ...(dialect.commentChar ? { comment: dialect.commentChar } : {}),
  };
}
