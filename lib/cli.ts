// The command line: parses arguments, loads scenarios, runs them with reporters, returns the exit code.
import { randomHex } from "./util/random-hex.ts";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "./cli/package-root.ts";
import { EXIT } from "./exit-codes.ts";
import { COMMANDS, parseArgs, USAGE, UsageError, type Args } from "./cli/args.ts";
import { closestName } from "./util/did-you-mean.ts";
import { InvalidInput } from "./core/invalid-input.ts";
import { loadScenario } from "./loader/load.ts";
import { NO_SUCH_FILE, notHandedOn, resolveScenarioPath } from "./loader/find-file.ts";
import type { Scenario } from "./engine/spec.ts";
import { builtins, type VarScope } from "./vars/scope.ts";
import { emptyTable, ownValue } from "./util/own.ts";
import { EnvFileInvalid, parseEnvFile } from "./vars/env-file.ts";
import { linkMaskers, Masker, type SecretValue } from "./vars/mask.ts";
import { preflight } from "./engine/preflight.ts";
import { runScenario } from "./engine/run-scenario.ts";
import { maskerFor, secretValues, secretWarningKey, secretWarnings } from "./engine/secrets.ts";
import type { RunEvent } from "./engine/events.ts";
import type { Resource } from "./core/resource.ts";
import { selectionProblems } from "./cli/selection-check.ts";
import type { Selection } from "./engine/selection.ts";
import { misspeltSecrets, namesRead, unusedVarWarningKey, unusedVarWarnings } from "./loader/unused-vars.ts";
import { notUtf8Values, type UsedValue } from "./cli/not-utf8-values.ts";
import { composeStepFiles, missingComposeFileKey, missingComposeFiles, type MissingComposeFile } from "./loader/missing-compose-files.ts";
import { thresholdWarningLines, thresholdWarnings } from "./metrics/threshold-warnings.ts";
import { runFacts } from "./cli/run-facts.ts";
import { dryRunText, listText } from "./cli/plan.ts";
import { handleInterrupts, sayDeferredInterrupt, interruptWindow, leftBehindLines, type InterruptWiring } from "./cli/interrupts.ts";
import { removeLatestOfRefusedRun, removeStaleLatest } from "./cli/stale-latest.ts";
import { RunPhaseTracker } from "./cli/run-phase.ts";
import { type LeftOut, scenarioFileList, shardFiles } from "./cli/file-list.ts";
import { RunCollector, remaskRun, type RunRecord } from "./report/run-record.ts";
import { reportSlug } from "./report/names.ts";
import { DeferredDelivery } from "./report/deferred.ts";
import type { Io } from "./cli/io.ts";
import { standardOutputs } from "./cli/std-streams.ts";
import { shownPath } from "./cli/shown-path.ts";
import { makeOutputFolders, outputFolderProblems, type OutputFolder } from "./cli/run-outputs.ts";
import { runLogDir } from "./util/run-log-dir.ts";
import { commandSafe, notCommands } from "./report/workflow-commands.ts";
import { readInput, ReadInterrupted } from "./util/regular-file.ts";
import { utf8Text } from "./util/utf8-text.ts";

export { mayExitAtOnce } from "./cli/exit-at-once.ts";

const defaultIo = (): Io => ({ ...standardOutputs(), cwd: process.cwd(), env: process.env, handleSignals: true });

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

interface Loaded {
  scenario: Scenario;
  scope: VarScope;
  /** Each file its own run id, so the compose projects of concurrent runs never collide. */
  runId: string;
  /** Each --var this scenario never reads, with why (once all are loaded: only those no file of the command reads): a warning, or with --strict-vars an error. */
  unused: Map<string, string>;
  /** Each compose or env file a compose step names that does not exist at load, with why and where it is named: a warning. */
  missing: Map<string, MissingComposeFile>;
}

/** Why an --env-file could not be read, in words: "no such file", "a folder, not a file of KEY=VALUE lines". */
function envFileError(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOENT") return "no such file";
  if (e.code === "EISDIR") return "it is a folder, not a file of KEY=VALUE lines";
  if (e.code === "EACCES") return "permission denied";
  return e.message;
}

