/** Bar charts of figures that share a measure and a unit, by year; a table under each gives the values in text. */
import type { ChartSeries } from "../layout.ts";
import { charts } from "./data.ts";
import { el, formatNumber, recordLink, show, svg } from "./dom.ts";

const WIDTH = 640;
const BAR_AREA = 220;

export async function chartsView(): Promise<void> {
  const series = await charts();
  show("Charts",
    el("h1", { text: "Figures that share a measure" }),
    series.length === 0 ? el("p", { text: "No two figures share a measure and a unit." }) : null,
    ...series.map((one, index) => chart(one, index)));
}

function chart(series: ChartSeries, index: number): Node {
  const max = Math.max(...series.points.map((point) => point.value), 1);
  const slot = Math.min(120, (WIDTH - 40) / series.points.length);
  const captionId = `chart-caption-${index}`;
  const picture = svg("svg", { viewBox: `0 0 ${WIDTH} ${BAR_AREA + 60}`, width: WIDTH, height: BAR_AREA + 60, role: "img", "aria-labelledby": captionId, class: "chart" },
    svg("line", { x1: 20, y1: BAR_AREA + 20, x2: WIDTH - 20, y2: BAR_AREA + 20, stroke: "#555" }),
    ...series.points.map((point, i) => {
      const height = Math.max(1, (point.value / max) * BAR_AREA);
      const x = 30 + i * slot;
      return svg("g", {},
        svg("rect", { x, y: BAR_AREA + 20 - height, width: slot * 0.6, height, fill: "#0b5394" }),
        svg("text", { x: x + slot * 0.3, y: BAR_AREA + 40, "text-anchor": "middle", "font-size": 13 }, point.year === null ? "year not stated" : String(point.year)),
        svg("text", { x: x + slot * 0.3, y: BAR_AREA + 14 - height, "text-anchor": "middle", "font-size": 13 }, point.asStated ?? formatNumber(point.value)));
    }));
  const alternative = el("table", { className: "chart-table" },
    el("caption", { text: `${series.measure} (${series.unit}) as a table` }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Year" }), el("th", { scope: "col", text: `Value (${series.unit})` }), el("th", { scope: "col", text: "As stated" }), el("th", { scope: "col", text: "Figure" }))),
    el("tbody", {}, ...series.points.map((point) => el("tr", {},
      el("td", { text: point.year === null ? "not stated" : String(point.year) }),
      el("td", { className: "num", text: formatNumber(point.value) }),
      el("td", { text: point.asStated ?? "" }),
      el("td", {}, recordLink(point.table, point.id, point.label))))));
  return el("section", { className: "chart-section" },
    el("figure", {}, el("figcaption", { id: captionId, text: `${series.measure}, in ${series.unit}, by year` }), el("div", { className: "table-wrap" }, picture)),
    el("div", { className: "table-wrap" }, alternative));
}
