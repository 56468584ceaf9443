// The `compose` step: up (with wait), down, stop, restart, ps and logs of a compose project (docker compose v2 or docker-compose v1), isolated per run.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { stringOrList } from "../core/zod-fields.ts";
import { formatDuration } from "../core/units/duration.ts";
import type { Check } from "../expect/matcher.ts";
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";
import { detectEngine, engineLabel, serverLabel, type ComposeEngine } from "../compose/engine.ts";
import { defaultProjectName, projectNameError, serviceNameError } from "../compose/project.ts";
import { failureText, runCompose, type ComposeTarget } from "../compose/command.ts";
import { yamlErrorFiles } from "../compose/yaml-error.ts";
import { listContainers, optionalServices, projectConfig, startedServices } from "../compose/query.ts";
import { countServices, describeState, formatPs, summarizeStates, type ContainerStart, type ContainerState } from "../compose/ps.ts";
import { describeReadFailures, describeVerdicts, failedInRead, healthcheckHint, waitForServices } from "../compose/wait.ts";
import { inspectHealthchecksWith, withHealthchecks } from "../compose/healthcheck.ts";
import { exitsBeforeRestarts, inspectStartsWith, lastExitWith, restartedSince, restartedSinceText, withStarts } from "../compose/starts.ts";
import { steadyRead } from "../compose/steady.ts";
import { dependencyWhy, explainUnhealthy, inspectHealthLogsWith, unhealthyText, withHealthLogs } from "../compose/health-log.ts";
import { collectDiagnostics, DIAGNOSTICS_MS, logsText } from "../compose/diagnostics.ts";
import { bringDown, containersOf, describeLeft, isEmpty, remainsOf, volumesOf } from "../compose/down.ts";
import { ComposeProject, findProject } from "../compose/resource.ts";
import { servicesOfFiles, unknownServiceNames } from "../compose/services-of.ts";
import { claimProject, describeHolder, type Claim, type ClaimHolder } from "../compose/claim.ts";
import { abortText } from "../core/abort-text.ts";
import { withoutNames } from "../util/env-without.ts";

const ACTIONS = ["up", "down", "stop", "restart", "ps", "logs"] as const;
type Action = (typeof ACTIONS)[number];

const DEFAULT_TAIL = 200;

const NOTHING_LIST = "an empty list checks nothing: name at least one service, or leave the key out";

const expectSchema = z
  .object({
    running: stringOrList.optional().meta({ description: "Services that must be running (every container of each, for 2 s from one start)" }),
    healthy: stringOrList.optional().meta({ description: "Services whose healthcheck must report healthy" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const key of ["running", "healthy"] as const) if (v[key]?.length === 0) ctx.addIssue({ code: "custom", path: [key], message: NOTHING_LIST });
    if (v.running === undefined && v.healthy === undefined) ctx.addIssue({ code: "custom", message: "expect: {} checks nothing: give running or healthy, or leave expect out" });
  });

/**
 * Whether a compose step, as written, checks something about the stack: `up` (it starts, and with wait turns ready),
 * `restart` with wait, `ps` with an expectation. `down`, `stop`, `logs`, `restart` without wait and `ps` without
 * expect only act or show: a run of those alone checked nothing and must not pass. An action known only during the run
 * counts as checking.
 */
function composeChecks(raw: unknown): boolean {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const action = input.action ?? "up";
  if (typeof action !== "string" || action.includes("${")) return true;
  if (action === "up") return true;
  if (action === "restart") return input.wait !== undefined && input.wait !== false;
  if (action === "ps") return input.expect !== undefined && input.expect !== null;
  return false;
}

/** Which fields make sense with which actions; anything else is a validation error. */
const ONLY_WITH: Record<string, readonly Action[]> = {
  wait: ["up", "restart"],
  build: ["up"],
  keep: ["up"],
  volumes: ["down"],
  expect: ["up", "ps"],
  tail: ["logs"],
  services: ["up", "stop", "restart", "ps", "logs"],
};

const schema = z
  .object({
    action: z.enum(ACTIONS).default("up").meta({ description: "up | down | stop | restart | ps | logs (default up)" }),
    files: stringOrList.optional().meta({ description: "Compose files, relative to the scenario's directory" }),
    project: z.string().optional().meta({ description: "Project name; default: the scenario name plus the run id" }),
    services: stringOrList.optional().meta({ description: "A subset of services" }),
    profiles: stringOrList.optional().meta({ description: "Compose profiles to enable" }),
    env_file: stringOrList.optional().meta({ description: "--env-file arguments, relative to the scenario's directory" }),
    wait: z.boolean().optional().meta({ description: "Block until every started service is running and, with a healthcheck, healthy" }),
    build: z.boolean().optional().meta({ description: "Build images before starting (up --build)" }),
    volumes: z.boolean().optional().meta({ description: "down: also remove the project's volumes: its anonymous ones and the named ones compose created for it (never one that was there before)" }),
    keep: z.boolean().optional().meta({ description: "Leave the project running at the end of the scenario" }),
    tail: z.number().int().positive().optional().meta({ description: "logs: lines per service (default 200)" }),
    expect: expectSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [field, actions] of Object.entries(ONLY_WITH)) {
      if ((v as Record<string, unknown>)[field] !== undefined && !actions.includes(v.action)) {
        ctx.addIssue({ code: "custom", path: [field], message: `"${field}" applies to action ${actions.join(" or ")}, not ${v.action}` });
      }
    }
    // Names compose would refuse, or read as a flag, are refused at load; one still holding ${…} (known only during
    // the run) is checked when the step runs (resolveTarget, preflight).
    const bad = v.project !== undefined && !v.project.includes("${") ? projectNameError(v.project) : undefined;
    if (bad) ctx.addIssue({ code: "custom", path: ["project"], message: bad });
    for (const kind of ["services", "profiles"] as const) {
      for (const [i, name] of (v[kind] ?? []).entries()) {
        const problem = name.includes("${") ? undefined : serviceNameError(kind === "services" ? "service" : "profile", name);
        if (problem) ctx.addIssue({ code: "custom", path: [kind, i], message: problem });
      }
    }
  });

