/**
 * The steps of a table's walk as json-side.ts hands them on: numbers in one Float64Array
 * and every text in one string, so that a batch crosses between threads as two blocks of
 * memory rather than as thousands of small strings and arrays, and the CSV side compares
 * its cells with the text in place instead of making a string of each expected cell.
 */
import { keyText } from "../contract/row-order.ts";
import type { ExpectedRow, MadeRow } from "./agreement.ts";

export const enum Step {
  /** `length` + text: a record's id that tombstones.json names. */
  Named,
  /** The records went out of order, or could not be read through (reported): nothing more is matched. */
  Stop,
  /** `layout, length` (+ text; -1: the id is not text): a record that broke its schema or the flattening rule. */
  Skip,
  /** `layout, record`, a `length` per column (+ texts), then each key part: a row the layout's CSV file must hold. */
  Expect,
}

/** How a part of a row's key is given. */
const enum KeyPart {
  /** A number, next. */
  Number,
  /** The same text as the key's column. */
  Cell,
  /** `length` + text. */
  Text,
}

export interface RowBatch {
  numbers: Float64Array;
  text: string;
}

export class BatchWriter {
  private numbers = new Float64Array(4096);
  private count = 0;
  private texts: string[] = [];

  /** Numbers written so far: the size of the batch. */
  get size(): number {
    return this.count;
  }

  named(id: string): void {
    this.put(Step.Named);
    this.text(id);
  }

  stop(): void {
    this.put(Step.Stop);
  }

  skip(layout: number, id: unknown): void {
    this.put(Step.Skip);
    this.put(layout);
    if (typeof id === "string") this.text(id);
    else this.put(-1);
  }

  /** `keyAt`: the positions of the key's columns among the cells. */
  expect(layout: number, row: MadeRow, keyAt: readonly number[]): void {
    this.put(Step.Expect);
    this.put(layout);
    this.put(row.record);
    for (const cell of row.cells) this.text(cell);
    for (let k = 0; k < row.key.length; k++) {
      const part = row.key[k];
      if (typeof part === "number") {
        this.put(KeyPart.Number);
        this.put(part);
        continue;
      }
      const text = keyText(part);
      if (text === row.cells[keyAt[k]!]) this.put(KeyPart.Cell);
      else {
        this.put(KeyPart.Text);
        this.text(text);
      }
    }
  }

  /** The batch so far; the writer starts a new one. */
  take(): RowBatch {
    const batch = { numbers: this.numbers.subarray(0, this.count), text: this.texts.join("") };
    // The batch's buffer may be handed to another thread: the next batch gets a buffer of its own.
    this.numbers = new Float64Array(this.numbers.length);
    this.count = 0;
    this.texts = [];
    return batch;
  }

  private put(n: number): void {
    if (this.count === this.numbers.length) {
      const larger = new Float64Array(2 * this.numbers.length);
      larger.set(this.numbers);
      this.numbers = larger;
    }
    this.numbers[this.count++] = n;
  }

  /** A text: its length among the numbers, itself in the batch's text. */
  private text(text: string): void {
    this.put(text.length);
    this.texts.push(text);
  }
}

/** What the steps are applied to. */
export interface Walker {
  named(id: string): void;
  stop(): void;
  skip(layout: number, id: string | undefined): void;
  expect(layout: number, row: BatchRow): void;
}

/** One expected row read from a batch, in place; filled again for the next row, so valid only while it is being matched. */
export class BatchRow implements ExpectedRow {
  record = 0;
  readonly key: unknown[];
  /** @internal Where the row's text ends in the batch's. */
  end = 0;
  private text = "";
  private readonly starts: number[];
  private readonly lengths: number[];

  constructor(
    readonly columns: number,
    private readonly keyAt: readonly number[],
  ) {
    this.key = new Array<unknown>(keyAt.length);
    this.starts = new Array<number>(columns).fill(0);
    this.lengths = new Array<number>(columns).fill(0);
  }

  cellIs(i: number, text: string): boolean {
    return this.lengths[i] === text.length && this.text.startsWith(text, this.starts[i]);
  }

  cell(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i]! + this.lengths[i]!);
  }

  keyCells(): string[] {
    return this.keyAt.map((at) => this.cell(at));
  }

  /** @internal Reads the row at `n` of the batch's numbers and `t` of its text; returns where its numbers end (`end`: its text). */
  read(batch: RowBatch, n: number, t: number): number {
    const { numbers, text } = batch;
    this.text = text;
    this.record = numbers[n++]!;
    for (let c = 0; c < this.columns; c++) {
      const length = numbers[n++]!;
      this.starts[c] = t;
      this.lengths[c] = length;
      t += length;
    }
    for (let k = 0; k < this.key.length; k++) {
      const kind = numbers[n++] as KeyPart;
      if (kind === KeyPart.Number) this.key[k] = numbers[n++];
      else if (kind === KeyPart.Cell) this.key[k] = this.cell(this.keyAt[k]!);
      else {
        const length = numbers[n++]!;
        this.key[k] = text.slice(t, t + length);
        t += length;
      }
    }
    this.end = t;
    return n;
  }
}

/** Applies a batch's steps, in order. */
export function walkBatch(batch: RowBatch, walker: Walker, rowsOf: (layout: number) => BatchRow): void {
  const { numbers, text } = batch;
  let n = 0;
  let t = 0;
  const textOf = (length: number): string => text.slice(t, (t += length));
  while (n < numbers.length) {
    switch (numbers[n++] as Step) {
      case Step.Named:
        walker.named(textOf(numbers[n++]!));
        break;
      case Step.Stop:
        walker.stop();
        break;
      case Step.Skip: {
        const layout = numbers[n++]!;
        const length = numbers[n++]!;
        walker.skip(layout, length < 0 ? undefined : textOf(length));
        break;
      }
      case Step.Expect: {
        const layout = numbers[n++]!;
        const row = rowsOf(layout);
        n = row.read(batch, n, t);
        t = row.end;
        walker.expect(layout, row);
        break;
      }
      default:
        throw new Error(`a batch of records holds an unknown step (${numbers[n - 1]})`);
    }
  }
}
