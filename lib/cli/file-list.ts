// The scenario files of one invocation: folders expanded to their *.yaml/*.yml files, duplicates dropped, --shard applied.
import { readdirSync, statSync } from "node:fs";
import { kindOf } from "../util/regular-file.ts";
import { isDirectory, realPathOr } from "../util/file-kind.ts";
import { join, relative, resolve } from "node:path";
import { InvalidInput } from "../core/invalid-input.ts";
import { resolveScenarioPath } from "../loader/find-file.ts";

const SCENARIO_FILE = /\.ya?ml$/;

/** Each argument as given, a folder replaced by its *.yaml and *.yml files (not its subfolders), sorted by name. */
export function expandScenarioArgs(args: readonly string[], cwd: string): string[] {
  return scenarioFileList(args, cwd).files;
}

/**
 * The files as expandScenarioArgs gives them, and whether an argument was a folder whose files they include: such an
 * invocation may run several files, and writes the combined summary even when the folder holds one (a CI job reads
 * latest-summary.* whatever the folder holds).
 */
export function scenarioFileList(args: readonly string[], cwd: string): { files: string[]; fromFolder: boolean } {
  let fromFolder = false;
  const out: string[] = [];
  const seen = new Set<string>();
  const issues: { file: string; message: string }[] = [];
  const add = (arg: string) => {
    // The real path: a link to a file already listed (a folder holding `b.yaml -> a.yaml`) is the same file, run once.
    const key = realPathOr(resolveScenarioPath(arg, cwd) ?? resolve(cwd, arg));
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
    const names = readdirSync(dir).filter((n) => SCENARIO_FILE.test(n) && !isDirectory(join(dir, n))).sort();
    // A folder of that name without scenarios (the demo's `demo/` server beside `scenarios/demo.yaml`) does not hide
    // the scenario the name finds.
    if (!names.length && resolveScenarioPath(arg, cwd) !== undefined) add(arg);
    else if (!names.length) issues.push({ file: arg, message: "this folder holds no *.yaml or *.yml scenario file" });
    else fromFolder = true;
    for (const n of names) {
      // Run as a file, a FIFO (or a socket, a device) there held the run in open() waiting for a writer, deaf to Ctrl-C.
      const kind = notAFile(join(dir, n));
      if (kind) issues.push({ file: join(arg, n), message: `is ${kind}, not a scenario file: a folder's *.yaml and *.yml entries are run as files (remove it from the folder, or name the files to run)` });
      else add(join(arg, n));
    }
  }
  if (issues.length) throw new InvalidInput(issues);
  return { files: out, fromFolder };
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
