/**
 * Data for the two pictures: a timeline of the events with the decisions taken at each,
 * and charts of the figures that share a measure and a unit (one series per pair, points by
 * year). Both read fields by their schema names (events: start_date, date_as_stated;
 * decisions: event; figures: measure, currency or unit, year, value) and give nothing when
 * a table lacks them.
 */
import type { Row } from "../../../contract/flatten.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import type { Dataset } from "../../model.ts";
import type { ChartSeries, TimelineEntry } from "./layout.ts";
import { labelOf } from "./tables.ts";

function rowsOf(dataset: Dataset, name: string): readonly Row[] {
  return dataset.tables.find(({ table }) => table.name === name)?.rows ?? [];
}

/** The tables each picture reads, so that a build with the cache can keep a picture while they are unchanged. */
export const TIMELINE_TABLES = ["decisions", "events"] as const;
export const CHART_TABLES = ["figures"] as const;

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function timeline(dataset: Dataset): TimelineEntry[] {
  const decisions = new Map<string, TimelineEntry["decisions"]>();
  for (const row of rowsOf(dataset, "decisions")) {
    const event = text(row.event);
    if (!event) continue;
    const list = decisions.get(event) ?? [];
    list.push({ table: "decisions", id: String(row.id), label: labelOf(row) });
    decisions.set(event, list);
  }
  const entries: TimelineEntry[] = rowsOf(dataset, "events").map((row) => {
    const date = text(row.start_date);
    const asStated = text(row.date_as_stated);
    return {
      table: "events",
      id: String(row.id),
      label: labelOf(row),
      ...(date ? { date } : {}),
      ...(asStated ? { asStated } : {}),
      decisions: decisions.get(String(row.id)) ?? [],
    };
  });
  // Dated events first, in date order; events without a stated year after them, by id.
  return entries.sort((a, b) => (a.date && b.date ? compareText(a.date, b.date) : a.date ? -1 : b.date ? 1 : 0) || compareText(a.id, b.id));
}

export function charts(dataset: Dataset): ChartSeries[] {
  const series = new Map<string, ChartSeries>();
  for (const row of rowsOf(dataset, "figures")) {
    const measure = text(row.measure);
    const unit = text(row.currency) ?? text(row.unit);
    if (!measure || !unit || typeof row.value !== "number") continue;
    const key = `${measure}\0${unit}`;
    const entry = series.get(key) ?? { measure, unit, points: [] };
    const asStated = text(row.value_as_stated);
    entry.points.push({ table: "figures", id: String(row.id), label: labelOf(row), year: typeof row.year === "number" ? row.year : null, value: row.value, ...(asStated ? { asStated } : {}) });
    series.set(key, entry);
  }
  return [...series.values()]
    .filter((entry) => entry.points.length >= 2)
    .map((entry) => ({ ...entry, points: entry.points.sort((a, b) => (a.year ?? Infinity) - (b.year ?? Infinity) || compareText(a.id, b.id)) }))
    .sort((a, b) => compareText(a.measure, b.measure) || compareText(a.unit, b.unit));
}
