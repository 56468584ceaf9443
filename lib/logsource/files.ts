// Expands a logql step's `files:` map (glob → static labels) into streams: `{label}` path segments become labels, plus `filename`.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { nothingThere, reachPath, writtenPath } from "../files/reach-path.ts";
import { emptyLabels, type Labels } from "../logql/labels.ts";
import { closingBrace, splitPattern, uniqueFiles, unreadableText, walkGlob, type SkippedLink } from "../util/glob-walk.ts";
import { noMatchText } from "../util/no-match.ts";
import { globRefusal } from "../util/glob-refusal.ts";

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
    const refusal = globRefusal(glob);
    if (refusal) errors.push(`${JSON.stringify(glob)}: ${refusal}`);
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
    if (c === "{" && closingBrace(pattern, i) === -1) throw new Error(`unclosed { in ${JSON.stringify(pattern)}`);
    if (c === "[" && pattern.indexOf("]", i + 1) === -1) throw new Error(`unclosed [ in ${JSON.stringify(pattern)}`);
    // An escaped character is itself (a variable's value filled into the glob: lib/vars/interpolate.ts interpolateGlob);
    // each brace alternative is a glob of its own (`{server,req-\\[7\\]}`, `{*.log,*.txt}`, `{a,{b,c}}`): taken as
    // literal text, an escaped name matched no file the walk found, and the step read the others without a word.
    const end = tokenEnd(pattern, i);
    re += tokenRe(pattern.slice(i, end));
    glob += pattern.slice(i, end);
    i = end;
  }
  return { glob, regex: new RegExp(`^${re}$`), names };
}

/** Where the glob token at text[i] ends: an escape, a class, a brace group (nested ones within), or one character. */
function tokenEnd(text: string, i: number): number {
  const c = text[i];
  if (c === "\\" && i + 1 < text.length) return i + 2;
  if (c === "[" && text.indexOf("]", i + 1) !== -1) return text.indexOf("]", i + 1) + 1;
  if (c === "{" && closingBrace(text, i) !== -1) return closingBrace(text, i) + 1;
  return i + 1;
}

/**
 * One glob token (tokenEnd) as a regex within one path level: an escaped character is itself, `*` and `?` stay in the
 * level, a class is a class, and a brace group's alternatives (split at its own commas) are globs of their own.
 */
