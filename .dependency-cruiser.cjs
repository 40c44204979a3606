/**
 * The layers of scripts/, checked by `npm test` (tests/layers.test.ts). Imports go down:
 *   scripts/*.ts            entry points, the only modules that may join two programs
 *   engine/ verify/ release/  the three programs: the build, the release validator, the release tool
 *   published/              reading published releases back: versions, files, diffs, safe unpackers
 *   contract/               the release contract: CSV rule, schema shapes, keywords, codes, Io
 * and packages/<name>/ (the validator package) runs only its compiled lib/, never scripts/.
 */
const PROGRAMS = "^scripts/(engine|verify|release)/";
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes every module in it depend on all the others; split out what they share.",
      from: { path: "^scripts/" },
      to: { circular: true },
    },
    {
      name: "contract-is-the-bottom",
      severity: "error",
      comment: "contract/ is shared by every program and shipped with the validator: it imports no other layer.",
      from: { path: "^scripts/contract/" },
      to: { path: "^scripts/", pathNot: "^scripts/contract/" },
    },
    {
      name: "published-imports-only-contract",
      severity: "error",
      comment: "Reading releases back sits below the programs: it may use contract/ only.",
      from: { path: "^scripts/published/" },
      to: { path: "^scripts/", pathNot: "^scripts/(contract|published)/" },
    },
    {
      name: "programs-do-not-import-each-other",
      severity: "error",
      comment: "The build, the release validator and the release tool are joined only by entry scripts in scripts/.",
      from: { path: "^scripts/(engine)/" },
      to: { path: "^scripts/", pathNot: "^scripts/(engine|published|contract)/" },
    },
    {
      name: "verify-imports-down-only",
      severity: "error",
      comment: "The release validator ships alone: it may use published/ and contract/ only.",
      from: { path: "^scripts/verify/" },
      to: { path: "^scripts/", pathNot: "^scripts/(verify|published|contract)/" },
    },
    {
      name: "release-imports-down-only",
      severity: "error",
      comment: "The release tool gets the build passed in by scripts/release.ts.",
      from: { path: "^scripts/release/" },
      to: { path: "^scripts/", pathNot: "^scripts/(release|published|contract)/" },
    },
    {
      name: "nothing-imports-an-entry-script",
      severity: "error",
      comment: "Entry scripts in scripts/ are the top: no layer below may import them.",
      from: { path: PROGRAMS },
      to: { path: "^scripts/[^/]+\\.ts$" },
    },
    {
      name: "packages-ship-compiled-code",
      severity: "error",
      comment: "A package under packages/ runs what its compile step built into its lib/: TypeScript sources are not shipped.",
      from: { path: "^packages/" },
      to: { path: "^(scripts|tests)/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that does not resolve would hide an edge from these rules.",
      from: { path: "^scripts/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // A package's lib/ is compiled from scripts/, whose imports the rules above already check.
    exclude: { path: ["^scripts/engine/emit/browse/page\\.js$", "^packages/[^/]+/lib/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"], exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
