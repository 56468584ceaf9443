// Why a glob matched no file, said the same way by the files and logql steps: what the nearest existing directory holds.
import { readdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

/** Entries of the nearest directory named before "…and N more". */
const LISTED = 20;

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function contents(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return "cannot be read";
  if (!entries.length) return "is empty";
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.isSymbolicLink() ? `${e.name} (link)` : e.name)).sort();
  const more = names.length > LISTED ? `, …and ${names.length - LISTED} more` : "";
  return `holds: ${names.slice(0, LISTED).join(", ")}${more}`;
}

/**
 * `"logs/api/*.log" matches no file; logs/api holds: a.txt, old/`, or, when the glob's base directory is missing,
 * `… matches no file: logs/api does not exist; the nearest existing directory, logs, holds: web/, worker/`.
 * `base` is the absolute directory the glob starts from; `show` turns an absolute path into the one to print.
 */
export async function noMatchText(pattern: string, base: string, show: (abs: string) => string): Promise<string> {
  const head = `${JSON.stringify(pattern)} matches no file`;
  if (await isDir(base)) return `${head}; ${show(base)} ${await contents(base)}`;
  let near = dirname(base);
  while (near !== dirname(near) && !(await isDir(near))) near = dirname(near);
  return `${head}: ${show(base)} does not exist; the nearest existing directory, ${show(near)}, ${await contents(near)}`;
}
