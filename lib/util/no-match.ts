// Why a glob matched no file, said the same way by the files and logql steps: what the nearest existing directory holds.
import { readdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";

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
export async function noMatchText(pattern: string, base: string, show: (abs: string) => string, scenarioDir?: string): Promise<string> {
  const head = `${JSON.stringify(pattern)} matches no file`;
  if (await isDir(base)) return `${head}; ${show(base)} ${await contents(base)}`;
  let near = dirname(base);
  while (near !== dirname(near) && !(await isDir(near))) near = dirname(near);
  return `${head}: ${show(base)} does not exist${await fromWorkingDirectory(base, scenarioDir)}; the nearest existing directory, ${show(near)}, ${await contents(near)}`;
}

/**
 * When a relative pattern's missing directory exists from the working directory, as a shell would read the path: where
 * relative paths start instead, and the path that reaches it. "logs/demo does not exist" read as a lie to a user whose
 * `ls logs/demo`, run where the command runs, lists it; the nearest directory, shown as `.`, read as the working one.
 * `scenarioDir` is given for a relative pattern only.
 */
async function fromWorkingDirectory(base: string, scenarioDir: string | undefined): Promise<string> {
  if (scenarioDir === undefined) return "";
  const cwd = process.cwd();
  if (resolve(cwd) === resolve(scenarioDir)) return "";
  const rel = relative(scenarioDir, base);
  if (rel === "" || isAbsolute(rel)) return "";
  const there = resolve(cwd, rel);
  if (!(await isDir(there))) return "";
  const scenarioShown = relative(cwd, scenarioDir) || ".";
  return ` (paths start at the scenario's directory, ${isAbsolute(scenarioShown) ? scenarioShown : `${scenarioShown}/`}: the working directory's ${rel} is ${relative(scenarioDir, there)} from there)`;
}
