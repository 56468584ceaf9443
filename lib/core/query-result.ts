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

/**
 * The embedded engine's only: a topk or bottomk that kept some of a group's series of one value and left others out.
 * Loki keeps a group's k best in a heap it feeds in Go map order, so which of them it keeps is not known.
 */
export interface TiedPick {
  op: "topk" | "bottomk";
  k: number;
  /** The instant evaluated (ms). */
  tsMs: number;
  /** The group's labels (its `by`/`without` labels; none without a grouping). */
  group: Labels;
  /** The value they share (NaN: each is NaN). */
  value: number;
  /** The series of that value kept, and those left out. */
  kept: Labels[];
  left: Labels[];
  /** The kept series are the answer's (the topk is the query, or under sort/sort_desc); else the rest of the query stands on them. */
  direct: boolean;
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
  | { type: "vector"; samples: Sample[]; tiedPicks?: TiedPick[] }
  | { type: "matrix"; series: Series[]; tiedPicks?: TiedPick[] }
  | { type: "scalar"; tsMs: number; value: number };
