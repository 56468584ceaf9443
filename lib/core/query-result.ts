// The result of a LogQL or PromQL query, normalised: what Loki, Prometheus and the embedded engine all return.

export type Labels = Record<string, string>;

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
  | { type: "streams"; streams: Stream[] }
  | { type: "vector"; samples: Sample[] }
  | { type: "matrix"; series: Series[] }
  | { type: "scalar"; tsMs: number; value: number };
