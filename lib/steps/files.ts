// The `files` step: glob files under a root and check their count, age, size, names, content and format.
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import type { StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";
import { filesSchema, type FilesInput } from "../files/schema.ts";
import { collectFiles, type Collected } from "../files/collect.ts";
import { nothingThere, reachPath, unreachedText } from "../files/reach-path.ts";
import { inspectAll, makePlan, type FileFacts } from "../files/inspect.ts";
import { checkFileFacts, MAX_LISTED } from "../files/evaluate.ts";
import { formatSize } from "../core/units/size.ts";
import { abortText } from "../core/abort-text.ts";
import type { Check } from "../expect/matcher.ts";
import { describeSkipped, unreadableText, type Unreadable } from "../util/glob-walk.ts";
import { noMatchText } from "../util/no-match.ts";
import { secretsIn } from "../vars/mask.ts";

/** The report's list of matched files stops here. */
const LISTED_FILES = 100;

function patternsOf(input: FilesInput): string[] {
  return [...(input.glob !== undefined ? [input.glob] : []), ...(input.globs ?? [])];
}

async function listing(facts: readonly FileFacts[]): Promise<string> {
  const rows: string[] = [];
  for (const f of facts.slice(0, LISTED_FILES)) {
    let size = f.size ?? f.file.stat?.size;
    let mtime = f.mtimeMs ?? f.file.stat?.mtimeMs;
    if (size === undefined || mtime === undefined) {
      const st = await stat(f.file.abs).catch(() => undefined);
      size = st?.size;
      mtime = st?.mtimeMs;
    }
    const when = mtime === undefined ? "?" : new Date(mtime).toISOString();
    rows.push(`${f.file.rel}  ${size === undefined ? "?" : formatSize(size)}  ${when}`);
  }
  if (facts.length > LISTED_FILES) rows.push(`…and ${facts.length - LISTED_FILES} more`);
  return rows.join("\n") || "(no files)";
}

/**
 * Globs that matched nothing. Without an explicit `count` every glob must match some file (a failing check each, its
 * actual 0 files and a note saying why); with one, the count decides, and a failing count of 0 says why in its note.
 */
function unmatchedChecks(noMatch: readonly string[], explicitCount: boolean, checks: Check[]): Check[] {
  if (!noMatch.length) return [];
  if (!explicitCount) return noMatch.map((why) => ({ path: "glob", expected: "matches some file (default; give count to allow none)", actual: 0, note: why, ok: false }));
  explainNoFiles(checks, noMatch.join("; "));
  return [];
}

/** A failing count of 0 says why no file is there (globs that matched nothing, an exclude that left every file out); the first reason given stays. */
function explainNoFiles(checks: Check[], why: string): void {
  for (const c of checks) if (c.path === "count" && !c.ok && c.actual === 0 && c.note === undefined) c.note = why;
}

/** Files may hide where the walk could not look: a failing `read` check each (capped), so no count or not_contains passes on what was not seen. */
function unreadableChecks(unreadable: readonly Unreadable[]): Check[] {
  const expected = "every directory the globs reach can be listed and walked";
  const checks = unreadable.slice(0, MAX_LISTED).map((u) => ({ path: "read", expected, actual: unreadableText(u), ok: false }));
  if (unreadable.length > MAX_LISTED) checks.push({ path: "read", expected, actual: `…and ${unreadable.length - MAX_LISTED} more`, ok: false });
  return checks;
}

/**
 * Why each glob matched no file, one text a glob. A glob whose braces before a `..` give several patterns (braceWords)
 * names them and says why each matched nothing: `"logs/{a,b}/../x/*.log" is "logs/a/../x/*.log" or "logs/b/../x/*.log"
 * (its braces expanded, as bash does), and none matches a file: "logs/a/../x/*.log" matches no file: …`.
 */
async function noMatchTexts(unmatched: Collected["unmatched"], show: (abs: string) => string, scenarioDir: string): Promise<string[]> {
  const texts = await Promise.all(unmatched.map((u) => noMatchText(u.pattern, u.base, show, isAbsolute(u.pattern) ? undefined : scenarioDir, u.why)));
  // A glob's patterns come one after the other.
  const out: ({ text: string } | { of: string; words: string[]; texts: string[] })[] = [];
  unmatched.forEach((u, i) => {
    const last = out.at(-1);
    if (u.of === undefined) out.push({ text: texts[i]! });
    else if (last !== undefined && "of" in last && last.of === u.of) {
      last.words.push(JSON.stringify(u.pattern));
      last.texts.push(texts[i]!);
    } else out.push({ of: u.of, words: [JSON.stringify(u.pattern)], texts: [texts[i]!] });
  });
  return out.map((e) => ("text" in e ? e.text : `${JSON.stringify(e.of)} is ${e.words.join(" or ")} (its braces expanded, as bash does), and none matches a file: ${e.texts.join("; ")}`));
}

async function run(input: FilesInput, ctx: StepContext): Promise<StepResult> {
  // Its `..` as the kernel reads it: `logs/latest/..` with `logs/latest -> ../runs/r1` is runs, as `ls` lists it.
  const given = input.root ?? ".";
  const reached = await reachPath(ctx.scenarioDir, given);
  if (reached.path === undefined) {
    const written = isAbsolute(given) ? given : `${resolve(ctx.scenarioDir)}/${given}`;
    const what = nothingThere(reached) ? "does not exist" : "could not be reached";
    return { checks: [], error: `root directory ${what}: ${written} (root: ${given}): ${unreachedText(reached)}` };
  }
  const root = reached.path;
  const fromScenario = relative(ctx.scenarioDir, root);
  const shownRoot = fromScenario === "" ? "." : fromScenario.startsWith("..") ? root : fromScenario;
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    return { checks: [], error: `root directory ${rootStat ? "is not a directory" : "does not exist"}: ${root}${input.root ? ` (root: ${input.root})` : ""}` };
  }
  const patterns = patternsOf(input);
  const exclude = input.exclude ?? [];
  const expect = input.expect ?? {};
  const began = performance.now();
  ctx.log(`files: ${patterns.join(", ")} under ${root}${exclude.length ? ` excluding ${exclude.join(", ")}` : ""}`);
  try {
    const { files, unmatched, skipped, unreadable, excluded, allExcluded, hardLinks } = await collectFiles(root, patterns, exclude, ctx.signal);
    for (const h of hardLinks.slice(0, LISTED_FILES)) ctx.log(`files: ${h.rel} is another name (a hard link) of ${h.of}: counted once, as ${h.of}`);
    if (hardLinks.length > LISTED_FILES) ctx.log(`files: …and ${hardLinks.length - LISTED_FILES} more hard links counted once`);
    const plan = makePlan(expect);
    const facts = await inspectAll(files, plan, ctx.signal);
    const read = facts.reduce((s, f) => s + f.bytesRead, 0);
    ctx.log(`files: ${files.length} matched${read ? `, ${formatSize(read)} read` : ""} in ${Math.round(performance.now() - began)}ms`);
    // The credentials a quoted line holds around its quote, whose names the quote may leave out: masked in it, and
    // wherever they show from now on.
    const addSecret = ctx.addSecret?.bind(ctx);
    const readAround = addSecret && ((text: string) => secretsIn(text)?.forEach((value) => addSecret(value)));
    const checks = await checkFileFacts(expect, facts, { root, startedAt: ctx.startedAt, now: Date.now(), signal: ctx.signal, readAround, addSecret });
    checks.push(...unreadableChecks(unreadable));
    for (const u of unreadable) ctx.log(`files: ${unreadableText(u)}`);
    const show = (abs: string) => {
      const r = relative(ctx.scenarioDir, abs);
      return r === "" ? "." : r.startsWith("..") ? abs : r;
    };
    const noMatch = await noMatchTexts(unmatched, show, ctx.scenarioDir);
    checks.push(...unmatchedChecks(noMatch, expect.count !== undefined, checks));
    // Every file the globs found was excluded: said where the count of 0 fails, or it reads as if nothing was there.
    if (files.length === 0 && excluded > 0) explainNoFiles(checks, `exclude (${exclude.join(", ")}) left out ${excluded === 1 ? "the one file" : `all ${excluded} files`} the globs matched`);
    // A glob whose every file exclude left out, beside globs that kept some, checks nothing, as one that matched nothing:
    // without count it fails the same way (where no file is left at all, the count of 0 above says so already).
    if (files.length > 0 && expect.count === undefined) {
      for (const a of allExcluded) {
        const why = `${JSON.stringify(a.pattern)}: exclude (${exclude.join(", ")}) left out ${a.excluded === 1 ? "the one file" : `all ${a.excluded} files`} it matched`;
        checks.push({ path: "glob", expected: "matches some file (default; give count to allow none)", actual: 0, note: why, ok: false });
      }
    }
    const bytes = plan.stat ? facts.reduce((s, f) => s + (f.size ?? 0), 0) : undefined;
    const lines = plan.lines ? facts.reduce((s, f) => s + (f.lines ?? 0), 0) : undefined;
    const observed: Record<string, unknown> = { count: files.length, files: files.slice(0, 10).map((f) => f.rel) };
    if (bytes !== undefined) observed.bytes = bytes;
    if (lines !== undefined) observed.lines = lines;
    const sizeNote = bytes !== undefined ? ` (${formatSize(bytes)})` : "";
    const details = [{ title: `Matched files (${files.length})`, body: await listing(facts) }];
    if (noMatch.length) details.push({ title: "Globs that matched nothing", body: noMatch.join("\n") });
    if (hardLinks.length) {
      const rows = hardLinks.slice(0, LISTED_FILES).map((h) => `${h.rel} = ${h.of}`);
      if (hardLinks.length > LISTED_FILES) rows.push(`…and ${hardLinks.length - LISTED_FILES} more`);
      details.push({ title: `Hard links counted once (${hardLinks.length})`, body: rows.join("\n") });
    }
    if (skipped.length) {
      details.push({ title: `Links not followed (${skipped.length})`, body: describeSkipped(skipped) });
      for (const line of describeSkipped(skipped).split("\n")) ctx.log(`files: link ${line}`);
    }
    return {
      checks,
      observed,
      details,
      summary: `${files.length} file${files.length === 1 ? "" : "s"}${sizeNote} match ${patterns.join(", ")} under ${shownRoot}`,
    };
  } catch (e) {
    if (!ctx.signal.aborted) throw e;
    return { checks: [], error: `stopped while checking files: ${abortText(ctx.signal)}` };
  }
}

export const step = {
  kind: "files",
  checks: true,
  globFields: ["glob", "globs", "exclude"],
  schema: filesSchema,
  // `name` is a regex: `name: 007` is the regex 007, not the number 7.
  textScalars: [["expect", "name"], ["expect", "each", "name"]],
  describe: (input) => `files ${patternsOf(input).join(", ")}`,
  run,
} satisfies Step<typeof filesSchema>;
