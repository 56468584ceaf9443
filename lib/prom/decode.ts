// Decodes the `data` of a Prometheus-style query answer (vector, matrix, scalar) into the normalised QueryResult.
import { emptyLabels, type Labels, type QueryResult, type Sample, type Series } from "../core/query-result.ts";
import { ApiError } from "./http.ts";
import { actualNumber } from "../expect/matcher.ts";

/**
 * Sample values come as strings: "1", "0.5", "NaN", "+Inf", "-Inf". They are read by the matcher's rule for a number in
 * the data (docs/format.md): decimal as Prometheus writes a sample, or NaN/±Inf. Number() read "" as 0 (`value: 0`
 * passed on it), "0x10" as 16, " 5 " as 5 and "Infinity" as +Inf: an answer holding such a value is no answer to judge.
 */
export function parseSampleValue(v: unknown): number {
  if (typeof v === "number") return v;
  const n = actualNumber(v);
  if (n === undefined) throw new ApiError(`unexpected sample value ${JSON.stringify(v)}: a sample value is a decimal number (as Prometheus writes one), NaN, +Inf or -Inf`);
  return n;
}

/** Timestamps of samples are (fractional) Unix seconds; the result keeps milliseconds. */
function parseSampleTime(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new ApiError(`unexpected sample timestamp ${JSON.stringify(v)}`);
  return Math.round(n * 1000);
}

export function parseLabels(v: unknown, what: string): Labels {
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new ApiError(`unexpected ${what}: ${JSON.stringify(v)}`);
  const out = emptyLabels();
  for (const [k, val] of Object.entries(v)) out[k] = String(val);
  return out;
}

function pair(v: unknown): [unknown, unknown] {
  if (!Array.isArray(v) || v.length < 2) throw new ApiError(`unexpected sample ${v === undefined ? "(none)" : JSON.stringify(v)}: a sample is [unix time, "value"]`);
  return [v[0], v[1]];
}

const HISTOGRAMS = "native histogram samples are not supported; wrap the query in histogram_count(), histogram_sum() or histogram_quantile()";

/** `v` when it is an array; anything else is an unexpected answer. */
export function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ApiError(`unexpected ${what}: ${v === undefined ? "(none)" : JSON.stringify(v).slice(0, 200)} where a list was expected`);
  return v;
}

/** Decodes {resultType, result} for the metric result types both Prometheus and Loki share. */
export function decodeMetricData(data: unknown): QueryResult {
  const d = data as { resultType?: unknown; result?: unknown } | null;
  const type = d?.resultType;
  switch (type) {
    case "vector": {
      const samples: Sample[] = array(d!.result, "vector").map((item) => {
        const s = item as { metric?: unknown; value?: unknown; histogram?: unknown };
        // A sample is a float or a histogram: one holding a histogram (beside a value or not) cannot be checked as a number.
        if (s.histogram !== undefined) throw new ApiError(HISTOGRAMS);
        const [t, v] = pair(s.value);
        return { labels: parseLabels(s.metric ?? {}, "metric"), tsMs: parseSampleTime(t), value: parseSampleValue(v) };
      });
      return { type: "vector", samples };
    }
    case "matrix": {
      const series: Series[] = array(d!.result, "matrix").map((item) => {
        const s = item as { metric?: unknown; values?: unknown; histograms?: unknown };
        // A series whose points change from floats to histograms has both: its histogram points are no numbers to check, and
        // checking its float points alone judged part of the series (a range query then missed points at those steps).
        if (s.histograms !== undefined && !(Array.isArray(s.histograms) && s.histograms.length === 0)) throw new ApiError(HISTOGRAMS);
        const points = array(s.values ?? [], "matrix values").map((p) => {
          const [t, v] = pair(p);
          return { tsMs: parseSampleTime(t), value: parseSampleValue(v) };
        });
        return { labels: parseLabels(s.metric ?? {}, "metric"), points };
      });
      return { type: "matrix", series };
    }
    case "scalar": {
      const [t, v] = pair(d!.result);
      return { type: "scalar", tsMs: parseSampleTime(t), value: parseSampleValue(v) };
    }
    case "string":
      throw new ApiError("the query returned a string; only numeric results (vector, matrix, scalar) can be checked");
    default:
      throw new ApiError(`unexpected result type ${JSON.stringify(type)}`);
  }
}
