// The sequencer: runs steps in order with deadlines, retries and hold, then teardown and cleanup; emits events.
import type { Scenario, StepSpec } from "../schema/load.ts";
import type { VarScope } from "../vars/scope.ts";
import { secretWarningKey } from "./secrets.ts";
import { interpolate, interpolateDeep } from "../vars/interpolate.ts";
import type { Masker } from "../vars/mask.ts";
import type { Resource } from "../core/resource.ts";
import type { StepResult } from "../core/step-result.ts";
import type { RunOptions, StepContext } from "../steps/types.ts";
import type { RunEvent, RunStatus, StepInfo, StepStatus, Totals } from "./events.ts";
import { eventuallyPolicy, ONCE, retriesPolicy, type RetryPolicy } from "./retry.ts";
import { sleep } from "../util/sleep.ts";
import { formatDuration } from "../core/units/duration.ts";
import { envWithBun } from "./runtime-path.ts";
import { checkCounts, type StepMetrics } from "../metrics/aggregate.ts";
import { evaluateThresholds } from "../metrics/evaluate-thresholds.ts";
import { stepsToRun, type Selection } from "./selection.ts";

export type { Selection } from "./selection.ts";

export interface RunConfig {
  scenario: Scenario;
  scope: VarScope;
  masker: Masker;
  runId: string;
  startedAt: Date;
  emit: (event: RunEvent) => void;
  /** Fires on the first Ctrl-C/SIGTERM: the running step is aborted, the rest skipped, teardown runs. */
  interrupt: AbortSignal;
  /** Fires on the second Ctrl-C: teardown and cleanup are abandoned too. */
  hardStop?: AbortSignal;
  selection?: Selection;
  bail?: boolean;
  options?: RunOptions;
  /** Where the run keeps its live resources (the CLI reads it on a second Ctrl-C); default a list of its own. */
  resources?: Resource[];
  /** Time budget for each resource's cleanup; default 2 minutes. */
  cleanupTimeoutMs?: number;
}

export interface RunOutcome {
  status: RunStatus;
  totals: Totals;
}

function passed(result: StepResult): boolean {
  return result.error === undefined && result.checks.every((c) => c.ok);
}

function info(spec: StepSpec, name: string): StepInfo {
  return { index: spec.index, phase: spec.phase, name, ...(spec.id !== undefined ? { id: spec.id } : {}), kind: spec.kind, service: spec.service, tags: spec.tags, ...(spec.line === undefined ? {} : { line: spec.line }) };
}

class TimeoutError extends Error {}

