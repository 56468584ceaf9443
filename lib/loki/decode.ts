// Decodes Loki query answers into QueryResult: log streams (plain or categorize-labels encoded) and metric results.
import { array, decodeMetricData, parseLabels } from "../prom/decode.ts";
import { ApiError } from "../prom/http.ts";
import { emptyLabels, type Labels, type LogEntry, type QueryResult, type Stream } from "../core/query-result.ts";

/** Loki entry timestamps are nanosecond epochs as decimal strings. */
function parseNs(v: unknown): bigint {
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw new ApiError(`unexpected log entry timestamp ${JSON.stringify(v)}`);
  return BigInt(v);
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * With the categorize-labels flag, a stream keeps only its indexed labels and each entry carries
 * {structuredMetadata, parsed}. Merging them back gives the same streams as the plain encoding.
 */
function entryLabels(stream: Labels, meta: unknown): Labels {
  if (!meta || typeof meta !== "object") return stream;
  const m = meta as { structuredMetadata?: unknown; parsed?: unknown };
  return Object.assign(
    emptyLabels(),
    stream,
    m.structuredMetadata ? parseLabels(m.structuredMetadata, "structured metadata") : {},
    m.parsed ? parseLabels(m.parsed, "parsed labels") : {},
  );
}

function decodeStreams(result: unknown): Stream[] {
  const byKey = new Map<string, Stream>();
  const out: Stream[] = [];
  for (const item of array(result, "streams result")) {
    const s = item as { stream?: unknown; values?: unknown };
    const base = parseLabels(s.stream ?? {}, "stream labels");
    const values = array(s.values, "stream values");
    for (const v of values) {
      if (!Array.isArray(v) || v.length < 2 || typeof v[1] !== "string") throw new ApiError(`unexpected log entry ${JSON.stringify(v)?.slice(0, 200)}`);
      const labels = entryLabels(base, v[2]);
      const key = labelKey(labels);
      let stream = byKey.get(key);
      if (!stream) {
        stream = { labels, entries: [] };
        byKey.set(key, stream);
        out.push(stream);
      }
      const entry: LogEntry = { tsNs: parseNs(v[0]), line: v[1] };
      stream.entries.push(entry);
    }
    if (values.length === 0) {
      const key = labelKey(base);
      if (!byKey.has(key)) {
        const stream = { labels: base, entries: [] };
        byKey.set(key, stream);
        out.push(stream);
      }
    }
  }
  return out;
}

/** Decodes `data` of /loki/api/v1/query or query_range. */
export function decodeQueryData(data: unknown): QueryResult {
  const d = data as { resultType?: unknown; result?: unknown } | null;
  if (d?.resultType === "streams") return { type: "streams", streams: decodeStreams(d.result) };
  return decodeMetricData(data);
}
