// Evaluates thresholds over the steps' metrics at the end of a run: each result carries the observed value.
import { aggregateSteps, type Aggregate, type StepMetrics } from "./aggregate.ts";
import { percentile } from "../util/trend.ts";
import type { Threshold, ThresholdKey } from "./thresholds.ts";
import type { ThresholdResult } from "./threshold-result.ts";

/** The steps a threshold's selector covers. */
function selectSteps(steps: readonly StepMetrics[], key: ThresholdKey): StepMetrics[] {
  const { service, tag, step } = key.selector;
  return steps.filter((s) =>
    (service === undefined || s.step.service === service) &&
    (tag === undefined || s.step.tags.includes(tag)) &&
    (step === undefined || s.step.id === step || (s.writtenName ?? s.step.name) === step));
}

/** Whether an observed value satisfies a threshold (reporters ask it of the value they show, too). */
export function compare(observed: number, t: Pick<Threshold, "op" | "value">): boolean {
  switch (t.op) {
    case "<": return observed < t.value;
    case "<=": return observed <= t.value;
    case ">": return observed > t.value;
    case ">=": return observed >= t.value;
    case "==": case "===": return observed === t.value;
    case "!=": return observed !== t.value;
  }
}

/**
 * The observed value and its sample count; no samples gives undefined. `lowerBound`: requests whose body was cut make
 * the value a lower bound (durations and bytes received, to the cut).
 */
function observe(t: Threshold, steps: readonly StepMetrics[], durationMs: number): { value?: number; samples: number; lowerBound?: number } {
  const a = aggregateSteps(selectSteps(steps, t));
  const measured = observeIn(t, a, durationMs);
  return a.body_cut > 0 && (t.metric === "http_req_duration" || t.metric === "data_received") ? { ...measured, lowerBound: a.body_cut } : measured;
}

function observeIn(t: Threshold, a: Aggregate, durationMs: number): { value?: number; samples: number } {
  const perSecond = (n: number) => (durationMs > 0 ? n / (durationMs / 1000) : 0);
  switch (t.metric) {
    case "checks": {
      const n = a.checks.passed + a.checks.failed;
      return { value: n ? a.checks.passed / n : undefined, samples: n };
    }
    case "http_req_failed":
      return { value: a.http_reqs ? a.http_req_failed / a.http_reqs : undefined, samples: a.http_reqs };
    case "http_req_duration": {
      const d = a.durations;
      if (d.length === 0) return { samples: 0 };
      const value = t.method === "p" ? percentile(d, t.p!)
        : t.method === "avg" ? d.reduce((x, y) => x + y, 0) / d.length
        : t.method === "min" ? d[0]
        : t.method === "max" ? d.at(-1)
        : percentile(d, 50);
      return { value, samples: d.length };
    }
    case "http_reqs":
    case "data_sent":
    case "data_received": {
      const count = t.metric === "http_reqs" ? a.http_reqs : a[t.metric];
      if (a.http_reqs === 0) return { samples: 0 };
      return { value: t.method === "rate" ? perSecond(count) : count, samples: a.http_reqs };
    }
  }
}

/** Every threshold checked over every step's metrics; a metric with no samples fails (a threshold that checked nothing is not a pass). */
export function evaluateThresholds(thresholds: readonly Threshold[], steps: readonly StepMetrics[], durationMs: number): ThresholdResult[] {
  return thresholds.map((t) => {
    const { value, samples, lowerBound } = observe(t, steps, durationMs);
    const holds = value !== undefined && compare(value, t);
    // Every method (a percentile, avg, min, max, med, a count, a rate) grows with each sample: on a lower bound, `>` and
    // `>=` that hold hold on the true value, and `<`, `<=` that fail fail on it; any other verdict is not known.
    const decided = lowerBound === undefined || value === undefined || (holds ? t.op === ">" || t.op === ">=" : t.op === "<" || t.op === "<=");
    return {
      key: t.key,
      expression: t.expression,
      metric: t.metric,
      method: t.method,
      ...(t.p !== undefined ? { p: t.p } : {}),
      ok: holds && decided,
      ...(value !== undefined ? { observed: value } : {}),
      samples,
      ...(decided ? {} : { undecided: `${lowerBound} response${lowerBound === 1 ? "'s body was" : "s' bodies were"} cut at the http step's 10 MiB bound and not read to the end` }),
    };
  });
}
