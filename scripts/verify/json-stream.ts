/**
 * A JSON file of a release read as a stream: either as one value (a descriptor, a
 * schema) or as an array whose elements come one at a time (a table's records), so that
 * a table of any size is never held whole.
 *
 * @streamparser/json's tokenizer does the lexing: UTF-8, escapes, lone surrogates and
 * numbers, each read as JSON.parse reads them. The values are put together here, since
 * that is where JSON.parse hides two things: a key repeated in one object (it keeps the
 * last) and a number no double can hold (1e400 reads as Infinity, which no CSV or JSON
 * writer can write back). Both are reported at their JSON Pointer and line, as are syntax
 * errors, invalid UTF-8, nesting past MAX_DEPTH and a record past MAX_RECORD_BYTES.
 */
import { Tokenizer, TokenType } from "@streamparser/json";
import { splitPointer } from "../contract/keywords.ts";
import { FileLines } from "./file-lines.ts";
import { firstKeyOffsets, syntaxMessage } from "./json-positions.ts";
import type { OpenedFile } from "./release-files.ts";
import { shownValue, type Code, type Problem, type ProblemSink } from "./report.ts";
import { Utf8Pieces } from "./utf8-pieces.ts";

/**
 * The most bytes one record of a table may take. The record is held while it is checked,
 * and each of its strings is a JavaScript string, which cannot exceed about 512 Mi UTF-16
 * units; the limit is the CSV cell's (MAX_CELL_BYTES), far above any real record.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Deeper nesting is refused: no record of a release nests past four levels, and checks that walk a value recurse. */
export const MAX_DEPTH = 256;

export interface JsonStreamOptions {
  /** 0: the file is one value. 1: the file is an array, and its elements come one at a time. */
  depth: 0 | 1;
  /** The code for a number out of range: the file's own kind of content problem. */
  contentCode: Code;
  /** Problems name the element (row, 1-based) and dotted property (field) of a top-level array. */
  records?: boolean;
}

export interface JsonValue {
  value: unknown;
  /** The element's position in the array (0 for a whole file). */
  index: number;
  /** Pointers (from the file's root) of numbers in the value read as ±Infinity, already reported. */
  nonFinite: string[];
}

interface Frame {
  value: Record<string, unknown> | unknown[];
  array: boolean;
  /** The key or index being read. */
  key: string | number;
  count: number;
  /** Offset of the opening bracket. */
  start: number;
  /** First offset of each key, kept only once the object has repeated one. */
  keyOffsets?: Map<string, number>;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const enum State {
  Value,
  FirstKey,
  Key,
  Colon,
  After,
  Done,
  Stopped,
}

/** Keeps the text of the last number, to quote one that reads as Infinity. */
class NumberTokenizer extends Tokenizer {
  numberText = "";

  protected override parseNumber(text: string): number {
    this.numberText = text;
    return Number(text);
  }
}

export class JsonStream {
  /** The file could not be read to its end (reported). */
  failed = false;
  /** With depth 1: the file is not an array (not reported here: the caller knows what it should hold). */
  notArray = false;

  private readonly tokenizer = new NumberTokenizer();
  private readonly lines: FileLines;
  private readonly stack: Frame[] = [];
  private state = State.Value;
  private ready: JsonValue[] = [];
  private taken = 0;
  private nonFinite: string[] = [];
  /** Bytes handed to the tokenizer, and the end of the last element (or the array's start). */
  private fed = 0;
  private boundary = 0;
  private readonly utf8 = new Utf8Pieces();
  private ended = false;
  /** Bytes of the file before what the tokenizer gets (a BOM), so that its offsets become the file's. */
  private origin = 0;
  /** The top-level value is an array: problems in it name their row. */
  private rootArray = false;

  constructor(
    private readonly file: OpenedFile,
    private readonly log: ProblemSink,
    private readonly options: JsonStreamOptions,
  ) {
    this.lines = new FileLines(file);
    this.tokenizer.onToken = ({ token, value, offset }) => this.token(token, value, this.origin + offset);
    this.tokenizer.onError = (error) => this.syntaxError(error);
  }

  /** The next value (depth 0: the file's only one); undefined once the file is read or cannot be read further. */
  next(): JsonValue | undefined {
    while (this.taken === this.ready.length) {
      this.ready = [];
      this.taken = 0;
      if (this.state === State.Stopped || this.ended) return undefined;
      this.feed();
    }
    return this.ready[this.taken++];
  }

