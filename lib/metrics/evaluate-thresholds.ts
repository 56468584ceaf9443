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
    // The name as written: an unnamed step's name in reports (`GET http://…`) is no name a selector can give (the loader refuses it).
    (step === undefined || s.step.id === step || s.writtenName === step));
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
function observe(t: Threshold, steps: readonly StepMetrics[], durationMs: number): { value?: number; samples: number; bodyCut: number; highest?: number } {
  const selected = selectSteps(steps, t);
  const a = aggregateSteps(selected);
  const measured = { ...observeIn(t, a, durationMs), bodyCut: a.body_cut };
  if (a.body_cut === 0 || boundOf(t) !== "lower") return measured;
  // The value were every cut request as long, and its body as large, as can be: with the value to the cut, the two
  // ends of what the true value may be (a min or a median over requests a cut one is slower than is exact).
  const longest = selected.map((s) => ({ ...s, requests: s.requests.map((r) => (r.bodyCut ? { ...r, durationMs: Number.MAX_VALUE, receivedBytes: Number.POSITIVE_INFINITY } : r)) }));
  return { ...measured, highest: observeIn(t, aggregateSteps(longest), durationMs).value };
}

/**
 * What a cut body makes of the observed value: durations and bytes received are to the cut, so a duration's method and
 * a count of bytes received are lower bounds of the true ones; the run too would have lasted longer reading the rest, so
 * a per-second rate of requests or bytes sent is an upper bound, and one of bytes received is neither. Undefined: exact.
 */
function boundOf(t: Threshold): "lower" | "upper" | "unknown" | undefined {
  if (t.metric === "http_req_duration") return "lower";
  if (t.method === "rate" && (t.metric === "http_reqs" || t.metric === "data_sent")) return "upper";
  if (t.metric === "data_received") return t.method === "rate" ? "unknown" : "lower";
  return undefined;
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
    const { value, samples, bodyCut, highest } = observe(t, steps, durationMs);
    const holds = value !== undefined && compare(value, t);
    // A lower bound decides where the highest the value can be gives the same verdict; an upper bound (a rate over a
    // run the cut made shorter) where `<` or `<=` holds or `>` or `>=` fails; any other verdict is not known.
    const bound = bodyCut > 0 && value !== undefined ? boundOf(t) : undefined;
    const above = t.op === ">" || t.op === ">=";
    const below = t.op === "<" || t.op === "<=";
    // Equality is no order: decided only where every value it can be is past the number (`==` fails, `!=` holds).
    const ordered = above || below;
    const lowerDecided = ordered ? highest !== undefined && compare(highest, t) === holds : value !== undefined && t.value < value;
    const decided = bound === undefined || (bound === "lower" && lowerDecided) || (bound === "upper" && (holds ? below : above));
    return {
      key: t.key,
      expression: t.expression,
      metric: t.metric,
      method: t.method,
      ...(t.p !== undefined ? { p: t.p } : {}),
      ok: holds && decided,
      ...(value !== undefined ? { observed: value } : {}),
      samples,
      ...(decided ? {} : { undecided: `${bodyCut} response${bodyCut === 1 ? "'s body was" : "s' bodies were"} cut at the http step's 10 MiB bound and not read to the end`, bound: bound! }),
      ...(t.pos ? { line: t.pos.line, col: t.pos.col } : {}),
    };
  });
}
