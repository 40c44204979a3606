/** The timeline of events, with the decisions taken at each; the table below the picture says the same in text. */
import { timeline } from "./data.ts";
import { el, recordLink, show, svg } from "./dom.ts";

const ROW = 56;

export async function timelineView(): Promise<void> {
  const entries = await timeline();
  const height = Math.max(1, entries.length) * ROW + 16;
  const picture = svg("svg", { viewBox: `0 0 640 ${height}`, width: 640, height, role: "img", "aria-labelledby": "timeline-caption", id: "timeline-svg" },
    svg("line", { x1: 24, y1: 8, x2: 24, y2: height - 8, stroke: "#555", "stroke-width": 2 }),
    ...entries.map((entry, index) => {
      const y = 8 + index * ROW + ROW / 2;
      return svg("g", {},
        svg("circle", { cx: 24, cy: y, r: 7, fill: "#0b5394" }),
        svg("text", { x: 44, y: y - 4, "font-size": 15, "font-weight": 600 }, entry.label),
        svg("text", { x: 44, y: y + 16, "font-size": 13, fill: "#555" }, `${dateText(entry)} · ${entry.decisions.length} ${entry.decisions.length === 1 ? "decision" : "decisions"}`));
    }));
  const alternative = el("table", { id: "timeline-table" },
    el("caption", { text: "The timeline as a table" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Event" }), el("th", { scope: "col", text: "Date" }), el("th", { scope: "col", text: "Decisions taken" }))),
    el("tbody", {}, ...entries.map((entry) => el("tr", {},
      el("th", { scope: "row" }, recordLink(entry.table, entry.id, entry.label)),
      el("td", { text: dateText(entry) }),
      el("td", {}, entry.decisions.length ? el("ul", {}, ...entry.decisions.map((d) => el("li", {}, recordLink(d.table, d.id, d.label)))) : "none recorded")))));
  show("Timeline",
    el("h1", { text: "Timeline of events and decisions" }),
    el("figure", {}, el("figcaption", { id: "timeline-caption", text: `${entries.length} events in date order; events whose year the sources do not state come last.` }), el("div", { className: "table-wrap" }, picture)),
    el("div", { className: "table-wrap" }, alternative));
}

function dateText(entry: { date?: string; asStated?: string }): string {
  if (entry.date) return entry.date;
  return entry.asStated ? `“${entry.asStated}” (no year stated)` : "no date stated";
}
