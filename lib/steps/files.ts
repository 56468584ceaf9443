// The `files` step: glob files under a root and check their count, age, size, names, content and format.
import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { Step, StepContext, StepResult } from "./types.ts";
import { filesSchema, type FilesInput } from "../files/schema.ts";
import { collectFiles } from "../files/collect.ts";
import { inspectAll, makePlan, type FileFacts } from "../files/inspect.ts";
import { evaluateFiles } from "../files/evaluate.ts";
import { formatSize } from "../schema/size.ts";
import { abortMessage } from "./step-text.ts";

/** The report's list of matched files stops here. */
const LISTED_FILES = 100;

function patternsOf(input: FilesInput): string[] {
  return [...(input.glob !== undefined ? [input.glob] : []), ...(input.globs ?? [])];
}

async function listing(facts: readonly FileFacts[]): Promise<string> {
  const rows: string[] = [];
  for (const f of facts.slice(0, LISTED_FILES)) {
    let size = f.size;
    let mtime = f.mtimeMs;
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

async function run(input: FilesInput, ctx: StepContext): Promise<StepResult> {
  const root = resolve(ctx.scenarioDir, input.root ?? ".");
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
    const files = await collectFiles(root, patterns, exclude, ctx.signal);
    const plan = makePlan(expect);
    const facts = await inspectAll(files, plan, ctx.signal);
    const read = facts.reduce((s, f) => s + f.bytesRead, 0);
    ctx.log(`files: ${files.length} matched${read ? `, ${formatSize(read)} read` : ""} in ${Math.round(performance.now() - began)}ms`);
    const checks = await evaluateFiles(expect, facts, { root, startedAt: ctx.startedAt, now: Date.now(), signal: ctx.signal });
    const bytes = plan.stat ? facts.reduce((s, f) => s + (f.size ?? 0), 0) : undefined;
    const lines = plan.lines ? facts.reduce((s, f) => s + (f.lines ?? 0), 0) : undefined;
    const observed: Record<string, unknown> = { count: files.length, files: files.slice(0, 10).map((f) => f.rel) };
    if (bytes !== undefined) observed.bytes = bytes;
    if (lines !== undefined) observed.lines = lines;
    const sizeNote = bytes !== undefined ? ` (${formatSize(bytes)})` : "";
    return {
      checks,
      observed,
      details: [{ title: `Matched files (${files.length})`, body: await listing(facts) }],
      summary: `${files.length} file${files.length === 1 ? "" : "s"}${sizeNote} match ${patterns.join(", ")} under ${shownRoot}`,
    };
  } catch (e) {
    if (!ctx.signal.aborted) throw e;
    return { checks: [], error: `stopped while checking files: ${abortMessage(ctx.signal)}` };
  }
}

export const step = {
  kind: "files",
  schema: filesSchema,
  describe: (input) => `files ${patternsOf(input).join(", ")}`,
  run,
} satisfies Step<typeof filesSchema>;
