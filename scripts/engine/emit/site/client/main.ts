/** The page's script: one view per route (route.ts), each in its own module. */
import { chartsView } from "./charts.ts";
import { el, focusMain, show } from "./dom.ts";
import { home } from "./home.ts";
import { recordPage } from "./record.ts";
import { currentRoute, type Route } from "./route.ts";
import { searchView } from "./search.ts";
import { tableView } from "./table.ts";
import { timelineView } from "./timeline.ts";

const VIEWS: Record<string, (route: Route) => Promise<void>> = {
  "": () => home(),
  table: tableView,
  record: (route) => recordPage(route.parts[0] ?? "", route.parts.slice(1).join("/")),
  search: searchView,
  timeline: () => timelineView(),
  charts: () => chartsView(),
};

let shown = 0;
let first = true;

async function render(): Promise<void> {
  const turn = ++shown;
  const route = currentRoute();
  const view = VIEWS[route.view];
  try {
    if (!view) show("Not found", el("h1", { text: "Page not found" }), el("p", {}, "Nothing is at this address. ", el("a", { href: "#/", text: "Go to the home page" }), "."));
    else await view(route);
  } catch (error) {
    if (turn !== shown) return;
    show("Could not load", el("h1", { text: "Could not load the data" }), el("p", { text: String(error instanceof Error ? error.message : error) }));
  }
  if (turn === shown && !first) focusMain();
  first = false;
}

function fromDisk(): void {
  show("Serve this folder",
    el("h1", { text: "This site needs a web server" }),
    el("p", { text: "Browsers do not let a page opened from disk (file://) read the data files beside it. Serve the folder one level up, then open the address it prints:" }),
    el("pre", {}, el("code", { text: "npm run site" })),
    el("p", { text: "or, in the folder that holds site/, csv/ and json/, any static file server, for example:" }),
    el("pre", {}, el("code", { text: "python3 -m http.server 8000\n# then open http://127.0.0.1:8000/site/" })),
    el("p", {}, "The data files themselves open without a server: ", el("a", { href: "../csv/", text: "csv/" }), ", ", el("a", { href: "../json/", text: "json/" }), ", ", el("a", { href: "../datapackage.json", text: "datapackage.json" }), "."));
}

if (location.protocol === "file:") fromDisk();
else {
  window.addEventListener("hashchange", () => void render());
  void render();
}
