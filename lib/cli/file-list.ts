// The scenario files of one invocation: folders expanded to their *.yaml/*.yml files (not hidden ones, not compose
// files), duplicates dropped, --shard applied.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { kindOf } from "../util/regular-file.ts";
import { isDirectory, realPathOr } from "../util/file-kind.ts";
import { join, relative, resolve } from "node:path";
import { InvalidInput } from "../core/invalid-input.ts";
import { resolveScenarioPath } from "../loader/find-file.ts";

const SCENARIO_FILE = /\.ya?ml$/;

/**
 * Each argument as given, a folder replaced by its *.yaml and *.yml files (not its subfolders, not a hidden file, not a
 * compose file), sorted by name.
 */
export function expandScenarioArgs(args: readonly string[], cwd: string): string[] {
  return scenarioFileList(args, cwd).files;
}

/** A folder's *.yaml or *.yml file that is not run, and why (said on stderr). */
export interface LeftOut {
  file: string;
  why: string;
}

/**
 * The files as expandScenarioArgs gives them, and whether an argument was a folder whose files they include: such an
 * invocation may run several files, and writes the combined summary even when the folder holds one (a CI job reads
 * latest-summary.* whatever the folder holds). `leftOut`: the compose files a folder holds, which it does not run (a
 * hidden file is left out silently, as a shell glob leaves it out). A file named on the command line is run whatever it
 * is, and is not said to be left out.
 */
export function scenarioFileList(args: readonly string[], cwd: string): { files: string[]; fromFolder: boolean; leftOut: LeftOut[] } {
  let fromFolder = false;
  const out: string[] = [];
  const seen = new Set<string>();
  const issues: { file: string; message: string }[] = [];
  const leftOut: (LeftOut & { key: string })[] = [];
  const keyOf = (arg: string) => realPathOr(resolveScenarioPath(arg, cwd) ?? resolve(cwd, arg));
  const add = (arg: string) => {
    // The real path: a link to a file already listed (a folder holding `b.yaml -> a.yaml`) is the same file, run once.
    const key = keyOf(arg);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(arg);
  };
  for (const arg of args) {
    const dir = resolve(cwd, arg);
    if (!isDirectory(dir)) {
      add(arg);
      continue;
    }
    const entries = readdirSync(dir).filter((n) => SCENARIO_FILE.test(n) && !isDirectory(join(dir, n))).sort();
    // Hidden, as a shell glob has it: an editor's files (Emacs's lock `.#a.yaml`, a link to a file that does not exist).
    const hidden = entries.filter((n) => n.startsWith("."));
    const files: string[] = [];
    const composeFiles: LeftOut[] = [];
    const kinds = new Map<string, string>();
    for (const n of entries.filter((n) => !n.startsWith("."))) {
      // Run as a file, a FIFO (or a socket, a device) there held the run in open() waiting for a writer, deaf to Ctrl-C.
      const kind = notAFile(join(dir, n));
      if (kind) kinds.set(n, kind);
      const compose = kind ? undefined : composeFileKeys(readText(join(dir, n)));
      if (compose) composeFiles.push({ file: join(arg, n), why: `a compose file (${compose.join(", ")}, no steps)` });
      else files.push(n);
    }
    // A folder of that name without scenarios (the demo's `demo/` server beside `scenarios/demo.yaml`) does not hide
    // the scenario the name finds.
    if (!files.length && resolveScenarioPath(arg, cwd) !== undefined) add(arg);
    else if (!files.length) issues.push({ file: arg, message: `this folder holds no *.yaml or *.yml scenario file${leftOutText(arg, composeFiles, hidden)}` });
    else {
      fromFolder = true;
      leftOut.push(...composeFiles.map((l) => ({ ...l, key: keyOf(l.file) })));
    }
    for (const n of files) {
      const kind = kinds.get(n);
      if (kind) issues.push({ file: join(arg, n), message: `is ${kind}, not a scenario file: a folder's *.yaml and *.yml entries are run as files (remove it from the folder, or name the files to run)` });
      else add(join(arg, n));
    }
  }
  if (issues.length) throw new InvalidInput(issues);
  // A compose file also named on the command line is run as named (the loader says what is wrong with it).
  const said = new Set<string>();
  return { files: out, fromFolder, leftOut: leftOut.filter((l) => !seen.has(l.key) && !said.has(l.key) && !!said.add(l.key)).map(({ file, why }) => ({ file, why })) };
}

