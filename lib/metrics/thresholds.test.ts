// Table-driven tests of the thresholds parser (keys with selectors, expressions, errors that quote the input).
import { describe, expect, test } from "bun:test";
import { neverTrueWhy, parseThresholdExpression, parseThresholdKey, parseThresholds, type MetricName } from "./thresholds.ts";

describe("parseThresholdKey", () => {
  test.each([
    ["http_req_duration", { metric: "http_req_duration", selector: {} }],
    ["checks{tag:us-001}", { metric: "checks", selector: { tag: "us-001" } }],
    ["http_req_duration{service:vllm}", { metric: "http_req_duration", selector: { service: "vllm" } }],
    ["http_reqs{ service : api , tag:smoke }", { metric: "http_reqs", selector: { service: "api", tag: "smoke" } }],
    ["data_received{step:chat}", { metric: "data_received", selector: { step: "chat" } }],
  ])("%s", (input, want) => {
    expect(parseThresholdKey(input)).toEqual({ ok: true, value: want as never });
  });

  test.each([
    ["http_req_durations", 'threshold "http_req_durations": unknown metric "http_req_durations" (did you mean "http_req_duration"?)'],
    ["iterations", 'unknown metric "iterations"'],
    // Names Object.prototype answers to were taken for metrics, and validate ended in a TypeError.
    ["constructor", 'unknown metric "constructor"'],
    ["toString{tag:a}", 'unknown metric "toString"'],
    ["checks{tag:us-001", 'a metric with a selector ends with "}"'],
    ["checks{tag}", 'malformed selector "tag": write key:value'],
    ["checks{tag:}", 'malformed selector "tag:"'],
    ["checks{step:login, then list}", 'malformed selector "then list": write key:value, e.g. {service:api} or {tag:us-001}; a comma separates selectors, so a step named with one ("login, then list") cannot be selected by name: give it an id and write {step:ID}'],
    ["checks{servce:api}", 'unknown selector key "servce" (did you mean "service"?)'],
    ["checks{tag:a,tag:b}", 'selector key "tag" given twice'],
  ])("%s is an error", (input, message) => {
    const r = parseThresholdKey(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});

describe("parseThresholdExpression", () => {
  test.each([
    ["p(95)<500", "http_req_duration", { method: "p", p: 95, op: "<", value: 500 }],
    ["p(99.9) <= 1000", "http_req_duration", { method: "p", p: 99.9, op: "<=", value: 1000 }],
    ["avg<200", "http_req_duration", { method: "avg", op: "<", value: 200 }],
    ["med >= 1.5", "http_req_duration", { method: "med", op: ">=", value: 1.5 }],
    ["max>0", "http_req_duration", { method: "max", op: ">", value: 0 }],
    ["min!=3", "http_req_duration", { method: "min", op: "!=", value: 3 }],
    ["rate>0.99", "checks", { method: "rate", op: ">", value: 0.99 }],
    ["rate==1", "checks", { method: "rate", op: "==", value: 1 }],
    ["rate===1", "checks", { method: "rate", op: "===", value: 1 }],
    ["count>=10", "http_reqs", { method: "count", op: ">=", value: 10 }],
    ["rate>5", "http_reqs", { method: "rate", op: ">", value: 5 }],
    ["rate<0.01", "http_req_failed", { method: "rate", op: "<", value: 0.01 }],
    ["count<1048576", "data_received", { method: "count", op: "<", value: 1048576 }],
    // Any number k6 reads with Go's strconv.ParseFloat (lib/util/go-float.test.ts has its syntax).
    ["p(95)<3e2", "http_req_duration", { method: "p", p: 95, op: "<", value: 300 }],
    ["max < 1.5e3", "http_req_duration", { method: "max", op: "<", value: 1500 }],
    ["rate<.5", "http_req_failed", { method: "rate", op: "<", value: 0.5 }],
    ["avg<300.", "http_req_duration", { method: "avg", op: "<", value: 300 }],
    ["rate>-1", "checks", { method: "rate", op: ">", value: -1 }],
    ["count>+3", "http_reqs", { method: "count", op: ">", value: 3 }],
    ["count<1_000", "http_reqs", { method: "count", op: "<", value: 1000 }],
    ["count<0x10p0", "http_reqs", { method: "count", op: "<", value: 16 }],
    ["avg<Infinity", "http_req_duration", { method: "avg", op: "<", value: Infinity }],
    ["p(9.95e1)<300", "http_req_duration", { method: "p", p: 99.5, op: "<", value: 300 }],
  ] as const)("%s on %s", (input, metric, want) => {
    expect(parseThresholdExpression(input, metric)).toEqual({ ok: true, value: want as never });
  });

  test.each([
    ["p(95)", "http_req_duration", 'failed parsing threshold expression "p(95)": no operator'],
    ["p95<500", "http_req_duration", 'unknown aggregation method "p95"'],
    ["p(x)<500", "http_req_duration", 'malformed percentile "p(x)"'],
    ["p(101)<500", "http_req_duration", "from 0 to 100"],
    ["p(95)<500ms", "http_req_duration", 'the right-hand side "500ms" is not a number: write the number alone (milliseconds)'],
    ["p(95)<<500", "http_req_duration", 'unknown operator "<<" (did you mean "<"?)'],
    ["rate>99%", "checks", "a fraction, 0.99 for 99%"],
    ["p(95)<500", "checks", '"p(95)" does not apply to checks (a rate): use rate'],
    ["count>1", "checks", '"count" does not apply to checks'],
    ["avg<1", "http_reqs", '"avg" does not apply to http_reqs (a counter): use count, rate'],
    ["rate>0.5", "http_req_duration", '"rate" does not apply to http_req_duration (a trend)'],
    ["<500", "http_req_duration", 'unknown aggregation method ""'],
    // What k6's ParseFloat refuses stays refused.
    ["count<0x10", "http_reqs", 'the right-hand side "0x10" is not a number'],
    ["count<1__0", "http_reqs", 'the right-hand side "1__0" is not a number'],
    ["avg<1e400", "http_req_duration", 'the right-hand side "1e400" is out of range'],
    ["avg<3e2ms", "http_req_duration", 'the right-hand side "3e2ms" is not a number: write the number alone (milliseconds)'],
    ["p(NaN)<300", "http_req_duration", "from 0 to 100"],
    // k6 takes NaN, and then != always passes: refused here, as it checks nothing.
    ["p(95)!=NaN", "http_req_duration", 'the right-hand side "NaN" is NaN'],
    ["avg<nan", "http_req_duration", "the threshold would check nothing"],
    ["p(-1)<300", "http_req_duration", "from 0 to 100"],
  ] as const)("%s on %s is an error", (input, metric, message) => {
    const r = parseThresholdExpression(input, metric);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});

describe("an operator mistyped is named, with the one it likely meant", () => {
  // `p(95) =< 300` read as the method "p(95) =" before "<": "unknown aggregation method", the operator unmentioned.
  const OPS = "(operators: <, <=, >, >=, ==, ===, !=)";
  test.each([
    ["p(95) =< 300", `unknown operator "=<" (did you mean "<="?) ${OPS}`],
    ["p(95)=>300", 'unknown operator "=>" (did you mean ">="?)'],
    ["p(95) ==< 300", 'unknown operator "==<" (did you mean "<="?)'],
    ["p(95) >== 300", 'unknown operator ">==" (did you mean ">="?)'],
    ["p(95) <> 300", 'unknown operator "<>" (did you mean "!="?)'],
    ["p(95) =! 300", 'unknown operator "=!" (did you mean "!="?)'],
    ["p(95) !== 300", 'unknown operator "!==" (did you mean "!="?)'],
    ["p(95) = 300", 'unknown operator "=" (did you mean "=="?)'],
    ["p(95) ≤ 300", 'unknown operator "≤" (did you mean "<="?)'],
    ["p(95) ≥ 300", 'unknown operator "≥" (did you mean ">="?)'],
    ["p(95) ≠ 300", 'unknown operator "≠" (did you mean "!="?)'],
    ["p(95) < = 300", 'the operator "< =" has a space in it: write "<="'],
    ["p(95) ! 300", 'unknown operator "!" (did you mean "!="?)'],
  ])("%s", (input, message) => {
    const r = parseThresholdExpression(input, "http_req_duration");
    expect(r).toEqual({ ok: false, error: `failed parsing threshold expression ${JSON.stringify(input)}: ${message}${message.includes(OPS) ? "" : ` ${OPS}`}` });
  });

  test("an expression with a second operator after the number names the number, not a method", () => {
    expect(parseThresholdExpression("avg>1<2", "http_req_duration")).toEqual({ ok: false, error: 'failed parsing threshold expression "avg>1<2": the right-hand side "1<2" is not a number' });
  });
});

test("parseThresholds keeps every valid threshold and locates every error by key and index", () => {
  const { thresholds, errors } = parseThresholds({
    http_req_duration: ["p(95)<500", "avgg<200"],
    "checks{tag:us-001}": ["rate==1"],
    nope: ["rate>1"],
    http_reqs: [],
  });
  expect(thresholds.map((t) => `${t.key} ${t.expression}`)).toEqual(["http_req_duration p(95)<500", "checks{tag:us-001} rate==1"]);
  expect(errors.map((e) => [e.key, e.index])).toEqual([["http_req_duration", 1], ["nope", undefined], ["http_reqs", undefined]]);
});

describe("a threshold no run can pass is an error (with samples no value satisfies it; without, it fails)", () => {
  const why = (metric: MetricName, expression: string) => {
    const e = parseThresholdExpression(expression, metric);
    if (!e.ok) throw new Error(e.error);
    return neverTrueWhy({ metric, expression, ...e.value });
  };
  test.each([
    ["checks", "rate>1.5", "a rate is between 0 and 1: rate>1.5 can never hold, so every run would fail on it"],
    ["checks", "rate>1", "a rate is between 0 and 1"],
    ["http_req_failed", "rate<0", "a rate is between 0 and 1"],
    ["http_req_failed", "rate==-0.5", "a rate is between 0 and 1"],
    ["checks", "rate>=Infinity", "a rate is between 0 and 1"],
    ["http_reqs", "count<1", "a count with samples is at least 1, and without samples the threshold fails: count<1 can never hold"],
    ["http_reqs", "count==2.5", "a count is a whole number: count==2.5 can never hold"],
    // No count is infinite: the reason was "a count with samples is at least 1, and without samples the threshold fails".
    ["http_reqs", "count==Inf", "a count is never infinite: count==Inf can never hold, so every run would fail on it"],
    ["http_reqs", "count>=+Inf", "a count is never infinite: count>=+Inf can never hold"],
    ["data_received", "count===Infinity", "a count is never infinite: count===Infinity can never hold"],
    ["data_sent", "rate>Inf", "a rate per second is never infinite: rate>Inf can never hold"],
    ["data_received", "count<0", "a count is never below 0"],
    ["data_sent", "rate<=-1", "a rate per second is never below 0"],
    ["http_req_duration", "p(95)<0", "p(95) of a duration is a finite number of milliseconds, never below 0"],
    ["http_req_duration", "max>Infinity", "max of a duration"],
    ["http_req_duration", "avg==Infinity", "avg of a duration"],
  ] as [MetricName, string, string][])("%s %s", (metric, expression, want) => {
    expect(why(metric, expression)).toContain(want);
  });

  test.each([
    ["checks", "rate==1"], ["checks", "rate<=0"], ["checks", "rate>0.99"], ["http_req_failed", "rate!=2"], ["http_reqs", "count==1"],
    ["http_reqs", "count<=1"], ["data_sent", "count==0"], ["data_sent", "rate==0.5"], ["http_req_duration", "min<=0"], ["http_req_duration", "p(99)<Infinity"],
  ] as [MetricName, string][])("%s %s can hold", (metric, expression) => {
    expect(why(metric, expression)).toBeUndefined();
  });

  test("parseThresholds reports it at its key and index and keeps it out of the thresholds", () => {
    const { thresholds, errors } = parseThresholds({ checks: ["rate>0.9", "rate>1.5"] });
    expect(thresholds.map((t) => t.expression)).toEqual(["rate>0.9"]);
    expect(errors).toEqual([{ key: "checks", index: 1, message: 'threshold checks "rate>1.5": a rate is between 0 and 1: rate>1.5 can never hold, so every run would fail on it' }]);
  });
});
