// The `shell` step kind: runs a command (bash -c, or argv without a shell), checks exit code and output, or starts it in the background.
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { z } from "zod";
import { stringMap } from "../core/zod-fields.ts";
import { formatDuration } from "../core/units/duration.ts";
import { evaluate, type Check } from "../expect/matcher.ts";
import { matcherSchema } from "../expect/matcher-schema.ts";
import { exec, SpawnError } from "../util/exec.ts";
import { runCaptures } from "./shared/capture.ts";
import { captureSchema } from "./shared/capture-schema.ts";
import { checkJsonPaths, lazyJson } from "./shared/jsonpath.ts";
import { jsonPathMap } from "./shared/jsonpath-schema.ts";
import { startBackground } from "./shell/background.ts";
import { bashCommand, displayCommand } from "../vars/shell-refs.ts";
import { lineSplitter } from "../util/line-splitter.ts";
import { matchText } from "./shared/step-text.ts";
import { abortText } from "../core/abort-text.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";
import { clipBlockTail, clipToWidth } from "../util/clip.ts";

const MAX_OUTPUT = 10 * 1024 * 1024;
const DETAIL_BYTES = 4096;

const expectSchema = z
  .object({
    exit_code: matcherSchema.optional().meta({ description: "matcher on the exit code; without it the exit code must be 0" }),
    stdout: matcherSchema.optional().meta({ description: "matcher on stdout (trailing line breaks removed)" }),
    stderr: matcherSchema.optional().meta({ description: "matcher on stderr (trailing line breaks removed)" }),
    json: jsonPathMap(matcherSchema).optional().meta({ description: "JSONPath → matcher, on stdout parsed as JSON" }),
  })
  .strict();

