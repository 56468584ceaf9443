// How the CLI prints a path it wrote: from the working directory when it lies below it, else in full.
import { isAbsolute, relative, sep } from "node:path";

/** `reports/latest.md` for a file under cwd, `/tmp/out/latest.md` (not `../../tmp/out/latest.md`) for one elsewhere. */
export function shownPath(cwd: string, path: string): string {
  const r = relative(cwd, path);
  const outside = r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r);
  return r === "" || outside ? path : r;
}