type Input = z.output<typeof schema>;

function describeInput(input: Input): string {
  const parts = [`compose ${input.action}`];
  if (input.services?.length) parts.push(input.services.join(", "));
  else if (input.files?.length) parts.push(input.files.join(", "));
  if (input.wait) parts.push("(wait)");
  return parts.join(" ");
}

/** Resolves the project, files and environment of a step; an error text when the input cannot work. */
function resolveTarget(input: Input, ctx: StepContext): ComposeTarget | string {
  const project = input.project ?? defaultProjectName(ctx.scenarioName, ctx.runId);
  const bad =
    projectNameError(project) ??
    (input.services ?? []).map((n) => serviceNameError("service", n)).find(Boolean) ??
    (input.profiles ?? []).map((n) => serviceNameError("profile", n)).find(Boolean);
  if (bad) return bad;
  const files = (input.files ?? []).map((f) => resolve(ctx.scenarioDir, f));
  const envFiles = (input.env_file ?? []).map((f) => resolve(ctx.scenarioDir, f));
  for (const [i, f] of files.entries()) {
    if (!existsSync(f)) return `compose file ${input.files![i]} not found (resolved from ${ctx.scenarioDir} to ${f})`;
  }
  for (const [i, f] of envFiles.entries()) {
    if (!existsSync(f)) return `env_file ${input.env_file![i]} not found (resolved from ${ctx.scenarioDir} to ${f})`;
  }
  const target: ComposeTarget = {
    project,
    files,
    profiles: input.profiles ?? [],
    envFiles,
    cwd: ctx.scenarioDir,
    env: withoutNames({ ...process.env, ...ctx.env }, ctx.unsetEnv),
  };
  // A later step that names no files acts on what earlier steps of this project used.
  const live = findProject(ctx.resources(), project);
  if (live && files.length === 0 && envFiles.length === 0 && target.profiles.length === 0) {
    return { ...live.current, env: target.env, cwd: target.cwd };
  }
  return target;
}

/**
 * `running` / `healthy` expectations against the current states. `unsteady`: containers a read shows running that were
 * started again within the steady period (steadyRead): they count as neither.
 */
export function expectationChecks(expect: Input["expect"], states: readonly ContainerState[], unsteady: ReadonlyMap<string, string> = new Map()): Check[] {
  const checks: Check[] = [];
  const of = (service: string) => states.filter((s) => s.service === service);
  const shown = (c: ContainerState, text: string) => (unsteady.has(c.name) ? `${text}, but ${unsteady.get(c.name)}` : text);
  const up = (c: ContainerState) => c.state === "running" && !unsteady.has(c.name);
  for (const service of expect?.running ?? []) {
    const mine = of(service);
    checks.push({
      path: `running.${service}`,
      expected: "running",
      actual: mine.length === 0 ? "no container" : mine.map((c) => shown(c, describeState(c))).join(", "),
      ok: mine.length > 0 && mine.every(up),
    });
  }
  for (const service of expect?.healthy ?? []) {
    const mine = of(service);
    checks.push({
      path: `healthy.${service}`,
      expected: "healthy",
      actual: mine.length === 0 ? "no container" : mine.map((c) => shown(c, c.health === "unhealthy" ? unhealthyText(c.healthLog) : c.health ? c.health : c.state === "running" ? "no healthcheck" : describeState(c))).join(", "),
      ok: mine.length > 0 && mine.every((c) => up(c) && c.health === "healthy"),
    });
  }
  return checks;
}