/** The line saying the run waits for a FIFO's writer (a second without one): it waits as `cat` would, and Ctrl-C stops it. */
function fifoWaitNote(io: Io, file: string): () => void {
  return () => void io.stderr.write(`scenario: ${file}: a FIFO (named pipe): waiting for a process to write to it (Ctrl-C stops)\n`);
}

/** Loads every file; a FIFO (an --env-file or scenario) whose writer the run's interrupt came before throws ReadInterrupted. */
async function loadAll(args: Args, io: Io, startedAt: Date, signal?: AbortSignal, onWriterWait?: (file: string | undefined) => void): Promise<Loaded[]> {
  const envFile: Record<string, string> = emptyTable();
  const errors: InvalidInput[] = [];
  for (const f of args.envFiles) {
    const path = resolve(io.cwd, f);
    let bytes: Buffer;
    try {
      bytes = await readInput(path, { signal, onWait: fifoWaitNote(io, f), writerWait: (waiting) => onWriterWait?.(waiting ? f : undefined) });
    } catch (e) {
      if (e instanceof ReadInterrupted) throw new ReadInterrupted(f);
      const notHanded = (e as NodeJS.ErrnoException).code === "ENOENT" ? notHandedOn(f) : undefined;
      errors.push(new InvalidInput([{ file: f, message: `cannot read --env-file: ${envFileError(e as NodeJS.ErrnoException)}${notHanded ? `: ${notHanded}` : ""}` }]));
      continue;
    }
    // A byte that is no UTF-8 became U+FFFD, as in a scenario file: `BAD=caf\xe9` saved as Latin-1 was "caf\ufffd", and a
    // `not_contains: "${BAD}"` passed on any output. Refused at its line and column, the line not quoted (it may be a
    // secret); the file's names are still read, so that none is also said to be undefined.
    let text: string;
    try {
      text = utf8Text(bytes, f);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      errors.push(e);
      text = bytes.toString("utf8");
    }
    try {
      Object.assign(envFile, parseEnvFile(text, f));
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      errors.push(e);
      // The file's other lines still define their names: the scenarios are checked with them, so a name the file
      // defines is not also said to be undefined (a consequence of the malformed line, not a second mistake).
      if (e instanceof EnvFileInvalid) Object.assign(envFile, e.defined);
    }
  }
  // A --var or environment value holding U+FFFD may stand for a byte that is no UTF-8 (notUtf8Values): only then is
  // more looked at.
  const suspect = [...new Set([...Object.keys(args.vars), ...Object.keys(io.env)])].filter((name) => (ownValue(args.vars, name) ?? ownValue(io.env, name))?.includes("\ufffd"));
  const loaded: Loaded[] = [];
  for (const [i, file] of args.files.entries()) {
    const runId = randomHex(4);
    try {
      const { scenario, scope } = await loadScenario(file, { sources: { cli: args.vars, envFile, env: io.env }, builtins: (dir) => builtins(runId, startedAt, dir, io.cwd), signal, onFifoWait: (shown) => fifoWaitNote(io, shown)(), onWriterWait }, io.cwd);
      const lookup = (n: string) => scope.lookup(n);
      if (suspect.length) {
        const used = namesRead(scenario, lookup, suspect);
        const values = suspect.filter((name) => used.has(name)).flatMap((name): UsedValue[] => {
          const from = scope.sourceOf(name);
          return from === "from --var" ? [{ name, value: args.vars[name]!, from: "--var" }] : from === "from the environment" ? [{ name, value: io.env[name]!, from: "environment" }] : [];
        });
        const bad = notUtf8Values(values, scenario.file);
        if (bad.length) {
          errors.push(new InvalidInput(bad));
          continue;
        }
      }
      loaded.push({ scenario, scope, runId, unused: unusedVarWarnings(scenario, lookup, Object.keys(args.vars)), missing: missingComposeFiles(scenario, lookup) });
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      errors.push(i === 0 && !args.commandGiven ? commandTypo(e, file) : e);
    }
  }
  if (errors.length) {
    // Each file's secrets are masked in every file's quoted lines, as in their runs.
    const masks = errors.flatMap((e) => (e.mask ? [e.mask] : []));
    const mask = masks.length ? (text: string) => masks.reduce((t, m) => m(t), text) : undefined;
    const all = new InvalidInput(errors.flatMap((e) => e.issues), new Map(errors.flatMap((e) => [...e.sources])), mask);
    throw all;
  }
  return loaded;
}

