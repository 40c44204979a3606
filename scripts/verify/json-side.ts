/**
 * The JSON half of a table group (table-group.ts): a table's records streamed, checked
 * against the schema, flattened to the rows each CSV file must hold, and handed on in
 * batches of plain data, so that the same code can run in this thread or in a worker
 * (json-worker.ts) while the main thread reads the CSV files. A batch carries the problems
 * found in the records (each about the JSON file or its schema, of which the main thread
 * reports nothing before the table ends, so that the log gets them in the same order
 * either way) and the steps of the walk, in record order.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import { isObject } from "../contract/shapes.ts";
import { compareKeys } from "../contract/row-order.ts";
import { LayoutRows } from "./agreement.ts";
import { RecordCheck, UnusableSchema, type JsonTable } from "./json-tables.ts";
import { JsonStream, type JsonValue } from "./json-stream.ts";
import { OpenedFile, unreadableProblem } from "./release-files.ts";
import { shownValue, type Problem, type ProblemSink } from "./report.ts";
import { BatchWriter, type RowBatch } from "./row-batch.ts";

/**
 * How many numbers a batch holds, at most (it may end later, at the end of a record):
 * enough that handing it on costs little per row, and few enough that a batch dies young.
 * A batch outliving V8's young generation would be copied to the old one, and the heap
 * grows to hold them until a full collection: at 1,000 records a batch (about 20,000
 * numbers) the peak RSS rose by half.
 */
export const BATCH_NUMBERS = 2048;

export interface Batch {
  problems: Problem[];
  steps: RowBatch;
  /** In the first batch: whether the records are checked at all, so that their CSV files are walked beside them. */
  walked?: boolean;
  /** In the last batch: whether the records were read through and checked. */
  loaded?: boolean;
}

/** A log that keeps problems for the next batch. */
class BatchLog implements ProblemSink {
  problems: Problem[] = [];
  add(problem: Problem): void {
    this.problems.push(problem);
  }
  take(): Problem[] {
    const taken = this.problems;
    this.problems = [];
    return taken;
  }
}

export class JsonSide {
  private readonly log = new BatchLog();
  private readonly records: JsonStream;
  private readonly rows: LayoutRows[];
  private check: RecordCheck | undefined;
  private first: JsonValue | undefined;
  private firstValid = false;
  private started = false;
  private ended = false;
  private previous: unknown[] | undefined;
  private unsorted = false;
  private readonly steps = new BatchWriter();

  constructor(
    private readonly table: JsonTable,
    /** The JSON file, checked and opened by the main thread: read here by a reader of its own on the same descriptor, so that a failed read is reported in order with the records' problems. */
    opened: Pick<OpenedFile, "path" | "fd" | "size">,
    private readonly ajv: Ajv2020,
    /** Ids of this table that tombstones.json names. */
    private readonly named: ReadonlySet<string> | undefined,
    private readonly batchNumbers = BATCH_NUMBERS,
  ) {
    const log = this.log;
    const file = new OpenedFile(opened.path, opened.fd, opened.size, { unreadable: (path, error) => log.add(unreadableProblem(path, error)) });
    this.records = new JsonStream(file, log, { depth: 1, contentCode: "schema-error", records: true });
    this.rows = table.layouts.map((layout) => new LayoutRows(layout, table.file, log));
  }

  /** The next batch; the last has `loaded`. */
  next(): Batch {
    if (this.ended) throw new Error("the records were already read through");
    if (!this.started) return this.start();
    const { records, steps } = this;
    for (let record = this.first ?? records.next(); record; record = records.next()) {
      let valid: boolean;
      if (record === this.first) {
        valid = this.firstValid;
        this.first = undefined;
      } else {
        try {
          valid = this.check!.check(record.value, record.index, record.nonFinite);
        } catch (error) {
          if (!(error instanceof UnusableSchema)) throw error;
          steps.stop();
          return this.drain();
        }
      }
      this.walk(record, valid);
      if (steps.size >= this.batchNumbers) return { problems: this.log.take(), steps: steps.take() };
    }
    if (records.failed) steps.stop();
    return this.end({ problems: this.log.take(), steps: steps.take(), loaded: !records.failed });
  }

  /** The first record, and whether its schema can check the records at all. */
  private start(): Batch {
    this.started = true;
    const { records, table } = this;
    const log = this.log;
    const first = records.next();
    if (records.notArray) {
      log.add({ code: "schema-error", file: table.file, message: "a table's JSON file must be an array of records (objects)" });
      return this.end({ problems: this.log.take(), steps: this.steps.take(), walked: false, loaded: false });
    }
    // A file that is not JSON at all, or a schema that cannot check its records, leaves the records unchecked and the CSV files to be read alone.
    this.check = (first || !records.failed) && table.schema !== undefined ? RecordCheck.compile(this.ajv, table, log) : undefined;
    try {
      if (this.check && first) this.firstValid = this.check.check(first.value, first.index, first.nonFinite);
    } catch (error) {
      if (!(error instanceof UnusableSchema)) throw error;
      return this.drain(false);
    }
    if (!this.check) return this.drain(false);
    this.first = first;
    return { problems: this.log.take(), steps: this.steps.take(), walked: true };
  }

  private walk(record: JsonValue, valid: boolean): void {
    const { steps } = this;
    const id = isObject(record.value) ? record.value.id : undefined;
    if (typeof id === "string" && this.named?.has(id)) steps.named(id);
    if (valid && !this.unsorted) {
      const key = [id];
      if (this.previous && compareKeys(key, this.previous) < 0) {
        this.unsorted = true;
        this.log.add({ code: "row-order", file: this.table.file, row: record.index + 1, field: "id", message: `${shownValue(id)} comes after ${shownValue(this.previous[0])}: the records are not sorted by id, as a release's tables are, so its CSV files are not compared past this record` });
        steps.stop();
      }
      this.previous = key;
    }
    for (let m = 0; m < this.rows.length; m++) {
      const layout = this.rows[m]!;
      const rows = valid ? layout.of(record.value as Record<string, unknown>, record.index) : undefined;
      if (!rows) steps.skip(m, id);
      else for (const row of rows) steps.expect(m, row, layout.keyAt);
    }
  }

  /** The rest of the records read only for what reading finds (repeated keys, numbers out of range, syntax): the table is not loaded. */
  private drain(walked?: boolean): Batch {
    while (this.records.next());
    return this.end({ problems: this.log.take(), steps: this.steps.take(), ...(walked === undefined ? {} : { walked }), loaded: false });
  }

  private end(batch: Batch): Batch {
    this.ended = true;
    return batch;
  }
}