/**
 * The names an expectation lists that no service of the project's compose files has (the step's, and every other the
 * run used for the project): a typo read "running.wbe: expected running, actual \"no container\"". Checked only when
 * no container of the name was found, and the files can say (servicesOfFiles). Undefined when none.
 */
function unknownExpected(expect: NonNullable<Input["expect"]>, t: ComposeTarget, ctx: StepContext, states: readonly ContainerState[]): string | undefined {
  const files = [...new Set([...t.files, ...(findProject(ctx.resources(), t.project)?.current.files ?? [])])];
  const missing = (names: readonly string[] = []) => names.filter((n) => !states.some((c) => c.service === n));
  if (files.length === 0 || (missing(expect.running).length === 0 && missing(expect.healthy).length === 0)) return undefined;
  const known = servicesOfFiles(files);
  if (!known) return undefined;
  const problems = (["running", "healthy"] as const).flatMap((key) => unknownServiceNames(key, missing(expect[key]), known, files, ctx.scenarioDir));
  return problems.length ? problems.join("; ") : undefined;
}

/**
 * The expectations of a step, judged on a steady read (lib/compose/steady.ts): a container of a named service started
 * less than 2 s ago is read again once it has run 2 s. With `since` (a `ps` of a project this run brought up), a running
 * container whose restart count grew since the run last saw it come up counts as neither running nor healthy: one
 * that crashes every 5 s, caught 3 s into a run, passed. The states judged, or why they could not be read; `error`:
 * names no service of the files has (unknownExpected).
 */
async function expectations(
  engine: ComposeEngine,
  t: ComposeTarget,
  ctx: StepContext,
  expect: Input["expect"],
  states: ContainerState[],
  since?: (name: string, start: ContainerStart) => { restarts: number; by: string },
): Promise<{ checks: Check[]; states: ContainerState[]; error?: string } | string> {
  if (!expect) return { checks: [], states };
  const services = [...new Set([...(expect.running ?? []), ...(expect.healthy ?? [])])];
  // Each running container's last start the steady read saw (its last inspect of it).
  const starts = new Map<string, ContainerStart>();
  const inspectStarts = inspectStartsWith(engine, t, ctx.signal, ctx.log);
  const read = await steadyRead(states, services, {
    starts: async (names) => {
      const r = await inspectStarts(names);
      if (!("error" in r)) for (const [name, start] of r) starts.set(name, start);
      return r;
    },
    reread: () => listContainers(engine, t, ctx.signal, ctx.log, false),
    signal: ctx.signal,
  });
  if ("error" in read) return read.error;
  if (since) {
    const lastExit = lastExitWith(engine, t, ctx.signal, ctx.log);
    for (const r of restartedSince(read.states, services, starts, since)) {
      if (!read.unsteady.has(r.name)) read.unsteady.set(r.name, restartedSinceText(r, await lastExit(r.name, r.start)));
    }
  }
  // An unhealthy container `healthy` names: its check says why, from its healthcheck's last runs (one inspect).
  const healthy = expect.healthy ?? [];
  const states2 = await withHealthLogs(read.states, (c) => c.health === "unhealthy" && healthy.includes(c.service), inspectHealthLogsWith(engine, t, ctx.signal, ctx.log));
  return { checks: expectationChecks(expect, states2, read.unsteady), states: states2, error: unknownExpected(expect, t, ctx, states2) ?? notBroughtUp(t, ctx, states2) };
}

/**
 * A project with no container that is not one this run has up, while it has others up: the step most likely lacks
 * the `project:` its up was given ("running.web: … no container", with the up's project in the diagnostics, did not say).
 */
function notBroughtUp(t: ComposeTarget, ctx: StepContext, states: readonly ContainerState[]): string | undefined {
  if (states.length > 0 || findProject(ctx.resources(), t.project)) return undefined;
  const others = ctx.resources().filter((r): r is ComposeProject => r instanceof ComposeProject).map((r) => r.project);
  if (others.length === 0) return undefined;
  return `project ${t.project} has no container, and is not one this run has up (it has ${others.join(", ")} up): a \`project:\` given to an up step must be given to the later steps of that project too`;
}

