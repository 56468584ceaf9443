// `thresholds:` in k6's syntax: metric names with {key:value} selectors, and expressions `method operator number`.
//
// Grammar (k6's, quoted in every error):
//   key        -> metric ( "{" selector ( "," selector )* "}" )?
//   selector   -> ("service" | "tag" | "step") ":" value
//   expression -> method " "* operator " "* number
//   method     -> "avg" | "min" | "max" | "med" | "p(" number ")"      (http_req_duration)
//               | "count" | "rate"                                      (http_reqs, data_sent, data_received)
//               | "rate"                                                (checks, http_req_failed)
//   operator   -> ">" | ">=" | "<=" | "<" | "==" | "===" | "!="
//   number     -> what Go's strconv.ParseFloat reads, as k6 parses it (3e2, .5, -1, 1_000, Infinity: lib/util/go-float.ts)
import { didYouMean } from "../util/did-you-mean.ts";
import { goFloatFailure, parseGoFloat } from "../util/go-float.ts";

export type MetricKind = "trend" | "counter" | "rate";

/** The metrics a threshold may name, with k6's type of each. */
export const METRICS = {
  http_req_duration: "trend",
  http_reqs: "counter",
  http_req_failed: "rate",
  checks: "rate",
  data_sent: "counter",
  data_received: "counter",
} as const satisfies Record<string, MetricKind>;

export type MetricName = keyof typeof METRICS;

/** An expression of each metric, for a message that shows one (an empty list, k6's object form without its own). */
export const EXAMPLE_EXPRESSION: Record<MetricName, string> = {
  http_req_duration: "p(95)<500",
  http_reqs: "count>=10",
  http_req_failed: "rate<0.01",
  checks: "rate>0.99",
  data_sent: "count<1048576",
  data_received: "count<1048576",
};

const METHODS: Record<MetricKind, readonly string[]> = {
  trend: ["avg", "min", "max", "med", "p(N)"],
  counter: ["count", "rate"],
  rate: ["rate"],
};

const SELECTOR_KEYS = ["service", "tag", "step"] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];

/** Longest first, so `<=` is not read as `<`. */
const OPERATORS = ["<=", "<", ">=", ">", "===", "==", "!="] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operators as the messages list them. */
const OPERATOR_LIST = "<, <=, >, >=, ==, ===, !=";

/**
 * The first run of operator characters (spaces between them included): in an expression k6 takes it is the operator
 * alone, as no method or number holds one; `=<`, `<>` or `≤` are mistakes it names (operatorMeant).
 */
const OPERATOR_RUN = /[<>=!≤≥≠](?:\s*[<>=!≤≥≠])*/;

/**
 * The operator a mistyped one likely meant: `=<` → `<=` (and `==<`, `≤`), `=>` → `>=`, `<>`, `=!`, `!==` → `!=` (SQL's
 * and JavaScript's not-equal), a lone `=` → `==`, `<<` → `<`.
 */
function operatorMeant(run: string): Operator {
  const s = run.replace(/\s/g, "").replaceAll("≤", "<=").replaceAll("≥", ">=").replaceAll("≠", "!=");
  if (s.includes("!") || (s.includes("<") && s.includes(">"))) return "!=";
  for (const angle of ["<", ">"] as const) if (s.includes(angle)) return s.includes("=") ? `${angle}=` : angle;
  return "==";
}

export interface ThresholdKey {
  metric: MetricName;
  /** {service:api, tag:us-001, step:chat}: the steps the threshold covers (all of them must match). */
  selector: Partial<Record<SelectorKey, string>>;
}

export interface ThresholdExpression {
  method: "avg" | "min" | "max" | "med" | "p" | "count" | "rate";
  /** The percentile of p(N). */
  p?: number;
  op: Operator;
  value: number;
}

