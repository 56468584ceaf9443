// The embedded engine answers the LogQL differential's queries the same however its files are read: one pass, or split
// across helper threads with every line's time read and the passed-over lines read in C (line-times.c). The live
// differential (logql-differential.test.ts) holds the one-pass answers to a real Loki; this holds the other paths to them.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { embeddedSupportErrors } from "../lib/logsource/evaluate.ts";
import type { FeedSplitOptions } from "../lib/logsource/scan.ts";
import { setWorkerBudget, WORKER_BUDGET } from "../lib/util/worker-threads.ts";
import { engineAnswer } from "./logql-differential/answers.ts";
import { buildCorpus, writeCorpus } from "./logql-differential/corpus.ts";
import { DIFF_GENERATED, DIFF_SEED, generatedQueries, HAND_WRITTEN } from "./logql-differential/queries.ts";

// The differential's times (see logql-differential.test.ts): a corpus of the last hour, a window around it.
const HOUR_MS = 3600_000;
const BASE_MS = Math.floor((Date.now() - 14 * 60_000) / HOUR_MS) * HOUR_MS + 13 * 60_000;
const SPAN_MS = 10 * 60_000;
const TIMES = { baseMs: BASE_MS, spanMs: SPAN_MS, windowStart: BASE_MS - SPAN_MS - 60_000, windowEnd: BASE_MS + 60_000 };
const corpus = buildCorpus(DIFF_SEED, BASE_MS, SPAN_MS);
const queries = [...HAND_WRITTEN, ...generatedQueries(DIFF_SEED, DIFF_GENERATED)].filter((q) => !embeddedSupportErrors(q.query).length);

/** Every file read with every line's time, in C, cut into ranges of 2 KiB that helper threads pick. */
const SPLIT: FeedSplitOptions = { everyTime: true, nativeTimes: true, minBytes: 0, rangeBytes: 2048, helpersTake: true };

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "logql-scan-paths-"));
  await writeCorpus(corpus, dir);
  setWorkerBudget(2);
});
afterAll(async () => {
  setWorkerBudget(WORKER_BUDGET);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test(`the differential's queries get the same answers from one pass and from the split, timed, C-read scan`, async () => {
  const files = { globs: corpus.globs, dir };
  let answered = 0;
  for (const q of queries) {
    const one = await engineAnswer(q, files, TIMES);
    const split = await engineAnswer(q, files, TIMES, SPLIT);
    if (!("error" in one)) answered++;
    expect({ query: q.query, answer: split }).toEqual({ query: q.query, answer: one });
  }
  // Most queries compare answers, not errors.
  expect(answered).toBeGreaterThan(queries.length * 0.8);
}, 300_000);