/** Diagnostics for a failing step, gathered under their own deadline (the step's signal may have fired). */
async function withDiagnostics(engine: ComposeEngine, t: ComposeTarget, ctx: StepContext, result: StepResult, states?: ContainerState[]): Promise<StepResult> {
  const failing = result.error !== undefined || result.checks.some((c) => !c.ok);
  if (!failing) return result;
  const details = await collectDiagnostics(engine, t, AbortSignal.timeout(DIAGNOSTICS_MS), { states, log: ctx.log });
  return { ...result, details: [...(result.details ?? []), ...details] };
}

async function waitStep(engine: ComposeEngine, t: ComposeTarget, ctx: StepContext, services: readonly string[] | undefined) {
  const config = await projectConfig(engine, t, ctx.signal);
  // Without a subset, the services of this step's files: a project brought up file by file holds others (a crashed one, say) that are not this step's.
  const expected = startedServices(config, services ?? []);
  if (expected?.length === 0) return { outcome: undefined, error: nothingStarted(services ?? []) };
  ctx.log(`waiting for ${expected ? expected.join(", ") : "every service of the project"} to be running (and healthy where a healthcheck is defined)`);
  const waited = await waitForServices({
    poll: withStarts(withHealthchecks(() => listContainers(engine, t, ctx.signal, ctx.log), config?.healthchecks ?? {}, inspectHealthchecksWith(engine, t, ctx.signal, ctx.log)), inspectStartsWith(engine, t, ctx.signal, ctx.log)),
    expected,
    oneShot: config?.oneShot,
    optional: optionalServices(config, services ?? []),
    signal: ctx.signal,
    onProgress: (pending) => ctx.log(`still starting: ${describeVerdicts(pending)}`),
  });
  // An unhealthy service says why: its healthcheck's last failed run, read (one inspect) only now it failed the wait.
  const outcome = waited.status === "failed" ? { ...waited, ...(await explainUnhealthy(waited.failed, waited.states, inspectHealthLogsWith(engine, t, ctx.signal, ctx.log))) } : waited;
  let error: string | undefined;
  if (outcome.status === "ready") ctx.log(`all services ready after ${formatDuration(outcome.waitedMs)}`);
  else if (outcome.status === "failed") error = `service ${describeVerdicts(outcome.failed)} while waiting for the project to be ready`;
  else if (outcome.status === "aborted")
    error = outcome.read
      ? `stopped after ${formatDuration(outcome.waitedMs)} (${abortText(ctx.signal)}) while still starting: ${describeVerdicts(outcome.pending) || "(unknown)"}${healthcheckHint(engine, outcome.pending)}`
      : `stopped (${abortText(ctx.signal)}) before the wait read the services' states`;
  else error = `cannot follow the services: ${outcome.error}`;
  if (error) ctx.log(error);
  return { outcome, error };
}

/**
 * The error of an `up` that starts no container: every service it would start is scaled to none (`scale: 0`,
 * `deploy: {replicas: 0}`), or no container came of it. Such a step passed, "0 services ready", having checked nothing.
 */
function nothingStarted(services: readonly string[]): string {
  const which = services.length ? `the services given (${services.join(", ")}) and what they depend on are` : "every service of the step's files is";
  return `compose up started no container: ${which} scaled to no container (scale: 0 or deploy: {replicas: 0}), so nothing was checked`;
}

/** One read of the project's containers; `starts`: each with its start and restart count (lib/compose/starts.ts). */
async function statesOrError(engine: ComposeEngine, t: ComposeTarget, ctx: StepContext, starts = false): Promise<ContainerState[] | string> {
  const list = () => listContainers(engine, t, ctx.signal, ctx.log, false);
  const r = await (starts ? withStarts(list, inspectStartsWith(engine, t, ctx.signal, ctx.log)) : list)();
  return "error" in r ? r.error : r.states;
}

/**
 * Why an `up` must not touch the project: containers of it exist, and this run did not bring it up (no step of the run
 * registered it). Its cleanup would take down, with its volumes, a stack someone else started (a developer's, another
 * run's). With `keep` (or --keep-stack) the run leaves it as it is, so it may use it. Undefined when the `up` may go on.
 */