/** A first argument that names no file but is close to a command (`scenario valdate demo.yaml`): the error suggests the command. */
function commandTypo(e: InvalidInput, arg: string): InvalidInput {
  const command = closestName(arg, COMMANDS);
  if (command === undefined || e.issues.length !== 1 || !e.issues[0]!.message.startsWith(NO_SUCH_FILE)) return e;
  return new InvalidInput([{ ...e.issues[0]!, message: `${e.issues[0]!.message}; did you mean "scenario ${command}"?` }], e.sources, e.mask);
}

/** Runs the CLI with argv (without the program name); resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  // GitHub's runner reads stderr for workflow commands too: every line of it is made plain text there, as the console's
  // stdout lines are (a refusal quoting a Docker daemon's error line, a left-running process's own command line).
  if (io.env.GITHUB_ACTIONS === "true") io = { ...io, stderr: commandSafe(io.stderr) };
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scenario: ${e.message}\n${e.hint}\n`);
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
    io.stdout.write(await scenarioJsonSchemaText());
    return EXIT.ok;
  }

  if (args.command === "init") return init(args, io);

  // Each run keeps its own resources, so a run that ends (--jobs) cleans up only what it started; a hard stop lists them all.
  const runResources: Resource[][] = [];
  const control: RunControl = {
    stderr: io.stderr, interrupt: new AbortController(), hardStop: new AbortController(), mask: (t) => t, windowMs: interruptWindow(io.env), runs: new Map(),
    held: new Set(), runResources,
    get resources() {
      return runResources.flat();
    },
  };
  // From before loading (a Ctrl-C then still runs teardown and writes an interrupted report) to the end of the
  // process: a copy of the last Ctrl-C may still arrive after the run has ended.
  if (io.handleSignals && args.command === "run" && !args.dryRun) {
    control.reports = { dir: resolve(io.cwd, args.reportDir), since: new Date(), cwd: io.cwd };
    handleInterrupts(control);
  }
  const startedAt = new Date();
  // A run refused before it starts writes no report: the `latest` copies an earlier run left are removed. Not when the
  // command was left out and the first word names no file: `scenario valdate demo.yaml` meant validate, which leaves them.
  const refused = (code: number): number => {
    const first = args.files[0];
    const typo = !args.commandGiven && first !== undefined && resolveScenarioPath(first, io.cwd) === undefined && closestName(first, COMMANDS) !== undefined;
    if (args.command === "run" && !args.dryRun && !typo) removeLatestOfRefusedRun(args, startedAt, io);
    return code;
  };
  let loaded: Loaded[];
  // Every file is loaded and checked, a --shard's share is run: one invalid file fails every shard, as it fails a run
  // of them all (a shard passed while a file in another could not load). So are the --var names read and the selection
  // (a shard refused --strict-vars for a --var only another shard's file read).
  let shard: ReturnType<typeof scenarioFiles> | undefined;
  try {
    shard = args.command !== "list" ? scenarioFiles(args, io.cwd) : undefined;
    // A folder's compose file (docs/steps/compose.md's layout: compose.yaml beside the scenario) is not run: said, as
    // what the folder's files were taken to be.
    for (const { file, why } of shard?.leftOut ?? []) io.stderr.write(notCommands(`scenario: ${file} left out: ${why}\n`));
    if (shard) args = { ...args, files: shard.all };
    loaded = await loadAll(args, io, startedAt, control.interrupt.signal, (file) => void (control.waitingFor = file));
  } catch (e) {
    // Ctrl-C while a FIFO (the scenario or an --env-file) waited for its writer: nothing was loaded, nothing will run.
    if (e instanceof ReadInterrupted) {
      io.stderr.write(`scenario: ${e.path}: ${e.message}: nothing was run.\n`);
      return refused(EXIT.interrupted);
    }
    if (!(e instanceof InvalidInput)) throw e;
    io.stderr.write(`${e.format()}\n`);
    return refused(EXIT.invalid);
  }
  // An interrupt that came as a FIFO's writer did: the files loaded, so the steps are skipped and teardown runs.
  sayDeferredInterrupt(control);

  for (const { scenario, scope, missing } of loaded) {
    for (const [name, why] of secretWarnings(scenario, scope)) {
      const at = await scenario.locate?.(["secrets", scenario.secrets.indexOf(name)]);
      io.stderr.write(`warning: ${scenario.file}${at ? `:${at.line}:${at.col}` : ""}: secret ${name}: ${why}\n`);
    }
    for (const [path, { why, at: entry }] of missing) {
      const at = await scenario.locate?.(entry);
      io.stderr.write(`warning: ${scenario.file}${at ? `:${at.line}:${at.col}` : ""}: ${path} ${why}\n`);
    }
    for (const warning of thresholdWarningLines(scenario)) io.stderr.write(`warning: ${warning}\n`);
  }
  // A --var is unused when no file of the command reads it (with several files, each may read its own): only such a
  // name is warned about (on stderr and in each file's reports), and --strict-vars refuses it.
  const readByNone = new Set(Object.keys(args.vars).filter((name) => loaded.every(({ unused }) => unused.has(name))));
  for (const l of loaded) l.unused = new Map([...l.unused].filter(([name]) => readByNone.has(name)));
  if (args.strictVars && readByNone.size) {
    const lines = loaded.flatMap(({ scenario, unused }) => [...unused].map(([name, why]) => `scenario: ${scenario.file}: --var ${name}: ${why}\n`));
    io.stderr.write(`${lines.join("")}--strict-vars: nothing was run.\n`);
    return refused(EXIT.invalid);
  }
  for (const { scenario, unused } of loaded) for (const [name, why] of unused) io.stderr.write(`warning: ${scenario.file}: --var ${name}: ${why}\n`);
  // A --var whose name is a secret's misspelt carries the value meant for it: masked as a secret's, in every file's output.
  const meant = (l: Loaded): string[] => misspeltSecrets(l.scenario, l.unused.keys()).map((name) => args.vars[name]!);

  // `list` lists the steps a --tag, --skip-tag or --step selects: a selection run refuses (one matching no step, say)
  // is refused by it too. Without one it lists every step, also of a scenario no run takes (only sleep steps).
  const selection = selectionOf(args);
  const narrowed = selection.steps.length + selection.tags.length + selection.skipTags.length > 0;
  const problems = args.command !== "list" || narrowed ? (await Promise.all(loaded.map(({ scenario, scope }) => selectionProblems(scenario, scope, selection)))).flat() : [];
  if (args.command !== "list") {
    if (args.updateDoc) problems.push(...sharedDocBlocks(loaded), ...(await brokenDocBlocks(args, loaded, io)));
    // The document's block is the record of a whole run: a selection's report would replace it with part of one.
    if (args.updateDoc && narrowed) {
      problems.push(`--update-doc records a whole run, and --step, --tag or --skip-tag run part of it (its report would replace the block of a whole one): drop the selection, or --update-doc`);
    }
    // Reports are written after the run: a --report-dir that cannot be a folder failed only then, the run done for
    // nothing, and so did a run log's folder (a .context that is a file). Both are made below, once nothing else is
    // wrong. --dry-run and validate look at them the same way and make nothing: they passed (exit 0) a command line
    // whose run is refused.
    const folders = outputFolders(args, io.cwd);
    problems.push(...outputFolderProblems(folders));
    if (!problems.length && args.command === "run" && !args.dryRun) problems.push(...makeOutputFolders(folders));
  }
  if (problems.length) {
    // A step's name as the reports show it (--step's did-you-mean and list) holds the values of its references.
    const secrets = new Masker();
    for (const { scenario, scope } of loaded) for (const value of secretValues(scenario, scope)) secrets.add(value);
    io.stderr.write(secrets.text(`${problems.map((p) => `scenario: ${p}\n`).join("")}nothing was run.\n`));
    return refused(EXIT.invalid);
  }
  if (shard && shard.mine.length < shard.all.length) {
    const mine = new Set(shard.mine);
    loaded = loaded.filter((_l, i) => mine.has(args.files[i]!));
    args = { ...args, files: shard.mine };
  }

  if (args.command === "validate") {
    // A path is printed as the console's lines are: one GitHub's runner would take for a workflow command is made plain text.
    for (const { scenario } of loaded) io.stdout.write(notCommands(`${scenario.file}: ok (${scenario.steps.length} step${scenario.steps.length === 1 ? "" : "s"}, ${scenario.teardown.length} teardown)\n`));
    return EXIT.ok;
  }
  if (args.command === "list" || args.dryRun) {
    // A secret of one file is masked in every file's plan, as in their runs.
    const everyFile = new Masker();
    if (loaded.length > 1) for (const { scenario, scope } of loaded) for (const value of secretValues(scenario, scope)) everyFile.add(value);
    for (const { scenario, scope } of loaded) io.stdout.write(notCommands(everyFile.text(args.command === "list" ? listText(scenario, scope, selection) : dryRunText(scenario, scope, selection))));
    return EXIT.ok;
  }

  control.filesPlanned = loaded.length;
  // A --shard run always writes the combined summary, even of one file: a CI job collecting every shard's
  // latest-summary.json lost the shard that got a single file, or took a stale one. So does a run naming a folder:
  // `scenario run scenarios/` with CI reading reports/latest-summary.xml found none while the folder held one file.
  if (loaded.length === 1 && !shard?.combined) {
    const only = loaded[0]!;
    // Made here, not by runOne: the command's words are masked with it before they are quoted (cli/run-facts.ts).
    const masker = maskerFor(only.scenario, only.scope, meant(only));
    return (await runOne(only, args, io, startedAt, control, runFacts(argv, only.scenario.file, io.cwd, version(), (t) => masker.text(t)), true, [], masker)).code;
  }
  const { runMany } = await import("./cli/run-many.ts");
  // A secret of one file is masked in every file's output: b.yaml, which does not name API_KEY in its secrets:, showed
  // the value a.yaml masks wherever its commands printed it from the environment, in its reports and the combined summary.
  const values = loaded.map((l) => [...secretValues(l.scenario, l.scope), ...meant(l)]);
  const maskers = loaded.map((l, i) => maskerFor(l.scenario, l.scope, [...values.filter((_, j) => j !== i).flat(), ...meant(l)]));
  // So is a secret a file captures during its run, from then on: in the files running or yet to run, in the console
  // output a concurrent run holds until it ends, and in the combined summary's records.
  linkMaskers(maskers);
  const known = maskers[0]!.count;
  control.mask = (t) => maskers[0]!.text(t);
  const files = loaded.map((l, i) => {
    const facts = runFacts(argv, l.scenario.file, io.cwd, version(), (t) => maskers[i]!.text(t));
    const repoPath = facts.find(([key]) => key === "path in repository")?.[1];
    return {
      file: l.scenario.file,
      scenario: l.scenario.name,
      runId: l.runId,
      ...(repoPath !== undefined ? { repoPath } : {}),
      // Started when it starts, not when the invocation did: a file run after another took that one's time as its own
      // (the files step's `fresh` passed on a log the file before it wrote; its reports and run log said it started
      // before the other ended). START_ISO and START_EPOCH stay the invocation's (docs/format.md#variables).
      run: (runIo: Io) => runOne(l, args, runIo, new Date(), control, facts, false, [], maskers[i]),
    };
  });
  const remask = (record: RunRecord) => {
    if (maskers[0]!.count > known) remaskRun(record, maskers[0]!);
  };
  return runMany(files, { jobs: args.jobs, io, interrupt: control.interrupt.signal, reportDir: args.reportDir, startedAt, mask: (t) => control.mask(t), remask });
}

/**
 * Files whose scenarios have one --update-doc block (the block is named by the scenario's name): each run would replace
 * the one before, and a failed run's block could be replaced by a passing one's.
 */