function tokenRe(token: string): string {
  if (token.length === 2 && token[0] === "\\") return escapeRe(token[1]!);
  if (token === "*") return "[^/]*";
  if (token === "?") return "[^/]";
  if (token.length > 1 && token[0] === "[") return token.replace(/^\[!/, "[^");
  if (token.length > 1 && token[0] === "{") {
    const alts: string[] = [];
    let from = 1;
    for (let j = 1; j < token.length - 1; j = tokenEnd(token, j)) {
      if (token[j] !== ",") continue;
      alts.push(token.slice(from, j));
      from = j + 1;
    }
    alts.push(token.slice(from, -1));
    return `(?:${alts.map(globRe).join("|")})`;
  }
  return escapeRe(token);
}

/** A glob fragment within one path level as a regex, token by token. */
function globRe(text: string): string {
  let re = "";
  for (let i = 0; i < text.length; i = tokenEnd(text, i)) re += tokenRe(text.slice(i, tokenEnd(text, i)));
  return re;
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const toPosix = (p: string) => (sep === "/" ? p : p.split(sep).join("/"));

export interface ExpandedFiles {
  files: SourceFile[];
  /** Links not followed (dangling, loops), with paths as `filename` shows them. */
  skipped: SkippedLink[];
}

/**
 * Lists the files of every glob (relative globs resolve from `scenarioDir`), links followed, sorted by path. A file
 * matched by several globs (or reached by several paths) belongs to the first. `filename` is the path relative to
 * the scenario directory (absolute outside it), or, below a link's `..`, the glob's path as written. A glob that matches
 * no file (or whose `..` comes after a missing folder) is an error naming what its nearest existing directory holds.
 */
export async function expandFiles(files: Record<string, Record<string, string>>, scenarioDir: string, signal?: AbortSignal): Promise<ExpandedFiles> {
  const errors = filesMapErrors(files);
  if (errors.length) throw new Error(errors.join("; "));
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  const skipped: SkippedLink[] = [];
  const unmatched: string[] = [];
  const unseen: string[] = [];
  const shown = (abs: string) => {
    const fromScenario = toPosix(relative(scenarioDir, abs));
    return fromScenario === "" ? "." : fromScenario.startsWith("..") ? toPosix(abs) : fromScenario;
  };
  for (const [pattern, staticLabels] of Object.entries(files)) {
    signal?.throwIfAborted();
    const absolute = isAbsolute(pattern);
    const root = absolute ? "/" : scenarioDir;
    const { glob, regex } = compileFileGlob(absolute ? pattern.slice(1) : pattern);
    const { base, rest } = splitPattern(glob);
    // A `..` in the glob's fixed start as the kernel reads it, as the files step reads it (reachPath): after a link, the
    // parent of its target. Read as text, `logs/latest/../archive` (logs/latest -> ../runs/r1) was logs/archive where
    // bash and grep read runs/archive, and `empty: true` passed on other files.
    const reached = await reachPath(root, base);
    const written = (path: string) => (absolute ? "/" : "") + writtenPath(path);
    const noMatch = (from: string) => noMatchText(pattern, from, shown, absolute ? undefined : scenarioDir);
    if (reached.path === undefined) {
      // A missing folder (or a file) before a `..`: the glob names no file, as `ls` finds none. One that could not be
      // looked at leaves where the glob leads unknown: files there could match.
      if (nothingThere(reached)) unmatched.push(await noMatch(reached.stop));
      else unseen.push(`${written(base)}: ${shown(reached.stop)} ${reached.why}, so where the .. after it leads is unknown`);
      continue;
    }
    const dir = reached.path;
    // Files below a link's `..` are named by the path as written (`logs/latest/../archive/bad.log`, as grep -H names
    // them, as the files step shows them): the path from the scenario's directory that reaches them.
    const linkBase = reached.link ? written(base) : undefined;
    const named = (rel: string) => (linkBase === undefined ? shown(resolve(dir, rel)) : rel === "" ? linkBase : `${linkBase}/${rel}`);
    const prefix = base === "" ? "" : `${base}/`;
    const walked = await walkGlob(dir, rest, signal);
    for (const link of walked.skipped) skipped.push({ ...link, rel: named(link.rel) });
    for (const u of walked.unreadable) unseen.push(unreadableText({ ...u, rel: named(u.rel) }));
    if (!walked.hits.length) {
      unmatched.push(await noMatch(dir));
      continue;
    }
    const matched: (SourceFile & { real: string; linked: boolean; rel: string })[] = [];
    let fits = 0;
    for (const hit of walked.hits) {
      const m = regex.exec(prefix + hit.rel);
      if (m) fits++;
      if (!m || seen.has(hit.real)) continue;
      const path = resolve(dir, hit.rel);
      matched.push({ path, labels: Object.assign(emptyLabels(), staticLabels, m.groups, { filename: named(hit.rel) }), real: hit.real, linked: hit.linked, rel: hit.rel });
    }
    // The walk's glob is looser than the pattern (a `{label}` part is `*`): none of its hits fitting is no match either.
    if (fits === 0) {
      unmatched.push(await noMatch(dir));
      continue;
    }
    for (const { path, labels, real } of uniqueFiles(matched).sort((a, b) => (a.path < b.path ? -1 : 1))) {
      seen.add(real);
      out.push({ path, labels });
    }
  }
  if (unmatched.length) throw new Error(unmatched.join("\n"));
  // Files the globs match may lie where the walk could not look: an answer over the rest could pass a check it should fail.
  if (unseen.length) throw new Error(`the globs reach where files cannot be seen, so no answer would be sure: ${unseen.join("; ")}`);
  return { files: out, skipped };
}