/** Runs one scenario to the end and reports how it went. Never throws for step failures. */
export async function runScenario(cfg: RunConfig): Promise<RunOutcome> {
  const { scenario, scope, masker } = cfg;
  const emit = (e: RunEvent) => cfg.emit(masker.deep(e));
  const resources: Resource[] = cfg.resources ?? [];
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  const runStart = performance.now();
  const stepName = (spec: StepSpec) => interpolate(spec.name, scope.lookup);
  const lookup = (n: string) => scope.lookup(n);
  /** What each step measured, for the thresholds. */
  const metrics: StepMetrics[] = [];

  for (const name of scenario.secrets) masker.add(scope.lookup(name));

  emit({
    type: "run-start",
    scenario: scenario.name,
    description: scenario.description,
    file: scenario.file,
    runId: cfg.runId,
    startedAt: cfg.startedAt,
    steps: [...scenario.steps, ...scenario.teardown].map((s) => info(s, stepName(s))),
  });

  const makeCtx = (spec: StepSpec, signal: AbortSignal, attempt: number): StepContext => ({
    signal,
    scenarioDir: scenario.dir,
    scenarioName: scenario.name,
    runId: cfg.runId,
    startedAt: cfg.startedAt,
    env: envWithBun(scope.exported()),
    interpolate: (text) => interpolate(text, lookup),
    lookup,
    log: (line) => emit({ type: "log", at: new Date(), line }),
    addResource: (r) => void resources.push(r),
    removeResource: (r) => {
      const i = resources.indexOf(r);
      if (i >= 0) resources.splice(i, 1);
    },
    resources: () => resources,
    setInfo: (key, value) => emit({ type: "info", key, value }),
    attempt,
    options: cfg.options ?? { keepStack: false },
  });

  /** One attempt: interpolate, validate, run under the attempt's deadline and the run's interrupt. */
  async function attemptOnce(spec: StepSpec, attempt: number, timeoutMs: number, outer: AbortSignal): Promise<StepResult> {
    let input: unknown = spec.staticInput;
    if (input === undefined) {
      const parsed = spec.impl.schema.safeParse(interpolateDeep(spec.input, lookup, spec.impl.rawFields ?? []));
      if (!parsed.success) {
        return { checks: [], error: `invalid input after interpolating variables: ${parsed.error.issues.map((i) => `${i.path.join(".") || spec.kind}: ${i.message}`).join("; ")}` };
      }
      input = parsed.data;
    }
    // One controller per attempt, fired by the attempt's deadline or by the outer (run) signal.
    const ctl = new AbortController();
    const signal = ctl.signal;
    const t = setTimeout(() => ctl.abort(new TimeoutError(`timed out after ${formatDuration(timeoutMs)}`)), timeoutMs);
    const onOuter = () => ctl.abort(outer.reason);
    if (outer.aborted) onOuter();
    else outer.addEventListener("abort", onOuter, { once: true });
    const aborted = new Promise<StepResult>((resolve) => {
      const onAbort = () => {
        // Give the step a moment to return its own result (with partial output) before giving up on it.
        setTimeout(() => resolve({ checks: [], error: abortMessage(signal) }), 3000).unref?.();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const result = await Promise.race([spec.impl.run(input, makeCtx(spec, signal, attempt)), aborted]);
      if (signal.aborted && passed(result)) return result;
      if (signal.aborted && result.error === undefined) return { ...result, error: abortMessage(signal) };
      return result;
    } catch (e) {
      if (signal.aborted) return { checks: [], error: abortMessage(signal) };
      const err = e as Error;
      emit({ type: "log", at: new Date(), line: `internal error in ${spec.kind} step: ${err.stack ?? err.message}` });
      return { checks: [], error: `internal error in the ${spec.kind} step: ${err.message}` };
    } finally {
      clearTimeout(t);
      outer.removeEventListener("abort", onOuter);
    }
  }

  function abortMessage(signal: AbortSignal): string {
    const reason = signal.reason;
    if (reason instanceof TimeoutError) return reason.message;
    return "interrupted";
  }

  /** Runs a step with its retry policy and hold; returns the final status. */
  async function runStep(spec: StepSpec, outer: AbortSignal): Promise<StepStatus> {
    const name = stepName(spec);
    const si = info(spec, name);
    emit({ type: "step-start", step: si });
    const started = performance.now();
    const policy: RetryPolicy = spec.eventually
      ? eventuallyPolicy(spec.eventually, scenario.defaults.intervalMs, performance.now())
      : spec.retries !== undefined
        ? retriesPolicy(spec.retries, scenario.defaults.intervalMs)
        : ONCE;
    const timeoutMs = spec.timeoutMs ?? scenario.defaults.timeoutMs;
    const pollMs = spec.eventually?.intervalMs ?? scenario.defaults.intervalMs;
    let attempt = 0;
    let last: StepResult = { checks: [] };
    let holdSince: number | undefined;
    const measured: StepMetrics = { step: si, attempts: 0, requests: [], checks: { passed: 0, failed: 0 } };
    metrics.push(measured);
    for (;;) {
      attempt++;
      emit({ type: "attempt-start", step: si, attempt });
      const t0 = performance.now();
      const remaining = policy.remaining(t0);
      const attemptTimeout = Math.max(1, Math.min(timeoutMs, remaining === Infinity ? timeoutMs : Math.max(remaining, 1000)));
      last = await attemptOnce(spec, attempt, attemptTimeout, outer);
      // A secret captured by this attempt is masked from its own events on; one that cannot be masked is said in the reports.
      for (const [k, v] of Object.entries(last.captures ?? {})) {
        if (!scenario.secrets.includes(k)) continue;
        const reason = masker.add(v);
        if (reason) emit({ type: "info", key: secretWarningKey(k), value: `captured by step "${stepName(spec)}": ${reason}` });
      }
      const ok = passed(last);
      measured.attempts = attempt;
      if (last.http) measured.requests.push(...last.http);
      emit({ type: "attempt-end", step: si, attempt, ok, durationMs: performance.now() - t0, result: last });
      if (outer.aborted) break;
      const now = performance.now();
      if (ok) {
        if (!spec.holdMs) break;
        holdSince ??= now;
        if (now - holdSince >= spec.holdMs) break;
        await sleep(Math.min(pollMs, spec.holdMs - (now - holdSince)), outer);
        continue;
      }
      if (holdSince !== undefined && !spec.eventually && spec.retries === undefined) break;
      holdSince = undefined;
      const wait = policy.next(now);
      if (wait === undefined) break;
      await sleep(wait, outer);
      if (outer.aborted) break;
    }
    const ok = passed(last) && (!spec.holdMs || (holdSince !== undefined && performance.now() - holdSince >= spec.holdMs - 1));
    if (ok && last.captures) {
      for (const [k, v] of Object.entries(last.captures)) scope.capture(k, v);
    }
    if (!ok && spec.holdMs && passed(last)) last = { ...last, error: `did not keep passing for ${formatDuration(spec.holdMs)}` };
    const status: StepStatus = ok ? "passed" : "failed";
    if (!ok) await collectDiagnostics(si, last);
    const reason = !ok && outer.aborted ? "interrupted" : undefined;
    measured.status = status;
    measured.checks = checkCounts(last);
    emit({ type: "step-end", step: si, status, attempts: attempt, durationMs: performance.now() - started, result: last, reason });
    totals[status]++;
    return status;
  }

  /** Diagnostics of every live resource, except blocks the failed step already carries (a failing compose step shows its own `compose ps`). */
  async function collectDiagnostics(si: StepInfo, failed: StepResult): Promise<void> {
    const shown = new Set((failed.details ?? []).map((d) => d.title));
    for (const r of resources) {
      if (!r.diagnostics) continue;
      try {
        const details = (await withTimeout(r.diagnostics(), 30_000)).filter((d) => !shown.has(d.title));
        if (details.length) emit({ type: "diagnostics", step: si, details });
      } catch (e) {
        emit({ type: "log", at: new Date(), line: `diagnostics of ${r.name} failed: ${(e as Error).message}` });
      }
    }
  }

  function skip(spec: StepSpec, reason: string): void {
    emit({ type: "step-end", step: info(spec, stepName(spec)), status: "skipped", attempts: 0, durationMs: 0, reason });
    totals.skipped++;
  }

  // Main steps.
  let failedBefore = false;
  let bailed = false;
  /** Main steps that ran and could fail (a sleep checks nothing): a run without one is never green. */
  let checkedSteps = 0;
  const toRun = stepsToRun(scenario.steps, cfg.selection);
  for (const spec of scenario.steps) {
    if (cfg.interrupt.aborted) {
      skip(spec, "interrupted");
      continue;
    }
    if (!toRun.has(spec)) {
      skip(spec, "not selected");
      continue;
    }
    if (bailed) {
      skip(spec, "--bail after a failure");
      continue;
    }
    if (failedBefore && !spec.always) {
      skip(spec, "an earlier step failed");
      continue;
    }
    const status = await runStep(spec, cfg.interrupt);
    if (spec.kind !== "sleep") checkedSteps++;
    if (status === "failed") {
      if (cfg.bail) bailed = true;
      if (!spec.continueOnFailure) failedBefore = true;
      else if (cfg.bail) failedBefore = true;
    }
  }

  // Teardown always runs, with its own signal: only a second Ctrl-C stops it.
  const teardownSignal = cfg.hardStop ?? new AbortController().signal;
  for (const spec of scenario.teardown) {
    if (teardownSignal.aborted) {
      skip(spec, "interrupted twice");
      continue;
    }
    await runStep(spec, teardownSignal);
  }

  // Then everything the steps left behind, newest first.
  for (const r of [...resources].reverse()) {
    if (r.keep) {
      emit({ type: "log", at: new Date(), line: `kept: ${r.name}` });
      continue;
    }
    if (teardownSignal.aborted) break;
    emit({ type: "log", at: new Date(), line: `cleanup: ${r.name}` });
    try {
      await withTimeout(r.cleanup(), cfg.cleanupTimeoutMs ?? 120_000);
    } catch (e) {
      emit({ type: "log", at: new Date(), line: `cleanup of ${r.name} failed: ${(e as Error).message}` });
    }
  }
  resources.length = 0;

  const durationMs = performance.now() - runStart;
  const thresholds = evaluateThresholds(scenario.thresholds ?? [], metrics, durationMs);
  if (thresholds.length > 0) emit({ type: "thresholds", results: thresholds });
  const crossed = thresholds.some((t) => !t.ok);
  if (!cfg.interrupt.aborted && checkedSteps === 0) emit({ type: "log", at: new Date(), line: "no step that checks anything ran: the run fails" });
  const status: RunStatus = cfg.interrupt.aborted ? "interrupted" : totals.failed > 0 || checkedSteps === 0 || crossed ? "failed" : "passed";
  emit({ type: "run-end", status, durationMs, totals, endedAt: new Date() });
  return { status, totals };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${formatDuration(ms)}`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