export interface Threshold extends ThresholdKey, ThresholdExpression {
  /** The key as written, e.g. `http_req_duration{service:vllm}`. */
  key: string;
  /** The expression as written, e.g. `p(95)<300`. */
  expression: string;
  /** Its place in its key's list of expressions (the YAML path is `thresholds.KEY[index]`). */
  index: number;
  /**
   * Where the expression is written in the scenario file: set by the loader for a threshold it warns about, and by the
   * engine for every threshold before it reports them.
   */
  pos?: { line: number; col: number };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses `metric` or `metric{key:value,…}`. */
export function parseThresholdKey(input: string): Parsed<ThresholdKey> {
  const brace = input.indexOf("{");
  const name = (brace < 0 ? input : input.slice(0, brace)).trim();
  if (!Object.hasOwn(METRICS, name)) {
    const known = Object.keys(METRICS);
    return { ok: false, error: `threshold ${JSON.stringify(input)}: unknown metric ${JSON.stringify(name)}${didYouMean(name, known)} (metrics: ${known.join(", ")})` };
  }
  const selector: ThresholdKey["selector"] = {};
  if (brace >= 0) {
    if (!input.trimEnd().endsWith("}")) return { ok: false, error: `threshold ${JSON.stringify(input)}: a metric with a selector ends with "}", as in http_req_duration{service:api}` };
    const body = input.trimEnd().slice(brace + 1, -1);
    for (const part of body.split(",")) {
      const colon = part.indexOf(":");
      const k = (colon < 0 ? part : part.slice(0, colon)).trim();
      const v = colon < 0 ? "" : part.slice(colon + 1).trim();
      if (colon < 0 || k === "" || v === "") {
        // A comma separates selectors: a step name that holds one reads as two (`{step:login, then list}`).
        const comma = colon < 0 && selector.step !== undefined ? `; a comma separates selectors, so a step named with one (${JSON.stringify(`${selector.step},${part}`)}) cannot be selected by name: give it an id and write {step:ID}` : "";
        return { ok: false, error: `threshold ${JSON.stringify(input)}: malformed selector ${JSON.stringify(part.trim())}: write key:value, e.g. {service:api} or {tag:us-001}${comma}` };
      }
      if (!(SELECTOR_KEYS as readonly string[]).includes(k)) return { ok: false, error: `threshold ${JSON.stringify(input)}: unknown selector key ${JSON.stringify(k)}${didYouMean(k, SELECTOR_KEYS)} (keys: ${SELECTOR_KEYS.join(", ")})` };
      if (selector[k as SelectorKey] !== undefined) return { ok: false, error: `threshold ${JSON.stringify(input)}: selector key ${JSON.stringify(k)} given twice` };
      selector[k as SelectorKey] = v;
    }
  }
  return { ok: true, value: { metric: name as MetricName, selector } };
}

/** Parses `method operator number` for a metric, checking the method applies to the metric's type. */
export function parseThresholdExpression(input: string, metric: MetricName): Parsed<ThresholdExpression> {
  const fail = (reason: string): Parsed<ThresholdExpression> => ({ ok: false, error: `failed parsing threshold expression ${JSON.stringify(input)}: ${reason}` });
  const run = OPERATOR_RUN.exec(input);
  if (!run) return fail(`no operator (one of ${OPERATORS.join(" ")}), as in "p(95)<500"`);
  const op = OPERATORS.find((o) => o === run[0]);
  if (!op) {
    // `p(95) =< 300` was read as the method "p(95) =" before `<`: "unknown aggregation method", the operator unnamed.
    const squeezed = run[0].replace(/\s/g, "");
    const spaced = OPERATORS.find((o) => o === squeezed);
    if (spaced) return fail(`the operator ${JSON.stringify(run[0])} has a space in it: write ${JSON.stringify(spaced)} (operators: ${OPERATOR_LIST})`);
    return fail(`unknown operator ${JSON.stringify(run[0])} (did you mean ${JSON.stringify(operatorMeant(run[0]))}?) (operators: ${OPERATOR_LIST})`);
  }
  const at = run.index;
  const left = input.slice(0, at).trim();
  const right = input.slice(at + op.length).trim();
  const kind = METRICS[metric];
  let method: ThresholdExpression["method"];
  let p: number | undefined;
  const pm = /^p\((.*)\)$/.exec(left);
  if (pm) {
    // k6 reads N with ParseFloat too; a percentile outside 0..100 (or NaN) it would take is refused here, as it means nothing.
    const n = parseGoFloat(pm[1]!.trim());
    if (n === undefined || !(n >= 0 && n <= 100)) return fail(`malformed percentile ${JSON.stringify(left)}: p(N) takes a number from 0 to 100`);
    method = "p";
    p = n;
  } else if (["avg", "min", "max", "med", "count", "rate"].includes(left)) method = left as ThresholdExpression["method"];
  else return fail(`unknown aggregation method ${JSON.stringify(left)}; ${metric} (a ${kind}) takes ${METHODS[kind].join(", ")}`);
  const allowed = method === "p" ? "p(N)" : method;
  if (!METHODS[kind].includes(allowed)) return fail(`${JSON.stringify(left)} does not apply to ${metric} (a ${kind}): use ${METHODS[kind].join(", ")}`);
  // Any number k6 reads (it calls Go's strconv.ParseFloat): 300, 3e2, .5, -1, 1_000; 0x10, 300ms, 1e400 it refuses, and so does this.
  const number = parseGoFloat(right);
  if (number === undefined) {
    if (goFloatFailure(right) === "value out of range") return fail(`the right-hand side ${JSON.stringify(right)} is out of range for a number (a float64)`);
    const unit = /^([+-]?[\d_.]+(?:[eE][+-]?\d+)?)\s*([a-zA-Z%]+)$/.exec(right);
    const hint = unit ? `: write the number alone (${metric === "http_req_duration" ? "milliseconds" : kind === "rate" ? "a fraction, 0.99 for 99%" : "a plain count"}), as k6 does` : "";
    return fail(`the right-hand side ${JSON.stringify(right)} is not a number${hint}`);
  }
  // k6 takes NaN and then `!=` always passes and every other operator always fails: a threshold that checks nothing.
  if (Number.isNaN(number)) return fail(`the right-hand side ${JSON.stringify(right)} is NaN, which no value equals or orders against: the threshold would check nothing (k6 takes it; this does not)`);
  return { ok: true, value: { method, ...(p !== undefined ? { p } : {}), op, value: number } };
}

/**
 * The values a threshold's method takes on a metric that has samples, and in words: a rate metric's rate is a fraction;
 * every request counts 1 in http_reqs; bytes, durations and per-second rates are never negative. Values are finite:
 * `hi` Infinity means no upper bound. `whole`: a count, which is a whole number.
 */
export function valueRange(t: Pick<Threshold, "metric" | "method" | "p">): { lo: number; hi: number; whole?: true; words: string } {
  if (t.metric === "checks" || t.metric === "http_req_failed") return { lo: 0, hi: 1, words: "a rate is between 0 and 1" };
  if (t.metric === "http_reqs" && t.method === "count") return { lo: 1, hi: Infinity, whole: true, words: "a count with samples is at least 1" };
  if (t.method === "count") return { lo: 0, hi: Infinity, whole: true, words: "a count is never below 0" };
  if (t.method === "rate") return { lo: 0, hi: Infinity, words: "a rate per second is never below 0" };
  return { lo: 0, hi: Infinity, words: `${methodName(t)} of a duration is a finite number of milliseconds, never below 0` };
}

/**
 * Why no run can pass a threshold, or undefined when one can: no value its method takes on samples satisfies it
 * (`rate>1.5` of checks, `count<0`, `p(95)<0`, `count==2.5`), and without samples it fails too ("no samples").
 */
export function neverTrueWhy(t: Pick<Threshold, "metric" | "method" | "p" | "op" | "value" | "expression">): string | undefined {
  const { lo, hi, whole, words } = valueRange(t);
  const x = t.value;
  let never: boolean;
  let why = words;
  switch (t.op) {
    case ">": never = x >= hi; break;
    case ">=": never = x > hi || x === Infinity; break;
    case "<": never = x <= lo; break;
    case "<=": never = x < lo; break;
    case "==": case "===":
      never = x < lo || x > hi || x === Infinity;
      if (!never && whole && !Number.isInteger(x)) {
        never = true;
        why = "a count is a whole number";
      }
      break;
    default: never = false;
  }
  if (!never) return undefined;
  // With no upper bound, what no value reaches is infinity itself (`count==Inf`): a count or rate is finite, whatever the samples.
  if (x === Infinity && hi === Infinity && (t.method === "count" || t.method === "rate")) why = `a ${t.method === "count" ? "count" : "rate per second"} is never infinite`;
  const empty = why === words && t.metric === "http_reqs" && t.method === "count" ? ", and without samples the threshold fails" : "";
  return `${why}${empty}: ${t.expression} can never hold, so every run would fail on it`;
}

/**
 * Every threshold of a `thresholds:` mapping; errors carry the key and the index of the expression, and `inKey` when
 * the key itself is wrong (an unknown metric, a malformed selector), so that it is reported where the key is written.
 * A value that is no list, and an item that is no string (k6's object form), are passed over: the schema says what
 * they should be, and every other mistake is found with them.
 */
export function parseThresholds(spec: Readonly<Record<string, unknown>>): { thresholds: Threshold[]; errors: { key: string; index?: number; inKey?: boolean; message: string }[] } {
  const thresholds: Threshold[] = [];
  const errors: { key: string; index?: number; inKey?: boolean; message: string }[] = [];
  for (const [key, expressions] of Object.entries(spec)) {
    const k = parseThresholdKey(key);
    if (!k.ok) {
      errors.push({ key, inKey: true, message: k.error });
      continue;
    }
    if (!Array.isArray(expressions)) continue;
    if (expressions.length === 0) errors.push({ key, message: `threshold ${JSON.stringify(key)}: give at least one expression, e.g. [${JSON.stringify(EXAMPLE_EXPRESSION[k.value.metric])}]` });
    expressions.forEach((expression: unknown, index) => {
      if (typeof expression !== "string") return;
      const e = parseThresholdExpression(expression, k.value.metric);
      if (!e.ok) return void errors.push({ key, index, message: e.error });
      const t = { key, expression, index, ...k.value, ...e.value };
      const never = neverTrueWhy(t);
      if (never) errors.push({ key, index, message: `threshold ${key} ${JSON.stringify(expression)}: ${never}` });
      else thresholds.push(t);
    });
  }
  return { thresholds, errors };
}

/** The method as k6 names it: `p(95)`, `avg`, `rate`. */
export function methodName(t: Pick<ThresholdExpression, "method" | "p">): string {
  return t.method === "p" ? `p(${t.p})` : t.method;
}
