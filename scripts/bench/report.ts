/**
 * The benchmark's tables, as Markdown so that they paste into docs/performance.md: the
 * median wall time of the runs, records per second at that median, the peak RSS (the
 * highest of the runs), the floor's median and peak, and the stage's median over the
 * floor's.
 */
import type { ChildRow } from "./children.ts";
import { median } from "./measure.ts";
import type { StageSample } from "./stages.ts";

export interface Row {
  stage: string;
  part: boolean;
  /** A fixed cost that does not grow with the records: no records/s. */
  fixed?: boolean;
  ms: number[];
  rssMiB: (number | undefined)[];
  floor?: { what: string; ms: number[]; rssMiB: (number | undefined)[] };
}

/** The passes' samples stage by stage, plus a total per pass of the rows that are not parts of another. */
export function stageRows(passes: readonly StageSample[][]): Row[] {
  const rows = new Map<string, Row>();
  const total: Row = { stage: "total (the rows without ↳)", part: false, ms: [], rssMiB: [], floor: { what: "sum of their floors", ms: [], rssMiB: [] } };
  for (const pass of passes) {
    let ms = 0;
    let floorMs = 0;
    for (const { stage, part, sample, floor } of pass) {
      const row = rows.get(stage) ?? { stage, part, ms: [], rssMiB: [], ...(floor ? { floor: { what: floor.what, ms: [], rssMiB: [] } } : {}) };
      row.ms.push(sample.ms);
      row.rssMiB.push(sample.rssMiB);
      if (floor && row.floor) {
        row.floor.ms.push(floor.sample.ms);
        row.floor.rssMiB.push(floor.sample.rssMiB);
      }
      rows.set(stage, row);
      if (part) continue;
      ms += sample.ms;
      floorMs += floor?.sample.ms ?? 0;
    }
    total.ms.push(ms);
    total.rssMiB.push(Math.max(...pass.map((row) => row.sample.rssMiB)));
    total.floor!.ms.push(floorMs);
    total.floor!.rssMiB.push(Math.max(...pass.map((row) => row.floor?.sample.rssMiB ?? 0)));
  }
  return [...rows.values(), total];
}

export function commandRows(rows: readonly ChildRow[]): Row[] {
  return rows.map(({ stage, samples, floor, fixed }) => ({
    stage,
    part: false,
    ...(fixed ? { fixed } : {}),
    ms: samples.map((s) => s.ms),
    rssMiB: samples.map((s) => s.rssMiB),
    ...(floor ? { floor: { what: floor.what, ms: floor.samples.map((s) => s.ms), rssMiB: floor.samples.map((s) => s.rssMiB) } } : {}),
  }));
}

/** The stage's median over its floor's median. */
export function ratio(row: Row): number | undefined {
  return row.floor && row.floor.ms.length > 0 ? median(row.ms) / median(row.floor.ms) : undefined;
}

export function markdownTable(rows: readonly Row[], records: number): string[] {
  const lines = [
    "| stage | ms | records/s | peak RSS MiB | floor | floor ms | floor peak RSS MiB | ÷ floor |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const ms = median(row.ms);
    const shown = ratio(row);
    const cells = [
      row.part ? `↳ ${row.stage}` : row.stage,
      milliseconds(ms),
      row.fixed ? "—" : grouped(Math.round((records / ms) * 1000)),
      peak(row.rssMiB),
      row.floor?.what ?? "—",
      row.floor ? milliseconds(median(row.floor.ms)) : "",
      row.floor ? peak(row.floor.rssMiB) : "",
      shown === undefined ? "" : shown.toFixed(shown < 10 ? 2 : 1),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

function milliseconds(ms: number): string {
  return ms >= 100 ? grouped(Math.round(ms)) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(2);
}

function peak(values: readonly (number | undefined)[]): string {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? grouped(Math.round(Math.max(...known))) : "n/a";
}

/** Thousands separated by commas, whatever the locale. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
