// One step to its final status: attempts under its retry policy (eventually, retries or once), hold, captures, diagnostics.
import { captureNames } from "../vars/captures.ts";
import type { StepSpec } from "./spec.ts";
import type { StepResult } from "../core/step-result.ts";
import type { StepStatus } from "./events.ts";
import { eventuallyIntervalMs, eventuallyPolicy, ONCE, retriesPolicy, type RetryPolicy } from "./retry.ts";
import { sleep } from "../util/sleep.ts";
import { formatDuration } from "../core/units/duration.ts";
import { checkCounts, type StepMetrics } from "../metrics/aggregate.ts";
import { attemptOnce, capturesSecret, stepLookup, uncaptured, type Attempt, type HeldLog } from "./attempt.ts";
import { clipAfter } from "../util/clip.ts";
import { showValue } from "../core/show-value.ts";
import { keepCaptures, maskCapturedSecrets } from "./captures.ts";
import { collectDiagnostics } from "./resources.ts";
import { passed, stepInfo, stepName, type RunState } from "./run-state.ts";
import { STOPPED_BEFORE_FINISHING } from "../core/abort-text.ts";

/** An attempt gets at least this long even when the `eventually` deadline is nearer. */
const MIN_ATTEMPT_MS = 1000;

function retryPolicy(run: RunState, spec: StepSpec): RetryPolicy {
  if (spec.eventually) return eventuallyPolicy(spec.eventually, performance.now());
  if (spec.retries !== undefined) return retriesPolicy(spec.retries, run.scenario.defaults.intervalMs);
  return ONCE;
}

