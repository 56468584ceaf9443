// Walks the files a glob matches under a directory, following symbolic links to files and directories (each real file once, loops cut, dangling links noted).
import type { Dirent } from "node:fs";
import { readdir, readlink, realpath, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";

export interface GlobHit {
  /** Path relative to the walked directory, "/"-separated, as matched (a link's own path, not its target's). */
  rel: string;
  /** The file's real path: two hits with the same real path are one file. */
  real: string;
  /** Reached through a symbolic link (to the file or to a directory above it). */
  linked: boolean;
}

/** A link the walk did not follow, for the report. */
export interface SkippedLink {
  /** Path relative to the walked directory. */
  rel: string;
  /** Where the link points, as written in it. */
  target: string;
  /** "link loop": the link leads to itself, through others or not (ELOOP); "loop": to a directory holding it. */
  reason: "dangling" | "loop" | "link loop" | "too many links";
}

/** A directory the walk could not list, or a link whose target it could not look at (permission denied, …). */
export interface Unreadable {
  /** Path relative to the walked directory ("" for the directory itself). */
  rel: string;
  what: "directory" | "link" | "not walked" | "name";
  /** Why, e.g. "permission denied". */
  reason: string;
}

/**
 * A glob as the docs read it: Bun's matcher takes a `!` that starts the pattern as "everything but" (`logs/!x.log`,
 * matched a level at a time, found every other file of logs/), which no shell glob does and the docs do not name; it
 * is a name's first character here, as bash reads it.
 */
export function compileGlob(pattern: string): Bun.Glob {
  return new Bun.Glob(pattern.startsWith("!") ? `\\${pattern}` : pattern);
}

/** Where the brace opened at `open` closes (nested braces and escapes skipped), or -1. */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** A sequence bash expands: `1..3`, `-2..2..2`, `a..e`, `a..z..2` (integers or single letters on both ends). */
const SEQUENCE = /^(?:[-+]?\d+\.\.[-+]?\d+|[A-Za-z]\.\.[A-Za-z])(?:\.\.[-+]?\d+)?$/;

/** Whether a brace group's inside has a comma of its own (not a nested group's, not escaped). */
function hasOwnComma(inside: string): boolean {
  return ownAlternatives(inside).length > 1;
}

/**
 * A pattern with the braces bash leaves as they are escaped, as it reads them: a brace group expands only when it has a
 * comma of its own or is a sequence (`{a,b}`, `{1..3}`); `{tmp}`, `{}`, `{1..a}` and a brace without its pair are
 * text (`ls br/{tmp}.log` lists that file). Bun's matcher took `{tmp}` as a group of one alternative, `tmp`: a
 * `count: 0` passed while `br/{tmp}.log` was there. Groups inside a literal one still expand (`{{a,b}}` is `{a}` or
 * `{b}`), as in bash. Escapes are kept; the result reads the same when given again.
 */
export function bashBraces(pattern: string): string {
  if (!pattern.includes("{") && !pattern.includes("}")) return pattern;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (c === "}") {
      out += "\\}";
    } else if (c === "{") {
      const close = closingBrace(pattern, i);
      if (close === -1) {
        out += "\\{";
        continue;
      }
      const inside = pattern.slice(i + 1, close);
      const expands = hasOwnComma(inside) || SEQUENCE.test(inside);
      out += expands ? `{${bashBraces(inside)}}` : `\\{${bashBraces(inside)}\\}`;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

/** The inside of a brace group split at its own commas (not a nested group's, not escaped): its alternatives as written. */
function ownAlternatives(inside: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i];
    if (c === "\\") i++;
    else if (c === ",") {
      out.push(inside.slice(from, i));
      from = i + 1;
    } else if (c === "{") {
      const close = closingBrace(inside, i);
      if (close !== -1) i = close;
    }
  }
  out.push(inside.slice(from));
  return out;
}

/** The terms of a sequence bash expands (SEQUENCE), in order: `{1..3}`, `{03..1}` (zero-padded as bash pads), `{a..e..2}`. */
function* sequenceTerms(inside: string): Generator<string> {
  const [from, to, by] = inside.split("..") as [string, string, string | undefined];
  const step = Math.max(1, Math.abs(Number(by ?? 1)) || 1);
  if (/^[A-Za-z]$/.test(from)) {
    const [a, b] = [from.charCodeAt(0), to.charCodeAt(0)];
    for (let c = a; a <= b ? c <= b : c >= b; c += a <= b ? step : -step) yield String.fromCharCode(c);
    return;
  }
  const [a, b] = [Number(from), Number(to)];
  // Either end written with a leading zero: every term as wide as the wider end, sign included (`{-01..2}` is -01 000 …).
  const padded = /^[-+]?0\d/.test(from) || /^[-+]?0\d/.test(to);
  const width = padded ? Math.max(from.length, to.length) : 0;
  const term = (n: number) => (n < 0 ? `-${String(-n).padStart(width - 1, "0")}` : String(n).padStart(width, "0"));
  for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? step : -step) yield term(n);
}