  /** Reads one more piece, or ends at the end of the file. */
  private feed(): void {
    const piece = this.file.next();
    if (!piece) return this.end();
    if (!this.utf8.push(piece)) return this.stop({ code: "encoding-error", file: this.file.path, message: "the file is not valid UTF-8" });
    let text = piece;
    // A leading BOM is dropped, as TextDecoder drops it; offsets stay the file's.
    if (this.fed === 0 && this.origin === 0 && text.subarray(0, BOM.length).equals(BOM)) {
      text = text.subarray(BOM.length);
      this.origin = BOM.length;
    }
    // The tokenizer takes a character cut at the end of a piece whole from the next.
    this.tokenizer.write(text);
    this.fed += text.length;
    // A record still open past the limit is not held any longer.
    if (this.options.depth === 1 && this.stack.length > 0 && this.origin + this.fed - this.boundary > MAX_RECORD_BYTES && this.state !== State.Stopped) {
      this.tooLarge(this.stack[0]!.key as number);
    }
  }

  private end(): void {
    this.ended = true;
    if (this.file.failed) this.failed = true;
    if (this.state === State.Stopped || this.failed) return;
    if (!this.utf8.end()) {
      this.stop({ code: "encoding-error", file: this.file.path, message: "the file is not valid UTF-8" });
      return;
    }
    // A number at the very end of the file completes only now.
    if (!this.tokenizer.isEnded) this.tokenizer.end();
    if (this.settled) return;
    this.stop({ code: "format-error", file: this.file.path, message: `not valid JSON: ${this.unfinished()}` });
  }

  /** Read to the end of the value, or stopped; a getter, since tokens change the state inside calls. */
  private get settled(): boolean {
    return this.state === State.Done || this.state === State.Stopped;
  }

  private unfinished(): string {
    return this.fed === 0 ? "the file is empty" : `the file ends before the JSON value does (line ${this.lines.at(this.origin + this.fed)})`;
  }

  private token(token: TokenType, value: unknown, offset: number): void {
    switch (this.state) {
      case State.Value:
        if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) return this.open(token === TokenType.LEFT_BRACKET, offset);
        if (token === TokenType.RIGHT_BRACKET && this.top?.array && this.top.count === 0) return this.close(offset);
        if (token >= TokenType.TRUE && token <= TokenType.NUMBER) {
          if (token === TokenType.NUMBER && !Number.isFinite(value)) this.outOfRange(value as number, offset);
          return this.put(value);
        }
        break;
      case State.FirstKey:
        if (token === TokenType.RIGHT_BRACE) return this.close(offset);
      // falls through: otherwise a key, as after a comma
      case State.Key:
        if (token === TokenType.STRING) return this.key(value as string, offset);
        break;
      case State.Colon:
        if (token === TokenType.COLON) {
          this.state = State.Value;
          return;
        }
        break;
      case State.After: {
        const top = this.top!;
        if (token === TokenType.COMMA) {
          if (this.stack.length === this.options.depth) this.boundary = offset + 1;
          if (top.array) top.key = (top.key as number) + 1;
          this.state = top.array ? State.Value : State.Key;
          return;
        }
        if (token === (top.array ? TokenType.RIGHT_BRACKET : TokenType.RIGHT_BRACE)) return this.close(offset);
        break;
      }
      case State.Done:
        this.stop({ code: "format-error", file: this.file.path, message: `not valid JSON (line ${this.lines.at(offset)}): ${tokenText(token, value)} after the end of the JSON value` });
        return;
      case State.Stopped:
        return;
    }
    this.stop({ code: "format-error", file: this.file.path, message: `not valid JSON (line ${this.lines.at(offset)}): unexpected ${tokenText(token, value)}` });
  }

  private get top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private open(array: boolean, offset: number): void {
    if (this.options.depth === 1 && this.stack.length === 0 && !array) return this.notAnArray();
    if (this.stack.length >= MAX_DEPTH) {
      this.stop({ code: "format-error", file: this.file.path, message: `the JSON nests deeper than ${MAX_DEPTH} levels (line ${this.lines.at(offset)}); the file is not read further` });
      return;
    }
    if (this.stack.length === 0) this.rootArray = array;
    this.stack.push({ value: array ? [] : {}, array, key: array ? 0 : "", count: 0, start: offset });
    if (this.stack.length === this.options.depth) this.boundary = offset + 1;
    this.state = array ? State.Value : State.FirstKey;
  }

