// Compares the embedded engine with real Loki 3.4.6 responses (test/fixtures/loki) for the same pushed lines and queries.
import { describe, expect, test } from "bun:test";
import type { QueryResult } from "../core/query-result.ts";
import { LogqlError, type MemoryStream, evaluateStreams } from "./index.ts";
import { lokiFixture } from "../../test/helpers/loki-fixtures.ts";

interface Push {
  streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[];
}

const push = JSON.parse(await lokiFixture("push_request.json")) as Push;

/** The pushed lines as engine streams (structured metadata is not modelled by the embedded engine). */
const streams: MemoryStream[] = push.streams.map((s) => ({
  labels: s.stream,
  entries: s.values.map(([ns, line]) => {
    const n = BigInt(ns);
    return { ms: Number(n / 1_000_000n), sub: Number(n % 1_000_000n), line };
  }),
}));

/** Loki 3 adds service_name, detected_level and structured metadata to labels; the engine does not. */
const LOKI_EXTRAS = ["service_name", "detected_level", "trace_id", "user"];
const strip = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).filter(([k]) => !LOKI_EXTRAS.includes(k)));

async function lokiData(name: string): Promise<{ resultType: string; result: unknown }> {
  return (JSON.parse(await lokiFixture(name)) as { data: { resultType: string; result: unknown } }).data;
}

/** Loki's matrix/vector JSON in the normalised QueryResult shape. */
function normalise(data: { resultType: string; result: unknown }): QueryResult {
  if (data.resultType === "matrix") {
    const result = data.result as { metric: Record<string, string>; values: [number, string][] }[];
    return { type: "matrix", series: result.map((r) => ({ labels: strip(r.metric), points: r.values.map(([t, v]) => ({ tsMs: t * 1000, value: Number(v) })) })) };
  }
  const result = data.result as { metric: Record<string, string>; value: [number, string] }[];
  return { type: "vector", samples: result.map((r) => ({ labels: strip(r.metric), tsMs: Math.round(r.value[0] * 1000), value: Number(r.value[1]) })) };
}

// The captures ran a few seconds after the push (README.txt: S = now-600s, E = now+5s); 1795311381 is such a "now".
const NOW_MS = 1795311381_000;