/** The leftmost brace group bash expands (bashBraces's reading: a comma of its own, or a sequence), or undefined. */
function firstGroup(pattern: string): { open: number; close: number; terms: () => Iterable<string> } | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "{") {
      const close = closingBrace(pattern, i);
      if (close === -1) continue;
      const inside = pattern.slice(i + 1, close);
      const alternatives = ownAlternatives(inside);
      if (alternatives.length > 1) return { open: i, close, terms: () => alternatives };
      if (SEQUENCE.test(inside)) return { open: i, close, terms: () => sequenceTerms(inside) };
      // Text, braces included (`{tmp}`): a group inside it may still expand (`{{a,b}}`), looked at next.
    }
  }
  return undefined;
}

/** Every pattern bash's brace expansion makes of `pattern`, in bash's order. */
function* allWords(pattern: string): Generator<string> {
  const group = firstGroup(pattern);
  if (!group) {
    yield pattern;
    return;
  }
  const [before, after] = [pattern.slice(0, group.open), pattern.slice(group.close + 1)];
  for (const term of group.terms()) yield* allWords(before + term + after);
}

/** Patterns braceWords makes of one pattern at most; a pattern whose braces before a `..` give more is refused at load. */
export const MAX_BRACE_WORDS = 256;
/** Patterns looked at for a `..` part after a brace group before taking it for none (a `{1..100000}` group has no `..`). */
const WORDS_LOOKED_AT = 4096;

/** Whether a pattern the braces of `pattern` give has a `..` part at or after part `from`. */
function goesUpFrom(pattern: string, from: number): boolean {
  let seen = 0;
  for (const word of allWords(pattern)) {
    if (word.split("/").slice(from).includes("..")) return true;
    if (++seen >= WORDS_LOOKED_AT) return false;
  }
  return false;
}

/**
 * The patterns bash's brace expansion makes of `pattern` where they decide which folder a `..` goes up from. bash
 * expands braces before it opens any path, so `logs/{latest,hop}/../archive/*.jsonl` is the two patterns
 * `logs/latest/../archive/*.jsonl` and `logs/hop/../archive/*.jsonl`, each `..` then read as the kernel reads it (after
 * the link logs/latest, runs): every group that stands before a `..` part, or makes one, is expanded, in bash's order.
 * A group after the last `..` is left to the walk, as in every other pattern, and so is a pattern without a `..` part,
 * which is itself. A brace bash leaves as text (no comma of its own and no sequence: `{logs}`; unmatched; escaped)
 * stays as written. `more` when the braces give more than MAX_BRACE_WORDS patterns (the first of them are given).
 */
