// Finds the file a scenario argument names: as given, else under scenarios/, with or without .yaml/.yml.
import { existsSync, lstatSync, readlinkSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";

/** Resolves a scenario argument to a file (a directory of that name is passed over): as given, else under scenarios/ (with or without .yaml). */
export function resolveScenarioPath(arg: string, cwd = process.cwd()): string | undefined {
  // A path that says where it starts (absolute, ./, ../) is looked up there only: `../scenarios/demo.yaml` run from the
  // checkout's root found scenarios/../scenarios/demo.yaml.
  const anchored = isAnchored(arg);
  const candidates = anchored ? [arg, `${arg}.yaml`, `${arg}.yml`] : [arg, `scenarios/${arg}`, `${arg}.yaml`, `scenarios/${arg}.yaml`, `${arg}.yml`, `scenarios/${arg}.yml`];
  for (const c of candidates) {
    const full = resolve(cwd, c);
    if (existsSync(full) && !statSync(full).isDirectory()) return full;
  }
  return undefined;
}

/** How notFoundMessage begins when no file is where the search looked (the CLI then checks for a mistyped command). */
export const NO_SUCH_FILE = "no such scenario file";

/** Why an argument resolves to no scenario file: it names a folder, or no file is where the search looked. */
export function notFoundMessage(arg: string, cwd = process.cwd()): string {
  const full = resolve(cwd, arg);
  if (existsSync(full) && statSync(full).isDirectory()) return "is a folder, not a scenario file";
  const link = danglingLink(full);
  if (link) return link;
  const fd = notHandedOn(arg);
  if (fd) return `${NO_SUCH_FILE}: ${fd}`;
  if (isAbsolute(arg)) return NO_SUCH_FILE;
  return isAnchored(arg) ? `${NO_SUCH_FILE} (${full})` : `${NO_SUCH_FILE} (looked in ${cwd} and ${resolve(cwd, "scenarios")})`;
}

/**
 * For a process substitution's path (`<(…)` is /dev/fd/63) that is not there: the runner between the shell and the tool
 * did not hand the descriptor on (`bun run` and `npx bun run` do not), said with the ways that do; else undefined.
 */
export function notHandedOn(path: string): string | undefined {
  if (!/^\/(?:dev|proc\/self)\/fd\/\d+$/.test(path) || existsSync(path)) return undefined;
  return "a process substitution's descriptor (<(…)) that did not reach the tool: `bun run` does not hand open descriptors on to the script it starts; start it as `npx scenario …`, `node_modules/.bin/scenario …` or `bun bin/scenario.ts …` instead";
}

/** Whether a path says where it starts: absolute, or from ./ or ../. */
function isAnchored(arg: string): boolean {
  return isAbsolute(arg) || /^\.\.?(\/|$)/.test(arg);
}

/**
 * Why a link leads to no file, when the path is a link that does: `ln -s nowhere.yaml dir/dangling.yaml` in a scenario
 * folder was said to be no such scenario file, with where the search looked, for a file that is there.
 */
function danglingLink(full: string): string | undefined {
  let target: string;
  try {
    if (!lstatSync(full).isSymbolicLink()) return undefined;
    target = readlinkSync(full);
  } catch {
    return undefined;
  }
  try {
    statSync(full);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") return `a link to ${target}, in a loop of links that never reaches a file`;
  }
  const at = resolve(dirname(full), target);
  if (lstatSync(at, { throwIfNoEntry: false })) return `a link to ${target}, which is a link whose target does not exist`;
  return `a link to ${target}, which does not exist${at === target ? "" : ` (${at})`}`;
}