describe("the embedded engine answers like Loki 3.4.6", () => {
  test("log query: {service=\"api\"} |= \"hello\" (query_range_streams.json)", async () => {
    const data = (await lokiData("query_range_streams.json")) as { result: { stream: Record<string, string>; values: [string, string][] }[] };
    const r = evaluateStreams('{service="api"} |= "hello"', { startMs: NOW_MS - 600_000, endMs: NOW_MS + 5000, limit: 100 }, streams);
    if (r.type !== "streams") throw new Error(r.type);
    const flatten = (xs: { labels: Record<string, string>; entries: [string, string][] }[]) =>
      xs.flatMap((s) => s.entries.map(([ts, line]) => ({ labels: strip(s.labels), ts, line }))).sort((a, b) => (a.ts < b.ts ? 1 : -1));
    const ours = flatten(r.streams.map((s) => ({ labels: s.labels, entries: s.entries.map((e) => [String(e.tsNs), e.line] as [string, string]) })));
    const loki = flatten(data.result.map((s) => ({ labels: s.stream, entries: s.values })));
    expect(ours).toEqual(loki);
    // Within a stream, a backward query lists the newest entry first.
    const info = r.streams.find((s) => s.labels.level === "info")!;
    expect(info.entries.map((e) => e.line)).toEqual(["hello from api #2 user=alice", "hello from api #1"]);
  });

  test("instant vector: sum by (level) (count_over_time({service=\"api\"}[5m])) (query_instant_vector.json)", async () => {
    const data = await lokiData("query_instant_vector.json");
    const expected = normalise(data);
    const at = (expected as { samples: { tsMs: number }[] }).samples[0]!.tsMs;
    const r = evaluateStreams('sum by (level) (count_over_time({service="api"}[5m]))', { startMs: at, endMs: at }, streams);
    expect(r).toEqual(expected);
  });

  test("range query step 60: sum(count_over_time({service=\"api\"}[5m])) (query_range_matrix.json)", async () => {
    // Loki aligns a range query's start down and its end up to multiples of the step: the one point is at
    // 1795311420 although E (now+5s) is earlier.
    const r = evaluateStreams('sum(count_over_time({service="api"}[5m]))', { startMs: NOW_MS - 600_000, endMs: NOW_MS + 5000, stepMs: 60_000 }, streams);
    expect(r).toEqual(normalise(await lokiData("query_range_matrix.json")));
  });

  test("range query step 15: sum by (level) (count_over_time({service=\"api\"}[1m])) (query_range_matrix_by_level_step15.json)", async () => {
    const r = evaluateStreams('sum by (level) (count_over_time({service="api"}[1m]))', { startMs: NOW_MS - 90_000, endMs: NOW_MS, stepMs: 15_000 }, streams);
    expect(r).toEqual(normalise(await lokiData("query_range_matrix_by_level_step15.json")));
  });

  test("scalar: 2*3 (query_instant_scalar.json)", async () => {
    const data = (await lokiData("query_instant_scalar.json")) as unknown as { result: [number, string] };
    const r = evaluateStreams("2*3", { startMs: NOW_MS, endMs: NOW_MS }, streams);
    expect(r).toEqual({ type: "scalar", tsMs: NOW_MS, value: Number(data.result[1]) });
  });

  test("a metric query over lines json cannot parse fails (pipeline_error_400.txt), unless __error__ is filtered", async () => {
    const loki = await lokiFixture("pipeline_error_400.txt");
    const worker: MemoryStream = {
      labels: { corpus: "c1", filename: "logs/worker/worker.jsonl", service: "worker" },
      entries: [
        { ms: NOW_MS - 60_000, line: '{"level":"info","msg":"started"}' },
        { ms: NOW_MS - 30_000, line: '{"msg":"cut short' },
      ],
    };
    const q = 'sum by (level) (count_over_time({service="worker"} | json [50m]))';
    let err: unknown;
    try {
      evaluateStreams(q, { startMs: NOW_MS, endMs: NOW_MS }, [worker]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LogqlError);
    const message = (err as LogqlError).message;
    // Same head as Loki's: the error kind and the offending series with its __error__ labels.
    expect(message.startsWith(loki.slice(0, loki.indexOf("__error_details__")))).toBe(true);
    expect(message).toContain('corpus="c1"');
    expect(message).toContain('__error__!="JSONParserErr"');
    const ok = evaluateStreams('sum by (level) (count_over_time({service="worker"} | json | __error__="" [50m]))', { startMs: NOW_MS, endMs: NOW_MS }, [worker]);
    expect(ok).toEqual({ type: "vector", samples: [{ labels: { level: "info" }, tsMs: NOW_MS, value: 1 }] });
    // With the labels Loki adds at ingestion the series is Loki's to the letter, the line's detected_level too, though
    // `by (level)` leaves the level out of every sample that has no error. (A live Loki 3.4.6 gives this fixture's
    // error details for this cut-short line; the one above gives "Value is string, …" there and here alike.)
    const cut: MemoryStream = { ...worker, entries: [worker.entries[0]!, { ms: NOW_MS - 30_000, line: '{"a":{"b":"c"' }] };
    const series = (text: string) => /for series: '(\{.*\})'/.exec(text)?.[1];
    let ingested = "";
    try {
      evaluateStreams(q, { startMs: NOW_MS, endMs: NOW_MS, ingestLabels: true }, [cut]);
    } catch (e) {
      ingested = (e as LogqlError).message;
    }
    expect(series(ingested)).toBe(series(loki)!);
  });

  test("a syntax error names line and column like Loki (parse_error_400.txt)", async () => {
    const loki = await lokiFixture("parse_error_400.txt");
    let message = "";
    try {
      evaluateStreams('{service="api"', { startMs: 0, endMs: 1 }, []);
    } catch (e) {
      message = (e as Error).message;
    }
    const head = loki.slice(0, loki.indexOf("unexpected"));
    expect(head).toBe("parse error at line 1, col 15: syntax error: ");
    expect(message.startsWith(head + "unexpected end of query")).toBe(true);
    expect(message).toContain('{service="api"\n                ^');
  });
});