async function foreignProject(engine: ComposeEngine, t: ComposeTarget, ctx: StepContext): Promise<string | undefined> {
  const found = await containersOf(engine, t, ctx.signal);
  if ("error" in found) return `cannot check whether compose project ${t.project} already has containers (${found.error}), so it was not brought up: this run takes down what it brings up, and must not take down someone else's stack`;
  // A stack taken down without its volumes (`docker compose down`) left its data there: the run's cleanup would remove it.
  const volumes = found.length === 0 ? await volumesOf(engine, t, ctx.signal) : [];
  if ("error" in volumes) return `cannot check whether compose project ${t.project} already has volumes (${volumes.error}), so it was not brought up: this run takes down what it brings up with its volumes, and must not remove someone else's data`;
  if (found.length === 0 && volumes.length === 0) return undefined;
  const n = found.length > 0 ? `${found.length} container${found.length === 1 ? "" : "s"} (created before this run)` : `${volumes.length} volume${volumes.length === 1 ? "" : "s"} (left before this run)`;
  return (
    `compose project ${t.project} already has ${n}: this run did not bring it up, so it will not ` +
    `bring it up again nor take it down (its cleanup removes the project's volumes too). Use another project name (or leave ` +
    `project: out for one of the run's own), ${found.length > 0 ? `take it down first (${engine.compose.join(" ")} -p ${t.project} down)` : `remove them first if their data may go (${engine.compose.join(" ")} -p ${t.project} down --volumes)`}, or set ` +
    `keep: true to use it as it is and leave it running`
  );
}

/**
 * run id → the projects an `up` of that run refused (foreignProject, or another run's claim), each with why: a later
 * `down` of the same run (a teardown's, say) must not take down what the `up` refused to touch.
 */
const refusedProjects = new Map<string, Map<string, string>>();

function refuse(ctx: StepContext, project: string, error: string, why: string): StepResult {
  ctx.log(error);
  if (!refusedProjects.has(ctx.runId)) refusedProjects.set(ctx.runId, new Map());
  refusedProjects.get(ctx.runId)!.set(project, why);
  return { checks: [], error, observed: { project }, summary: `compose up ${project} refused` };
}

/**
 * Another run holds the project (lib/compose/claim.ts): it is bringing it up, or has and takes it down at its end. Two
 * runs given one fixed `project:` both passed foreignProject when they checked before either had brought it up: both
 * used one stack and the first to end took it down under the other, or the second's up failed on a container name and
 * its cleanup removed the first's stack.
 */
function claimedElsewhere(t: ComposeTarget, holder: ClaimHolder): string {
  return (
    `compose project ${t.project} is being brought up or used by another run (${describeHolder(holder)}), so this run ` +
    `did not bring it up: the two would use one stack and each take it down under the other. Give this run its own project: ` +
    `leave project: out (the run's own, named after its run id) or put \${RUN_ID} in it, or run the two one after the other`
  );
}

/**
 * Takes the run's claim on a project it has not brought up yet (keep: a claim held only while the `up` runs): the check
 * and the `up` that follow must not interleave with another run's. An error text when another run holds it. A claim file
 * that cannot be written (a read-only temporary directory) is logged and the `up` goes on unclaimed, as before claims.
 */
async function claim(t: ComposeTarget, ctx: StepContext, keep: boolean): Promise<{ claim?: Claim } | { refused: StepResult }> {
  const r = await claimProject({ project: t.project, env: t.env, runId: ctx.runId, scenario: ctx.scenarioName, keep }, ctx.signal);
  if ("heldBy" in r) return { refused: refuse(ctx, t.project, claimedElsewhere(t, r.heldBy), `another run (${describeHolder(r.heldBy)}) was using it`) };
  if ("error" in r) ctx.log(`warning: ${r.error}: compose project ${t.project} is brought up without a claim, so another run given the same project: is not kept off it`);
  if ("shared" in r) ctx.log(`compose project ${t.project} is being brought up by another run that keeps it too (${describeHolder(r.shared)}): both use it as it is`);
  return "claim" in r ? { claim: r.claim } : {};
}

async function up(input: Input, engine: ComposeEngine, t: ComposeTarget, ctx: StepContext): Promise<StepResult> {
  const keep = Boolean(input.keep || ctx.options.keepStack);
  let resource = findProject(ctx.resources(), t.project);
  if (resource) resource.merge(t);
  else {
    const claimed = await claim(t, ctx, keep);
    if ("refused" in claimed) return claimed.refused;
    try {
      if (!keep) {
        const foreign = await foreignProject(engine, t, ctx);
        if (foreign) {
          claimed.claim?.release();
          return refuse(ctx, t.project, foreign, "it was up before this run");
        }
      }
    } catch (e) {
      claimed.claim?.release();
      throw e;
    }
    // Registered before `up` runs, so an interrupted `up` is still brought down (and its claim released).
    resource = new ComposeProject(engine, t, ctx.log);
    resource.claim = claimed.claim;
    ctx.addResource(resource);
  }
  if (keep) {
    resource.keep = true;
    ctx.log(`compose project ${t.project} will be kept after the run (${input.keep ? "keep: true" : "--keep-stack"}); remove it with: ${engine.compose.join(" ")} -p ${t.project} down --volumes`);
  }
  try {
    return await upAndCheck(input, engine, t, ctx);
  } finally {
    // A kept project is never taken down by this run: its claim only kept other runs off while it was brought up.
    if (resource.keep) resource.releaseClaim();
  }
}

