// The command line: parses arguments, loads scenarios, runs them with reporters, returns the exit code.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { EXIT } from "./exit-codes.ts";
import { parseArgs, USAGE, UsageError, type Args } from "./cli/args.ts";
import { InvalidInput } from "./schema/errors.ts";
import { loadScenario, type Scenario } from "./schema/load.ts";
import { builtins, type VarScope } from "./vars/scope.ts";
import { parseEnvFile } from "./vars/env-file.ts";
import { preflight } from "./engine/preflight.ts";
import { runScenario } from "./engine/run-scenario.ts";
import { maskerFor, secretWarningKey, secretWarnings } from "./engine/secrets.ts";
import type { RunEvent } from "./engine/events.ts";
import { selectionProblems } from "./cli/selection-check.ts";
import { runFacts } from "./cli/run-facts.ts";
import { dryRunText, listText } from "./cli/plan.ts";
import { handleInterrupts, interruptWindow, type InterruptWiring } from "./cli/interrupts.ts";

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Installs SIGINT/SIGTERM handlers; tests running main() in-process pass false. */
  handleSignals: boolean;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, handleSignals: true });

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

interface Loaded {
  scenario: Scenario;
  scope: VarScope;
}

function loadAll(args: Args, io: Io, runId: string, startedAt: Date): Loaded[] {
  const envFile: Record<string, string> = {};
  const errors: InvalidInput[] = [];
  for (const f of args.envFiles) {
    const path = resolve(io.cwd, f);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      errors.push(new InvalidInput([{ file: f, message: `cannot read --env-file: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}` }]));
      continue;
    }
    try {
      Object.assign(envFile, parseEnvFile(text, f));
    } catch (e) {
      if (e instanceof InvalidInput) errors.push(e);
      else throw e;
    }
  }
  const loaded: Loaded[] = [];
  for (const file of args.files) {
    try {
      loaded.push(
        loadScenario(file, { sources: { cli: args.vars, envFile, env: io.env }, builtins: (dir) => builtins(runId, startedAt, dir) }, io.cwd),
      );
    } catch (e) {
      if (e instanceof InvalidInput) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) {
    const all = new InvalidInput(errors.flatMap((e) => e.issues), new Map(errors.flatMap((e) => [...e.sources])));
    throw all;
  }
  return loaded;
}

/** Runs the CLI with argv (without the program name); resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scenario: ${e.message}\n\n${USAGE}\n`);
    return EXIT.invalid;
  }
  if (args.version) {
    io.stdout.write(`scenario ${version()}\n`);
    return EXIT.ok;
  }
  if (args.command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.command === "schema") {
    const { scenarioJsonSchemaText } = await import("./schema/json-schema.ts");
    io.stdout.write(scenarioJsonSchemaText());
    return EXIT.ok;
  }

  if (args.command === "init") return init(args, io);

  const control: InterruptWiring = { stderr: io.stderr, interrupt: new AbortController(), hardStop: new AbortController(), resources: [], mask: (t) => t, windowMs: interruptWindow(io.env) };
  // From before loading (a Ctrl-C then still runs teardown and writes an interrupted report) to the end of the
  // process: a copy of the last Ctrl-C may still arrive after the run has ended.
  if (io.handleSignals && args.command === "run" && !args.dryRun) handleInterrupts(control);
  const startedAt = new Date();
  const runId = randomBytes(4).toString("hex");
  let loaded: Loaded[];
  try {
    loaded = loadAll(args, io, runId, startedAt);
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    io.stderr.write(`${e.format()}\n`);
    return EXIT.invalid;
  }

  for (const { scenario, scope } of loaded) {
    for (const [name, why] of secretWarnings(scenario, scope)) io.stderr.write(`warning: ${scenario.file}: secret ${name}: ${why}\n`);
  }

  if (args.command !== "list") {
    const selection = { tags: args.tags, skipTags: args.skipTags, steps: args.steps };
    const problems = loaded.flatMap(({ scenario, scope }) => selectionProblems(scenario, scope, selection));
    if (problems.length) {
      io.stderr.write(`${problems.map((p) => `scenario: ${p}\n`).join("")}nothing was run.\n`);
      return EXIT.invalid;
    }
  }

  if (args.command === "validate") {
    for (const { scenario } of loaded) io.stdout.write(`${scenario.file}: ok (${scenario.steps.length} step${scenario.steps.length === 1 ? "" : "s"}, ${scenario.teardown.length} teardown)\n`);
    return EXIT.ok;
  }
  if (args.command === "list" || args.dryRun) {
    const selection = { tags: args.tags, skipTags: args.skipTags, steps: args.steps };
    for (const { scenario, scope } of loaded) io.stdout.write(args.command === "list" ? listText(scenario, scope) : dryRunText(scenario, scope, selection));
    return EXIT.ok;
  }

  let worst: number = EXIT.ok;
  for (const { scenario, scope } of loaded) {
    const facts = runFacts(argv, scenario.file, io.cwd, version());
    const code = await runOne(scenario, scope, args, io, runId, startedAt, control, facts);
    if (code === EXIT.interrupted) return code;
    worst = Math.max(worst, code);
  }
  return worst;
}

async function init(args: Args, io: Io): Promise<number> {
  const { runInit, InitError } = await import("./cli/init.ts");
  try {
    const { written, scenario } = await runInit({ dir: resolve(io.cwd, args.files[0] ?? "."), from: args.from && resolve(io.cwd, args.from), force: args.force });
    io.stdout.write(`wrote ${written.map((p) => relative(io.cwd, p) || p).join(", ")}\nnext: scenario validate ${relative(io.cwd, scenario)}\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof InitError)) throw e;
    io.stderr.write(`scenario init: ${e.message}\n`);
    return EXIT.invalid;
  }
}

async function runOne(scenario: Scenario, scope: VarScope, args: Args, io: Io, runId: string, startedAt: Date, control: InterruptWiring, facts: [string, string][]): Promise<number> {
  const masker = maskerFor(scenario, scope);
  const infoBeforeRun: RunEvent[] = [
    ...facts.map(([key, value]): RunEvent => ({ type: "info", key, value })),
    ...[...secretWarnings(scenario, scope)].map(([name, why]): RunEvent => ({ type: "info", key: secretWarningKey(name), value: why })),
  ];
  try {
    await preflight(scenario, scope, (key, value) => infoBeforeRun.push({ type: "info", key, value }));
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    io.stderr.write(`${masker.text(e.format())}\n`);
    return EXIT.invalid;
  }

  const { makeReporters } = await import("./cli/reporters.ts");
  const reporter = await makeReporters({ args, io });
  control.mask = (t) => masker.text(t);
  // Facts found before the run (e.g. the compose engine): reporters attach info that precedes run-start to the run.
  for (const info of infoBeforeRun) reporter.onEvent(masker.deep(info));
  const outcome = await runScenario({
    scenario, scope, masker, runId, startedAt,
    emit: (event) => reporter.onEvent(event),
    interrupt: control.interrupt.signal,
    hardStop: control.hardStop.signal,
    resources: control.resources,
    selection: { tags: args.tags, skipTags: args.skipTags, steps: args.steps },
    bail: args.bail,
    options: { keepStack: args.keepStack },
  });
  const written = (await reporter.finish?.()) ?? [];
  if (written.length) io.stdout.write(`reports: ${written.map((p) => relative(io.cwd, p) || p).join(", ")}\n`);
  return outcome.status === "interrupted" ? EXIT.interrupted : outcome.status === "failed" ? EXIT.failed : EXIT.ok;
}
