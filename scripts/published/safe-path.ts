/**
 * Paths that come from a release (descriptor `path`s, archive entry names) are
 * untrusted: one that is absolute or climbs out with `..` could make us read, or
 * when unpacking write, anywhere on the downloader's disk.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Why a release-relative path is unsafe, or undefined when it is a plain relative path. */
export function unsafeReason(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (path.includes("\0")) return "the path contains a NUL character";
  if (path.includes("\\")) return "the path contains a backslash, which Windows reads as a folder separator";
  if (path.startsWith("/") || isAbsolute(path)) return "the path is absolute";
  if (/^[A-Za-z]:/.test(path)) return "the path starts with a drive letter";
  if (path.split("/").includes("..")) return "the path climbs out of the release with '..'";
  return undefined;
}

/** The absolute path of `path` under `root`; throws if it would land outside (checked twice on purpose). */
export function insideRoot(root: string, path: string): string {
  const reason = unsafeReason(path);
  if (reason) throw new Error(`unsafe path "${path}": ${reason}`);
  const target = resolve(root, path);
  const back = relative(resolve(root), target);
  if (back === "" || back.startsWith(`..${sep}`) || back === ".." || isAbsolute(back)) {
    throw new Error(`unsafe path "${path}": it resolves outside ${root}`);
  }
  return target;
}
