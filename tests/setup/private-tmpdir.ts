/**
 * vitest globalSetup: the whole test run, and every process it starts, uses a temporary
 * folder of its own. Checks that a command left nothing behind in the temporary folder
 * then cannot be fooled by other programs, or other test runs, on the same machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PRIVATE_TMPDIR_PREFIX = "cai-test-run-";

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), PRIVATE_TMPDIR_PREFIX));
  // os.tmpdir() reads TMPDIR on POSIX and TEMP/TMP on Windows; the workers inherit all three.
  process.env.TMPDIR = folder;
  process.env.TEMP = folder;
  process.env.TMP = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