export function braceWords(pattern: string): { words: string[]; more: boolean } {
  // A `..` part needs two dots and a brace to come from one: a pattern without is itself, cheaply.
  if (!pattern.includes("{") || pattern.indexOf(".") === pattern.lastIndexOf(".")) return { words: [pattern], more: false };
  const words: string[] = [];
  const expand = (p: string): void => {
    const group = firstGroup(p);
    // The parts before the group's own are the same text in every pattern it gives.
    if (!group || !goesUpFrom(p, p.slice(0, group.open).split("/").length - 1)) {
      words.push(p);
      return;
    }
    const [before, after] = [p.slice(0, group.open), p.slice(group.close + 1)];
    for (const term of group.terms()) {
      if (words.length > MAX_BRACE_WORDS) return;
      expand(before + term + after);
    }
  };
  expand(pattern);
  return words.length > MAX_BRACE_WORDS ? { words: words.slice(0, MAX_BRACE_WORDS), more: true } : { words, more: false };
}

/** A pattern's part as the name bash opens by it: escapes taken out, a brace it leaves as text kept (`{logs}`); undefined for a wildcard, a class or a brace group it expands. */
export function fixedName(part: string): string | undefined {
  return literalPart(bashBraces(part));
}

/**
 * A pattern with a `..` part split where it is walked from: its parts up to its last `..` as the names they spell
 * (fixedName: `{logs}/latest/..` is the folder `{logs}`, `logs/\{a,b\}/..` the folder `{a,b}`), then the parts after
 * it without glob syntax, as splitPattern takes them; the base is to be read by reachPath. Undefined when the pattern
 * has no `..` part before its last part, or a wildcard stands before one (the walk matches no file by it).
 */
export function splitThroughUp(pattern: string): { base: string; rest: string } | undefined {
  const parts = pattern.split("/");
  const lastUp = parts.lastIndexOf("..");
  if (lastUp === -1 || lastUp === parts.length - 1) return undefined;
  const names = parts.slice(0, lastUp + 1).map(fixedName);
  if (names.some((n) => n === undefined)) return undefined;
  const after = splitPattern(parts.slice(lastUp + 1).join("/"));
  return { base: [...names, ...(after.base === "" ? [] : [after.base])].join("/") || "/", rest: after.rest };
}

/** A pattern's part as the name it spells (escapes taken out), or undefined when it holds a wildcard or a class. */
export function literalPart(part: string): string | undefined {
  let out = "";
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === "\\") {
      if (i + 1 < part.length) out += part[++i];
      continue;
    }
    if (c === "*" || c === "?" || c === "[" || c === "{" || c === "}") return undefined;
    out += c;
  }
  return out;
}

/** An unreadable place as reports name it: "logs/locked: could not list the directory: permission denied" (`rel` as shown). */
export function unreadableText(u: Unreadable): string {
  const what = { directory: "could not list the directory", link: "could not look at the link's target", "not walked": "not walked", name: "not looked at" }[u.what];
  return `${u.rel}: ${what}: ${u.reason}`;
}

export interface GlobWalk {
  hits: GlobHit[];
  skipped: SkippedLink[];
  /** What the walk could not look at: files matching the glob may be there, unseen. */
  unreadable: Unreadable[];
}

/** Errors that mean "not there" (removed while walking, a dangling link), not "could not look". */
const ABSENT = new Set(["ENOENT", "ENOTDIR", "ELOOP"]);

function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err.code === "EACCES" || err.code === "EPERM") return "permission denied";
  return err.message ?? String(e);
}

const MAGIC = /[*?[\]{}!]/;

/** Whether a pattern's part is a name as written: no glob syntax, no escape. */
function isFixedPart(part: string): boolean {
  return !MAGIC.test(part) && !part.includes("\\");
}

/** Splits "logs/raw/**\/*.jsonl" into the directory to walk ("logs/raw") and the pattern under it. */
export function splitPattern(pattern: string): { base: string; rest: string } {
  const parts = pattern.split("/");
  let i = 0;
  while (i < parts.length - 1 && isFixedPart(parts[i]!)) i++;
  let base = parts.slice(0, i).join("/");
  if (base === "" && pattern.startsWith("/")) base = "/";
  return { base, rest: parts.slice(i).join("/") };
}

/** Directories entered through links in one walk before it stops following more (a guard against link mazes). */
const MAX_LINKED_DIRS = 10_000;
/** Deepest directory level walked below the glob's base. */
const MAX_DEPTH = 64;

