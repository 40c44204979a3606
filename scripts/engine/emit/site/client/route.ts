/** The URL hash names the view: #/, #/table/<t>?…, #/record/<t>/<id>, #/search?q=…, #/timeline, #/charts. */
export interface Route {
  view: string;
  /** Path segments after the view, decoded. */
  parts: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = hash.split("?", 2) as [string?, string?];
  const [view = "", ...parts] = path.split("/").filter((part) => part !== "").map(decodeURIComponent);
  return { view, parts, params: new URLSearchParams(query) };
}

export function go(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
