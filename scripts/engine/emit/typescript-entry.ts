/**
 * The typed entry's modules, each written twice: ES module (.js, typed by .d.ts) and
 * CommonJS (.cjs, typed by .d.cts), so that `require` works on every Node version the
 * package admits (require() of ESM needs 20.19) and a CommonJS TypeScript consumer gets
 * types. The records are embedded, so that importing them needs no JSON module support
 * from the runtime or a bundler.
 *
 * Each table is a module of its own, `tables/<table>.js`, exported as
 * `<package>/tables/<table>`: a program that needs one table loads that table only. The
 * entry (`index.js`) holds no records; it re-exports every table and the tombstones
 * (`tombstones.js`). Its CommonJS form loads a table's module when the table is first read.
 */

/** The two module formats; the records and types are the same in both. */
export type EntryFormat = "esm" | "cjs";

export const TABLES_FOLDER = "tables";
export const TOMBSTONES_MODULE = "tombstones";

/** One module of records: its path without extension, what it exports, and its record type. */
export interface RecordsModule {
  /** `tables/people`, or `tombstones`. */
  path: string;
  /** The exported array. */
  exportName: string;
  /** The exported (deeply read-only) record type. */
  typeName: string;
  /** The declaration file (`types/<name>.d.ts`) that declares the record type under the same name. */
  typesFile: string;
  /** Doc comments of the type and of the array. */
  typeComment: string;
  arrayComment: string;
}

export const EXTENSIONS: Record<EntryFormat, { module: string; declarations: string }> = {
  esm: { module: ".js", declarations: ".d.ts" },
  cjs: { module: ".cjs", declarations: ".d.cts" },
};

const DEEP_READONLY = [
  "/** The records are frozen at run time; the types say so at every depth. */",
  "export type DeepReadonly<T> = T extends readonly unknown[]",
  "  ? { readonly [K in keyof T]: DeepReadonly<T[K]> }",
  "  : T extends object",
  "    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }",
  "    : T;",
];

const FREEZE = [
  "const freeze = (value) => {",
  "  if (typeof value === \"object\" && value !== null) {",
  "    for (const item of Object.values(value)) freeze(item);",
  "    Object.freeze(value);",
  "  }",
  "  return value;",
  "};",
];

/** From `tables/people` back to the folder of the entry. */
function up(path: string): string {
  return path.includes("/") ? "../".repeat(path.split("/").length - 1) : "./";
}

/**
 * The module's bytes, ending with one LF. `json` is the records' JSON text in UTF-8 as
 * json/<table>.json holds it (indented by two), without its final newline: it goes in as
 * bytes, as a large table's text would cost more to decode and encode again than to copy.
 */
export function recordsModule(banner: string, module: RecordsModule, json: Uint8Array, format: EntryFormat): Buffer {
  const exported = format === "esm" ? `export const ${module.exportName} =` : `exports.${module.exportName} =`;
  const head = [banner, "", ...(format === "cjs" ? ['"use strict";', ""] : []), ...FREEZE, "", `${exported} freeze(`].join("\n");
  return Buffer.concat([Buffer.from(head, "utf8"), json, Buffer.from(");\n", "utf8")]);
}

export function recordsDeclarations(banner: string, module: RecordsModule, format: EntryFormat): string {
  // types/*.d.ts are ES modules (the package's "type" is module): a CommonJS declaration
  // file may import their types only with resolution-mode "import" (TypeScript 5.3 or newer).
  const from = `"${up(module.path)}types/${module.typesFile}.js"${format === "cjs" ? ' with { "resolution-mode": "import" }' : ""}`;
  const { typeName: type } = module;
  return [
    banner,
    "",
    `import type { ${type} as ${type}Record } from ${from};`,
    "",
    ...DEEP_READONLY,
    "",
    `/** ${module.typeComment} */`,
    `export type ${type} = DeepReadonly<${type}Record>;`,
    `/** ${module.arrayComment} */`,
    `export declare const ${module.exportName}: readonly ${type}[];`,
  ].join("\n");
}

export function indexModule(banner: string, modules: readonly RecordsModule[], format: EntryFormat): string {
  const file = (module: RecordsModule) => `./${module.path}${EXTENSIONS[format].module}`;
  if (format === "esm") return [banner, "", ...modules.map((module) => `export { ${module.exportName} } from "${file(module)}";`)].join("\n");
  return [
    banner,
    "",
    '"use strict";',
    "",
    "// A table's module loads when the table is first read: a program that reads one table loads that one only.",
    ...modules.map((module) => `Object.defineProperty(exports, "${module.exportName}", { enumerable: true, get: () => require("${file(module)}").${module.exportName} });`),
  ].join("\n");
}

export function indexDeclarations(banner: string, modules: readonly RecordsModule[], format: EntryFormat): string {
  return [
    banner,
    "",
    ...DEEP_READONLY,
    "",
    ...modules.map((module) => `export { ${module.exportName}, type ${module.typeName} } from "./${module.path}${EXTENSIONS[format].module}";`),
  ].join("\n");
}
