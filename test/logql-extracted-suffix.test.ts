// Parsed labels whose answer Loki 3.4.6 gives in a way of its own, which the embedded engine refuses rather than guess: a
// parsed key that is a stream label of some streams and not of others (Loki names it alike on all of them, `level` or
// `level_extracted`, by the stream it reads first; answered where a later stage removes both names before the answer),
// and a JSON key that is empty once sanitised (a label with no name).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QueryResult } from "../lib/core/query-result.ts";
import { lokiClient } from "../lib/loki/client.ts";
import { queryLogFiles } from "../lib/logsource/evaluate.ts";
import { type Answer, difference } from "./logql-differential/compare.ts";
import { describeWithLoki, LOKI_START_TIMEOUT_MS, sharedLoki, type SharedLoki } from "./helpers/loki.ts";

const RUN = `suffix-${crypto.randomUUID().slice(0, 8)}`;
const NOW_MS = Date.now();
const LINES = {
  api: { labels: { run: RUN, app: "api", level: "info" }, line: JSON.stringify({ ts: new Date(NOW_MS - 120_000).toISOString(), level: "error", msg: "a" }), ms: NOW_MS - 120_000 },
  web: { labels: { run: RUN, app: "web" }, line: JSON.stringify({ ts: new Date(NOW_MS - 60_000).toISOString(), level: "error", msg: "b" }), ms: NOW_MS - 60_000 },
  empty: { labels: { run: RUN, app: "empty" }, line: JSON.stringify({ ts: new Date(NOW_MS - 50_000).toISOString(), "": "no name", x: "1" }), ms: NOW_MS - 50_000 },
  blank: { labels: { run: RUN, app: "blank" }, line: JSON.stringify({ ts: new Date(NOW_MS - 40_000).toISOString(), " ": "no name", x: "1" }), ms: NOW_MS - 40_000 },
};
const QUERY = `sum by (app, level, level_extracted) (count_over_time({run="${RUN}", app=~"api|web"} | json [10m]))`;
/**
 * Pairs of streams alike but for a `level` stream label on one, both lines holding a logfmt `level`. Loki 3.4.6 reads a
 * pair's streams in the order of their labels' hashes, so the labels are fixed (no run id): pair 0 is read labelled
 * stream first, pair 3 the other first (measured; the test asks Loki which, and needs one pair of each order). Both lines
 * of a pair carry one time, so no split of the query's window by the hour parts them.
 */
const PAIRS = ["0", "3"].map((pair) => ({
  pair,
  ms: NOW_MS - 30_000,
  labelled: { suffix_pair: pair, level: "warn" },
  plain: { suffix_pair: pair },
}));