  /** `offset`: the closing bracket's. */
  private close(offset: number): void {
    this.put(this.stack.pop()!.value, offset + 1);
  }

  private key(name: string, offset: number): void {
    const frame = this.top!;
    if (Object.hasOwn(frame.value, name)) this.repeated(frame, name, offset);
    else frame.keyOffsets?.set(name, offset);
    frame.key = name;
    this.state = State.Colon;
  }

  /** `end`: where the value ends, when it is a container (a scalar is held by the tokenizer, and limited between pieces). */
  private put(value: unknown, end?: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      if (this.options.depth === 1 && !Array.isArray(value)) return this.notAnArray();
      if (this.options.depth === 0) this.emit(value, 0);
      this.state = State.Done;
      return;
    }
    const frame = this.top!;
    frame.count++;
    this.state = State.After;
    // An element of a table's array is handed on, never kept in the array.
    if (depth === this.options.depth) {
      const index = frame.key as number;
      if (end !== undefined && end - this.boundary > MAX_RECORD_BYTES) return this.tooLarge(index);
      this.emit(value, index);
    } else if (frame.array) (frame.value as unknown[]).push(value);
    // A "__proto__" key is an own property, as JSON.parse makes it, not the object's prototype.
    else if (frame.key === "__proto__") Object.defineProperty(frame.value, "__proto__", { value, writable: true, enumerable: true, configurable: true });
    else (frame.value as Record<string, unknown>)[frame.key as string] = value;
  }

  private emit(value: unknown, index: number): void {
    this.ready.push({ value, index, nonFinite: this.nonFinite });
    this.nonFinite = [];
    // The next element starts at most a piece from here.
    this.boundary = this.origin + this.fed;
  }

  private tooLarge(index: number): void {
    this.stop({ code: "cell-too-large", file: this.file.path, ...this.place(`/${index}`), message: `the record holds more than ${MAX_RECORD_BYTES} bytes, the most a record may hold; the file is not read further` });
  }

  private notAnArray(): void {
    this.notArray = true;
    this.state = State.Stopped;
  }

  private outOfRange(value: number, offset: number): void {
    const pointer = this.pointer();
    this.nonFinite.push(pointer);
    const message = `the number ${shownValue(this.tokenizer.numberText)} (line ${this.lines.at(offset)}) is beyond the range of a double: it reads as ${value}`;
    this.log.add({ code: this.options.contentCode, file: this.file.path, ...this.place(pointer), message });
  }

  private repeated(frame: Frame, name: string, offset: number): void {
    // Only an object that repeats a key pays for knowing where its keys are.
    frame.keyOffsets ??= firstKeyOffsets(this.file, frame.start, offset);
    const first = frame.keyOffsets.get(name) ?? frame.start;
    const pointer = `${this.pointer(this.stack.length - 1)}/${pointerSegment(name)}`;
    const message = `the key ${shownValue(name)} is given twice in one object (lines ${this.lines.at(first)} and ${this.lines.at(offset)}); JSON.parse keeps the last`;
    this.log.add({ code: "duplicate-key", file: this.file.path, ...this.place(pointer), message });
  }

  /** The JSON Pointer of the value being read, through the first `levels` open containers. */
  private pointer(levels = this.stack.length): string {
    let pointer = "";
    for (let i = 0; i < levels; i++) pointer += `/${pointerSegment(String(this.stack[i]!.key))}`;
    return pointer;
  }

  private place(pointer: string): Pick<Problem, "row" | "field" | "pointer"> {
    const parts = splitPointer(pointer);
    if (!this.options.records || !this.rootArray || parts.length === 0) return { pointer };
    return { row: Number(parts[0]) + 1, ...(parts.length > 1 ? { field: parts.slice(1).join(".") } : {}), pointer };
  }

  private syntaxError(error: Error): void {
    if (this.state === State.Stopped) return;
    this.stop({ code: "format-error", file: this.file.path, message: syntaxMessage(error, (offset) => this.lines.at(this.origin + offset), () => this.unfinished()) });
  }

  private stop(problem: Problem): void {
    this.log.add(problem);
    this.failed = true;
    this.state = State.Stopped;
  }
}

/** A key as a segment of a JSON Pointer. */
function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function tokenText(token: TokenType, value: unknown): string {
  return token === TokenType.STRING ? `string ${shownValue(value)}` : shownValue(value);
}