async function upAndCheck(input: Input, engine: ComposeEngine, t: ComposeTarget, ctx: StepContext): Promise<StepResult> {
  const services = input.services ?? [];
  const r = await runCompose(engine, t, ["up", "-d", ...(input.build ? ["--build"] : []), ...services], { signal: ctx.signal, log: ctx.log });
  const observed: Record<string, unknown> = { project: t.project };
  if (r.exitCode !== 0) {
    const error = `compose up failed: ${failureText(r)}${await dependencyWhy(r.stderr || r.stdout, inspectHealthLogsWith(engine, t, ctx.signal, ctx.log))}${yamlErrorFiles(r.stderr || r.stdout, t.files, t.cwd)}`;
    return withDiagnostics(engine, t, ctx, { checks: [], error, observed, summary: `compose up ${t.project} failed` });
  }
  let states: ContainerState[];
  let error: string | undefined;
  if (input.wait) {
    const w = await waitStep(engine, t, ctx, services);
    // Nothing to wait for, or stopped before its first read: the diagnostics read the states (an empty list said "(no
    // containers)" of a running one).
    if (w.outcome === undefined || !w.outcome.read) return withDiagnostics(engine, t, ctx, { checks: [], error: w.error, observed, summary: `compose up ${t.project}: ${w.error}` });
    states = w.outcome.states;
    findProject(ctx.resources(), t.project)?.recordStarts(states, "compose up");
    error = w.error;
    observed.waited_ms = w.outcome.waitedMs;
    if (w.outcome.pending.length > 0) observed.still_starting = describeVerdicts(w.outcome.pending);
  } else {
    // The services this step started, as the wait takes them: a project brought up file by file holds others.
    const config = await projectConfig(engine, t, ctx.signal);
    const started = startedServices(config, services);
    // With each container's start (inspect): a service that crashed and was started again by its restart policy is
    // running in this read; its restart count says it failed.
    const s = await statesOrError(engine, t, ctx, true);
    if (typeof s === "string") return withDiagnostics(engine, t, ctx, { checks: [], error: s, observed });
    states = s;
    findProject(ctx.resources(), t.project)?.recordStarts(states, "compose up");
    if (started?.length === 0 || (started === undefined && states.length === 0)) {
      const error = nothingStarted(services);
      return withDiagnostics(engine, t, ctx, { checks: [], error, observed, summary: `compose up ${t.project}: ${error}` }, states);
    }
    // One read, right after `up -d`: a service already found crashed (or restarted) fails the step (`up -d` exits 0 all
    // the same). One that dies after this read is not seen; `wait: true` is what watches them for a while.
    const exits = await exitsBeforeRestarts(states, started, lastExitWith(engine, t, ctx.signal, ctx.log));
    const failed = failedInRead(states, started, exits);
    if (failed.length > 0) {
      error = describeReadFailures(failed);
      ctx.log(error);
    }
  }
  let checks: Check[] = [];
  if (!error) {
    const judged = await expectations(engine, t, ctx, input.expect, states);
    if (typeof judged === "string") error = judged;
    else ({ checks, states, error } = judged);
  }
  observed.services = summarizeStates(states);
  const n = new Set(states.map((s) => s.service)).size;
  const summary = error
    ? `compose up ${t.project}: ${error}`
    : input.wait
      ? `compose up ${t.project}: ${n} service${n === 1 ? "" : "s"} ready in ${formatDuration(Number(observed.waited_ms))}`
      : `compose up ${t.project}: ${countServices(states)}`;
  return withDiagnostics(engine, t, ctx, { checks, error, observed, summary }, states);
}

