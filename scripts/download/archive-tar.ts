/**
 * .tar.gz releases, read with node-tar. A first pass lists every entry and refuses the
 * whole archive if any name is unsafe or any entry is a link (a link could point a later
 * entry outside the folder); only then does a second pass unpack, with node-tar's own
 * path checks still on as a second line of defence.
 */
import { extract, list, type ReadEntry } from "tar";
import { ArchiveEntryProblem, MAX_UNPACKED_BYTES, UnreadableArchive } from "./archive-limits.ts";
import { unsafeReason } from "./safe-path.ts";

const PLAIN_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);

export async function unpackTarGz(archive: string, into: string): Promise<ArchiveEntryProblem[]> {
  const problems: ArchiveEntryProblem[] = [];
  let total = 0;
  try {
    await list({
      file: archive,
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const name = entry.path;
        const reason = unsafeReason(name.replace(/\/$/, "")) ?? (PLAIN_TYPES.has(entry.type) ? undefined : `the entry is a ${entry.type}, not a plain file or folder`);
        if (reason) problems.push({ entry: name, reason });
        total += entry.size ?? 0;
        entry.resume();
      },
    });
  } catch (error) {
    throw new UnreadableArchive(`cannot read the tar.gz archive: ${(error as Error).message}`);
  }
  if (problems.length > 0) return problems;
  if (total > MAX_UNPACKED_BYTES) throw new UnreadableArchive(`the archive would unpack to ${total} bytes, more than the limit of ${MAX_UNPACKED_BYTES}`);
  try {
    await extract({ file: archive, cwd: into, strict: true, preservePaths: false, preserveOwner: false, noMtime: true, filter: (_path, entry) => PLAIN_TYPES.has((entry as ReadEntry).type) });
  } catch (error) {
    throw new UnreadableArchive(`cannot unpack the tar.gz archive: ${(error as Error).message}`);
  }
  return [];
}
