/**
 * Where the JSON half of each table group runs (json-side.ts): in this thread, or, with
 * the compiled validator, in a worker thread (json-worker.ts) on the other core, while
 * this thread reads the table's CSV files. Either way the batches are the same data in
 * the same order, so what the validator reports does not depend on where they were made.
 * This thread waits for the worker's batches synchronously (Atomics.wait, then
 * receiveMessageOnPort), so that the walk beside the CSV files stays a plain loop.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { JsonSide, type Batch } from "./json-side.ts";
import type { JsonTable } from "./json-tables.ts";
import type { OpenedFile } from "./release-files.ts";

/** Batches the worker may make before this thread has taken them: the most it holds. */
export const AHEAD_BATCHES = 64;
/**
 * A thread that waits for the other is woken only once this many batches are ready (or
 * the table ends) for this thread, or free for the worker: on a busy machine each wake-up
 * can cost a time slice, so the threads must not hand every batch across one by one.
 */
export const WAKE_BATCHES = 16;

/** Slots of the shared counters. */
export const enum Counter {
  Posted,
  Taken,
  /** 1 while the main thread waits for batches. */
  MainWaits,
  /** 1 while the worker waits for room. */
  WorkerWaits,
}

/** What the worker is started with. */
export interface WorkerSetup {
  port: MessagePort;
  counters: SharedArrayBuffer;
}

/** One table for the worker: what it needs to make the table again from its schema, and the JSON file opened here. */
export interface TableRequest {
  name: string;
  schema: unknown;
  names: string[];
  file: { path: string; fd: number; size: number };
  named?: string[];
}

export interface JsonSource {
  /** The batches of one table, read in turn until one has `loaded`. */
  open(table: JsonTable, file: OpenedFile, named: ReadonlySet<string> | undefined): () => Batch;
  close(): void;
}

/** The JSON half in this thread. */
export function inThread(ajv: Ajv2020): JsonSource {
  return {
    open(table, file, named) {
      const side = new JsonSide(table, file, ajv, named);
      return () => side.next();
    },
    close: () => undefined,
  };
}

/** The compiled worker beside the compiled validator, or none when it runs from sources (a worker thread cannot load them). */
export function compiledWorker(): URL | undefined {
  return import.meta.url.endsWith(".js") ? new URL("./json-worker.js", import.meta.url) : undefined;
}

/** The JSON half in a worker thread started from `url`. */
export function inWorker(url: URL, names: readonly string[]): JsonSource {
  const counters = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const count = new Int32Array(counters);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(url, { workerData: { port: port2, counters } satisfies WorkerSetup, transferList: [port2] });
  // This thread waits for it only synchronously: it must not keep the process alive once the validator is done.
  worker.unref();
  const take = (): Batch => {
    for (;;) {
      const posted = Atomics.load(count, Counter.Posted);
      const received = receiveMessageOnPort(port1);
      if (received) {
        Atomics.store(count, Counter.MainWaits, 0);
        const taken = Atomics.add(count, Counter.Taken, 1) + 1;
        if (Atomics.load(count, Counter.WorkerWaits) === 1 && posted - taken <= AHEAD_BATCHES - WAKE_BATCHES) {
          Atomics.store(count, Counter.WorkerWaits, 0);
          Atomics.notify(count, Counter.Taken);
        }
        const reply = received.message as Batch | { error: string };
        if ("error" in reply) throw new Error(`the JSON tables' worker failed: ${reply.error}`);
        return reply;
      }
      // Said before looking again, so that a batch posted meanwhile is either seen or wakes this thread.
      if (Atomics.exchange(count, Counter.MainWaits, 1) === 0) continue;
      Atomics.wait(count, Counter.Posted, posted);
    }
  };
  return {
    open(table, file, named) {
      const request: TableRequest = { name: table.name, schema: table.schema, names: [...names], file: { path: file.path, fd: file.fd, size: file.size }, ...(named ? { named: [...named] } : {}) };
      worker.postMessage(request);
      return take;
    },
    close() {
      port1.close();
      void worker.terminate();
    },
  };
}