async function down(input: Input, engine: ComposeEngine, given: ComposeTarget, ctx: StepContext): Promise<StepResult> {
  const live = findProject(ctx.resources(), given.project);
  const refused = live ? undefined : refusedProjects.get(ctx.runId)?.get(given.project);
  if (refused) {
    const error = `compose project ${given.project} was not taken down: ${refused}, so this run's compose up refused to touch it (see that step)`;
    ctx.log(error);
    return { checks: [], error, observed: { project: given.project }, summary: `compose down ${given.project} refused` };
  }
  // Every file the project used, not only the ones this step names: compose removes only the networks and volumes of
  // the files it is given (the services of the others go as orphans, their networks and volumes stay).
  if (live) live.merge(given);
  const t = live ? { ...live.current, env: given.env, cwd: given.cwd } : given;
  const volumes = input.volumes ?? false;
  const observed = { project: t.project };
  // Then whatever still carries the project's label goes too (volumes only with `volumes: true`).
  const error = await bringDown(engine, t, { volumes, signal: ctx.signal, log: ctx.log, sweep: true });
  // The run's own cleanup stays registered until nothing of the project is left: it removes what this step could not
  // (or, without `volumes: true`, the volumes this step kept) at the end of the run.
  if (error) return { checks: [], error, observed, summary: `compose down ${t.project} failed` };
  if (live) {
    const left = await remainsOf(engine, t, ctx.signal);
    if ("error" in left) ctx.log(`cannot check what is left of project ${t.project} (${left.error}): it stays in the run's cleanup`);
    else if (isEmpty(left)) {
      ctx.removeResource(live);
      live.releaseClaim();
    }
    else ctx.log(`project ${t.project} keeps ${describeLeft(left)} (down without volumes: true)${live.keep ? "" : "; the run's cleanup removes them at the end"}`);
  }
  return { checks: [], observed, summary: `compose down ${t.project}${volumes ? " (with volumes)" : ""}` };
}

async function simple(input: Input, engine: ComposeEngine, t: ComposeTarget, ctx: StepContext, verb: "stop" | "restart"): Promise<StepResult> {
  const services = input.services ?? [];
  const r = await runCompose(engine, t, [verb, ...services], { signal: ctx.signal, log: ctx.log });
  // The engine sets a container's restart count back to 0 when it is stopped or restarted (and started again): a
  // restart a later ps finds is one since this step.
  const live = findProject(ctx.resources(), t.project);
  live?.resetStarts(services, r.exitCode === 0 ? `compose ${verb}` : undefined);
  const observed: Record<string, unknown> = { project: t.project };
  if (r.exitCode !== 0) return withDiagnostics(engine, t, ctx, { checks: [], error: `compose ${verb} failed: ${failureText(r)}${yamlErrorFiles(r.stderr || r.stdout, t.files, t.cwd)}`, observed });
  if (verb === "restart" && input.wait) {
    const w = await waitStep(engine, t, ctx, services);
    if (w.outcome === undefined) return withDiagnostics(engine, t, ctx, { checks: [], error: w.error.replace("compose up", "compose restart"), observed, summary: `compose restart ${t.project}` });
    if (!w.outcome.read) return withDiagnostics(engine, t, ctx, { checks: [], error: w.error, observed, summary: `compose restart ${t.project}` });
    live?.recordStarts(w.outcome.states, "compose restart");
    observed.services = summarizeStates(w.outcome.states);
    observed.waited_ms = w.outcome.waitedMs;
    return withDiagnostics(engine, t, ctx, { checks: [], error: w.error, observed, summary: `compose restart ${t.project}` }, w.outcome.states);
  }
  return { checks: [], observed, summary: `compose ${verb} ${t.project}${services.length ? ` (${services.join(", ")})` : ""}` };
}

async function ps(input: Input, engine: ComposeEngine, t: ComposeTarget, ctx: StepContext): Promise<StepResult> {
  const first = await statesOrError(engine, t, ctx);
  if (typeof first === "string") return { checks: [], error: first, observed: { project: t.project } };
  // A project this run brought up: its containers' restarts since then count against running and healthy.
  const live = findProject(ctx.resources(), t.project);
  const judged = await expectations(engine, t, ctx, input.expect, first, live && ((name, start) => live.restartsWhenUp(name, start)));
  if (typeof judged === "string") return { checks: [], error: judged, observed: { project: t.project } };
  const s = judged.states;
  const wanted = input.services?.length ? s.filter((c) => input.services!.includes(c.service)) : s;
  const details: Detail[] = [{ title: `compose ps (project ${t.project})`, body: formatPs(wanted) }];
  const result: StepResult = {
    checks: judged.checks,
    ...(judged.error ? { error: judged.error } : {}),
    observed: { project: t.project, services: summarizeStates(wanted) },
    details,
    summary: `compose ps ${t.project}: ${wanted.length} container${wanted.length === 1 ? "" : "s"}`,
  };
  if (!result.error && !result.checks.some((c) => !c.ok)) return result;
  const diag = await collectDiagnostics(engine, t, AbortSignal.timeout(DIAGNOSTICS_MS), { states: s, log: ctx.log });
  return { ...result, details: [...details, ...diag.slice(1)] };
}

