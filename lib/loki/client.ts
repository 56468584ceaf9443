// Loki HTTP API client: ready, labels, label values, series, instant and range queries, decoded into QueryResult.
import { array, parseLabels } from "../prom/decode.ts";
import { getData, getText, type HttpOptions, type Params, type Refusal } from "../prom/http.ts";
import type { Labels, QueryResult } from "../core/query-result.ts";
import { decodeQueryData } from "./decode.ts";

export type LokiClientOptions = Omit<HttpOptions, "server"> & {
  /** Ask Loki to send structured metadata and parsed labels apart from stream labels (merged back when decoding). */
  categorizeLabels?: boolean;
};

export type Direction = "forward" | "backward";

export interface TimeRange {
  startMs?: number;
  endMs?: number;
}

export interface LokiClient {
  readonly url: string;
  /** GET /ready: resolves with Loki's text ("ready") when it can serve queries. */
  ready(): Promise<string>;
  /** GET /loki/api/v1/labels: label names seen in the range (optionally only in streams of `query`). */
  labels(opts?: TimeRange & { query?: string }): Promise<string[]>;
  /** GET /loki/api/v1/label/NAME/values. */
  labelValues(name: string, opts?: TimeRange & { query?: string }): Promise<string[]>;
  /** GET /loki/api/v1/series: the label sets of streams matching any selector. */
  series(match: readonly string[], opts?: TimeRange): Promise<Labels[]>;
  /** GET /loki/api/v1/query: a metric query at one instant (Loki refuses log queries here). */
  query(query: string, opts?: { timeMs?: number; limit?: number; direction?: Direction }): Promise<QueryResult>;
  /** GET /loki/api/v1/query_range: log lines in a window, or a metric query every stepMs over it. */
  queryRange(query: string, opts: { startMs: number; endMs: number; stepMs?: number; limit?: number; direction?: Direction }): Promise<QueryResult>;
}

/** Loki takes nanosecond epochs; whole milliseconds keep them exact. */
export function lokiTime(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

function rangeParams(opts: TimeRange): [string, string][] {
  const p: [string, string][] = [];
  if (opts.startMs !== undefined) p.push(["start", lokiTime(opts.startMs)]);
  if (opts.endMs !== undefined) p.push(["end", lokiTime(opts.endMs)]);
  return p;
}

/** The list in `data`; Loki sends no data when nothing matched. */
function list(data: unknown, what: string): unknown[] {
  return data === null || data === undefined ? [] : array(data, what);
}

/**
 * Loki's query API answers 400 only for what it calls the client's error and not retryable (pkg/util/server/error.go,
 * isClientError): a parse error, a pipeline error, a limit, a log query asked as an instant query, a blocked query. Its
 * body is the message as text. 429, 499, 5xx and 504 (a timeout) are the moment's, and asked again.
 */
const LOKI_QUERY_REFUSAL: Refusal = (status) => status === 400;

export function lokiClient(options: LokiClientOptions): LokiClient {
  const http: HttpOptions = { server: "Loki", ...options };
  const extra: Record<string, string> = options.categorizeLabels ? { "X-Loki-Response-Encoding-Flags": "categorize-labels" } : {};
  /** `answer`: a query's, which has data (getData). */
  const data = (path: string, params: Params, refusal?: Refusal, answer = false) => getData(http, path, params, extra, refusal, answer);
  return {
    url: options.url,
    async ready() {
      return (await getText(http, "/ready")).text.trim();
    },
    async labels(opts = {}) {
      const params = rangeParams(opts);
      if (opts.query) params.push(["query", opts.query]);
      return list(await data("/loki/api/v1/labels", params), "label names").map(String);
    },
    async labelValues(name, opts = {}) {
      const params = rangeParams(opts);
      if (opts.query) params.push(["query", opts.query]);
      return list(await data(`/loki/api/v1/label/${encodeURIComponent(name)}/values`, params), "label values").map(String);
    },
    async series(match, opts = {}) {
      const params: [string, string][] = match.map((m) => ["match[]", m]);
      params.push(...rangeParams(opts));
      return list(await data("/loki/api/v1/series", params), "series").map((s) => parseLabels(s, "series labels"));
    },
    async query(query, opts = {}) {
      const params: [string, string][] = [["query", query]];
      if (opts.timeMs !== undefined) params.push(["time", lokiTime(opts.timeMs)]);
      if (opts.limit !== undefined) params.push(["limit", String(opts.limit)]);
      if (opts.direction) params.push(["direction", opts.direction]);
      return decodeQueryData(await data("/loki/api/v1/query", params, LOKI_QUERY_REFUSAL, true));
    },
    async queryRange(query, opts) {
      const params: [string, string][] = [["query", query], ...rangeParams(opts)];
      if (opts.stepMs !== undefined) params.push(["step", String(opts.stepMs / 1000)]);
      if (opts.limit !== undefined) params.push(["limit", String(opts.limit)]);
      if (opts.direction) params.push(["direction", opts.direction]);
      return decodeQueryData(await data("/loki/api/v1/query_range", params, LOKI_QUERY_REFUSAL, true));
    },
  };
}
