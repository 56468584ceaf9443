// A byte prefilter may only skip lines that cannot match: every query gives the same answer with it as without it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StreamSink, prepareQuery } from "../logql/engine.ts";
import { feedLogFile, newScanStats } from "./scan.ts";

let dir = "";
const T0 = Date.parse("2024-01-15T10:00:00Z");

/** Tricky lines: escapes, case, unicode, nested and duplicate keys, invalid UTF-8, CRLF, logfmt, U+FFFD. */
const LINES: (string | Buffer)[] = [
  '{"level":"error","msg":"disk full"}',
  '{"level":"ERROR","msg":"upper case"}',
  '{"level":"Error","msg":"title case"}',
  '{"level":"\\u0065rror","msg":"escaped first letter"}',
  '{"level":"err\\u006fr","msg":"escaped inside"}',
  '{"lev\\u0065l":"error","msg":"escaped key"}',
  '{"level":"\\"error\\"","msg":"quoted value"}',
  '{"level":"érror","msg":"unicode lookalike"}',
  '{"level":"error ","msg":"trailing space"}',
  '{"a":{"level":"error"},"msg":"nested"}',
  '{"level":"info","level":"error","msg":"duplicate keys, error last"}',
  '{"level":"error","level":"info","msg":"duplicate keys, info last"}',
  '{"level":"info","msg":"error in the message"}',
  '{"level":"debug","msg":"debug line"}',
  '{"level":"info","msg":"plain"}',
  '{"level":"error","msg":"crlf line"}\r',
  Buffer.concat([Buffer.from('{"level":"error","msg":"bad '), Buffer.from([0xff, 0xc3]), Buffer.from(' bytes"}')]),
  Buffer.concat([Buffer.from('{"level":"'), Buffer.from([0xff]), Buffer.from('","msg":"invalid value"}')]),
  '{"level":"\ufffd","msg":"real replacement char"}',
  Buffer.concat([Buffer.from("level=error msg=\"bad "), Buffer.from([0xe2, 0x82]), Buffer.from('é"')]),
  "level=error msg=logfmt",
  'level="err\\x6fr" msg="logfmt escape"',
  "level=ERROR msg=shout debug",
  "not json, not logfmt: error debug",
  '{"level":"error","msg":"debug\r mid-line CR"}',
  '{"level":"error","msg":"disk full"}',
];

const QUERIES = [
  '{job="x"} | json | level="error"',
  'sum(count_over_time({job="x"} | json | level="error" [1h]))',
  '{job="x"} | json | level="ERROR"',
  '{job="x"} | json | a_level="error"',
  '{job="x"} | json | level="\ufffd"',
  '{job="x"} | json | level="érror"',
  '{job="x"} | logfmt | level="error"',
  '{job="x"} |= "error"',
  '{job="x"} |= "error" or "ERROR"',
  '{job="x"} |~ "error"',
  '{job="x"} != "error"',
  '{job="x"} != "debug" or "plain"',
  '{job="x"} !~ "debug"',
  '{job="x"} != "debug\r"',
  '{job="x"} |= "\ufffd"',
  '{job="x"} != "\ufffd"',
  '{job="x"} |= "é"',
  '{job="x"} != "érror"',
  '{job="x"} |= "rror" != "ERROR" != "debug"',
  '{job="x"} != "debug" | json | level="error"',
  'sum by (level) (count_over_time({job="x"} != "plain" | json | __error__="" [1h]))',
  'sum by (level) (count_over_time({job="x"} != "plain" | json [1h]))',
  'sum(bytes_over_time({job="x"} |= "bad" [1h]))',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "prefilter-eq-"));
  // The lines carry no time: all get the fallback, so the last line is an exact duplicate of the first.
  await writeFile(join(dir, "app.log"), Buffer.concat(LINES.flatMap((l) => [Buffer.from(l), Buffer.from("\n")])));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The query's answer over the file; `prefilter: false` feeds every line (the sink's literals and exclusions hidden). */
async function answer(query: string, prefilter: boolean) {
  const run = prepareQuery(query, { startMs: T0 - 60_000, endMs: T0 + 3_600_000, ingestLabels: true }).start([{ job: "x", filename: "app.log" }]);
  const sink = run.openStream({ job: "x", filename: "app.log" })!;
  const used: StreamSink = prefilter ? sink : { literals: undefined, excluded: undefined, wants: (ms, sub) => sink.wants(ms, sub), push: (...a) => sink.push(...a) };
  await feedLogFile(join(dir, "app.log"), used, { ms: T0, sub: 0 }, newScanStats());
  const prefiltered = sink.literals !== undefined || sink.excluded !== undefined;
  try {
    return { result: run.finish(), prefiltered };
  } catch (err) {
    return { error: (err as Error).message, prefiltered };
  }
}

describe("the byte prefilter changes no answer", () => {
  for (const query of QUERIES) {
    test(query, async () => {
      const filtered = await answer(query, true);
      const unfiltered = await answer(query, false);
      expect(filtered).toEqual({ ...unfiltered, prefiltered: filtered.prefiltered });
    });
  }

  test("most of these queries are prefiltered at all (the comparison tests something)", async () => {
    const used = await Promise.all(QUERIES.map(async (q) => (await answer(q, true)).prefiltered));
    expect(used.filter(Boolean).length).toBeGreaterThanOrEqual(QUERIES.length - 6);
  });
});
