// Prometheus HTTP API client: readiness, instant and range queries, decoded into QueryResult.
import type { QueryResult } from "../core/query-result.ts";
import { decodeMetricData } from "./decode.ts";
import { ApiError, getData, getText, type HttpOptions, type Refusal } from "./http.ts";

export type PromClientOptions = Omit<HttpOptions, "server"> & { server?: string };

export interface PromClient {
  readonly url: string;
  /** GET /-/ready: resolves with the server's text when it is ready to serve queries. */
  ready(): Promise<string>;
  /** GET /api/v1/query at `timeMs` (default: the server's now). */
  query(query: string, opts?: { timeMs?: number }): Promise<QueryResult>;
  /** GET /api/v1/query_range over startMs..endMs every stepMs. */
  queryRange(query: string, opts: { startMs: number; endMs: number; stepMs: number }): Promise<QueryResult>;
  /** GET /api/v1/series: how many series match any selector over startMs..endMs (at most 1 where the server takes `limit`). */
  seriesCount(match: readonly string[], opts: { startMs: number; endMs: number }): Promise<number>;
  /** GET /api/v1/labels: the label names of the series matching any selector over startMs..endMs. */
  labelNames(match: readonly string[], opts: { startMs: number; endMs: number }): Promise<string[]>;
}

/** Unix seconds, as Prometheus accepts them in `time`, `start` and `end`. */
function promTime(ms: number): string {
  return String(ms / 1000);
}

/**
 * Prometheus refuses a query or parameter it cannot read with 400 `bad_data` (a parse error, a bad time, a range
 * vector asked as a range query, too many points per series). 422 `execution` (an evaluation failed, e.g. many-to-many
 * matching on the series there were), 503 `timeout`/`unavailable` and other 5xx are asked again.
 */
const PROM_QUERY_REFUSAL: Refusal = (status, errorType) => status === 400 && errorType === "bad_data";

export function promClient(options: PromClientOptions): PromClient {
  const http: HttpOptions = { server: "Prometheus", ...options };
  return {
    url: options.url,
    async ready() {
      return (await getText(http, "/-/ready")).text.trim();
    },
    async query(query, opts = {}) {
      const params: [string, string][] = [["query", query]];
      if (opts.timeMs !== undefined) params.push(["time", promTime(opts.timeMs)]);
      return decodeMetricData(await getData(http, "/api/v1/query", params, {}, PROM_QUERY_REFUSAL, true));
    },
    async queryRange(query, opts) {
      const params: [string, string][] = [
        ["query", query],
        ["start", promTime(opts.startMs)],
        ["end", promTime(opts.endMs)],
        ["step", String(opts.stepMs / 1000)],
      ];
      return decodeMetricData(await getData(http, "/api/v1/query_range", params, {}, PROM_QUERY_REFUSAL, true));
    },
    async seriesCount(match, opts) {
      // One is enough to know there is one (`limit`, Prometheus 2.52 on; earlier ones ignore it and list them all).
      const params: [string, string][] = [...match.map((m): [string, string] => ["match[]", m]), ["start", promTime(opts.startMs)], ["end", promTime(opts.endMs)], ["limit", "1"]];
      const data = await getData(http, "/api/v1/series", params, {}, PROM_QUERY_REFUSAL);
      if (!Array.isArray(data)) throw new ApiError(`Prometheus at ${options.url} answered /api/v1/series with something other than a list of series`);
      return data.length;
    },
    async labelNames(match, opts) {
      const params: [string, string][] = [...match.map((m): [string, string] => ["match[]", m]), ["start", promTime(opts.startMs)], ["end", promTime(opts.endMs)]];
      const data = await getData(http, "/api/v1/labels", params, {}, PROM_QUERY_REFUSAL);
      if (!Array.isArray(data) || data.some((n) => typeof n !== "string")) throw new ApiError(`Prometheus at ${options.url} answered /api/v1/labels with something other than a list of names`);
      return data as string[];
    },
  };
}