function sharedDocBlocks(loaded: readonly Loaded[]): string[] {
  const byBlock = new Map<string, string[]>();
  for (const { scenario } of loaded) {
    const block = reportSlug(scenario.name);
    byBlock.set(block, [...(byBlock.get(block) ?? []), scenario.file]);
  }
  return [...byBlock].filter(([, files]) => files.length > 1).map(([block, files]) =>
    `--update-doc: ${files.join(", ")} would write one block (<!-- scenario:${block}:begin -->), each over the last: give the scenarios different names`);
}

/**
 * Which file the run reads the --update-doc document at `path` is, in words, or undefined: a scenario file, an
 * --env-file, or a file a compose step names (`files`, `env_file`, as the step resolves it), also under another name
 * (a link, a hard link, a `..`). The report appended to a scenario file made it invalid YAML, and to an env file or a
 * compose file made it unreadable: the next run refused it.
 */
function readFileOf(path: string, args: Args, loaded: readonly Loaded[], io: Io, samePath: (a: string, b: string) => boolean): string | undefined {
  const scenario = loaded.find(({ scenario }) => samePath(resolve(io.cwd, scenario.file), path))?.scenario;
  if (scenario !== undefined) return `the scenario file ${scenario.file}`;
  const envFile = args.envFiles.find((f) => samePath(resolve(io.cwd, f), path));
  if (envFile !== undefined) return `the --env-file ${envFile}`;
  for (const { scenario, scope } of loaded) {
    const named = composeStepFiles(scenario, (n) => scope.lookup(n)).find(({ file }) => samePath(file, path));
    if (named === undefined) continue;
    const { spec, key, written } = named;
    return `the ${key === "files" ? "compose file" : "env_file"} ${written} of ${scenario.file} (its compose step "${spec.name}"${spec.line === undefined ? "" : `, line ${spec.line}`})`;
  }
  return undefined;
}

