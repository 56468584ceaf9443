// One differential query asked of both sides: the embedded engine over the corpus's files and a real Loki holding the same lines.
import type { QueryResult } from "../../lib/core/query-result.ts";
import type { lokiClient } from "../../lib/loki/client.ts";
import { isLogQuery } from "../../lib/loki/query-kind.ts";
import { queryLogFiles } from "../../lib/logsource/evaluate.ts";
import type { FeedSplitOptions } from "../../lib/logsource/scan.ts";
import type { PushStream } from "../helpers/loki.ts";
import { pollUntil } from "../helpers/poll.ts";
import type { Answer } from "./compare.ts";
import type { DiffQuery } from "./queries.ts";

/** Where the corpus lies in time: log queries read [windowStart, windowEnd); range queries span the spanMs before baseMs. */
export interface Times {
  baseMs: number;
  spanMs: number;
  windowStart: number;
  windowEnd: number;
}

/** The corpus's files as the engine reads them. */
export interface CorpusFiles {
  globs: Record<string, Record<string, string>>;
  dir: string;
}

/** An answer, or the first line of the error the query ended with. */
async function ask(run: () => Promise<QueryResult>): Promise<Answer> {
  try {
    return { result: await run() };
  } catch (err) {
    return { error: (err as Error).message.split("\n")[0]! };
  }
}

/** The options of `q` over the corpus's times: a log query's window, a range query's span and step, an instant query's time. */
function optionsOf(q: DiffQuery, t: Times): { kind: "log"; startMs: number; endMs: number; limit: number; direction: "forward" | "backward" } | { kind: "range"; startMs: number; endMs: number; stepMs: number } | { kind: "instant"; atMs: number } {
  if (isLogQuery(q.query)) return { kind: "log", startMs: t.windowStart, endMs: t.windowEnd, limit: q.limit ?? 100, direction: q.direction ?? "backward" };
  if (q.stepSec !== undefined) return { kind: "range", startMs: t.baseMs - t.spanMs + (q.shiftMs?.[0] ?? 0), endMs: t.baseMs + (q.shiftMs?.[1] ?? 0), stepMs: q.stepSec * 1000 };
  return { kind: "instant", atMs: t.baseMs - (q.atOffsetSec ?? 0) * 1000 };
}

/** Loki's answer to `q`, asked as bothAnswers asks it (the fuzzer asks again where the engine's answer differs). */
export async function lokiAnswer(q: DiffQuery, client: ReturnType<typeof lokiClient>, t: Times): Promise<Answer> {
  const o = optionsOf(q, t);
  if (o.kind === "instant") {
    const answer = await ask(() => client.query(q.query, { timeMs: o.atMs }));
    // A log query lezer-logql cannot parse looks like a metric one (isLogQuery): Loki says so, and is asked for its lines.
    if (!("error" in answer) || !/log queries are not supported as an instant query/.test(answer.error)) return answer;
    return ask(() => client.queryRange(q.query, { startMs: t.windowStart, endMs: t.windowEnd, limit: q.limit ?? 100, direction: q.direction ?? "backward" }));
  }
  if (o.kind === "range") return ask(() => client.queryRange(q.query, { startMs: o.startMs, endMs: o.endMs, stepMs: o.stepMs }));
  return ask(() => client.queryRange(q.query, { startMs: o.startMs, endMs: o.endMs, limit: o.limit, direction: o.direction }));
}

/**
 * The engine's and Loki's answers to `q`: a log query over the window (its limit and direction), a range query at its
 * step over the span, an instant query at baseMs less its offset. `isLog`: whether it is a log query.
 */
export async function bothAnswers(q: DiffQuery, client: ReturnType<typeof lokiClient>, corpus: CorpusFiles, t: Times): Promise<{ engine: Answer; remote: Answer; isLog: boolean }> {
  return { engine: await engineAnswer(q, corpus, t), remote: await lokiAnswer(q, client, t), isLog: optionsOf(q, t).kind === "log" };
}

/** The engine's answer to `q`, asked as bothAnswers asks it; `scan`: how the files are read (the answer must not depend on it). */
export async function engineAnswer(q: DiffQuery, corpus: CorpusFiles, t: Times, scan?: FeedSplitOptions): Promise<Answer> {
  const o = optionsOf(q, t);
  const files = { query: q.query, files: corpus.globs, scenarioDir: corpus.dir, signal: new AbortController().signal, scan };
  const range = o.kind === "instant" ? { startMs: o.atMs, endMs: o.atMs } : o.kind === "range" ? { startMs: o.startMs, endMs: o.endMs, stepMs: o.stepMs } : { startMs: o.startMs, endMs: o.endMs, limit: o.limit, direction: o.direction };
  return ask(async () => (await queryLogFiles({ ...files, ...range })).result);
}

/** Waits until Loki answers with every distinct line pushed (each stream's entries), or throws once `deadline` (epoch ms) passes. */
export async function waitForCorpus(client: ReturnType<typeof lokiClient>, streams: readonly PushStream[], atMs: number, deadline: number): Promise<void> {
  const expected = streams.reduce((n, s) => n + new Set(s.entries.map((e) => `${e.tsNs} ${e.line}`)).size, 0);
  // Not there yet is the probe's error, so the deadline's message says how many lines Loki held.
  const holdsAll = async () => {
    const r = await client.query('sum(count_over_time({env="diff"}[30m]))', { timeMs: atMs });
    const seen = r.type === "vector" ? (r.samples[0]?.value ?? 0) : 0;
    if (seen !== expected) throw new Error(`Loki holds ${seen} of the ${expected} distinct lines pushed`);
    return true;
  };
  await pollUntil("Loki to hold the corpus", holdsAll, deadline, () => undefined, 200);
}
