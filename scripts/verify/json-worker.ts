/**
 * The worker thread that reads a release's JSON tables (json-side.ts) while the main
 * thread reads their CSV files (json-source.ts starts it). Each request names a table and
 * the descriptor of its JSON file, already checked and opened by the main thread; the
 * batches go back through the port the main thread reads synchronously, at most
 * AHEAD_BATCHES ahead of it, so that memory stays flat whatever the table's size.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { JsonSchema } from "../contract/shapes.ts";
import { JsonSide, type Batch } from "./json-side.ts";
import { jsonTable, recordAjv } from "./json-tables.ts";
import { AHEAD_BATCHES, Counter, WAKE_BATCHES, type TableRequest, type WorkerSetup } from "./json-source.ts";

const { port, counters } = workerData as WorkerSetup;
const count = new Int32Array(counters);
const ajv = recordAjv();

function send(reply: Batch | { error: string }, out: MessagePort): void {
  // Waits while the main thread has AHEAD_BATCHES unread.
  for (;;) {
    const taken = Atomics.load(count, Counter.Taken);
    if (Atomics.load(count, Counter.Posted) - taken < AHEAD_BATCHES) break;
    // Said before looking again, so that a batch taken meanwhile is either seen or wakes this thread.
    if (Atomics.exchange(count, Counter.WorkerWaits, 1) === 0) continue;
    Atomics.wait(count, Counter.Taken, taken);
  }
  Atomics.store(count, Counter.WorkerWaits, 0);
  out.postMessage(reply, "steps" in reply ? [reply.steps.numbers.buffer as ArrayBuffer] : []);
  const posted = Atomics.add(count, Counter.Posted, 1) + 1;
  const last = !("steps" in reply) || reply.loaded !== undefined;
  if (Atomics.load(count, Counter.MainWaits) === 1 && (last || posted - Atomics.load(count, Counter.Taken) >= WAKE_BATCHES)) {
    Atomics.store(count, Counter.MainWaits, 0);
    Atomics.notify(count, Counter.Posted);
  }
}

parentPort!.on("message", (request: TableRequest) => {
  try {
    const table = jsonTable(request.name, request.schema as JsonSchema | undefined, request.names);
    const side = new JsonSide(table, request.file, ajv, request.named ? new Set(request.named) : undefined);
    for (;;) {
      const batch = side.next();
      send(batch, port);
      if (batch.loaded !== undefined) break;
    }
  } catch (error) {
    send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, port);
  }
});