interface Dir {
  rel: string;
  real: string;
  depth: number;
  /** For each link followed on the way here: the real path of the directory it was in (every ancestor is inside one of these or in `real`). */
  trail: readonly string[];
}

/** The spellings of a pattern's `{a,b}` alternatives (innermost first), at most MAX_SPELLINGS of them. */
function expandBraces(pattern: string): string[] {
  // An escaped brace or comma (bashBraces's, a variable's value) is text, in a group or around it.
  const m = /(?<!\\)\{((?:[^{}\\]|\\.)*)\}/.exec(pattern);
  if (!m) return [pattern];
  const out: string[] = [];
  for (const alt of m[1]!.split(/(?<!\\),/)) {
    for (const p of expandBraces(pattern.slice(0, m.index) + alt + pattern.slice(m.index + m[0].length))) {
      out.push(p);
      if (out.length >= MAX_SPELLINGS) return out;
    }
  }
  return out;
}

/** Brace spellings looked at for dot entries (a pattern of many braces: the first ones). */
const MAX_SPELLINGS = 256;

/** Whether a pattern segment names dot entries, as bash's expansion does: it starts with a dot, or one of its brace alternatives does (`{.archive,api}`). */
function namesDot(segment: string): boolean {
  if (segment.startsWith(".")) return true;
  const braces = /^\{([^{}]*)\}/.exec(segment);
  return braces !== null && braces[1]!.split(",").some((alt) => alt.startsWith("."));
}

/**
 * How far the glob lets the walk go, which directory names it may enter at each level, and at which levels a dot
 * entry may be seen: where the pattern's segment names one (a `*` never matches `.hidden`). Under `**` (or a brace
 * spanning `/`) levels are not known: dot entries are seen anywhere once the pattern names one.
 */
function planOf(pattern: string): { maxDepth: number; dirOk: (name: string, depth: number) => boolean; capped: boolean; dotOk: (depth: number) => boolean } {
  const unsplittable = pattern.includes("**") || /\{[^}]*\/[^}]*\}/.test(pattern);
  const parts = pattern.split("/");
  if (unsplittable) {
    // Each spelling the braces give (`{.archive,api}/**/*.log`: `.archive/**/*.log`, `api/**/*.log`): a level before its
    // `**` sees dot entries where that spelling's part names one; past the `**` the level is not known, so any level
    // does once a part after it names one.
    const spellings = expandBraces(pattern).map((p) => p.split("/"));
    const dotOk = (depth: number) =>
      spellings.some((segs) => {
        const star = segs.indexOf("**");
        return star === -1 || depth < star ? namesDot(segs[depth] ?? "") : segs.slice(star + 1).some(namesDot);
      });
    return { maxDepth: MAX_DEPTH, dirOk: () => true, capped: true, dotOk };
  }
  const segments = parts.slice(0, -1).map(compileGlob);
  const dots = parts.map(namesDot);
  return { maxDepth: segments.length, dirOk: (name, depth) => segments[depth]?.match(name) ?? false, capped: false, dotOk: (depth) => dots[depth] ?? false };
}

/** Why a directory the pattern could reach was not walked: too deep. */
export const TOO_DEEP = `more than ${MAX_DEPTH} directory levels below the pattern's start`;

