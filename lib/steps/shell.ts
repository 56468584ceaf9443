// The `shell` step kind: runs a command (bash -c, or argv without a shell), checks exit code and output, or starts it in the background.
import { constants as osConstants } from "node:os";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { formatDuration } from "../core/units/duration.ts";
import { evaluate, type Check } from "../expect/matcher.ts";
import { evaluateKept } from "../expect/cut.ts";
import { exec, SpawnError } from "../util/exec.ts";
import { runCaptures } from "./shared/capture.ts";
import { checkJsonPaths, lazyJson, notKnownJson } from "./shared/jsonpath.ts";
import { startBackground } from "./shell/background.ts";
import { forWordsWarnings } from "./shell/for-words.ts";
import { fastShellInput } from "./shell/fast-input.ts";
import { listRunIssue } from "./shell/shell-script.ts";
import { listCommandLine, shellScriptIndex, shownListCommand } from "./shell/shown-command.ts";
import type { ShellSchema } from "./shell/schema.ts";
import { bashCommand, displayCommand } from "../vars/shell-refs.ts";
import { subscriptCommandError, subscriptCommandIn } from "../vars/subscript-command.ts";
import { lineSplitter } from "../util/line-splitter.ts";
import { matchText } from "./shared/step-text.ts";
import { abortText } from "../core/abort-text.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";
import { clipBlockTail, clipToWidth } from "../util/clip.ts";
import { withoutNames } from "../util/env-without.ts";
import { JSON_PATH_FIELDS } from "./shared/jsonpath-fields.ts";
import { textMatcherSpelledNumbers } from "./shared/spelled-numbers.ts";

const MAX_OUTPUT = 10 * 1024 * 1024;
const DETAIL_BYTES = 4096;

type Input = z.output<ShellSchema>;

function commandLine(run: Input["run"]): string {
  return typeof run === "string" ? run : listCommandLine(run);
}

/** The argv to run and the variables it needs: bash expands ${NAME} from the environment, so no value is ever read as code. */
function commandOf(run: Input["run"], ctx: StepContext): { argv: string[]; env: Record<string, string>; shown: string } | { error: string } {
  if (typeof run !== "string") {
    // Refused when the scenario loads; checked again here for a step built by hand.
    const wrapped = listRunIssue(run);
    if (wrapped) return { error: `run[${wrapped.index}]: ${wrapped.message}` };
    const argv = run.map((a) => ctx.interpolate(a));
    const script = shellScriptIndex(run);
    if (script === undefined) return { argv, env: {}, shown: listCommandLine(argv) };
    // The script of [sh, -c, …] is code too: its references go through the environment like the string form's.
    const cmd = bashCommand(run[script]!, ctx.lookup);
    if ("error" in cmd) return cmd;
    return { argv: argv.with(script, cmd.command), env: cmd.env, shown: shownListCommand(run, argv, ctx.lookup) };
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
    // The step's mark, which what the command leaves running inherits: the run finds it at its end and stops it.
    result = await exec(argv, { cwd, env, signal: ctx.signal, maxOutput: MAX_OUTPUT, mark: ctx.processMark(), onSlowStop: ctx.onSlowStop, onOutput: (s, t) => (s === "stdout" ? out : err).push(t) });
  } catch (e) {
    if (e instanceof SpawnError) return { checks: [], error: e.message, summary: `$ ${shown}` };
    throw e;
  }
  out.flush();
  err.flush();
  const status = result.exitCode ?? `signal ${result.signal}`;
  // A command ended by a signal has the exit code bash gives it, 128 + the signal's number (SIGKILL 137, SIGSEGV 139):
  // the text "signal SIGKILL" passed `exit_code: {not: {gt: 0}}` and failed `exit_code: 137`.
  const exitCode = result.exitCode ?? signalExitCode(result.signal);
  // A command that exited while a process it left running held its output took until its exit, not until the abort.
  const held = result.exitedBeforeAbort;
  const took = held ? `${formatDuration(held.afterMs)} (its output held open until ${formatDuration(result.durationMs)})` : formatDuration(result.durationMs);
  ctx.log(`  → exit ${status} in ${took}`);
  const truncated = result.truncated ? ` (only the last ${MAX_OUTPUT / 1024 / 1024} Mi characters of each stream kept)` : "";
  const details = [
    { title: `stdout${truncated}`, body: clipBlockTail(result.stdout, DETAIL_BYTES) || "(empty)" },
    ...(result.stderr ? [{ title: "stderr", body: clipBlockTail(result.stderr, DETAIL_BYTES) }] : []),
  ];
  const script = typeof input.run === "string" ? input.run : input.run[shellScriptIndex(input.run) ?? -1];
  const warnings = script === undefined ? [] : forWordsWarnings(script, ctx.lookup);
  const base = { ...(warnings.length ? { warnings } : {}), summary: `$ ${shown} → exit ${status}${result.exitCode === null || result.exitCode === undefined ? ` (${exitCode})` : ""} in ${took}`, observed: { exit_code: exitCode, ...(result.signal ? { signal: result.signal } : {}), duration_ms: Math.round(result.durationMs) }, details };
  if (result.aborted) {
    // The command had ended: what kept the step waiting was a process it left running, holding its output open.
    const why = held
      ? `: the command itself exited ${held.exitCode ?? "by a signal"} after ${formatDuration(held.afterMs)}, but a process it started and left running (\`cmd &\`) still held its output open, which the step waits to end; give such a process \`background: true\` (a step of its own), or send its output elsewhere (\`cmd > file 2>&1 &\`)`
      : "";
    // A process that left the step's group (`setsid cmd &`) is not stopped with it: named, so nothing runs unseen; it
    // carries the step's mark, so the run stops it when it ends.
    const holders = (result.outputHolders ?? []).map((h) => `pid ${h.pid} (${clipToWidth(h.command, 80)})`);
    const left = holders.length ? `; still running, outside the step's process group so not stopped with it: ${holders.join(", ")} (stopped when the run ends, after teardown)` : "";
    return { ...base, checks: [], error: `${abortText(ctx.signal)}${why}${left}` };
  }

  const expect = input.expect ?? {};
  const checks: Check[] = [];
  checks.push(...evaluate(expect.exit_code !== undefined ? expect.exit_code : 0, exitCode, "exit_code"));
  // Output beyond MAX_OUTPUT keeps its end: only a pass the whole output would give counts.
  const cutNote = (name: "stdout" | "stderr") => `only the last ${MAX_OUTPUT / 1024 / 1024} Mi characters of ${name} were kept`;
  const kept = (cut: boolean, name: "stdout" | "stderr") => [cut ? ("tail" as const) : undefined, cutNote(name)] as const;
  if (expect.stdout !== undefined) checks.push(...evaluateKept(expect.stdout, matchText(result.stdout), "stdout", ...kept(result.stdoutTruncated === true, "stdout")));
  if (expect.stderr !== undefined) checks.push(...evaluateKept(expect.stderr, matchText(result.stderr), "stderr", ...kept(result.stderrTruncated === true, "stderr")));
  // A cut stdout's kept end is not the document: valid JSON cut read as "not JSON", and a kept end that parses (after
  // output that was not JSON) passed checks and captured values the whole output never held.
  const json = result.stdoutTruncated === true ? notKnownJson(cutNote("stdout")) : lazyJson(result.stdout, "stdout");
  if (expect.json) checks.push(...checkJsonPaths(expect.json, json));
  let captures: Record<string, string> | undefined;
  if (input.capture) {
    // A capture of a cut stream would hand later steps its kept end (or the first match in it) as the whole's.
    const notKnown = (n: string) => {
      const name = n === "stderr" ? "stderr" : "stdout";
      return (name === "stderr" ? result.stderrTruncated : result.stdoutTruncated) === true ? `not known: ${cutNote(name)}` : undefined;
    };
    const got = runCaptures(input.capture, { text: result.stdout, json, named: (n) => (n === "stderr" ? result.stderr : result.stdout).trim(), notKnown }, "stdout");
    captures = got.captures;
    checks.push(...got.checks);
  }
  return { ...base, checks, captures };
}

