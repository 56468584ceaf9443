// Expands a logql step's `files:` map (glob → static labels) into streams: `{label}` path segments become labels, plus `filename`.
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Labels } from "../logql/labels.ts";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** The stream's labels: the glob's static labels, its `{label}` captures and `filename`. */
  labels: Labels;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** Problems with the map itself (bad label names), for load-time validation. */
export function filesMapErrors(files: Record<string, Record<string, string>>): string[] {
  const errors: string[] = [];
  const globs = Object.keys(files);
  if (!globs.length) errors.push("`files` needs at least one glob");
  for (const glob of globs) {
    if (!glob.trim()) errors.push("`files` has an empty glob");
    for (const name of Object.keys(files[glob] ?? {})) {
      if (!LABEL_NAME.test(name)) errors.push(`invalid label name ${JSON.stringify(name)} for ${JSON.stringify(glob)}: use letters, digits and _`);
      if (name.startsWith("__")) errors.push(`label name ${JSON.stringify(name)} for ${JSON.stringify(glob)} is reserved (starts with __)`);
    }
    const captured = [...glob.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    const dup = captured.find((n, i) => captured.indexOf(n) !== i);
    if (dup) errors.push(`${JSON.stringify(glob)} captures {${dup}} twice`);
    for (const n of captured) if (n.startsWith("__")) errors.push(`label name ${JSON.stringify(n)} in ${JSON.stringify(glob)} is reserved (starts with __)`);
  }
  return errors;
}

/** Turns `logs/{service}/*.log` into a glob for Bun (`logs/*\/*.log`) and a regex capturing the labels. */
export function compileFileGlob(pattern: string): { glob: string; regex: RegExp; names: string[] } {
  const names: string[] = [];
  let re = "";
  let glob = "";
  for (let i = 0; i < pattern.length; ) {
    const rest = pattern.slice(i);
    const ph = /^\{([a-zA-Z_][a-zA-Z0-9_]*)\}/.exec(rest);
    if (ph) {
      names.push(ph[1]!);
      re += `(?<${ph[1]}>[^/]+)`;
      glob += "*";
      i += ph[0].length;
      continue;
    }
    if (rest.startsWith("**/")) {
      re += "(?:.*/)?";
      glob += "**/";
      i += 3;
      continue;
    }
    if (rest.startsWith("**")) {
      re += ".*";
      glob += "**";
      i += 2;
      continue;
    }
    const c = pattern[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = pattern.indexOf("}", i);
      if (end === -1) throw new Error(`unclosed { in ${JSON.stringify(pattern)}`);
      const alts = pattern.slice(i + 1, end).split(",");
      re += "(?:" + alts.map(escapeRe).join("|") + ")";
      glob += pattern.slice(i, end + 1);
      i = end + 1;
      continue;
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) throw new Error(`unclosed [ in ${JSON.stringify(pattern)}`);
      re += pattern.slice(i, end + 1).replace(/^\[!/, "[^");
      glob += pattern.slice(i, end + 1);
      i = end + 1;
      continue;
    } else re += escapeRe(c);
    glob += c;
    i++;
  }
  return { glob, regex: new RegExp(`^${re}$`), names };
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const toPosix = (p: string) => (sep === "/" ? p : p.split(sep).join("/"));

/**
 * Lists the files of every glob (relative globs resolve from `scenarioDir`), sorted by path. A file matched by
 * several globs belongs to the first. `filename` is the path relative to the scenario directory.
 */
export async function expandFiles(files: Record<string, Record<string, string>>, scenarioDir: string, signal?: AbortSignal): Promise<SourceFile[]> {
  const errors = filesMapErrors(files);
  if (errors.length) throw new Error(errors.join("; "));
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  for (const [pattern, staticLabels] of Object.entries(files)) {
    signal?.throwIfAborted();
    const absolute = isAbsolute(pattern);
    const root = absolute ? "/" : scenarioDir;
    const { glob, regex } = compileFileGlob(absolute ? pattern.slice(1) : pattern);
    const matched: SourceFile[] = [];
    for await (const rel of new Bun.Glob(glob).scan({ cwd: root, onlyFiles: true, dot: false })) {
      signal?.throwIfAborted(); // a glob over a large tree can take long
      const relPosix = toPosix(rel);
      const m = regex.exec(relPosix);
      if (!m) continue;
      const path = resolve(root, rel);
      if (seen.has(path)) continue;
      seen.add(path);
      const fromScenario = toPosix(relative(scenarioDir, path));
      const labels: Labels = { ...staticLabels, ...(m.groups ?? {}), filename: fromScenario.startsWith("..") ? toPosix(path) : fromScenario };
      matched.push({ path, labels });
    }
    out.push(...matched.sort((a, b) => (a.path < b.path ? -1 : 1)));
  }
  return out;
}
