// The end-of-run summary as data: k6's metrics over the whole run and per service. Reporters format it.
import { aggregateSteps, type Aggregate, type StepMetrics } from "./aggregate.ts";
import { trendStats, type TrendStats } from "../util/trend.ts";
import type { Totals } from "../engine/events.ts";
import { addTo } from "../util/group.ts";

export interface MetricsGroup {
  steps: Totals;
  attempts: number;
  checks: { passed: number; failed: number; rate?: number };
  /**
   * `cut`: requests the run's interrupt cut short, in no count here (present when there were some). `bodyCut`: requests
   * whose body was cut at the http step's bound, whose durations and bytes received are to the cut.
   */
  http_reqs: { count: number; rate: number; cut?: number; bodyCut?: number };
  http_req_failed: { failed: number; rate?: number };
  /** Undefined when no request was sent. */
  http_req_duration?: TrendStats;
  data_sent: { bytes: number; rate: number };
  data_received: { bytes: number; rate: number };
}

export interface RunSummary {
  durationMs: number;
  total: MetricsGroup;
  /** Per service, in the order services first appear. */
  services: { service: string; metrics: MetricsGroup }[];
}

/** A metric group from an aggregate; per-second rates over the run's duration. */
function metricsGroup(a: Aggregate, durationMs: number): MetricsGroup {
  const perSecond = (n: number) => (durationMs > 0 ? n / (durationMs / 1000) : 0);
  const checks = a.checks.passed + a.checks.failed;
  return {
    steps: a.steps,
    attempts: a.attempts,
    checks: { ...a.checks, ...(checks > 0 ? { rate: a.checks.passed / checks } : {}) },
    http_reqs: { count: a.http_reqs, rate: perSecond(a.http_reqs), ...(a.http_reqs_cut > 0 ? { cut: a.http_reqs_cut } : {}), ...(a.body_cut > 0 ? { bodyCut: a.body_cut } : {}) },
    http_req_failed: { failed: a.http_req_failed, ...(a.http_reqs > 0 ? { rate: a.http_req_failed / a.http_reqs } : {}) },
    http_req_duration: trendStats(a.durations),
    data_sent: { bytes: a.data_sent, rate: perSecond(a.data_sent) },
    data_received: { bytes: a.data_received, rate: perSecond(a.data_received) },
  };
}

export function summarize(steps: readonly StepMetrics[], durationMs: number): RunSummary {
  const services = new Map<string, StepMetrics[]>();
  for (const s of steps) {
    if (s.step.service === undefined) continue;
    addTo(services, s.step.service, s);
  }
  return {
    durationMs,
    total: metricsGroup(aggregateSteps(steps), durationMs),
    services: [...services].map(([service, list]) => ({ service, metrics: metricsGroup(aggregateSteps(list), durationMs) })),
  };
}