/** What keeps --update-doc from writing each scenario's block, found before anything runs (update-doc.ts says what). */
async function brokenDocBlocks(args: Args, loaded: readonly Loaded[], io: Io): Promise<string[]> {
  const path = resolve(io.cwd, args.updateDoc!);
  const { blockProblems } = await import("./report/update-doc.ts");
  const { samePath } = await import("./util/file-kind.ts");
  const read = readFileOf(path, args, loaded, io, samePath);
  if (read !== undefined) return [`--update-doc: ${path} is ${read}: the report would be written into it; give the Markdown document the block goes in (e.g. docs/references/LOGGING.md)`];
  // A file the run writes itself (reports/latest.md): the run's report replaced the document whole, and exit 0.
  const { runOwnFile } = await import("./cli/doc-own-file.ts");
  const own = runOwnFile(path, {
    cwd: io.cwd, reportDir: args.reportDir, scenarios: loaded.map(({ scenario }) => ({ slug: reportSlug(scenario.name), name: scenario.name })),
    logDir: args.reports.includes("log") ? runLogDir(io.cwd) : undefined, stepSummary: io.env.GITHUB_STEP_SUMMARY || undefined,
  });
  if (own !== undefined) return [`--update-doc ${args.updateDoc}: the run writes this file itself (${own}), and would replace the document with it; give the Markdown document the block goes in (e.g. docs/references/LOGGING.md)`];
  return blockProblems(path, loaded.map(({ scenario }) => ({ name: reportSlug(scenario.name), owner: scenario.name }))).map((p) => `--update-doc: ${p}`);
}

