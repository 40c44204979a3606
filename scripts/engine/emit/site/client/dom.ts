/** Small DOM helpers shared by the views. */

type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | number | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = String(value);
    else if (key === "className") node.className = String(value);
    else if (value !== false) node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

const SVG = "http://www.w3.org/2000/svg";
export function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  for (const child of children) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  return node;
}

export function recordHref(table: string, id: string): string {
  return `#/record/${encodeURIComponent(table)}/${encodeURIComponent(id)}`;
}

export function tableHref(table: string, query = ""): string {
  return `#/table/${encodeURIComponent(table)}${query ? `?${query}` : ""}`;
}

export function recordLink(table: string, id: string, label: string): HTMLAnchorElement {
  return el("a", { href: recordHref(table, id), text: label });
}

const integers = new Intl.NumberFormat("en");
export function formatNumber(value: number): string {
  return integers.format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Replaces the main content, sets the document title and moves focus to the new heading. */
export function show(title: string, ...children: Child[]): void {
  const main = document.getElementById("main")!;
  main.replaceChildren();
  append(main, children);
  document.title = title;
}

export function focusMain(): void {
  const heading = document.querySelector<HTMLElement>("main h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}
