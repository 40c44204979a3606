/** Home: what the dataset is, how to cite it, its tables with counts, and every file for download. */
import type { Manifest } from "../layout.ts";
import { manifest } from "./data.ts";
import { el, formatBytes, formatNumber, show, tableHref } from "./dom.ts";
import { searchForm } from "./search.ts";

/** The table of points where the sources disagree, offered first to a reader who asks where they differ. */
const DISCREPANCIES = "discrepancies";

export async function home(): Promise<void> {
  const data = await manifest();
  const tables = el("table", { id: "tables" },
    el("caption", { className: "muted", text: "Every table, with its number of records. Follow a name to browse, sort, filter and download it." }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Table" }), el("th", { scope: "col", text: "Records" }), el("th", { scope: "col", text: "One record is" }))),
    el("tbody", {}, ...data.tables.map((table) => el("tr", { "data-table": table.name },
      el("th", { scope: "row" }, el("a", { href: tableHref(table.name), text: table.name })),
      el("td", { className: "num", "data-count": table.count, text: formatNumber(table.count) }),
      el("td", { text: table.description }),
    ))),
  );
  const isModule = (path: string) => /\.(c?js|d\.c?ts)$/.test(path);
  const dataFiles = data.downloads.filter((file) => !isModule(file.path));
  const modules = data.downloads.filter((file) => isModule(file.path));
  show(`${data.title} ${data.version}`,
    el("h1", { text: data.title }),
    el("p", { className: "lead", text: data.description }),
    el("p", {}, "Version ", el("strong", { id: "version", text: data.version }), ". Licence: ",
      ...data.licence.flatMap((licence, index) => [index ? "; " : "", licence.url ? el("a", { href: licence.url, rel: "license", text: licence.name }) : licence.name]), "."),
    start(data),
    el("h2", { text: "How to cite" }),
    el("p", { id: "citation", text: data.citation }),
    el("h2", { text: "Tables" }),
    el("div", { className: "table-wrap" }, tables),
    el("h2", { text: "Downloads" }),
    el("p", { className: "muted", text: "The release's data files, with their size and sha256 digest." }),
    el("div", { className: "table-wrap" }, downloads(dataFiles, "downloads")),
    el("details", {},
      el("summary", { text: `The npm package's JavaScript and TypeScript modules (${modules.length} files)` }),
      el("div", { className: "table-wrap" }, downloads(modules, "module-downloads"))),
  );
}

function downloads(files: Manifest["downloads"], id: string): HTMLTableElement {
  return el("table", { id, className: "downloads" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "File" }), el("th", { scope: "col", text: "Size" }), el("th", { scope: "col", text: "sha256" }))),
    el("tbody", {}, ...files.map((file) => el("tr", {},
      el("td", {}, el("a", { href: `../${file.path}`, "data-sha256": file.sha256, "data-bytes": file.bytes, text: file.path })),
      el("td", { className: "num", text: formatBytes(file.bytes) }),
      el("td", {}, el("code", { className: "hash", text: file.sha256 })),
    ))),
  );
}

/** Ways in: a search box, the sources' disagreements, the timeline and the charts. */
function start(data: Manifest): HTMLElement {
  const { form } = searchForm("home-search", "Search names, titles, text and quotes");
  const disagreements = data.tables.find((table) => table.name === DISCREPANCIES);
  return el("section", { "aria-labelledby": "start-title" },
    el("h2", { id: "start-title", text: "Start here" }),
    form,
    el("ul", {},
      disagreements ? el("li", {}, el("a", { href: tableHref(DISCREPANCIES), text: `Where the sources disagree (${formatNumber(disagreements.count)})` })) : null,
      el("li", {}, el("a", { href: "#/timeline", text: "Timeline of events and decisions" })),
      el("li", {}, el("a", { href: "#/charts", text: "Charts of figures that share a measure" }))));
}