/** The folders a run writes into: the report folder, and the run log's (when the run writes one). */
function outputFolders(args: Args, cwd: string): OutputFolder[] {
  const folders = [{ label: `--report-dir ${args.reportDir}`, path: resolve(cwd, args.reportDir), writes: "the reports are written there; make it writable, or give another --report-dir" }];
  if (args.reports.includes("log")) folders.push({ label: `the run log's folder ${relative(cwd, runLogDir(cwd))}`, path: runLogDir(cwd), writes: "the run log is written there; make it writable" });
  return folders;
}

/** The steps --tag, --skip-tag and --step select. */
function selectionOf(args: Args): Selection {
  return { tags: args.tags, skipTags: args.skipTags, steps: args.steps };
}

/**
 * The files, folders expanded (`all`), and those to run (`mine`): this runner's --shard; refuses an empty shard (it would
 * check nothing). `combined`: the run writes the combined summary whatever the number of files (a folder, a --shard).
 * `leftOut`: the compose files the folders hold, which are not run.
 */
function scenarioFiles(args: Args, cwd: string): { all: string[]; mine: string[]; combined: boolean; leftOut: LeftOut[] } {
  const { files, fromFolder, leftOut } = scenarioFileList(args.files, cwd);
  const combined = fromFolder || args.shard !== undefined;
  if (!args.shard) return { all: files, mine: files, combined, leftOut };
  const { index, count } = args.shard;
  const mine = shardFiles(files, index, count, cwd);
  if (!mine.length) throw new InvalidInput([{ file: args.files.join(" "), message: `--shard ${index}/${count} gets none of these ${files.length} files: use at most ${files.length} shards` }]);
  return { all: files, mine, combined, leftOut };
}