/** What a folder that runs nothing left out, for its error: `: it left out a, why, and b, why; name a file to run it`. */
function leftOutText(arg: string, composeFiles: readonly LeftOut[], hidden: readonly string[]): string {
  const parts = [...composeFiles.map((l) => `${l.file}, ${l.why}`), ...hidden.map((n) => `${join(arg, n)}, hidden (its name starts with ".")`)];
  if (!parts.length) return "";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
  return `: it left out ${list}; name a file to run it`;
}

/** The file's text; empty when it cannot be read (the loader says why when it loads it). */
function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** The top-level keys compose reads (docs.docker.com/reference/compose-file), besides its `x-…` extensions. */
const COMPOSE_KEYS = new Set(["services", "networks", "volumes", "configs", "secrets", "include", "models", "name", "version"]);
/** Those of them a scenario does not have: one marks a compose file (a scenario has `name` and `secrets` too). */
const COMPOSE_ONLY = new Set(["version", "services", "networks", "volumes", "configs", "include", "models"]);

/** A top-level key line: a plain key (letters, digits, `_ . -`) or a quoted one without escapes, then `:` and a blank or the line's end. */
const KEY_LINE = /^(?:([A-Za-z_][\w.-]*)|"([^"\\]*)"|'([^']*)') *:(?:[ \t]|$)/;

/**
 * The compose-only keys (COMPOSE_ONLY, in the file's order) of a text that is plainly a compose file: a mapping whose
 * top-level keys are all compose's, at least one of them compose's own, and none `steps`; else undefined. Read from the
 * top-level lines only (those at column 0), without parsing the YAML: a line it cannot read for sure (a flow mapping, an
 * explicit `?` or merge `<<` key, an anchor, a tag, a directive, a second document, a tab) gives undefined, so a text
 * that may be a scenario (a typo'd `step:`, a `name:` alone) is never taken for a compose file: the loader reports it.
 */
export function composeFileKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  let started = false;
  for (const raw of (text.startsWith("\uFEFF") ? text.slice(1) : text).split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    // YAML ends a line at a lone \r too: a line this split does not see.
    if (line.includes("\r")) return undefined;
    if (/^[ \t]*$/.test(line) || line.startsWith(" ") || line.startsWith("#")) continue;
    if (/^---[ \t]*(#.*)?$/.test(line)) {
      if (started) return undefined;
      started = true;
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    started = true;
    keys.push(m[1] ?? m[2] ?? m[3]!);
  }
  if (keys.includes("steps") || !keys.every((k) => COMPOSE_KEYS.has(k) || k.startsWith("x-"))) return undefined;
  const own = keys.filter((k) => COMPOSE_ONLY.has(k));
  return own.length ? [...new Set(own)] : undefined;
}

/**
 * What the path is when it is there but is no regular file (a FIFO, a socket, a device); undefined for a file, for what
 * is not there, and for what cannot be looked at (a loop of links: the loader's message names it).
 */
function notAFile(path: string): string | undefined {
  let stats;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  return stats && !stats.isFile() ? kindOf(stats) : undefined;
}

/** The path every runner sorts by: relative to cwd, forward slashes, whatever form the argument had. */
function shardKey(arg: string, cwd: string): string {
  return relative(cwd, resolveScenarioPath(arg, cwd) ?? resolve(cwd, arg)).split("\\").join("/");
}

/**
 * Shard `index` of `count` (1-based): the files sorted by path (code points, so every machine agrees), dealt in turn —
 * the k-th file goes to shard (k mod count) + 1. Every file lands in exactly one shard; shard sizes differ by at most one.
 */
export function shardFiles(files: readonly string[], index: number, count: number, cwd: string): string[] {
  const sorted = files.map((f) => ({ f, key: shardKey(f, cwd) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted.filter((_, k) => k % count === index - 1).map((x) => x.f);
}
