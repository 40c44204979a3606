/**
 * Wall time and peak resident memory of one piece of work in this process. The peak is
 * the kernel's high-water mark (VmHWM), reset before the work through
 * /proc/self/clear_refs, so each stage gets a peak of its own; where that reset is not
 * available the figure is the process's peak so far, which the report says.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

export interface Sample {
  ms: number;
  /** Peak resident set size during the work (or since start, see `peakIsPerStage`), MiB. */
  rssMiB: number;
}

const collect = (globalThis as { gc?: () => void }).gc;

/** Whether the peak can be reset before each stage (Linux, /proc writable). */
export const peakIsPerStage = resetPeak();

/** Whether garbage is collected before each stage, so one stage's garbage is not charged to the next. */
export const collectsBetweenStages = collect !== undefined;

function resetPeak(): boolean {
  try {
    // "5" resets the peak resident set size (proc(5), clear_refs).
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function peakMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: the process's own peak below.
  }
  return process.resourceUsage().maxRSS / 1024;
}

export async function measure<T>(work: () => T | Promise<T>): Promise<{ result: T; sample: Sample }> {
  collect?.();
  if (peakIsPerStage) resetPeak();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  return { result, sample: { ms, rssMiB: peakMiB() } };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