async function logs(input: Input, engine: ComposeEngine, t: ComposeTarget, ctx: StepContext): Promise<StepResult> {
  const tail = input.tail ?? DEFAULT_TAIL;
  const r = await runCompose(engine, t, ["logs", "--no-color", "--tail", String(tail), ...(input.services ?? [])], { signal: ctx.signal, log: ctx.log });
  if (r.exitCode !== 0) return { checks: [], error: `compose logs failed: ${failureText(r)}`, observed: { project: t.project } };
  const text = logsText(r);
  const lines = text === "" ? 0 : text.split("\n").length;
  return {
    checks: [],
    observed: { project: t.project, lines },
    details: [{ title: `compose logs (last ${tail} lines per service)`, body: text || "(no output)" }],
    summary: `compose logs ${t.project}: ${lines} lines`,
  };
}

/**
 * Before anything runs: the names an `expect` lists that no service of its project's compose files has, where the
 * files say for sure. Those are the step's own `files` and every other step's of the same `project` (the run merges
 * them); a step naming none uses the files of the steps of its project before it. The files they pull in with `include:`
 * count too (servicesOfFiles). Left to the run (unknownExpected): a project known only then (`${…}` a step
 * captures; a captured path is a load error: lib/loader/variables.ts), a project some `up` brings up from compose's default files (no `files`), a step naming no files before any
 * of its project does, and a file not there yet. Files servicesOfFiles cannot read for sure (an include: it cannot
 * follow, a FIFO) are checked neither now nor then.
 */
function unknownExpectedAtStart(inputs: readonly Input[], dir: string): string[] {
  const DEFAULT = "\0run";
  const projectOf = (i: Input) => (i.project === undefined ? DEFAULT : i.project.includes("${") ? undefined : i.project);
  const filesOf = new Map<string, { files: Set<string>; unknown: boolean }>();
  for (const i of inputs) {
    const p = projectOf(i);
    if (p === undefined) continue;
    const entry = filesOf.get(p) ?? { files: new Set<string>(), unknown: false };
    filesOf.set(p, entry);
    if ((i.files ?? []).some((f) => f.includes("${")) || (i.action === "up" && !i.files?.length)) entry.unknown = true;
    for (const f of i.files ?? []) entry.files.add(resolve(dir, f));
  }
  const errors: string[] = [];
  const withFiles = new Set<string>();
  for (const i of inputs) {
    const p = projectOf(i);
    if (p === undefined) continue;
    if (i.files?.length) withFiles.add(p);
    const entry = filesOf.get(p)!;
    if (!i.expect || entry.unknown || !withFiles.has(p)) continue;
    const files = [...entry.files];
    const known = servicesOfFiles(files);
    if (!known) continue;
    const where = `${i.action} step of ${p === DEFAULT ? "the run's own project" : `project ${p}`}`;
    for (const key of ["running", "healthy"] as const) {
      for (const problem of unknownServiceNames(key, i.expect[key] ?? [], known, files, dir)) errors.push(`${where}: ${problem}`);
    }
  }
  return errors;
}

export const step = {
  kind: "compose",
  checks: composeChecks,
  schema,
  describe: describeInput,

  async preflight(inputs, ctx) {
    if (inputs.length === 0) return [];
    const errors = new Set<string>();
    // Project names known before the run are checked now; ones built from captures when the step runs.
    for (const input of inputs) {
      const bad = input.project !== undefined && !input.project.includes("${") ? projectNameError(input.project) : undefined;
      if (bad) errors.add(bad);
    }
    for (const e of unknownExpectedAtStart(inputs, ctx.scenarioDir)) errors.add(e);
    const env = { ...process.env, ...ctx.env };
    const r = await detectEngine(env);
    if ("error" in r) errors.add(r.error);
    else {
      ctx.setInfo("compose engine", engineLabel(r.engine));
      ctx.setInfo("container engine", serverLabel(r.engine, env));
    }
    return [...errors];
  },

  async run(input, ctx) {
    const t = resolveTarget(input, ctx);
    if (typeof t === "string") return { checks: [], error: t };
    const found = await detectEngine(withoutNames({ ...process.env, ...ctx.env }, ctx.unsetEnv));
    if ("error" in found) return { checks: [], error: found.error };
    const engine = found.engine;
    switch (input.action) {
      case "up": return up(input, engine, t, ctx);
      case "down": return down(input, engine, t, ctx);
      case "stop": return simple(input, engine, t, ctx, "stop");
      case "restart": return simple(input, engine, t, ctx, "restart");
      case "ps": return ps(input, engine, t, ctx);
      case "logs": return logs(input, engine, t, ctx);
    }
  },
} satisfies Step<typeof schema>;
