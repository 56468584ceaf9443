// Turns the gathered FileFacts into checks: one per expectation, or one per failing file naming it (line and text).
import { stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import { describe, evaluate, type Check, type Matcher } from "../expect/matcher.ts";
import { compileRegex } from "../expect/regex.ts";
import { readLines } from "../util/read-chunks.ts";
import type { Hit } from "./byte-probes.ts";
import { holdsWhenMissing, type FieldRule } from "./fields.ts";
import { formatSpec, type FileFacts, type FormatSpec } from "./inspect.ts";
import { lineHead, locateLines, quoteAround, type Located } from "./locate.ts";
import { NPZ_CHECKED } from "./npz.ts";
import { PKL_CHECKED } from "./pkl.ts";
import { nothingThere, reachPath, unreachedText, writtenPath, type Reached } from "./reach-path.ts";
import type { EachExpect, FilesExpect } from "./schema.ts";
import { formatAge, formatAgeExact, formatBound, formatBytes, QUOTE_LIMIT } from "./text.ts";
import { clipAfter } from "../util/clip.ts";
import { oddKind } from "../util/no-match.ts";
import { gaveUpText, testAnswer } from "../util/regex-limit.ts";

/** A check lists at most this many failing files, then says how many more there are. */
export const MAX_LISTED = 10;

export interface EvalContext {
  root: string;
  startedAt: Date;
  now: number;
  signal?: AbortSignal;
  /**
   * Called with the text read around each find a failure quotes (all the bytes locateLines kept of its line, or the
   * find's line as the search gave it), before it is cut to the quote: the quote may start past the name that says a
   * value is a credential (`"password":"…"` quoted from the `:`), and then the masker, which sees the quote alone, could
   * not know it. The files step hands what the text holds to the run's masker.
   */
  readAround?: (text: string) => void;
  /** Called with each credential a quote masked itself (Problem.secrets): the files step hands it to the run's masker. */
  addSecret?: (value: string) => void;
}

/** What stands for the files beyond MAX_LISTED in a list of them. */
const moreFiles = (n: number) => `…and ${n} more files`;

/** One check per failing file (capped), or one passing check. */
function perFile(path: string, expected: string, failures: readonly string[], okActual: string): Check[] {
  if (failures.length === 0) return [{ path, expected, actual: okActual, ok: true }];
  const checks = failures.slice(0, MAX_LISTED).map((actual) => ({ path, expected, actual, ok: false }));
  if (failures.length > MAX_LISTED) checks.push({ path, expected, actual: moreFiles(failures.length - MAX_LISTED), ok: false });
  return checks;
}

/** Re-labels the actual value of matcher checks (e.g. bytes → "1536 bytes (1.5 KiB) over 3 files"). */
function relabel(checks: Check[], actual: string): Check[] {
  return checks.map((c) => ({ ...c, actual }));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeRules(rules: readonly FieldRule[]): string {
  return rules.map((r) => (r.matcher === undefined ? r.name : `${r.name} (${describe(r.matcher)})`)).join(", ");
}

export function formatExpected(spec: FormatSpec): string {
  const fields = spec.rules.length ? ` with ${describeRules(spec.rules)}` : "";
  switch (spec.format) {
    case "jsonl": return `every line is JSON${spec.rules.length ? ` (an object${fields})` : ""}`;
    case "json": return `a JSON document${spec.rules.length ? ` (an object, or a list of objects,${fields})` : ""}`;
    case "csv": {
      const cols = [...spec.columns, ...spec.rules.filter((r) => !spec.columns.includes(r.name) && !holdsWhenMissing(r)).map((r) => r.name)];
      const header = cols.length ? `a header row with ${cols.join(", ")}` : "a header row";
      const values = spec.rules.length ? `; values${fields}` : "";
      return `CSV: ${header}, then rows with as many fields as the header${values}`;
    }
    case "npz": return `npz: ${NPZ_CHECKED}${spec.rules.length ? `; arrays ${spec.rules.map((r) => r.name).join(", ")} present, each of at least one element` : ""}`;
    case "pkl": return `pkl: ${PKL_CHECKED}`;
  }
}

/** The files a count was taken of, as a failed count's note names them (the first few). */
function foundFiles(facts: readonly FileFacts[]): string {
  const SHOWN = 5;
  const names = facts.slice(0, SHOWN).map((f) => f.file.rel).join(", ");
  return `found: ${names}${facts.length > SHOWN ? ` and ${facts.length - SHOWN} more` : ""}`;
}

/** Evaluates every expectation over the facts. */
export async function checkFileFacts(expect: FilesExpect, facts: readonly FileFacts[], ctx: EvalContext): Promise<Check[]> {
  const checks: Check[] = [];
  const count = expect.count ?? { gte: 1 };
  // A count that failed on files found (`count: 0`, `lte: 2`) names them: "actual 1" alone sent the reader to the report.
  const countChecks = evaluate(count, facts.length, "count").map((c) => (c.ok || facts.length === 0 || c.note !== undefined ? c : { ...c, note: foundFiles(facts) }));
  checks.push(...(expect.count === undefined ? countChecks.map((c) => ({ ...c, expected: `${c.expected} (default: some file must match)` })) : countChecks));

  const located = new Map<string, Promise<Map<number, Located>>>();
  /**
   * "path:line: text" for a hit, resolving the line number with a second pass over the file; for a line too long to
   * quote whole, "path:line:column: …text…", the text around the find (quoteAround).
   */
  const where = async (f: FileFacts, hit: Hit): Promise<string> => {
    const target = hit.at ?? hit.offset;
    const key = `${f.file.abs}\0${target}`;
    if (!located.has(key)) located.set(key, locateLines(f.file.abs, [target], ctx.signal));
    const at = (await located.get(key)!).get(target);
    ctx.readAround?.(at ? Buffer.concat([at.before, at.after]).toString("utf8") : hit.text);
    if (!at) return `${f.file.rel}: ${clipAfter(hit.text, QUOTE_LIMIT)}`;
    // A line whose search gave up has no find: its start is quoted.
    if (hit.at === undefined) return `${f.file.rel}:${at.lineNo}: ${clipAfter(lineHead(at), QUOTE_LIMIT)}`;
    const quote = quoteAround(at);
    return `${f.file.rel}:${at.lineNo}:${quote.column === undefined ? "" : `${quote.column}:`} ${quote.text}`;
  };

  const readErrors = facts.filter((f) => f.readError).map((f) => `${f.file.rel}: could not read: ${f.readError}`);
  if (readErrors.length) checks.push(...perFile("read", "every matched file can be read", readErrors, ""));

  const each = expect.each;
  await fileKeyChecks(expect, "", false, facts, ctx, checks, where);
  if (each) await fileKeyChecks(each, "each.", true, facts, ctx, checks, where);
  if (expect.manifest !== undefined) checks.push(...(await manifestChecks(expect.manifest, facts, ctx)));
  return checks;
}

type Where = (f: FileFacts, hit: Hit) => Promise<string>;

/**
 * How far past the check's `now` (read after every file's time) a modification time may lie and still count as
 * "modified now": coarse filesystem timestamps (rounded up to a second or two on some filesystems) and a writer whose
 * clock runs a little ahead of this one (a VM's, a network filesystem server's).
 * A file modified later than that was stamped in the future (a clock ahead, `touch -d tomorrow`): its age says
 * nothing, so it fails max_age and min_age and is not fresh.
 */
export const FUTURE_TOLERANCE_MS = 2000;

/** The file's mtime lies past `now` by more than the tolerance. */
function inFuture(f: FileFacts, now: number): boolean {
  return (f.mtimeMs ?? 0) - now > FUTURE_TOLERANCE_MS;
}

/** The file's age for the age checks: within the tolerance a time past `now` is now (0); past it, negative. */
function ageMs(f: FileFacts, now: number): number {
  const age = now - (f.mtimeMs ?? 0);
  return inFuture(f, now) ? age : Math.max(0, age);
}

/**
 * "logs/a.log: modified 5m10s ago (2026-01-17T21:55:00.000Z)"; for an age check's failure (`bound`), the age exactly
 * enough to see it beside the bound: "logs/a.log: modified 7d 0h 0m 5s ago, more than 7d (…)".
 */
function ageOf(f: FileFacts, now: number, bound?: { limit: number; past: "more" | "less" }): string {
  const mtime = f.mtimeMs ?? 0;
  const when = `(${new Date(mtime).toISOString()})`;
  // formatAge says "in the future" itself for a time past now (a clock ahead, touch -d tomorrow): no "ago" after it.
  if (mtime > now) {
    // Within the tolerance a time ahead counts as now (age 0): a min_age fails on that age, said so.
    const asNow = bound && !inFuture(f, now) ? ` (counted as now), ${bound.past} than ${formatBound(bound.limit)}` : "";
    return `${f.file.rel}: modified ${formatAge(now - mtime)}${asNow} ${when}`;
  }
  if (bound) return `${f.file.rel}: modified ${formatAgeExact(now - mtime, bound.limit)} ago, ${bound.past} than ${formatBound(bound.limit)} ${when}`;
  return `${f.file.rel}: modified ${formatAge(now - mtime)} ago ${when}`;
}

/** The keys valid both at the top and under `each`; `perFileMode` says which meaning applies. */
async function fileKeyChecks(keys: EachExpect, prefix: string, perFileMode: boolean, facts: readonly FileFacts[], ctx: EvalContext, checks: Check[], where: Where): Promise<void> {
  const ok = facts.filter((f) => !f.readError);
  const n = facts.length;

  if (keys.name !== undefined) {
    const m: Matcher = keys.name;
    const re = typeof m === "string" ? compileRegex(m) : undefined;
    const test = (name: string) => (re ? testAnswer(re, name) : evaluate(m, name, "name").every((c) => c.ok));
    const expected = typeof m === "string" ? `every file name matches /${m}/` : `every file name: ${describe(m)}`;
    const answers = facts.map((f) => ({ f, ok: test(f.file.name) }));
    // A name whose search Bun's engine gave up (regex-limit.ts) is not known to match or not: said so, not as a mismatch.
    const lost = answers.find((a) => a.ok === undefined);
    if (lost) checks.push({ path: `${prefix}name`, expected, actual: gaveUpText(m as string, `the name ${lost.f.file.rel}`), ok: false });
    else checks.push(...perFile(`${prefix}name`, expected, answers.filter((a) => !a.ok).map((a) => a.f.file.rel), `${plural(n, "file")} match`));
  }

  if (keys.fresh !== undefined) {
    const start = ctx.startedAt.getTime();
    const since = `modified after the scenario started (${ctx.startedAt.toISOString()})`;
    const afterStart = (f: FileFacts) => (f.mtimeMs ?? 0) >= start;
    // Fresh is modified between the start and now: a time in the future is no evidence the file was written in the run.
    const isFresh = (f: FileFacts) => afterStart(f) && !inFuture(f, ctx.now);
    if (keys.fresh && !perFileMode) {
      const present: FileFacts[] = [];
      const future: FileFacts[] = [];
      for (const f of ok) (inFuture(f, ctx.now) ? future : present).push(f);
      const newest = present.reduce<FileFacts | undefined>((a, f) => (a === undefined || (f.mtimeMs ?? 0) > (a.mtimeMs ?? 0) ? f : a), undefined);
      let actual = newest ? `newest: ${ageOf(newest, ctx.now)}` : ok.length ? "no file modified up to now" : "no files";
      if (future.length) actual += `; not counted, modified in the future: ${future.slice(0, MAX_LISTED).map((f) => ageOf(f, ctx.now)).join(", ")}${future.length > MAX_LISTED ? ` ${moreFiles(future.length - MAX_LISTED)}` : ""}`;
      checks.push({ path: `${prefix}fresh`, expected: `some file ${since}`, actual, ok: ok.some(isFresh) });
    } else if (keys.fresh) {
      checks.push(...perFile(`${prefix}fresh`, `every file ${since}`, ok.filter((f) => !isFresh(f)).map((f) => ageOf(f, ctx.now)), `${plural(ok.length, "file")} fresh`));
    } else {
      // "None was modified after the start": a file stamped in the future was, by any reading of its time.
      checks.push(...perFile(`${prefix}fresh`, `no file ${since}`, ok.filter(afterStart).map((f) => ageOf(f, ctx.now)), "none fresh"));
    }
  }

  if (keys.max_age !== undefined) {
    const limit = keys.max_age;
    const bad = ok.filter((f) => inFuture(f, ctx.now) || ageMs(f, ctx.now) > limit).sort((a, b) => (a.mtimeMs ?? 0) - (b.mtimeMs ?? 0));
    const oldest = ok.reduce<number | undefined>((m, f) => Math.max(m ?? 0, ageMs(f, ctx.now)), undefined);
    const failures = bad.map((f) => ageOf(f, ctx.now, { limit, past: "more" }));
    checks.push(...perFile(`${prefix}max_age`, `every file modified within the last ${formatBound(limit)}, none in the future`, failures, oldest === undefined ? "no files" : `oldest modified ${formatAge(oldest)} ago`));
  }

  if (keys.min_age !== undefined) {
    const limit = keys.min_age;
    // A time in the future has a negative age: below any limit, so it fails.
    const bad = ok.filter((f) => ageMs(f, ctx.now) < limit);
    const failures = bad.map((f) => ageOf(f, ctx.now, { limit, past: "less" }));
    checks.push(...perFile(`${prefix}min_age`, `every file last modified at least ${formatBound(limit)} ago`, failures, `${plural(ok.length, "file")} old enough`));
  }

  if (keys.size !== undefined) {
    const m = keys.size;
    if (perFileMode) {
      const bad = ok.filter((f) => !evaluate(m, f.size, "size").every((c) => c.ok)).map((f) => `${f.file.rel}: ${formatBytes(f.size ?? 0)}`);
      checks.push(...perFile(`${prefix}size`, `every file's size: ${describe(m)}`, bad, `${plural(ok.length, "file")} within`));
    } else {
      const total = ok.reduce((s, f) => s + (f.size ?? 0), 0);
      checks.push(...relabel(evaluate(m, total, `${prefix}size`), `${formatBytes(total)} over ${plural(ok.length, "file")}`));
    }
  }

  if (keys.lines !== undefined) {
    const m = keys.lines;
    if (perFileMode) {
      const bad = ok.filter((f) => !evaluate(m, f.lines, "lines").every((c) => c.ok)).map((f) => `${f.file.rel}: ${plural(f.lines ?? 0, "line")}`);
      checks.push(...perFile(`${prefix}lines`, `every file's line count: ${describe(m)}`, bad, `${plural(ok.length, "file")} within`));
    } else {
      const total = ok.reduce((s, f) => s + (f.lines ?? 0), 0);
      checks.push(...relabel(evaluate(m, total, `${prefix}lines`), `${plural(total, "line")} over ${plural(ok.length, "file")}`));
    }
  }

  const contains = keys.contains ?? [];
  for (const [i, item] of contains.entries()) {
    const path = `${prefix}contains${contains.length > 1 ? `[${i}]` : ""}`;
    if (typeof item === "string") {
      const shown = JSON.stringify(item);
      if (perFileMode) {
        const bad = ok.filter((f) => !f.literal.get(item)).map((f) => `${f.file.rel}: not found`);
        checks.push(...perFile(path, `every file contains ${shown}`, bad, `found in all ${plural(ok.length, "file")}`));
      } else {
        const hitIn = ok.find((f) => f.literal.get(item));
        const read = ok.reduce((s, f) => s + f.bytesRead, 0);
        const actual = hitIn ? `found in ${hitIn.file.rel}` : `not found in ${plural(ok.length, "file")} (${formatBytes(read)} read)`;
        checks.push({ path, expected: `some file contains ${shown}`, actual, ok: hitIn !== undefined });
      }
      continue;
    }
    const countMatcher = item.count ?? { gte: 1 };
    const label = `lines matching /${item.matches}/`;
    const unknown = await gaveUpCheck(path, perFileMode ? `every file's ${label}: ${describe(countMatcher)}` : `${label}: ${describe(countMatcher)}`, item.matches, ok, where);
    if (unknown) checks.push(unknown);
    else if (perFileMode) {
      const bad: string[] = [];
      for (const f of ok) {
        const r = f.regex.get(item.matches);
        if (!r || evaluate(countMatcher, r.count, "count").every((c) => c.ok)) continue;
        bad.push(r.samples[0] ? `${f.file.rel}: ${plural(r.count, "matching line")}, first ${await where(f, r.samples[0])}` : `${f.file.rel}: no matching lines`);
      }
      checks.push(...perFile(path, `every file's ${label}: ${describe(countMatcher)}`, bad, `all ${plural(ok.length, "file")} within`));
    } else {
      const total = ok.reduce((s, f) => s + (f.regex.get(item.matches)?.count ?? 0), 0);
      const results = evaluate(countMatcher, total, path).map((c) => ({ ...c, expected: `${label}: ${c.expected}` }));
      let actual = `${plural(total, "matching line")} in ${plural(ok.length, "file")}`;
      if (results.some((c) => !c.ok)) {
        const first = ok.find((f) => f.regex.get(item.matches)?.samples.length);
        if (first) actual += `; first ${await where(first, first.regex.get(item.matches)!.samples[0]!)}`;
      }
      checks.push(...relabel(results, actual));
    }
  }

  const notContains = keys.not_contains ?? [];
  for (const [i, item] of notContains.entries()) {
    const path = `${prefix}not_contains${notContains.length > 1 ? `[${i}]` : ""}`;
    const bad: string[] = [];
    let expected: string;
    if (typeof item === "string") {
      expected = `no file contains ${JSON.stringify(item)}`;
      for (const f of ok) {
        const hit = f.literal.get(item);
        if (hit && bad.length < MAX_LISTED) bad.push(await where(f, hit));
        else if (hit) bad.push(f.file.rel);
      }
    } else {
      expected = `no line matches /${item.matches}/`;
      const unknown = await gaveUpCheck(path, expected, item.matches, ok, where);
      if (unknown) {
        checks.push(unknown);
        continue;
      }
      for (const f of ok) {
        const r = f.regex.get(item.matches);
        if (!r?.count) continue;
        const more = r.count > 1 ? ` (and ${r.count - 1} more matching lines in this file)` : "";
        bad.push(bad.length < MAX_LISTED ? `${await where(f, r.samples[0]!)}${more}` : f.file.rel);
      }
    }
    checks.push(...perFile(path, expected, bad, `absent from ${plural(ok.length, "file")}`));
  }

  const spec = formatSpec(keys);
  if (spec) {
    const bad = ok.map((f) => f.format.get(spec.key)?.render(f.file.rel, spec.format === "jsonl" || spec.format === "csv" ? "bad line" : "problem")).filter((s): s is string => s !== undefined);
    if (ctx.addSecret) for (const f of ok) for (const value of f.format.get(spec.key)?.first?.secrets ?? []) ctx.addSecret(value);
    checks.push(...perFile(`${prefix}format`, formatExpected(spec), bad, `${plural(ok.length, "file")} well-formed`));
    // Fields required of every record, in files that hold none (empty, blank lines only, a header only, []): checked
    // nothing, so they do not pass. At the top, counted over all the files, so one empty file among others (a log just
    // rotated) is fine; under `each`, every file on its own must hold one (a summary CSV of a header alone fails).
    // No file at all (a glob with count: {gte: 0} that matched none) holds no record either: that passed.
    if (spec.rules.length > 0 && (spec.format !== "npz" || ok.length === 0) && bad.length === 0) {
      const unit = spec.format === "csv" ? "data row" : spec.format === "json" ? "item" : spec.format === "npz" ? "archive" : "JSON line";
      const recordsOf = (f: FileFacts) => f.format.get(spec.key)?.records ?? 0;
      const records = ok.reduce((sum, f) => sum + recordsOf(f), 0);
      if (records === 0) {
        const actual = ok.length > 0 ? `no ${unit} in ${plural(ok.length, "file")}` : n === 0 ? "no file matched" : "no matched file could be read";
        checks.push({ path: `${prefix}required_fields`, expected: `at least one ${unit} to check the fields on`, actual, ok: false });
      } else if (perFileMode && spec.format !== "npz") {
        const none = ok.filter((f) => recordsOf(f) === 0).map((f) => `${f.file.rel}: no ${unit} to check the fields on`);
        checks.push(...perFile(`${prefix}required_fields`, `every file holds a ${unit} to check the fields on`, none, `${plural(ok.length, "file")} hold one`));
      }
    }
  }
}

/** What a path that is no regular file is, in the words the no-match listing uses (oddKind). */
function kindOf(st: Stats): string {
  return st.isDirectory() ? "a directory" : (oddKind(st) ?? "not a file");
}

/** Every path listed in the manifest (one per line, relative to the manifest's directory) must be among the matched files. */
async function manifestChecks(manifest: string, facts: readonly FileFacts[], ctx: EvalContext): Promise<Check[]> {
  // A path relative to root, or absolute when it lies outside it.
  const fromRoot = (abs: string) => {
    const rel = relative(ctx.root, abs);
    return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
  };
  const linkText = (link: NonNullable<Reached["link"]>) => `the .. after the link ${fromRoot(link.at)} is ${fromRoot(link.parent)}, its target's parent`;
  // Its `..` as the kernel reads it (reachPath), as the lines' are.
  const reached = await reachPath(ctx.root, manifest);
  if (reached.path === undefined) {
    const shown = writtenPath(manifest);
    return [{ path: "manifest", expected: `every file listed in ${shown} is among the matched files`, actual: `${shown} does not exist (${unreachedText(reached, fromRoot)})`, ok: false }];
  }
  const abs = reached.path;
  const shown = reached.link ? writtenPath(manifest) : isAbsolute(manifest) ? abs : relative(ctx.root, abs);
  const expected = `every file listed in ${shown} is among the matched files`;
  const matched = new Set(facts.map((f) => f.file.abs));
  // A file reached by several paths (links, hard links) is matched under one of them: a listed path that reaches it by
  // another is no less there. A file is its inode (device and number, read exactly).
  const inodeOf = (path: string) => stat(path, { bigint: true }).then((st) => `${st.dev}:${st.ino}`, () => undefined);
  let matchedInodes: Promise<Set<string | undefined>> | undefined;
  const sameFileMatched = async (listedAbs: string): Promise<boolean> => {
    const inode = await inodeOf(listedAbs);
    if (inode === undefined) return false;
    matchedInodes ??= Promise.all(facts.map((f) => inodeOf(f.file.abs))).then((all) => new Set(all));
    return (await matchedInodes).has(inode);
  };
  const missing: string[] = [];
  let listed = 0;
  // Only a regular file is read: a FIFO would wait for a writer, a device would never end.
  const st = await stat(abs).catch(() => undefined);
  if (st && !st.isFile()) return [{ path: "manifest", expected, actual: `${shown} is not a regular file (${kindOf(st)})`, ok: false }];
  const dir = dirname(abs);
  try {
    for await (const { line, lineNo } of readLines(abs, ctx.signal)) {
      // A line is a name as written: its spaces are part of it (`t1.jsonl ` is no other name of `t1.jsonl`; trimmed, a
      // deleted `t1.jsonl ` passed on `t1.jsonl`). readLines left out a CRLF line's CR. A line of spaces alone is blank,
      // and one whose first character after spaces is `#` a comment.
      const entry = line;
      const head = line.trimStart();
      if (head === "" || head.startsWith("#")) continue;
      listed++;
      // A `..` in it as `cat` reads it (reachPath): after a missing folder it reaches nothing, after a link it is the
      // parent of the link's target. Read as text, `nosuch/../t2.jsonl` and `lnk/../t3.jsonl` named files cat cannot open.
      const listedAt = await reachPath(dir, entry);
      // Shown by the path as written (from the manifest's folder) where a `..` is read otherwise than as text.
      const written = () => (isAbsolute(entry) ? writtenPath(entry) : writtenPath(`${fromRoot(dir)}/${entry}`));
      const quoted = (path: string) => (/^\s|\s$/.test(path) ? JSON.stringify(path) : path);
      if (listedAt.path === undefined) {
        const what = nothingThere(listedAt) ? "is missing" : "could not be reached";
        missing.push(`${shown}:${lineNo}: ${quoted(written())} ${what} (${unreachedText(listedAt, fromRoot)})`);
        continue;
      }
      const listedAbs = listedAt.path;
      if (!matched.has(listedAbs) && !(await sameFileMatched(listedAbs))) {
        // A listed file that is there but outside the glob (or excluded) is not "missing": say which, the fix differs.
        // Nor is a listed directory (`.`, `name/..`) or FIFO: it is there, and no file.
        const there = await stat(listedAbs).catch(() => undefined);
        const what = there?.isFile()
          ? "is there but not among the matched files (the glob or exclude leaves it out)"
          : there?.isDirectory()
            ? "is a directory, not a file"
            : there
              ? `is ${kindOf(there)}, not a regular file`
              : "is missing";
        const path = listedAt.link ? written() : fromRoot(listedAbs);
        const why = listedAt.link ? (what.endsWith(")") ? `${what.slice(0, -1)}; ${linkText(listedAt.link)})` : `${what} (${linkText(listedAt.link)})`) : what;
        // A name beginning or ending in white space is quoted, so the space shows.
        missing.push(`${shown}:${lineNo}: ${quoted(path)} ${why}`);
      }
    }
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    const code = (e as { code?: string }).code;
    return [{ path: "manifest", expected, actual: code === "ENOENT" ? `${shown} does not exist` : `${shown} could not be read: ${(e as Error).message}`, ok: false }];
  }
  // An empty manifest (what `ls … > MANIFEST` writes when ls finds nothing) lists nothing to check.
  if (listed === 0) return [{ path: "manifest", expected, actual: `${shown} lists no file: nothing to check`, ok: false }];
  return perFile("manifest", expected, missing, `all ${plural(listed, "listed file")} present`);
}

/**
 * The check of a regex item whose search may have given up in some file (regex-limit.ts): it fails as not known, naming
 * the line; undefined when every file has its answer.
 */
async function gaveUpCheck(path: string, expected: string, source: string, files: readonly FileFacts[], where: Where): Promise<Check | undefined> {
  const lost = files.filter((f) => f.regex.get(source)?.gaveUp);
  if (!lost.length) return undefined;
  const first = await where(lost[0]!, lost[0]!.regex.get(source)!.gaveUp!);
  const more = lost.length > 1 ? ` (and ${plural(lost.length - 1, "more file")})` : "";
  return { path, expected, actual: gaveUpText(source, `${first}${more}`), ok: false };
}