let builtSchema: ShellSchema | undefined;

export const step = {
  kind: "shell",
  jsonPathFields: JSON_PATH_FIELDS,
  checks: true,
  /** Built on first read (zod, when a step is unsure to the fast check, or for the JSON Schema); the same object every read. */
  get schema(): ShellSchema {
    return (builtSchema ??= (require("./shell/schema.ts") as typeof import("./shell/schema.ts")).shellSchema);
  },
  rawFields: ["run"],
  textScalars: [["env", "*"]],
  spelledNumbers: textMatcherSpelledNumbers(["expect", "stdout"], ["expect", "stderr"]),
  describe: (input) => {
    // The command as written, its ${NAME}s kept as references: a name spliced in with its value unquoted read as a
    // different command (`$ echo $(touch …)`); the run log shows the command with each value quoted.
    // Clipped before the escape: a cut between the `$$` and the `{` of an escaped reference showed as `$$…`.
    const line = clipToWidth(commandLine(input.run), 60).replaceAll("${", () => "$${");
    return `${input.background ? "start " : "$ "}${line}`;
  },
  async run(input, ctx) {
    const cmd = commandOf(input.run, ctx);
    if ("error" in cmd) return { checks: [], error: cmd.error, summary: `$ ${commandLine(input.run)}` };
    const { argv, shown } = cmd;
    const cwd = workDir(input, ctx);
    if (typeof cwd !== "string") return { checks: [], error: cwd.error, summary: `$ ${shown}` };
    const exported = ctx.env;
    // A value bash runs a command from when the script, or one it starts, reads it as a number or a name.
    const unsafe = subscriptCommandIn(exported, input.env, process.env);
    if (unsafe !== undefined) return { checks: [], error: subscriptCommandError(unsafe), summary: `$ ${shown}` };
    const env = { ...withoutNames({ ...process.env, ...exported }, ctx.unsetEnv), ...input.env, ...cmd.env };
    if (!input.background) return runForeground(input, argv, shown, cwd, env, ctx);
    try {
      const bg = startBackground({ argv, display: shown, cwd, env, log: ctx.log, mark: ctx.processMark(), startedBy: ctx.stepLabel, onSlowStop: ctx.onSlowStop });
      ctx.addResource(bg.resource);
      return { checks: [], summary: `started in the background (pid ${bg.pid}): ${shown}`, observed: { pid: bg.pid } };
    } catch (e) {
      if (e instanceof SpawnError) return { checks: [], error: e.message, summary: `start ${shown}` };
      throw e;
    }
  },
  fastInput: (raw) => fastShellInput(raw) as { value: Input } | undefined,
} satisfies Step<ShellSchema>;

/**
 * The exit code bash reports for a command a signal ended: 128 + the signal's number, for every signal. Bun names a
 * signal Node has no name for (a real-time one, 34 to 64) by its number ("40"): looked up by name it gave 128.
 */
function signalExitCode(signal: string | null | undefined): number {
  if (!signal) return 128;
  const n = /^\d+$/.test(signal) ? Number(signal) : (osConstants.signals as Record<string, number>)[signal];
  return 128 + (n ?? 0);
}