async function init(args: Args, io: Io): Promise<number> {
  const { runInit, InitError } = await import("./cli/init.ts");
  try {
    const { written, scenario } = await runInit({ dir: resolve(io.cwd, args.files[0] ?? "."), from: args.from && resolve(io.cwd, args.from), force: args.force, env: io.env, cwd: io.cwd });
    io.stdout.write(notCommands(`wrote ${written.map((p) => shownPath(io.cwd, p)).join(", ")}\nnext: scenario validate ${shownPath(io.cwd, scenario)}\n`));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof InitError)) throw e;
    io.stderr.write(`scenario init: ${e.message}\n`);
    return EXIT.invalid;
  }
}

/** The interrupt wiring plus the resource list of every run started, one list per run. */
type RunControl = InterruptWiring & { runResources: Resource[][]; held: Set<() => void> };

interface RunOutcome {
  code: number;
  record?: RunRecord;
  reports: string[];
  /** Why the file was refused before its first step (masked), as stderr said it. */
  refused?: string;
}

async function runOne(
  { scenario, scope, runId, unused, missing }: Loaded, args: Args, io: Io, startedAt: Date, control: RunControl, facts: [string, string][], ownMask = true,
  otherSecrets: (SecretValue | undefined)[] = [], shared?: Masker,
): Promise<RunOutcome> {
  const masker = shared ?? maskerFor(scenario, scope, otherSecrets);
  const phase = new RunPhaseTracker();
  control.runs.set(scenario.file, phase);
  const infoBeforeRun: RunEvent[] = [
    ...facts.map(([key, value]): RunEvent => ({ type: "info", key, value })),
    ...[...secretWarnings(scenario, scope)].map(([name, why]): RunEvent => ({ type: "info", key: secretWarningKey(name), value: why })),
    ...[...unused].map(([name, why]): RunEvent => ({ type: "info", key: unusedVarWarningKey(name), value: why })),
    ...[...missing].map(([path, { why }]): RunEvent => ({ type: "info", key: missingComposeFileKey(path), value: why })),
    ...[...thresholdWarnings(scenario)].map(([threshold, why]): RunEvent => ({ type: "info", key: `warning: ${threshold}`, value: why })),
  ];
  try {
    await preflight(scenario, scope, (key, value) => infoBeforeRun.push({ type: "info", key, value }));
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    const refused = masker.text(e.format());
    io.stderr.write(`${refused}\n`);
    control.runs.delete(scenario.file);
    // Alone, the file's refusal is the command's (with several, the combined summary records it).
    if (ownMask) removeLatestOfRefusedRun(args, startedAt, io);
    return { code: EXIT.invalid, reports: [], refused };
  }

  const { makeReporters } = await import("./cli/reporters.ts");
  const collector = new RunCollector();
  // Made before the reporters: on a hard stop it hands over what it holds before the console stops (lib/report/deferred.ts).
  const delivery = new DeferredDelivery({ hardStop: control.hardStop.signal });
  const ownResources: Resource[] = [];
  // Whether the run captured a secret: what was written before its capture is masked again at the end.
  const maskedAtStart = masker.count;
  const captured = () => masker.count > maskedAtStart;
  const leftBehind = () => leftBehindLines(ownResources).map((line) => masker.text(line));
  const reporter = await makeReporters({ args, io, nameSuffix: ownMask ? undefined : runId, runs: collector, hardStop: control.hardStop.signal, interrupt: control.interrupt.signal, leftBehind, finalMask: () => (captured() ? (text) => masker.text(text) : undefined), onDocWait: () => phase.waitingForDocument(args.updateDoc!) });
  delivery.sink = reporter;
  control.held.add(delivery.flush);
  if (ownMask) control.mask = (t) => masker.text(t);
  // Facts found before the run (e.g. the compose engine): reporters attach info that precedes run-start to the run.
  for (const info of infoBeforeRun) reporter.onEvent(masker.deep(info));
  control.runResources.push(ownResources);
  // A signal that came while loading (synchronous work) reaches its handler only when the event loop turns: let it, so a
  // Ctrl-C pressed before the first step skips every step instead of starting the first one and stopping it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const outcome = await runScenario({
    scenario, scope, masker, runId, startedAt,
    emit: (event) => {
      phase.onEvent(event);
      delivery.onEvent(event);
    },
    interrupt: control.interrupt.signal,
    hardStop: control.hardStop.signal,
    resources: ownResources,
    // What an interrupted run waits for to stop, said at once: after the reporters' lines, masked as they are.
    say: (line) => {
      delivery.flush();
      io.stderr.write(`${masker.text(line)}\n`);
    },
    selection: selectionOf(args),
    bail: args.bail,
    options: { keepStack: args.keepStack },
  });
  delivery.close();
  control.held.delete(delivery.flush);
  // A secret captured during the run was masked from its capture on: the reports, written now, know every secret.
  if (captured()) collector.remask(masker);
  const written = await reporter.finish();
  phase.finished();
  // Plain text as the console's lines are: a report folder named `out\n::warning::x` or `out##[error]` would make a workflow command.
  if (written.length) io.stdout.write(notCommands(`reports: ${written.map((p) => shownPath(io.cwd, p)).join(", ")}\n`));
  // A latest.<ext> this run did not write (a format an earlier run asked for) shows that run as the latest.
  if (ownMask && written.length) removeStaleLatest(resolve(io.cwd, args.reportDir), startedAt, io);
  if (args.updateDoc && outcome.status === "interrupted") {
    io.stderr.write(`--update-doc ${args.updateDoc}: left as it was: the run was interrupted, so its block keeps the last finished run's report\n`);
  }
  // A background process that failed on its own after the last step: no step carries the warning, so it is said here.
  for (const line of outcome.ended) io.stderr.write(`warning: ${masker.text(line)}\n`);
  // What the cleanup could not remove (a compose stack left up) was said only in the run log, under a green run.
  for (const line of outcome.unremoved) io.stderr.write(`warning: ${masker.text(line)}\n`);
  // Left running by a step (`server > server.log 2>&1 &`) and stopped after cleanup: said where it is seen, as what is kept.
  for (const line of outcome.stopped) io.stderr.write(`stopped after the run: ${masker.text(line)}\n`);
  // Left up on purpose (compose `keep: true`, --keep-stack): said where it is seen, not only in the run log.
  for (const line of outcome.kept) io.stderr.write(`kept after the run: ${masker.text(line)}\n`);
  // A report asked for that could not be written (stderr named it) is the worst outcome: a passing run whose
  // --update-doc or report directory failed exited 0, and CI went on without the record it exists to keep.
  const code = reporter.failures > 0 ? EXIT.invalid : outcome.status === "interrupted" ? EXIT.interrupted : outcome.status === "failed" ? EXIT.failed : EXIT.ok;
  return { code, record: collector.current, reports: written };
}