describeWithLoki("a parsed key that is a stream label of only some streams", () => {
  let loki: SharedLoki;
  let dir = "";

  beforeAll(async () => {
    loki = await sharedLoki();
    await loki.push(Object.values(LINES).map((s) => ({ labels: s.labels, entries: [{ tsNs: BigInt(s.ms) * 1_000_000n, line: s.line }] })));
    await loki.push(
      PAIRS.flatMap((p) => [
        { labels: p.labelled, entries: [{ tsNs: BigInt(p.ms) * 1_000_000n, line: "level=info id=1" }] },
        { labels: p.plain, entries: [{ tsNs: BigInt(p.ms) * 1_000_000n, line: "level=debug id=2" }] },
      ]),
    );
    dir = await mkdtemp(join(tmpdir(), "extracted-suffix-"));
    await mkdir(join(dir, "logs"));
    for (const [name, s] of Object.entries(LINES)) await writeFile(join(dir, "logs", `${name}.log`), `${s.line}\n`);
    for (const p of PAIRS) {
      await writeFile(join(dir, "logs", `pair-${p.pair}-labelled.log`), `ts=${new Date(p.ms).toISOString()} level=info id=1\n`);
      await writeFile(join(dir, "logs", `pair-${p.pair}-plain.log`), `ts=${new Date(p.ms).toISOString()} level=debug id=2\n`);
    }
  }, LOKI_START_TIMEOUT_MS);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("Loki names it alike on every stream; the embedded engine refuses, saying why", async () => {
    const client = lokiClient({ url: loki.url });
    const answer = await client.query(QUERY, { timeMs: NOW_MS });
    const samples = answer.type === "vector" ? answer.samples : [];
    expect(samples).toHaveLength(2);
    // Both streams' parsed level under one name: api's stream label overwritten by it, or both suffixed.
    const names = samples.map((s) => ("level_extracted" in s.labels ? "level_extracted" : "level"));
    expect(new Set(names).size).toBe(1);

    const run = engine(dir);
    await expect(run(QUERY)).rejects.toThrow(`a parser sets "level" on streams that carry a stream label "level" and on streams that do not`);
    // One kind of stream, or the key under another name: answered.
    expect((await run(`sum(count_over_time({run="${RUN}", app="web"} | json [10m]))`)).result).toMatchObject({ type: "vector", samples: [{ value: 1 }] });
    expect((await run(`sum(count_over_time({run="${RUN}", app=~"api|web"} | json lvl="level" | lvl="error" [10m]))`)).result).toMatchObject({ type: "vector", samples: [{ value: 2 }] });
  });

  test("a later stage that removes both names before the answer (`| keep msg`, `| drop level, level_extracted`) leaves Loki one answer: the engine gives it", async () => {
    const client = lokiClient({ url: loki.url });
    const run = engine(dir);
    const sel = `{run="${RUN}", app=~"api|web"}`;
    const window = { startMs: NOW_MS - 600_000, endMs: NOW_MS, limit: 10 };
    const answer = async (f: () => Promise<QueryResult>): Promise<Answer> => {
      try {
        return { result: await f() };
      } catch (e) {
        return { error: (e as Error).message };
      }
    };
    // The engine's files carry a filename and no service_name or detected_level (ingestLabels: false): the queries leave them out.
    for (const q of [
      `${sel} | json | keep msg`,
      `${sel} | json | keep app, msg`,
      `${sel} | json | drop level, level_extracted, service_name, detected_level, filename`,
      `${sel} | json | drop level_extracted | drop level, service_name, detected_level, filename, ts`,
      `${sel} | json | msg=~"a|b" | line_format "{{.msg}}" | keep app`,
    ]) {
      const lokiAnswer = await answer(() => client.queryRange(q, window));
      expect("result" in lokiAnswer && lokiAnswer.result.type === "streams" && lokiAnswer.result.streams.length).toBe(2);
      const engineAnswer = await answer(async () => (await run(q, true)).result);
      expect([q, difference(engineAnswer, lokiAnswer)]).toEqual([q, undefined]);
    }
    const metric = `count_over_time(${sel} | json | keep app, msg [10m])`;
    const lokiAnswer = await answer(() => client.query(metric, { timeMs: NOW_MS }));
    expect(difference(await answer(async () => (await run(metric)).result), lokiAnswer)).toBeUndefined();

    // Where a stage after the parser shows, reads or tests either name, or a grouping names it, the engine still refuses.
    for (const q of [
      `${sel} | json | keep msg, level`,
      `${sel} | json | drop level`,
      `${sel} | json | drop level="info", level_extracted`,
      `${sel} | json | line_format "{{.level}}" | keep msg`,
      `${sel} | json | level!="x" | keep msg`,
      `sum by (level) (count_over_time(${sel} | json | keep msg [10m]))`,
    ])
      await expect(run(q, !q.startsWith("sum"))).rejects.toThrow(`a parser sets "level" on streams that carry a stream label "level" and on streams that do not`);
  });

  test("a literal the file reader searches for, found after the parser, does not hide the conflict: Loki's answer depends on the stream it reads first, and the engine refuses", async () => {
    const client = lokiClient({ url: loki.url });
    const window = { startMs: NOW_MS - 600_000, endMs: NOW_MS, limit: 10 };
    const ids = async (q: string) => {
      const r = await client.queryRange(q, window);
      // In the order of their id: the order of the streams in Loki's answer is not what is asked about (it changed with the time of the lines).
      return r.type === "streams" ? r.streams.map((x) => x.labels).sort((a, b) => (a.id ?? "").localeCompare(b.id ?? "")) : r;
    };
    const orders = new Set<string>();
    for (const p of PAIRS) {
      const sel = `{suffix_pair="${p.pair}"}`;
      // The labelled stream read first: level_extracted on both lines; the other first: level on both (over the stream label).
      const named = await ids(`${sel} | logfmt | keep id, level, level_extracted`);
      const labelledFirst = Array.isArray(named) && named.every((l) => "level_extracted" in l);
      expect(named).toEqual(labelledFirst ? [{ id: "1", level: "warn", level_extracted: "info" }, { id: "2", level_extracted: "debug" }] : [{ id: "1", level: "info" }, { id: "2", level: "debug" }]);
      orders.add(labelledFirst ? "labelled first" : "plain first");
      // So the answer is one or the other by that order.
      expect(await ids(`${sel} | logfmt | level="info" | keep id`)).toEqual(labelledFirst ? [] : [{ id: "1" }]);
      expect(await ids(`${sel} | logfmt | level_extracted="info" | keep id`)).toEqual(labelledFirst ? [{ id: "1" }] : []);

      // The engine over the same two streams as files (a stage after the parser gives the plain stream a literal, "info",
      // its line lacks): it refuses, as it does without the literal.
      const files = { [`logs/pair-${p.pair}-labelled.log`]: p.labelled, [`logs/pair-${p.pair}-plain.log`]: p.plain };
      const run = (query: string) =>
        queryLogFiles({ query, files, scenarioDir: dir, startMs: window.startMs, endMs: window.endMs, limit: 10, ingestLabels: false, signal: new AbortController().signal });
      for (const q of [`${sel} | logfmt | level="info" | keep id`, `${sel} | logfmt | level_extracted="info" | keep id`, `sum(count_over_time(${sel} | logfmt | level="info" [10m]))`])
        await expect(run(q)).rejects.toThrow(`a parser sets "level" on streams that carry a stream label "level" and on streams that do not`);
    }
    // Both orders were met (a pair's order follows its fixed labels).
    expect([...orders].sort()).toEqual(["labelled first", "plain first"]);
  });

  test("a JSON key empty once sanitised: Loki leaves the series out of a metric query and fails a log query; the engine refuses both, and answers once the label is aggregated away", async () => {
    const client = lokiClient({ url: loki.url });
    const run = engine(dir);
    for (const app of ["empty", "blank"]) {
      const metric = `count_over_time({run="${RUN}", app="${app}"} | json [10m])`;
      expect(await client.query(metric, { timeMs: NOW_MS })).toMatchObject({ type: "vector", samples: [] });
      await expect(client.queryRange(`{run="${RUN}", app="${app}"} | json`, { startMs: NOW_MS - 600_000, endMs: NOW_MS, limit: 10 })).rejects.toThrow();
      await expect(run(metric)).rejects.toThrow("is a label with no name once sanitised");
      await expect(run(`{run="${RUN}", app="${app}"} | json`, true)).rejects.toThrow("is a label with no name once sanitised");
      const summed = `sum by (x) (count_over_time({run="${RUN}", app="${app}"} | json [10m]))`;
      expect((await client.query(summed, { timeMs: NOW_MS })) as unknown).toMatchObject({ type: "vector", samples: [{ labels: { x: "1" }, value: 1 }] });
      expect((await run(summed)).result).toMatchObject({ type: "vector", samples: [{ labels: { x: "1" }, value: 1 }] });
    }
  });
});

/** The embedded engine over the test's files, at NOW_MS (a log query: the 10 minutes before it). */
function engine(dir: string) {
  const files = Object.fromEntries(Object.entries(LINES).map(([name, s]) => [join(dir, "logs", `${name}.log`), s.labels]));
  return (query: string, log = false) =>
    queryLogFiles({ query, files, scenarioDir: dir, startMs: log ? NOW_MS - 600_000 : NOW_MS, endMs: NOW_MS, limit: log ? 10 : undefined, ingestLabels: false, signal: new AbortController().signal });
}
