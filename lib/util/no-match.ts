// Why a glob matched no file, said the same way by the files and logql steps: what the nearest existing directory holds.
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { bashBraces, literalPart, splitPattern } from "./glob-walk.ts";

/** Entries of the nearest directory named before "…and N more". */
const LISTED = 20;

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** What an entry that is neither a regular file nor a directory is ("a FIFO"), or undefined for those two. */
export function oddKind(e: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string | undefined {
  if (e.isFIFO()) return "a FIFO";
  if (e.isSocket()) return "a socket";
  if (e.isCharacterDevice() || e.isBlockDevice()) return "a device";
  return undefined;
}

/**
 * A name as the list shows it: quoted as JSON when its edges are whitespace, it holds a control character or it starts
 * with a quote, so the reader sees why a glob missed it (`"x.jsonl "`, `"t\tab.log"`); as it is otherwise.
 */
function shownName(name: string): string {
  return /^\s|\s$|^"|[\x00-\x1F\x7F-\x9F]/.test(name) ? JSON.stringify(name) : name;
}

/**
 * An entry as the list shows it: a directory with a "/", a link with what it leads to when that is no regular file or
 * directory, and what an entry that is neither is (a glob matches regular files only: `a.log (a FIFO, not a regular file)`).
 */
async function shownEntry(dir: string, e: Dirent): Promise<string> {
  const name = shownName(e.name);
  if (e.isDirectory()) return `${name}/`;
  if (e.isSymbolicLink()) {
    const target = await stat(join(dir, e.name)).catch(() => undefined);
    const odd = target && oddKind(target);
    return odd ? `${name} (a link to ${odd}, not a regular file)` : `${name} (link)`;
  }
  const odd = oddKind(e);
  return odd ? `${name} (${odd}, not a regular file)` : name;
}

/**
 * What a directory holds, and, when one of its names is `wanted` (the name the pattern spells at its level) in another
 * Unicode normalisation, that it is: the two look alike in the list ("résumé.jsonl" NFD on disk, NFC in the scenario)
 * and no glob matches across them, as in bash.
 */
async function contents(dir: string, wanted?: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return "cannot be read";
  if (!entries.length) return "is empty";
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = await Promise.all(entries.slice(0, LISTED).map((e) => shownEntry(dir, e)));
  const more = entries.length > LISTED ? `, …and ${entries.length - LISTED} more` : "";
  return `holds: ${names.join(", ")}${more}${wanted === undefined ? "" : normalisationNote(entries, wanted)}`;
}

/** Which normalisation a name is in, as the note says it. */
function formOf(name: string): string | undefined {
  return name === name.normalize("NFC") ? "NFC" : name === name.normalize("NFD") ? "NFD" : undefined;
}

function normalisationNote(entries: readonly Dirent[], wanted: string): string {
  const key = wanted.normalize("NFC");
  const twin = entries.find((e) => e.name !== wanted && e.name.normalize("NFC") === key);
  if (!twin) return "";
  const [disk, scenario] = [formOf(twin.name), formOf(wanted)];
  const which = disk && scenario && disk !== scenario ? ` (${disk} on disk, ${scenario} in the scenario)` : "";
  return `; its ${shownName(twin.name)} differs from the pattern's name only in Unicode normalisation${which}, which a glob does not match across, as in bash: rename the ${twin.isDirectory() ? "folder" : "file"}, or spell the name as the disk does`;
}

/** The name a pattern spells at its first level below `base` (its static start), or undefined for a wildcard there. */
function firstNameBelowBase(pattern: string): string | undefined {
  const first = splitPattern(pattern).rest.split("/")[0] ?? "";
  const name = literalPart(bashBraces(first));
  return name === "" ? undefined : name;
}

/**
 * `"logs/api/*.log" matches no file; logs/api holds: a.txt, old/`, or, when the glob's base directory is missing,
 * `… matches no file: logs/api does not exist; the nearest existing directory, logs, holds: web/, worker/`.
 * `base` is the absolute directory the glob starts from; `show` turns an absolute path into the one to print. `why`,
 * for a `..` in the glob that reaches nothing, is why, said of `base`, the path before it (reachPath's: "is not a
 * directory" after a file or a link to one, "is a loop of links (ELOOP)"): `… matches no file: logs/archive/a.jsonl is
 * not a directory, so the .. after it reaches nothing; logs/archive holds: a.jsonl` (it was "does not exist").
 */
export async function noMatchText(pattern: string, base: string, show: (abs: string) => string, scenarioDir?: string, why?: string): Promise<string> {
  const head = `${JSON.stringify(pattern)} matches no file`;
  if (why === undefined && (await isDir(base))) return `${head}; ${show(base)} ${await contents(base, firstNameBelowBase(pattern))}`;
  let near = dirname(base);
  while (near !== dirname(near) && !(await isDir(near))) near = dirname(near);
  const missing = relative(near, base).split(sep)[0];
  if (why !== undefined && why !== "does not exist") {
    // It is there (a file, a link to one, a loop of links): the folder holding it is named plainly.
    const holder = near === dirname(base) ? `${show(near)} ${await contents(near, missing || undefined)}` : `the nearest existing directory, ${show(near)}, ${await contents(near, missing || undefined)}`;
    return `${head}: ${show(base)} ${why}, so the .. after it reaches nothing; ${holder}`;
  }
  return `${head}: ${show(base)} does not exist${await fromWorkingDirectory(base, scenarioDir)}; the nearest existing directory, ${show(near)}, ${await contents(near, missing || undefined)}`;
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
