/**
 * Values to check two validators against each other with: `value` and values near it, each with one change at one place: a key removed or added,
 * or a value of the wrong type, so that checkers meet most of their keywords' errors.
 */
export function nearValues(value: unknown): unknown[] {
  const out: unknown[] = [value];
  const walk = (node: unknown, replace: (next: unknown) => unknown, depth: number): void => {
    for (const wrong of [42, "", [], {}]) out.push(replace(wrong));
    if (depth > 4 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((child, index) => walk(child, (next) => replace(node.map((item, i) => (i === index ? next : item))), depth + 1));
      return;
    }
    const entries = Object.entries(node);
    out.push(replace({ ...node, unexpected: true }));
    for (const [key, child] of entries) {
      out.push(replace(Object.fromEntries(entries.filter(([other]) => other !== key))));
      walk(child, (next) => replace(Object.fromEntries(entries.map(([k, v]) => [k, k === key ? next : v]))), depth + 1);
    }
  };
  walk(value, (next) => next, 0);
  return out;
}
