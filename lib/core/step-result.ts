// What one attempt of a step observed, and the HTTP samples it sent: the data the engine, metrics and reports read.
import type { Check } from "../expect/matcher.ts";
import type { Detail } from "./detail.ts";

/** What one attempt of a step observed. A failed expectation is data here, never an exception. */
export interface StepResult {
  /** Every evaluated matcher; the attempt passes when there is no `error` and every check is ok. */
  checks: Check[];
  /** The step could not do its work at all (connection refused, bad query, missing binary). */
  error?: string;
  /**
   * No later attempt can change this failure (the server refused the query itself; a check an empty captured value
   * widens, lib/engine/empty-captures.ts): the step is not tried again,
   * whatever its `eventually` or `retries`.
   */
  final?: true;
  /** Variables defined by `capture:` for later steps. */
  captures?: Record<string, string>;
  /** Key observed values for reports ("status": 200, "latency_ms": 12, "count": 3). */
  observed?: Record<string, unknown>;
  /** Longer output for the report's <details> and the log. */
  details?: Detail[];
  /** One line saying what was done, e.g. "GET http://127.0.0.1:8080/health → 200 in 4ms". */
  summary?: string;
  /** Every HTTP request the attempt sent, for the run's summary and thresholds (http steps). */
  http?: HttpSample[];
  /**
   * What the server warned about the answer it gave, its name first ("Loki: results may be incomplete"): a passing step
   * whose answer may be partial says so under the step on the console and in the run log, not only in its details.
   */
  warnings?: string[];
}

/** One HTTP request as the summary counts it (k6's http_reqs, http_req_duration, data_sent/received). */
export interface HttpSample {
  /** Time from sending to the last body byte, in ms (to the error when no response came). */
  durationMs: number;
  /** Undefined when no response came (refused, reset, timed out). */
  status?: number;
  /**
   * Whether the status satisfies the step's `expect.status`, when the step has one: the status the step asks for is an
   * expected response (k6's expectedStatuses), so a demanded 401 is no failed request and an unexpected 200 is one.
   * Undefined without a `status` expectation (k6's default: no response or 400 and above is failed).
   */
  statusExpected?: boolean;
  /** Bytes of the request body. */
  sentBytes: number;
  /** Bytes of the response body (after content decoding). */
  receivedBytes: number;
  /**
   * The run's interrupt (Ctrl-C, SIGTERM) aborted it before its response was complete: the server did not fail it. Left
   * out of http_reqs, http_req_duration, http_req_failed and data (k6 drops the samples of requests its interrupt
   * cuts) and counted apart, as cut short.
   */
  cut?: true;
  /**
   * The response's body was cut at the http step's bound and the rest not read: `durationMs` and `receivedBytes` are
   * lower bounds (to the cut), not the time to the last byte and the body's size.
   */
  bodyCut?: true;
}
