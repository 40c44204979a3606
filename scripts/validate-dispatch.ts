/**
 * `npm run validate` checks either a project (schemas/ and sources/) or a published
 * release (a folder, a datapackage.json, a .zip or a .tar.gz). The two checks are
 * separate programs, the build's and the release validator's; this is the one module
 * above both that decides which one a path is for. The release validator is loaded only
 * for a release: checking a project does not pay for loading it.
 */
import { processIo, type Io } from "./contract/io.ts";
import { isProjectFolder, pathArgument, validate as validateProject } from "./engine/cli.ts";

export async function validate(argv: string[], io: Io = processIo): Promise<number> {
  const path = pathArgument(argv);
  if (path !== undefined && !isProjectFolder(path)) {
    const { runValidateDownload } = await import("./verify/cli.ts");
    return runValidateDownload(argv, io);
  }
  return validateProject(argv, io);
}