function within(real: string, dir: string): boolean {
  return real === dir || real.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

/**
 * Every file under `dir` whose path relative to it matches `pattern`, in no particular order. Dot entries are left
 * out unless the pattern's segment for their level names a dot (planOf). A missing `dir` matches nothing. Aborts through `signal`.
 */
export async function walkGlob(dir: string, pattern: string, signal?: AbortSignal): Promise<GlobWalk> {
  const glob = compileGlob(pattern);
  const { maxDepth, dirOk, capped, dotOk } = planOf(pattern);
  const hits: GlobHit[] = [];
  const unreadable: Unreadable[] = [];
  let base: string;
  try {
    base = await realpath(dir);
  } catch (e) {
    if (!ABSENT.has((e as { code?: string }).code ?? "")) unreadable.push({ rel: "", what: "directory", reason: errorText(e) });
    return { hits, skipped: [], unreadable };
  }
  // Below a directory that cannot be listed (mode 0711: entered, not read), a path the pattern spells out is still
  // looked at directly, as `cat logs/vllm/server.log` opens it: `logs/vllm/server.log` was "no file" there.
  // Brace alternatives are spelled paths too, as bash expands them; an escaped character (`req-\\[7\\].log`, a variable's
  // value) is itself.
  const spellings = pattern.includes("**") ? [] : expandBraces(pattern).map((p) => p.split("/"));
  const spelled = (depth: number): string[] | undefined => {
    const paths: string[] = [];
    for (const parts of spellings) {
      const rest = parts.slice(depth).map(literalPart);
      if (rest.some((p) => p === undefined || p === "" || p === "." || p === "..")) return undefined;
      paths.push(rest.join("/"));
    }
    return paths.length ? [...new Set(paths)] : undefined;
  };
  const stack: Dir[] = [{ rel: "", real: base, depth: 0, trail: [] }];
  /** Links not followed, by the link's real location (the same link reached by two paths is told once, by its shortest path). */
  const notFollowed = new Map<string, SkippedLink>();
  const skip = (real: string, link: SkippedLink) => {
    const known = notFollowed.get(real);
    if (!known || link.rel.length < known.rel.length || (link.rel.length === known.rel.length && link.rel < known.rel)) notFollowed.set(real, link);
  };
  let linkedDirs = 0;
  let seen = 0;
  while (stack.length) {
    const at = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(at.rel ? `${dir}/${at.rel}` : dir, { withFileTypes: true });
    } catch (e) {
      // Removed while walking: nothing to match there. Not listable: files may be there unseen, which the caller must say.
      if (ABSENT.has((e as { code?: string }).code ?? "")) continue;
      const paths = spelled(at.depth);
      let answered = paths !== undefined;
      for (const path of paths ?? []) {
        const rel = at.rel ? `${at.rel}/${path}` : path;
        const abs = `${dir}/${rel}`;
        let lookError: unknown;
        const target = await stat(abs).catch((err) => void (lookError = err));
        if (target?.isFile()) {
          const real = await realpath(abs);
          hits.push({ rel, real, linked: at.trail.length > 0 || real !== `${at.real === "/" ? "" : at.real}/${path}` });
        }
        if (!target && !ABSENT.has((lookError as { code?: string }).code ?? "")) answered = false;
      }
      if (!answered) unreadable.push({ rel: at.rel, what: "directory", reason: errorText(e) });
      continue;
    }
    // A name that is not UTF-8 (a Latin-1 "résumé" folder) comes decoded with U+FFFD in place of its bytes: no path
    // written with it opens the entry, which was then taken for one removed while walking, and what it holds unseen.
    let notUtf8: Map<string, string> | undefined;
    for (const entry of entries) {
      if (++seen % 4096 === 0) signal?.throwIfAborted();
      const name = entry.name;
      if (name.charCodeAt(0) === 46 && !dotOk(at.depth)) continue;
      const rel = at.rel ? `${at.rel}/${name}` : name;
      const real = at.real === "/" ? `/${name}` : `${at.real}/${name}`;
      const linked = at.trail.length > 0;
      const bytes = name.includes("\uFFFD") ? (notUtf8 ??= await undecodable(at.rel ? `${dir}/${at.rel}` : dir)).get(name) : undefined;
      if (bytes !== undefined) {
        // Files may be there (a folder, a link) or be one (a file the pattern matches): unseen, which the caller must say.
        const mayHold = at.depth < maxDepth && dirOk(name, at.depth);
        if (entry.isDirectory() ? mayHold : entry.isSymbolicLink() ? mayHold || glob.match(rel) : glob.match(rel)) unreadable.push({ rel, what: "name", reason: `its name is not UTF-8 (${bytes}), so it cannot be opened by name` });
        continue;
      }
      if (entry.isFile()) {
        if (glob.match(rel)) hits.push({ rel, real, linked });
        continue;
      }
      const canDescend = at.depth < maxDepth && dirOk(name, at.depth);
      // Under ** the depth cap is the walk's, not the pattern's: files may be below, unseen, which the caller must say.
      const tooDeep = capped && at.depth >= maxDepth;
      if (entry.isDirectory()) {
        if (canDescend) stack.push({ rel, real, depth: at.depth + 1, trail: at.trail });
        else if (tooDeep) unreadable.push({ rel, what: "not walked", reason: TOO_DEEP });
      } else if (entry.isSymbolicLink()) {
        const abs = `${dir}/${rel}`;
        let lookError: unknown;
        const target = await stat(abs).catch((e) => void (lookError = e));
        if (!target && !ABSENT.has((lookError as { code?: string }).code ?? "")) {
          if (glob.match(rel) || canDescend) unreadable.push({ rel, what: "link", reason: errorText(lookError) });
        } else if (!target) {
          // A link to itself (or links leading to each other) is no dangling link: its target is there, a loop (ELOOP).
          const reason = (lookError as { code?: string }).code === "ELOOP" ? "link loop" : "dangling";
          if (glob.match(rel)) skip(real, { rel, target: await readlink(abs).catch(() => "?"), reason });
        } else if (target.isFile()) {
          if (glob.match(rel)) hits.push({ rel, real: await realpath(abs), linked: true });
        } else if (target.isDirectory() && tooDeep) {
          unreadable.push({ rel, what: "not walked", reason: TOO_DEEP });
        } else if (target.isDirectory() && canDescend) {
          const targetReal = await realpath(abs);
          if (within(at.real, targetReal) || at.trail.some((t) => within(t, targetReal))) {
            skip(real, { rel, target: await readlink(abs).catch(() => targetReal), reason: "loop" });
          } else if (++linkedDirs > MAX_LINKED_DIRS) {
            skip(real, { rel, target: await readlink(abs).catch(() => targetReal), reason: "too many links" });
            unreadable.push({ rel, what: "not walked", reason: `more than ${MAX_LINKED_DIRS} linked directories` });
          } else {
            stack.push({ rel, real: targetReal, depth: at.depth + 1, trail: [...at.trail, at.real] });
          }
        }
      }
    }
  }
  unreadable.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { hits, skipped: [...notFollowed.values()].sort((a, b) => (a.rel < b.rel ? -1 : 1)), unreadable };
}

