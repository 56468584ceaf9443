// Mangled queries never crash the engine: the load-time check and evaluation only ever report LogqlError messages.
import { expect, test } from "bun:test";
import { LogqlError, embeddedSupportErrors, evaluateStreams } from "./index.ts";

const SEEDS = [
  '{a="b"} |= "x" or "y" | json f="g.h", i | level="error" or status >= 500 | line_format "{{.f}}" | label_format k=f, l="{{.i}}" | drop m, n="o" | keep p | decolorize',
  'sum by (level) (count_over_time({service="api"} | json [5m] offset 1m)) / on(level) group_left sum(rate({a="b"}[1m])) > bool 2',
  'quantile_over_time(0.99, {a="b"}[5m] | json | unwrap duration(latency) | __error__="") by (x)',
  'topk(3, sum without (a) (bytes_rate({a=~"b.*"} |~ "(?i)x" | pattern "<_> <x>" | regexp "(?P<y>.)" [1m])))',
  'label_replace(rate({a="b"}[1m]), "x", "$1", "a", "(.*)") or vector(0)',
  '{a=~"(?U)x"} | line_format `{{ regexReplaceAll "(?U)" .x "" }} {{ count "[" .y }}`',
];
const PIECES = ['"', "`", "'", "{", "}", "(", ")", "[", "]", "|", "=", "~", "!", ",", " ", "a", "1", "5m", "by", "or", "and", "json", "{{", "}}", ".", "\\", "<", ">", "?P<", "(?U)", "(?=", "ip(", "unwrap", "offset", "-", "^", "*"];

test("2000 mangled queries: only LogqlError, never a crash", () => {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const T = Date.UTC(2026, 0, 1);
  const streams = [{ labels: { a: "b", service: "api" }, entries: [{ ms: T - 1000, line: '{"level":"error","latency":"5ms","f":{"g":1}}' }, { ms: T - 2000, line: "x y z" }] }];
  let evaluated = 0;
  for (let i = 0; i < 2000; i++) {
    let q = SEEDS[Math.floor(rand() * SEEDS.length)]!;
    for (let e = 1 + Math.floor(rand() * 3); e > 0; e--) {
      const pos = Math.floor(rand() * (q.length + 1));
      q = rand() < 0.4 ? q.slice(0, pos) + q.slice(pos + 1 + Math.floor(rand() * 3)) : q.slice(0, pos) + PIECES[Math.floor(rand() * PIECES.length)] + q.slice(pos);
    }
    const problems = embeddedSupportErrors(q);
    expect(problems.every((p) => typeof p === "string" && p.length > 0)).toBe(true);
    if (problems.length) continue;
    try {
      evaluateStreams(q, { startMs: T - 3600e3, endMs: T, stepMs: rand() < 0.5 ? 60_000 : undefined }, streams);
      evaluated++;
    } catch (err) {
      if (!(err instanceof LogqlError)) throw new Error(`${JSON.stringify(q)} crashed: ${(err as Error).stack}`);
    }
  }
  expect(evaluated).toBeGreaterThan(50); // the mangling leaves enough valid queries to exercise evaluation
});