const schema = z
  .object({
    run: z
      .union([z.string().min(1, "run: give a command"), z.array(z.string()).min(1, "run: give at least the program to run")])
      .meta({ description: "a command line run by bash -c (bash expands each ${NAME} from the environment: a value never runs as code), or a list: argv run without a shell" }),
    cwd: z.string().optional().meta({ description: "working directory, relative to the scenario's directory" }),
    env: stringMap.optional().meta({ description: "extra environment variables (every scenario variable is exported already)" }),
    background: z.boolean().optional().meta({ description: "start it and go on; it is stopped (whole process group) when the scenario ends" }),
    expect: expectSchema.optional(),
    capture: captureSchema({ named: ["stdout", "stderr"], textName: "stdout" })
      .optional()
      .meta({ description: "NAME: stdout | stderr (trimmed), a JSONPath into stdout, or {regex: ...} on stdout" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.background) return;
    for (const key of ["expect", "capture"] as const) {
      if (v[key] !== undefined)
        ctx.addIssue({ code: "custom", path: [key], message: `a background command has no ${key}: it passes once started; check what it serves in a later step (with eventually)` });
    }
  });

type Input = z.output<typeof schema>;

function commandLine(run: Input["run"]): string {
  return typeof run === "string" ? run : run.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

const SHELLS = new Set(["bash", "sh", "dash", "zsh", "ksh", "ash"]);

/** In a list such as [sh, -c, SCRIPT] or [bash, -ec, SCRIPT], the index of the script a shell will read as code. */
function shellScriptIndex(run: readonly string[]): number | undefined {
  if (!SHELLS.has(basename(run[0] ?? ""))) return undefined;
  const flag = run.findIndex((a, i) => i > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
  return flag > 0 && flag + 1 < run.length ? flag + 1 : undefined;
}

/** The argv to run and the variables it needs: bash expands ${NAME} from the environment, so no value is ever read as code. */
function commandOf(run: Input["run"], ctx: StepContext): { argv: string[]; env: Record<string, string>; shown: string } | { error: string } {
  if (typeof run !== "string") {
    const argv = run.map((a) => ctx.interpolate(a));
    const script = shellScriptIndex(run);
    if (script === undefined) return { argv, env: {}, shown: commandLine(argv) };
    // The script of [sh, -c, …] is code too: its references go through the environment like the string form's.
    const cmd = bashCommand(run[script]!, ctx.lookup);
    if ("error" in cmd) return cmd;
    const shownArgv = argv.with(script, displayCommand(run[script]!, ctx.lookup));
    return { argv: argv.with(script, cmd.command), env: cmd.env, shown: commandLine(shownArgv) };
  }
  const cmd = bashCommand(run, ctx.lookup);
  if ("error" in cmd) return cmd;
  return { argv: ["bash", "-c", cmd.command], env: cmd.env, shown: displayCommand(run, ctx.lookup) };
}

function workDir(input: Input, ctx: StepContext): string | { error: string } {
  const dir = resolve(ctx.scenarioDir, input.cwd ?? ".");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { error: `cwd ${JSON.stringify(input.cwd)} is not a directory (resolved to ${dir})` };
  return dir;
}

async function runForeground(input: Input, argv: string[], shown: string, cwd: string, env: Record<string, string | undefined>, ctx: StepContext): Promise<StepResult> {
  ctx.log(`$ ${shown}${input.cwd ? `  (in ${cwd})` : ""}`);
  const out = lineSplitter(ctx.log, "  ");
  const err = lineSplitter(ctx.log, "  stderr: ");
  let result;
  try {
    result = await exec(argv, { cwd, env, signal: ctx.signal, maxOutput: MAX_OUTPUT, onOutput: (s, t) => (s === "stdout" ? out : err).push(t) });
  } catch (e) {
    if (e instanceof SpawnError) return { checks: [], error: e.message, summary: `$ ${shown}` };
    throw e;
  }
  out.flush();
  err.flush();
  const status = result.exitCode ?? `signal ${result.signal}`;
  const took = formatDuration(result.durationMs);
  ctx.log(`  → exit ${status} in ${took}`);
  const truncated = result.truncated ? ` (only the last ${MAX_OUTPUT / 1024 / 1024} MiB of output kept)` : "";
  const details = [
    { title: `stdout${truncated}`, body: clipBlockTail(result.stdout, DETAIL_BYTES) || "(empty)" },
    ...(result.stderr ? [{ title: "stderr", body: clipBlockTail(result.stderr, DETAIL_BYTES) }] : []),
  ];
  const base = { summary: `$ ${shown} → exit ${status} in ${took}`, observed: { exit_code: result.exitCode ?? status, duration_ms: Math.round(result.durationMs) }, details };
  if (result.aborted) return { ...base, checks: [], error: abortText(ctx.signal) };

  const expect = input.expect ?? {};
  const checks: Check[] = [];
  checks.push(...evaluate(expect.exit_code !== undefined ? expect.exit_code : 0, result.exitCode ?? status, "exit_code"));
  if (expect.stdout !== undefined) checks.push(...evaluate(expect.stdout, matchText(result.stdout), "stdout"));
  if (expect.stderr !== undefined) checks.push(...evaluate(expect.stderr, matchText(result.stderr), "stderr"));
  const json = lazyJson(result.stdout, "stdout", truncated);
  if (expect.json) checks.push(...(await checkJsonPaths(expect.json, json)));
  let captures: Record<string, string> | undefined;
  if (input.capture) {
    const got = await runCaptures(input.capture, { text: result.stdout, json, named: (n) => (n === "stderr" ? result.stderr : result.stdout).trim() }, "stdout");
    captures = got.captures;
    checks.push(...got.checks);
  }
  return { ...base, checks, captures };
}

export const step = {
  kind: "shell",
  checks: true,
  schema,
  rawFields: ["run"],
  describe: (input) => {
    const line = commandLine(input.run);
    return `${input.background ? "start " : "$ "}${clipToWidth(line, 60)}`;
  },
  async run(input, ctx) {
    const cmd = commandOf(input.run, ctx);
    if ("error" in cmd) return { checks: [], error: cmd.error, summary: `$ ${commandLine(input.run)}` };
    const { argv, shown } = cmd;
    const cwd = workDir(input, ctx);
    if (typeof cwd !== "string") return { checks: [], error: cwd.error, summary: `$ ${shown}` };
    const env = { ...process.env, ...ctx.env, ...input.env, ...cmd.env };
    if (!input.background) return runForeground(input, argv, shown, cwd, env, ctx);
    try {
      const bg = startBackground({ argv, display: shown, cwd, env, log: ctx.log });
      ctx.addResource(bg.resource);
      return { checks: [], summary: `started in the background (pid ${bg.pid}): ${shown}`, observed: { pid: bg.pid } };
    } catch (e) {
      if (e instanceof SpawnError) return { checks: [], error: e.message, summary: `start ${shown}` };
      throw e;
    }
  },
} satisfies Step<typeof schema>;
