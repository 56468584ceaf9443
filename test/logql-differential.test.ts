// The live differential suite: the same seeded corpus as files (embedded engine) and pushed to a real Loki 3.4.6; every answer must agree.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lokiClient } from "../lib/loki/client.ts";
import { embeddedSupportErrors } from "../lib/logsource/evaluate.ts";
import { bothAnswers, waitForCorpus } from "./logql-differential/answers.ts";
import { difference, sameValuesAnySeries } from "./logql-differential/compare.ts";
import { buildCorpus, pushStreams, writeCorpus } from "./logql-differential/corpus.ts";
import { type DiffQuery, DIFF_GENERATED, DIFF_SEED, HAND_WRITTEN, generatedQueries } from "./logql-differential/queries.ts";
import { describeWithLoki, LOKI_START_TIMEOUT_MS, type RunningLoki, startLoki } from "./helpers/loki.ts";

const SEED = DIFF_SEED;
/**
 * 13 minutes past the start of an hour that began 14 to 74 minutes ago: lines are recent enough for Loki's
 * ingesters to answer without a flush, and the log window below stays inside that hour. Over a window crossing a
 * whole hour, Loki's frontend merges its hourly answers with a priority queue that does not always keep the
 * newest (oldest) `limit` lines; the engine keeps them (a known difference, documented).
 */
const HOUR_MS = 3600_000;
const BASE_MS = Math.floor((Date.now() - 14 * 60_000) / HOUR_MS) * HOUR_MS + 13 * 60_000;
const SPAN_MS = 10 * 60_000;
/** Log queries read [WINDOW_START, WINDOW_END); range queries are evaluated over the same span. */
const WINDOW_START = BASE_MS - SPAN_MS - 60_000;
const WINDOW_END = BASE_MS + 60_000;

const TIMES = { baseMs: BASE_MS, spanMs: SPAN_MS, windowStart: WINDOW_START, windowEnd: WINDOW_END };

const corpus = buildCorpus(SEED, BASE_MS, SPAN_MS);
/** Seeded queries beside the hand-written ones: a fixed number, so that adding a hand-written query drops none of them. */
const GENERATED = DIFF_GENERATED;
const queries: DiffQuery[] = [...HAND_WRITTEN, ...generatedQueries(SEED, GENERATED)];

describeWithLoki("LogQL differential: embedded engine vs a real Loki 3.4.6", () => {
  let loki: RunningLoki;
  let dir = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "logql-differential-"));
    await writeCorpus(corpus, dir);
    loki = await startLoki();
    const streams = pushStreams(corpus);
    await loki.push(streams);
    // Ingestion is synchronous for the ingester, but wait until every stream answers with all its lines.
    await waitForCorpus(lokiClient({ url: loki.url }), streams, WINDOW_END, Date.now() + 60_000);
  }, LOKI_START_TIMEOUT_MS);

  afterAll(async () => {
    await loki?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test(`${queries.length} queries give the same answers`, async () => {
    const client = lokiClient({ url: loki.url });
    const tally = { agree: 0, refused: 0, bothFailed: 0, tiesPicked: 0, differ: 0 };
    const differences: string[] = [];
    for (const q of queries) {
      const refusal = embeddedSupportErrors(q.query)[0];
      if (refusal !== undefined && !refusal.startsWith("parse error")) {
        tally.refused++;
        tally.agree++;
        continue;
      }
      // A query the engine takes for a syntax error must be one for Loki too: Loki is asked, and an answer is a difference.
      const asked = await bothAnswers(q, client, { globs: corpus.globs, dir }, TIMES);
      const { engine, remote, isLog } = refusal === undefined ? asked : { ...asked, engine: { error: refusal.split("\n")[0]! } };
      let diff = difference(engine, remote);
      if (diff !== undefined && /^\s*(topk|bottomk)\b/.test(q.query) && sameValuesAnySeries(engine, remote)) {
        diff = undefined;
        tally.tiesPicked++;
      }
      if (diff === undefined) {
        tally.agree++;
        if ("error" in engine) {
          tally.bothFailed++;
          // DIFF_SHOW_FAILED=1 lists them: a query meant to compare answers that fails on both sides compares nothing.
          if (process.env.DIFF_SHOW_FAILED) console.log(`failed on both: ${q.query}\n    engine: ${engine.error}\n    Loki: ${"error" in remote ? remote.error : ""}`);
        }
      } else {
        tally.differ++;
        const how = q.stepSec !== undefined ? `step ${q.stepSec}s` : isLog ? `limit ${q.limit ?? 100} ${q.direction ?? "backward"}` : `at base-${q.atOffsetSec ?? 0}s`;
        differences.push(`${q.query}  [${how}]\n    ${diff}`);
      }
    }
    console.log(
      `logql differential: ${queries.length} queries, ${tally.agree} agree (${tally.refused} refused at load, ${tally.bothFailed} failed on both, ${tally.tiesPicked} topk/bottomk picking other series of equal value), ${tally.differ} differ`,
    );
    if (differences.length) console.log(differences.join("\n"));
    expect(differences).toEqual([]);
  }, 300_000);
});
