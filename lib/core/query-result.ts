// The result of a LogQL or PromQL query, normalised: what Loki, Prometheus and the embedded engine all return.
import { emptyTable, ownValue } from "../util/own.ts";

export type Labels = Record<string, string>;

/** An empty label set with no prototype (lib/util/own.ts): a label may be named `constructor`, `toString` or `__proto__`. */
export function emptyLabels(): Labels {
  return emptyTable<string>();
}

/** A label set of these pairs (no prototype: see emptyLabels). */
export function labelsOf(pairs: Iterable<readonly [string, string]>): Labels {
  const out = emptyLabels();
  for (const [k, v] of pairs) out[k] = v;
  return out;
}

/** The value of label `name`, or undefined when the set has no such label (a member of Object.prototype is none). */
export function labelOf(labels: Labels, name: string): string | undefined {
  return ownValue(labels, name);
}

export interface LogEntry {
  /** Nanoseconds since the epoch, as Loki reports them. */
  tsNs: bigint;
  line: string;
}

export interface Stream {
  labels: Labels;
  entries: LogEntry[];
}

export interface Sample {
  labels: Labels;
  /** Milliseconds since the epoch. */
  tsMs: number;
  value: number;
}

export interface Series {
  labels: Labels;
  points: { tsMs: number; value: number }[];
}

export type QueryResult =
  | {
      type: "streams";
      streams: Stream[];
      /**
       * The embedded engine's only: the time (ns) at which the line limit cut through lines of one timestamp (some
       * returned, others not). Which of those Loki would return is not known, so checks do not count them.
       */
      tiedAtLimit?: bigint;
    }
  | { type: "vector"; samples: Sample[] }
  | { type: "matrix"; series: Series[] }
  | { type: "scalar"; tsMs: number; value: number };