/**
 * The names in a directory that are not UTF-8, as readdir decodes them (U+FFFD for the bytes that are not) → their bytes
 * shown with those escaped (`r\xe9sum\xe9`). Empty when the directory cannot be listed again.
 */
async function undecodable(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const raw = (await readdir(path, { encoding: "buffer" }).catch(() => [])) as Buffer[];
  for (const b of raw) {
    if (isUtf8(b)) continue;
    let shown = "";
    for (const byte of b) shown += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
    out.set(b.toString("utf8"), shown);
  }
  return out;
}

/** Hits with one path per real file: a file reached directly wins over the same file reached through a link, else the first path in order. */
export function uniqueFiles<T extends { rel: string; real: string; linked: boolean }>(hits: readonly T[]): T[] {
  const sorted = [...hits].sort((a, b) => Number(a.linked) - Number(b.linked) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const byReal = new Map<string, T>();
  for (const hit of sorted) if (!byReal.has(hit.real)) byReal.set(hit.real, hit);
  return [...byReal.values()];
}

/** "logs/api/a.log -> ../../real/a.log (dangling: the target does not exist)" lines for the report. */
export function describeSkipped(links: readonly SkippedLink[]): string {
  const why = { dangling: "dangling: the target does not exist", "link loop": "a loop of links: too many levels of symbolic links (ELOOP); not followed", loop: "a loop: it points to a directory that contains it; not followed", "too many links": `not followed: more than ${MAX_LINKED_DIRS} linked directories` };
  return links.map((l) => `${l.rel} -> ${l.target} (${why[l.reason]})`).join("\n");
}