/** Runs a step with its retry policy and hold; returns the final status. */
export async function runStep(run: RunState, spec: StepSpec, outer: AbortSignal): Promise<StepStatus> {
  const { scenario } = run;
  const si = stepInfo(spec, stepName(run, spec));
  run.emit({ type: "step-start", step: si });
  const started = performance.now();
  const policy = retryPolicy(run, spec);
  // `sleep: 60s` sleeps 60 s: the default timeout (30 s) would fail it; its own `timeout:` still applies.
  const timeoutMs = spec.timeoutMs ?? (spec.impl.ownDuration ? Infinity : scenario.defaults.timeoutMs);
  const pollMs = spec.eventually ? eventuallyIntervalMs(spec.eventually) : scenario.defaults.intervalMs;
  let attempt = 0;
  let last: StepResult = { checks: [] };
  /** Whether the last attempt was stopped by a deadline eventually cut short (deadlineNote), and the attempt before it. */
  let lastCut = false;
  let before: Attempt | undefined;
  let previous: Attempt | undefined;
  let holdSince: number | undefined;
  /** The last hold a failure broke: how far into it, and at which attempt (its failure said only "Failed after N attempts"). */
  let holdBroken: { afterMs: number; attempt: number } | undefined;
  // What the thresholds read: only measured when the scenario has some (nothing else reads run.metrics).
  const measured: StepMetrics | undefined = scenario.thresholds?.length ? { step: si, writtenName: spec.name, attempts: 0, requests: [], checks: { passed: 0, failed: 0 } } : undefined;
  if (measured) run.metrics.push(measured);
  const holdsLog = capturesSecret(run, spec);
  /** The interrupt came during the pause between two attempts: the last one had ended, failed, and said nothing of it. */
  let betweenAttempts = false;
  for (;;) {
    attempt++;
    run.emit({ type: "attempt-start", step: si, attempt });
    const t0 = performance.now();
    // Held (it passed, and is asked again until the hold is over, past eventually's deadline too): each attempt gets the
    // step's own timeout. Cut to what was left of eventually, a slow and steady service failed at 1 s once the deadline
    // had passed, a failure adding eventually had made.
    const remaining = holdSince !== undefined ? Infinity : policy.remaining(t0);
    const attemptTimeout = Math.max(1, Math.min(timeoutMs, remaining === Infinity ? timeoutMs : Math.max(remaining, MIN_ATTEMPT_MS)));
    // A deadline that is not the step's timeout says where it comes from: "timed out after 1.00s" named a number the
    // scenario nowhere wrote.
    const deadlineNote = attemptTimeout === timeoutMs || !spec.eventually
      ? undefined
      : remaining < MIN_ATTEMPT_MS
        ? `each attempt gets at least 1 s, even with less of eventually's ${formatDuration(spec.eventually.timeoutMs)} left`
        : `what was left of eventually's ${formatDuration(spec.eventually.timeoutMs)}`;
    const held: HeldLog | undefined = holdsLog ? { lines: [], open: true } : undefined;
    const tried = await attemptOnce(run, spec, attempt, attemptTimeout, outer, held, deadlineNote);
    before = previous;
    previous = tried;
    last = tried.result;
    lastCut = tried.timedOut && deadlineNote !== undefined;
    maskCapturedSecrets(run, spec, last);
    if (held) {
      // Masked now that the captured value is known; each line keeps the time it was logged.
      held.open = false;
      for (const [at, line] of held.lines) run.emit({ type: "log", at, line });
    }
    const ok = passed(last);
    if (measured) {
      measured.attempts = attempt;
      if (last.http) for (const sample of last.http) measured.requests.push(sample);
    }
    const durationMs = performance.now() - t0;
    run.emit(!ok && outer.aborted ? { type: "attempt-end", step: si, attempt, ok, interrupted: true, durationMs, result: last } : { type: "attempt-end", step: si, attempt, ok, durationMs, result: last });
    if (outer.aborted) break;
    const now = performance.now();
    if (ok) {
      if (!spec.holdMs) break;
      holdSince ??= now;
      if (now - holdSince >= spec.holdMs) break;
      await sleep(Math.min(pollMs, spec.holdMs - (now - holdSince)), outer);
      // Interrupted during the wait: one more attempt would only be cut short at its start.
      if (outer.aborted) break;
      continue;
    }
    if (holdSince !== undefined) holdBroken = { afterMs: now - holdSince, attempt };
    holdSince = undefined;
    // The server refused the query itself (a parse error): asked again, it answers the same; so does a check an empty
    // captured value widens (the value does not change).
    if (last.final) break;
    // A value the step needs was never captured (its step did not pass): no later attempt can have it.
    if (spec.staticInput === undefined && last.error !== undefined && uncaptured(run, spec, stepLookup(run))) break;
    const wait = policy.next(now);
    if (wait === undefined) break;
    await sleep(wait, outer);
    if (outer.aborted) {
      betweenAttempts = true;
      break;
    }
  }
  const ok = passed(last) && (!spec.holdMs || (holdSince !== undefined && performance.now() - holdSince >= spec.holdMs - 1));
  // The last attempt, cut short by what was left of eventually, got no answer: the failure of the one before it, which
  // did (a server's 503), is said too, where it was in the run log alone.
  if (!ok && lastCut && !outer.aborted && last.error !== undefined && before !== undefined && !before.timedOut && !passed(before.result)) {
    last = { ...last, error: `${last.error}; the attempt before got: ${failureText(before.result)}` };
  }
  if (ok) keepCaptures(run, spec, last);
  // Passed after its hold broke and started over (eventually, retries): the flap is said, not only in the run log.
  if (ok && holdBroken) {
    const flap = `it failed while held (attempt ${holdBroken.attempt}, ${formatDuration(holdBroken.afterMs)} into the hold of ${formatDuration(spec.holdMs!)}); the hold started over and was kept`;
    last = { ...last, warnings: [...(last.warnings ?? []), flap] };
  }
  else for (const name of captureNames(spec.input)) run.missedCaptures.add(name);
  // Still passing when an interrupt ended its hold: stopped, not failed ("did not keep passing" read as a failure).
  if (!ok && spec.holdMs && passed(last)) {
    const heldMs = holdSince === undefined ? 0 : performance.now() - holdSince;
    last = { ...last, error: outer.aborted ? `stopped by Ctrl-C or SIGTERM ${formatDuration(heldMs)} into its hold of ${formatDuration(spec.holdMs)}` : `did not keep passing for ${formatDuration(spec.holdMs)}` };
  }
  else if (!ok && spec.holdMs && holdBroken && !outer.aborted) {
    const more = attempt - holdBroken.attempt;
    const until = spec.eventually ? ` before the eventually deadline (${formatDuration(spec.eventually.timeoutMs)})` : "";
    const retried = more > 0 ? `; the ${more === 1 ? "attempt" : `${more} attempts`} after it did not pass${until}` : "";
    const note = `it passed, then failed while held: attempt ${holdBroken.attempt} failed ${formatDuration(holdBroken.afterMs)} into the hold of ${formatDuration(spec.holdMs)}${retried}`;
    last = { ...last, error: last.error === undefined ? note : `${last.error} (${note})` };
  }
  // Its cause is the interrupt, not the last attempt's failure (a connection refused read as why the step stopped).
  if (betweenAttempts) last = { ...last, error: `${STOPPED_BEFORE_FINISHING} (between attempts; attempt ${attempt} got: ${failureText(last)})` };
  const status: StepStatus = ok ? "passed" : outer.aborted ? "interrupted" : "failed";
  if (!ok) await collectDiagnostics(run, si, last);
  if (measured) {
    measured.status = status;
    // The deciding attempt of an interrupted step was cut short: its checks say nothing about the system.
    measured.checks = status === "interrupted" ? { passed: 0, failed: 0 } : checkCounts(last);
  }
  // A background process that failed on its own since the last step ended: this step carries the warning.
  const ended = run.resources.flatMap((r) => r.endedNotice?.() ?? []);
  if (ended.length > 0) last = { ...last, warnings: [...(last.warnings ?? []), ...ended] };
  run.emit({ type: "step-end", step: si, status, attempts: attempt, durationMs: performance.now() - started, result: last });
  run.totals[status]++;
  return status;
}

/** The most of an earlier attempt's failure said beside the last one's. */
const FAILURE_TEXT_MAX = 300;

/** A failed attempt in one line: its error, or its first failed check as the console shows one (and how many more failed). */
function failureText(result: StepResult): string {
  if (result.error !== undefined) return clipAfter(result.error, FAILURE_TEXT_MAX);
  const failed = result.checks.filter((c) => !c.ok);
  const { path, expected, actual, note } = failed[0]!;
  // As the reports show a value (showValue): a text quoted, a number as it prints (NaN too).
  const shown = showValue(actual);
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed check${failed.length === 2 ? "" : "s"})` : "";
  return `${clipAfter(`${path || "(value)"}: expected ${expected}, actual ${shown}${note === undefined ? "" : ` — ${note}`}`, FAILURE_TEXT_MAX)}${more}`;
}
