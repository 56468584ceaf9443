// What a set of steps measured: checks, HTTP requests, durations, bytes, steps and attempts (one k6-style metric group).
import type { StepInfo, StepStatus, Totals } from "../engine/events.ts";
import type { HttpSample, StepResult } from "../core/step-result.ts";

/** One step as the summary and thresholds see it. */
export interface StepMetrics {
  step: StepInfo;
  /**
   * The step's name as written, `${…}` and all: what a `{step:NAME}` selector names (thresholds are taken as written, and
   * the loader checked the selector against this), where `step.name` has its variables filled in.
   */
  writtenName?: string;
  /** Undefined for a step cut short by an interrupt. */
  status?: StepStatus;
  attempts: number;
  /** Every request of every attempt: each one was really sent. */
  requests: HttpSample[];
  /** The checks of the attempt that decided the step (earlier attempts under eventually/retries were polls). */
  checks: { passed: number; failed: number };
}

export interface Aggregate {
  steps: Totals;
  attempts: number;
  checks: { passed: number; failed: number };
  http_reqs: number;
  /** Requests the run's interrupt cut short (HttpSample.cut): in none of the other counts. */
  http_reqs_cut: number;
  /** Requests with no response or a status the step did not expect (400 or more without `expect.status`, k6's default). */
  http_req_failed: number;
  /** Durations of every request, ascending, ms. */
  durations: Float64Array;
  data_sent: number;
  data_received: number;
  /** Requests whose body was cut at the http step's bound (HttpSample.bodyCut): their duration and bytes received are lower bounds. */
  body_cut: number;
}

/**
 * Counts the checks of a step's deciding result. An attempt that ended in an error (no response, a query Loki refused,
 * a hold not kept) with no failed check among its own counts one failed check for the error, as an http iteration
 * without a response does and as k6's check on a failed request fails: a step that could not check is not a check
 * that held.
 */
export function checkCounts(result: StepResult | undefined): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  const checks = result?.checks ?? [];
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!;
    // A check summing up others (Check.counts) counts the checks it stands for.
    if (check.counts) (passed += check.counts.passed, failed += check.counts.failed);
    else if (check.ok) passed++;
    else failed++;
  }
  return { passed, failed: failed === 0 && result?.error !== undefined ? 1 : failed };
}

/**
 * True for a request k6 would count in http_req_failed: no response, or a status its step's `expect.status` does not
 * allow (k6's expectedStatuses); without one, a status of 400 and above (k6's default).
 */
function requestFailed(s: HttpSample): boolean {
  if (s.status === undefined) return true;
  return s.statusExpected === undefined ? s.status >= 400 : !s.statusExpected;
}

/**
 * The durations in ascending order, as `sort((x, y) => x - y)` orders them. A Float64Array sorts numbers natively, without
 * calling a comparator some n·log n times (about 1 ms for 1,000 requests at the end of a run, while that code is cold). It
 * would put -0 before 0 and NaN last, where the comparator leaves them as they come: a list holding either is sorted as before.
 */
function ascending(values: number[]): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || (v === 0 && 1 / v < 0)) return Float64Array.from(values.sort((x, y) => x - y));
  }
  return Float64Array.from(values).sort();
}

/** No durations (a Float64Array of length 0 cannot change). */
const EMPTY = new Float64Array(0);

export function aggregateSteps(steps: readonly StepMetrics[]): Aggregate {
  const durations: number[] = [];
  const a: Aggregate = {
    steps: { passed: 0, failed: 0, skipped: 0, interrupted: 0 },
    attempts: 0,
    checks: { passed: 0, failed: 0 },
    http_reqs: 0,
    http_reqs_cut: 0,
    http_req_failed: 0,
    durations: EMPTY,
    data_sent: 0,
    data_received: 0,
    body_cut: 0,
  };
  // indexed loops: run once a run over every step, mostly before the JIT has compiled them
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.status) a.steps[s.status]++;
    a.attempts += s.attempts;
    a.checks.passed += s.checks.passed;
    a.checks.failed += s.checks.failed;
    const requests = s.requests;
    for (let j = 0; j < requests.length; j++) {
      const r = requests[j]!;
      if (r.cut) {
        a.http_reqs_cut++;
        continue;
      }
      a.http_reqs++;
      if (requestFailed(r)) a.http_req_failed++;
      durations.push(r.durationMs);
      a.data_sent += r.sentBytes;
      a.data_received += r.receivedBytes;
      if (r.bodyCut) a.body_cut++;
    }
  }
  a.durations = durations.length ? ascending(durations) : EMPTY;
  return a;
}
