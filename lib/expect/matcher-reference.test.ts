// The matcher language against an independent reference written from docs/format.md ("Expectations and matchers") alone:
// seeded random matchers (nested, combined, negated) on random JSON values, through the entry point an http step's
// `json` uses (the body's text parsed, a JSONPath, its matcher), and through the one query steps use on samples (NaN,
// ±Inf). A disagreement is printed with its seed and case; MATCHER_SEEDS=1-500 runs more seeds than the committed one.
import { describe, expect, test } from "bun:test";
import { evaluate } from "./matcher.ts";
import { checkJsonPaths, lazyJson } from "../steps/shared/jsonpath.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../loader/load.ts";
import { InvalidInput } from "../core/invalid-input.ts";
import { builtins } from "../vars/scope.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { seededRandom } from "../../test/helpers/random.ts";

// ---------------------------------------------------------------------------------------------------------------
// Random numbers: the tests' seeded generator, so a seed names one sequence of cases for ever.
function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

// ---------------------------------------------------------------------------------------------------------------
// Values. A JSON body's number beyond 2^53 is kept exact here (BigNum) and written to the body as its digits.
class BigNum {
  constructor(readonly digits: bigint) {}
}
const MISSING = Symbol("missing");
type Val = number | string | boolean | null | BigNum | Val[] | { [k: string]: Val };

const NUMBERS = [0, -0, 1, -1, 5, 200, 404, 1.5, 0.1, 1000, 1e21, 2.5e-7, 1024, 2000, 60000, 3, 10];
const BIGS = [2n ** 53n + 1n, 2n ** 53n, 2n ** 63n - 1n, -(2n ** 53n) - 3n, 12345678901234567890n];
const STRINGS = ["200", "1e3", " 5", "5 ", " 0", "0 ", "0x10", "1.10", "1.1", "NaN", "+Inf", "-Inf", "ok", "OK", "error", "",
  "😀", "é", "e\u0301", "ab", "2s", "10MiB", "7d", "1m", "true", "null", "9007199254740993", "-1", "1000", "a b", "x😀y", "5",
  "007", "+5", ".5", "5.", "0.50", "1e+03", "1_000", ".", "+", "e3", "1e", "-.5e-1", "5..", "1e3e3", "+-5"];
const KEYS = ["a", "b", "status"];

function genValue(r: Rng, depth = 0): Val {
  const k = r.int(depth >= 2 ? 5 : 7);
  switch (k) {
    case 0: return r.pick(NUMBERS);
    case 1: return r.chance(0.3) ? new BigNum(r.pick(BIGS)) : r.pick(NUMBERS);
    case 2: return r.pick(STRINGS);
    case 3: return r.chance(0.5) ? r.pick([true, false]) : null;
    case 4: return r.pick(STRINGS);
    case 5: return Array.from({ length: r.int(4) }, () => genValue(r, depth + 1));
    default: {
      const o: { [k: string]: Val } = {};
      for (let i = r.int(3); i > 0; i--) o[r.pick(KEYS)] = genValue(r, depth + 1);
      return o;
    }
  }
}

function toJsonText(v: Val): string {
  if (v instanceof BigNum) return v.digits.toString();
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(",")}]`;
  if (v !== null && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`).join(",")}}`;
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Matchers, as YAML loads them (numbers are doubles; `.nan` and `.inf` are numbers, `NaN` and `+Inf` strings).
const DURATIONS_SIZES = ["2s", "500ms", "1m", "7d", "1KiB", "10MiB", "10KB", "1m30s"];
const OPERAND_NUMBERS: unknown[] = [...NUMBERS, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 53) - 4, 12345678901234567000, "200", "1e3", "NaN", "+Inf", "-Inf"];
const PATTERNS = ["^ok$", "o", "\\d+", "(?i)ok", "^$", "^\\s*5", "😀", "^.$", "^-?\\d+(\\.\\d+)?$", "e", "null", "^\\[", "a b", "0"];
const TEXTS = ["o", "ok", "😀", "2", "0", "a", "error", "e\u0301", "null", " ", "1.1"];
const TYPES = ["string", "number", "boolean", "object", "array", "null"];

function genNumberOperand(r: Rng): unknown {
  return r.chance(0.2) ? r.pick(DURATIONS_SIZES) : r.pick(OPERAND_NUMBERS);
}

function genLiteral(r: Rng, depth: number): unknown {
  const v = genValue(r, depth + 1);
  // A literal as YAML gives it: a big number is a double there.
  const plain = (x: Val): unknown =>
    x instanceof BigNum ? Number(x.digits) : Array.isArray(x) ? x.map(plain) : x !== null && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, plain(y)])) : x;
  return r.chance(0.15) ? r.pick([Number.NaN, Infinity, -Infinity]) : plain(v);
}

const OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "contains", "not_contains", "matches", "not_matches",
  "exists", "type", "length", "every", "some", "not"] as const;

function genMatcher(r: Rng, depth = 0): unknown {
  if (depth > 3 || r.chance(0.2)) {
    const lit = genLiteral(r, depth);
    // A mapping literal is written {eq: {...}}.
    return lit !== null && typeof lit === "object" && !Array.isArray(lit) ? { eq: lit } : lit;
  }
  const m: Record<string, unknown> = {};
  for (let n = 1 + (r.chance(0.3) ? 1 : 0); n > 0; n--) {
    const op = r.pick(OPS);
    switch (op) {
      case "eq": case "ne": m[op] = r.chance(0.5) ? genLiteral(r, depth) : genNumberOperand(r); break;
      case "gt": case "gte": case "lt": case "lte": m[op] = genNumberOperand(r); break;
      case "between": {
        const a = genNumberOperand(r), b = genNumberOperand(r);
        const [x, y] = [num(a, true), num(b, true)];
        if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) m[op] = [0, 10];
        else m[op] = x <= y ? [a, b] : [b, a];
        break;
      }
      case "in": m[op] = Array.from({ length: 1 + r.int(3) }, () => (r.chance(0.5) ? genLiteral(r, depth) : genNumberOperand(r))); break;
      case "contains": case "not_contains": m[op] = r.chance(0.6) ? r.pick(TEXTS) : genLiteral(r, depth + 1); break;
      case "matches": case "not_matches": m[op] = r.pick(PATTERNS); break;
      case "exists": m[op] = r.pick([true, false]); break;
      case "type": m[op] = r.pick(TYPES); break;
      case "length": m[op] = r.chance(0.5) ? r.int(4) : { [r.pick(["gte", "lte", "eq", "ne", "gt", "lt"])]: r.int(4) }; break;
      default: m[op] = genMatcher(r, depth + 1);
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// The reference, from the docs' words. Its answer is true (passes), false (fails) or undefined: the docs do not decide
// the case (such cases are counted, not compared).
type Verdict = boolean | undefined;
const DECIDE = { undecided: 0 };
class Unknown extends Error {}
const unknown = (): never => {
  throw new Unknown();
};

/**
 * "a text is a number only when written in decimal …: an optional sign, digits with an optional point, an optional
 * exponent" (so "007", "+5", ".5" and "5." are numbers, "." and "e3" are not).
 */
function isDecimalText(v: string): boolean {
  const [mantissa, exponent, ...rest] = v.replace(/^[+-]/, "").split(/[eE]/);
  if (rest.length > 0 || mantissa === undefined || !/\d/.test(mantissa)) return false;
  const [whole, fraction, ...more] = mantissa.split(".");
  if (more.length > 0 || !/^\d*$/.test(whole!) || !/^\d*$/.test(fraction ?? "")) return false;
  return exponent === undefined || /^[+-]?\d+$/.test(exponent);
}
/** "NaN, +Inf and -Inf (as Prometheus and Loki write them, or YAML's .nan and .inf) are numbers too". */
const SPECIAL: Record<string, number> = { NaN: Number.NaN, "+Inf": Infinity, "-Inf": -Infinity };

function durationMs(t: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
  const parts = [...t.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t) return undefined;
  return parts.reduce((s, p) => s + Number(p[1]) * units[p[2]!]!, 0);
}
function sizeBytes(t: string): number | undefined {
  const m = /^(\d+)(B|KB|MB|GB|KiB|MiB|GiB)$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2]!]!;
}

/** A value read as a number: an actual one (numbers and decimal/special texts), or a bound (durations and sizes too). */
function num(v: unknown, bound = false): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof BigNum) return Number(v.digits);
  if (typeof v !== "string") return undefined;
  if (isDecimalText(v)) return Number(v);
  if (v in SPECIAL) return SPECIAL[v];
  if (bound) return durationMs(v) ?? sizeBytes(v);
  return undefined;
}

/** The exact integer an actual value holds when it is beyond 2^53 (a JSON number or a string of digits), else undefined. */
function bigOf(v: unknown): bigint | undefined {
  if (v instanceof BigNum) return v.digits;
  if (typeof v === "string" && /^-?\d{16,}$/.test(v)) {
    const b = BigInt(v);
    if (b >= 2n ** 53n || b <= -(2n ** 53n)) return b;
  }
  return undefined;
}

/**
 * A comparison of an exact big integer with a matcher's number: "compared with a number close enough for the rounding to
 * decide it … fails as undecided". Close: within a few steps of the double grid; far: decided on the exact value; in
 * between the docs do not say.
 */
function bigCompare(b: bigint, e: number): -1 | 0 | 1 {
  if (!Number.isFinite(e)) return e > 0 ? -1 : 1;
  if (Number.isNaN(e)) unknown();
  const ei = Number.isInteger(e) ? BigInt(e) : undefined;
  const ulp = 2n ** BigInt(Math.max(0, Math.floor(Math.log2(Math.abs(Number(b)))) - 52));
  const diff = ei === undefined ? undefined : b - ei;
  const abs = diff === undefined ? undefined : diff < 0n ? -diff : diff;
  if (abs !== undefined && abs <= 4n * ulp) {
    DECIDE.undecided++;
    throw new Undecided();
  }
  if (abs !== undefined && abs < 1000n * ulp) unknown();
  const x = Number(b);
  return x < e ? -1 : x > e ? 1 : unknown();
}
/** A comparison the docs say cannot be decided: the whole check fails. */
class Undecided extends Error {}

function equal(a: unknown, e: unknown): boolean {
  if (a === MISSING) return false;
  const big = bigOf(a);
  if (big !== undefined && (typeof e === "number" || (typeof e === "string" && num(e) !== undefined))) {
    if (typeof a === "string" && typeof e === "string") return a === e;
    return bigCompare(big, num(e)!) === 0;
  }
  if (typeof e === "string" && num(e) === undefined && num(e, true) !== undefined && (typeof a === "number" || a instanceof BigNum)) unknown(); // a duration literal vs a number: the docs speak of bounds only
  if (typeof a === "number" || typeof e === "number" || a instanceof BigNum) {
    const x = num(a), y = num(e);
    if (x === undefined || y === undefined) return false;
    return x === y || (Number.isNaN(x) && Number.isNaN(y));
  }
  if (typeof a === "string" && typeof e === "string") return a === e;
  if (Array.isArray(a) && Array.isArray(e)) return a.length === e.length && a.map((x, i) => equal(x, e[i])).every(Boolean);
  if (isMap(a) && isMap(e)) {
    const ka = Object.keys(a).sort(), ke = Object.keys(e).sort();
    return ka.length === ke.length && ka.map((k, i) => k === ke[i] && equal(a[k], e[k])).every(Boolean);
  }
  return a === e;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof BigNum);

function compareBound(op: string, a: unknown, e: unknown): boolean {
  const y = num(e, true);
  if (y === undefined) unknown();
  const big = bigOf(a);
  if (big !== undefined && typeof a !== "string") {
    if (Number.isNaN(y!)) return false;
    const c = bigCompare(big, y!);
    return op === "gt" ? c > 0 : op === "gte" ? c >= 0 : op === "lt" ? c < 0 : c <= 0;
  }
  if (typeof a === "string" && num(a) === undefined && num(a, true) !== undefined) unknown(); // a duration in the data: see the report
  const x = num(a);
  if (x === undefined) return false;
  if (big !== undefined) bigCompare(big, y!);
  return op === "gt" ? x > y! : op === "gte" ? x >= y! : op === "lt" ? x < y! : x <= y!;
}

function textOf(a: unknown): string {
  if (typeof a === "string") return a;
  // "a number, true, false or null is read as its JSON text … beyond 2^53 such a check cannot be decided"
  if (a instanceof BigNum) throw new Undecided();
  if (typeof a === "boolean" || a === null) return String(a);
  // "as parsed": the plain digits of an ordinary number (the forms of -0, 1e21 and 2.5e-7 are JavaScript's, not the docs')
  if (typeof a === "number" && Number.isFinite(a) && !Object.is(a, -0) && Math.abs(a) < 1e21 && (a === 0 || Math.abs(a) >= 1e-6)) return String(a);
  return unknown(); // "as text": the docs do not say how a list or a mapping is written as text
}

function regex(p: string): RegExp {
  return p.startsWith("(?i)") ? new RegExp(p.slice(4), "i") : new RegExp(p);
}

function containsOf(a: unknown, e: unknown): boolean {
  if (typeof a === "string") {
    if (typeof e !== "string") unknown();
    if (e === "") unknown();
    return a.includes(e as string);
  }
  if (Array.isArray(a)) return a.map((x) => equal(x, e)).some(Boolean);
  // "a mapping has the key (its own keys only)"
  if (isMap(a)) return typeof e === "string" ? Object.hasOwn(a, e) : unknown();
  const text = textOf(a);
  if (typeof e !== "string" || e === "") unknown();
  return text.includes(e as string);
}

function lengthOf(a: unknown): number | undefined {
  if (typeof a === "string") return [...a].length;
  if (Array.isArray(a)) return a.length;
  if (isMap(a)) return Object.keys(a).length;
  return undefined;
}

function holds(m: unknown, a: unknown): boolean {
  if (!isMap(m)) return equal(a, m);
  // Every operator is evaluated (no short cut), so that an undecided comparison anywhere in the matcher is seen.
  return Object.entries(m).map(([op, e]) => {
    switch (op) {
      case "eq": return equal(a, e);
      case "ne": return a !== MISSING && !equal(a, e);
      case "gt": case "gte": case "lt": case "lte": return a !== MISSING && compareBound(op, a, e);
      case "between": return a !== MISSING && compareBound("gte", a, (e as unknown[])[0]) && compareBound("lte", a, (e as unknown[])[1]);
      case "in": return a !== MISSING && (e as unknown[]).map((x) => equal(a, x)).some(Boolean);
      case "contains": return a !== MISSING && containsOf(a, e);
      case "not_contains": return a !== MISSING && !containsOf(a, e);
      case "matches": return a !== MISSING && regex(e as string).test(textOf(a));
      case "not_matches": return a !== MISSING && !regex(e as string).test(textOf(a));
      case "exists": return (a !== MISSING) === e;
      case "type": {
        if (a === MISSING) return false;
        const t = a === null ? "null" : Array.isArray(a) ? "array" : a instanceof BigNum ? "number" : typeof a;
        return t === e;
      }
      case "length": {
        const n = a === MISSING ? undefined : lengthOf(a);
        return n !== undefined && holds(e, n);
      }
      case "every": case "some": {
        if (!Array.isArray(a) || a.length === 0) return false;
        const each = a.map((x) => holds(e, x));
        return op === "every" ? each.every(Boolean) : each.some(Boolean);
      }
      case "not": {
        if (a === MISSING) {
          if (isMap(e) && Object.keys(e).length === 1 && e.exists === true) return true; // "not: {exists: true} excepted"
          if (isMap(e) && "exists" in e) unknown();
          return false;
        }
        return !holds(e, a);
      }
      default: throw new Error(`reference: no operator ${op}`);
    }
  }).every(Boolean);
}

/** "A JSONPath value beyond [2^53]": every integer of the body that big, 1e+21 too, is one the rounding may have made. */
function bigify(v: Val): Val {
  if (typeof v === "number" && Number.isInteger(v) && Math.abs(v) >= 2 ** 53) return new BigNum(BigInt(v));
  if (Array.isArray(v)) return v.map(bigify);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigify(x as Val)]));
  return v;
}

/** The numbers a matcher names anywhere. */
function constants(m: unknown, out: number[] = []): number[] {
  if (typeof m === "number") out.push(m);
  else if (typeof m === "string" && num(m, true) !== undefined) out.push(num(m, true)!);
  else if (Array.isArray(m)) m.forEach((x) => constants(x, out));
  else if (isMap(m)) Object.values(m).forEach((x) => constants(x, out));
  return out;
}

/** Big integers inside a list or mapping (not the value itself). */
function nestedBigs(v: unknown, top = true, out: bigint[] = []): bigint[] {
  const b = bigOf(v);
  if (b !== undefined && !top) out.push(b);
  if (Array.isArray(v)) v.forEach((x) => nestedBigs(x, false, out));
  else if (isMap(v)) Object.values(v).forEach((x) => nestedBigs(x, false, out));
  return out;
}

/** The reference's verdict: undefined when the docs do not decide; an undecided big-number comparison fails the check. */
function reference(m: unknown, a: unknown): Verdict {
  try {
    const v = holds(m, a);
    // A big id inside a list next to a constant it was never compared with (`ne: <that id>` on the list): the docs name
    // the checks inside a list that fail as undecided by what they are (every, some, contains, literals), not by whether
    // the id met the constant; a failure here is no wrong pass either way.
    if (v && nestedBigs(a).some((b) => constants(m).some((c) => Number.isFinite(c) && Math.abs(Number(b) - c) <= 4 * 2 ** Math.max(0, Math.floor(Math.log2(Math.abs(c))) - 52)))) return undefined;
    return v;
  } catch (e) {
    if (e instanceof Undecided) return false;
    if (e instanceof Unknown) return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The harness.
const toPlain = (x: Val): unknown => (x instanceof BigNum ? `<${x.digits}>` : Array.isArray(x) ? x.map(toPlain) : isMap(x) ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, toPlain(y as Val)])) : x);

/** The real verdict, as an http step's `json: {"$.v": MATCHER}` gives it on the body {"v": VALUE} (or a body without v). */
async function realJson(m: unknown, v: Val | typeof MISSING): Promise<boolean> {
  const body = v === MISSING ? `{"w":1}` : `{"v":${toJsonText(v)}}`;
  const checks = await checkJsonPaths({ "$.v": m }, lazyJson(body, "the body"));
  return checks.length > 0 && checks.every((c) => c.ok);
}

interface Disagreement { seed: number; i: number; mode: string; matcher: unknown; value: unknown; real: boolean; ref: boolean }

export async function runSeed(seed: number, cases: number): Promise<{ compared: number; unknown: number; bad: Disagreement[] }> {
  const r = rng(seed);
  const bad: Disagreement[] = [];
  let compared = 0;
  let unknownCount = 0;
  for (let i = 0; i < cases; i++) {
    const m = genMatcher(r);
    if (r.chance(0.8)) {
      const v: Val | typeof MISSING = r.chance(0.1) ? MISSING : genValue(r);
      const ref = reference(m, v === MISSING ? v : bigify(v));
      if (ref === undefined) { unknownCount++; continue; }
      compared++;
      const real = await realJson(m, v);
      if (real !== ref) bad.push({ seed, i, mode: "json", matcher: m, value: v === MISSING ? "<missing>" : toPlain(v), real, ref });
    } else {
      // A query step's sample: a float, NaN or an infinity.
      const v = r.pick([...NUMBERS, Number.NaN, Infinity, -Infinity]);
      const ref = reference(m, v);
      if (ref === undefined) { unknownCount++; continue; }
      compared++;
      const real = evaluate(m, v, "value").every((c) => c.ok);
      if (real !== ref) bad.push({ seed, i, mode: "sample", matcher: m, value: v, real, ref });
    }
  }
  return { compared, unknown: unknownCount, bad };
}

const show = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? "-0" : v));

describe("the matcher language agrees with the reference written from the docs", () => {
  test("seed 20261202, 20000 cases", async () => {
    const seeds = (process.env.MATCHER_SEEDS ?? "20261202").split(",").flatMap((part) => {
      const [a, b] = part.split("-").map(Number);
      return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, k) => a! + k);
    });
    const cases = Number(process.env.MATCHER_CASES ?? 20000);
    const all: Disagreement[] = [];
    let compared = 0, unknownCount = 0;
    for (const seed of seeds) {
      const out = await runSeed(seed, cases);
      compared += out.compared;
      unknownCount += out.unknown;
      all.push(...out.bad);
    }
    if (process.env.MATCHER_SEEDS) console.log(`seeds ${seeds.length}, compared ${compared}, left to the docs' silence ${unknownCount}, disagreements ${all.length}`);
    for (const d of all.slice(0, 40)) console.log(`seed ${d.seed} #${d.i} ${d.mode}: ${show(d.matcher)} on ${show(d.value)}: real ${d.real}, reference ${d.ref}`);
    // Most cases must be decided by the docs, or the comparison says little.
    expect(compared).toBeGreaterThan(unknownCount);
    expect(all).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// What load refuses (exit 2): a matcher the docs refuse must be refused, one they allow must load. Each field gets a
// random composition of documented atoms, refused or allowed, and the reference says which the whole must be.
type Atom = [matcher: unknown, refused: boolean];

/** Shapes of the generic matcher table ("holds when the actual value…"). */
const GENERIC_ATOMS: Atom[] = [
  [{ gte: 1, lt: 10 }, false], [{ between: [5, 1] }, true], [{ between: [1, 5] }, false], [{ between: ["2s", "1m"] }, false],
  [{ between: [1] }, true], [{ between: ["a", 2] }, true], [{ in: [1, "a"] }, false], [{ in: 5 }, true],
  [{ matches: "^a\\d+$" }, false], [{ matches: "(?i)error" }, false], [{ matches: "\\Afoo" }, true], [{ not_matches: "foo\\z" }, true],
  [{ matches: "[[:alpha:]]+" }, true], [{ matches: "(" }, true], [{ exists: true }, false], [{ exists: "yes" }, true],
  [{ type: "array" }, false], [{ type: "integer" }, true], [{ gt: "2s" }, false], [{ lte: "10MiB" }, false], [{ gt: "abc" }, true],
  [{ gtee: 1 }, true], [{ eq: { a: 1 } }, false], [{ contains: "x" }, false], [{ not_contains: "x" }, false], [{ length: 2 }, false],
  [{ length: { gte: 1 } }, false], [{ length: "abc" }, true], [{ length: { gte: "2s" } }, true], [{ length: { ne: 1.5 } }, true], [{ lte: "NaN" }, true], [{ eq: "NaN" }, false], [200, false], ["ok", false], [[1, 2], false], [null, false],
];

/**
 * A text's (a shell step's stdout, stderr): the generic atoms, but a literal no text equals (a boolean, null, a list, a
 * mapping) compared for equality, as written or under eq, ne, in or not, is refused (docs/steps/shell.md).
 */
const TEXT_ATOMS: Atom[] = [
  ...GENERIC_ATOMS.map(([m, refused]): Atom => [m, refused || m === null || Array.isArray(m) || JSON.stringify(m) === '{"eq":{"a":1}}']),
  [true, true], [false, true], [{ ne: false }, true], [{ in: ["a", null] }, true], [{ eq: [1] }, true], ["true", false], [{ ne: "null" }, false], [{ in: ["a", 2] }, false],
];

/**
 * The text atoms a random composition can use. On a text, `exists: true` and `type: array` are known in advance: a
 * matcher they make up alone (or under `not`) holds for every text or none and is refused, but beside an operator that
 * looks at the text it loads (docs/steps/shell.md, http.md's `body`); that depends on the whole matcher, which this
 * composition (a refused atom refuses the whole) does not model. matcher.test.ts and load.test.ts try them.
 */
const TEXT_LOAD_ATOMS: Atom[] = TEXT_ATOMS.filter(([m]) => !['{"exists":true}', '{"type":"array"}'].includes(JSON.stringify(m)));

/**
 * A response header's value (docs/steps/http.md): text, or absent. The text atoms, and also `type` other than string,
 * `every` and `some`, which hold for no text, are refused (under `not` too).
 */
const HEADER_ATOMS: Atom[] = [
  ...TEXT_ATOMS.map(([m, refused]): Atom => [m, refused || JSON.stringify(m) === '{"type":"array"}']),
  [{ type: "number" }, true], [{ every: { eq: "a" } }, true], [{ some: { contains: "a" } }, true], [{ exists: false }, false], [{ gt: 0 }, false], [{ in: ["a", 1.5] }, false],
];

/** A count's, a size's and a time's atoms: "compares with numbers of its unit only, under every operator". */
const UNIT_ATOMS: Record<"count" | "bytes" | "ms", Atom[]> = {
  count: [[3, false], [0, false], [{ gte: 1 }, false], [{ lt: 2.5 }, false], [1.5, true], [{ ne: -1 }, true], [{ ne: "many" }, true],
    ["2s", true], [{ gt: "1KB" }, true], [{ in: [1, 2] }, false], [{ in: [1, 0.5] }, true], [{ between: [0, 10] }, false], [{ eq: 2 }, false]],
  bytes: [[1024, false], ["10MiB", false], [{ lt: "1GiB" }, false], [{ lt: "5s" }, true], ["10XB", true], ["10m", true], [{ ne: "10XB" }, true],
    [{ between: ["1KB", "2MB"] }, false], [{ gte: "512B" }, false]],
  ms: [[250, false], [{ lt: "2s" }, false], [{ lt: "500ms" }, false], [{ lt: "10MiB" }, true], [{ between: [1, "2s"] }, false], ["1m30s", false], [{ lt: "soon" }, true]],
};

/** A field that takes a matcher, as a scenario writes it. */
const FIELDS: { unit: "generic" | "text" | "header" | "count" | "bytes" | "ms"; yaml: (m: string) => string }[] = [
  { unit: "generic", yaml: (m) => `  - http: { url: "http://127.0.0.1:9/", expect: { json: { "$.v": ${m} } } }` },
  { unit: "header", yaml: (m) => `  - http: { url: "http://127.0.0.1:9/", expect: { headers: { x-a: ${m} } } }` },
  { unit: "text", yaml: (m) => `  - shell: { run: "true", expect: { stdout: ${m} } }` },
  { unit: "text", yaml: (m) => `  - shell: { run: "true", expect: { stderr: ${m} } }` },
  { unit: "count", yaml: (m) => `  - shell: { run: "true", expect: { exit_code: ${m} } }` },
  { unit: "count", yaml: (m) => `  - files: { glob: "*.log", expect: { count: ${m} } }` },
  { unit: "count", yaml: (m) => `  - files: { glob: "*.log", expect: { lines: ${m} } }` },
  { unit: "bytes", yaml: (m) => `  - files: { glob: "*.log", expect: { size: ${m} } }` },
  { unit: "ms", yaml: (m) => `  - http: { url: "http://127.0.0.1:9/", expect: { latency: ${m} } }` },
];

function genLoadCase(r: Rng, unit: "generic" | "text" | "header" | "count" | "bytes" | "ms"): Atom {
  const atoms = unit === "generic" ? GENERIC_ATOMS : unit === "text" ? TEXT_LOAD_ATOMS : unit === "header" ? HEADER_ATOMS : UNIT_ATOMS[unit];
  let [m, refused] = r.pick(atoms);
  // Nest and combine: `not` everywhere; every, some and length only where the value can be a list or a text.
  for (let k = r.int(3); k > 0; k--) {
    // A text is no list: a literal under every or some is about items, refused for a text only when written for the text itself.
    const wraps = unit === "generic" ? ["not", "every", "some", "and"] : ["not", "and"];
    const w = r.pick(wraps);
    if (w === "and") {
      const [m2, refused2] = r.pick(atoms);
      if (typeof m !== "object" || m === null || Array.isArray(m) || typeof m2 !== "object" || m2 === null || Array.isArray(m2)) continue;
      if (Object.keys(m2).some((key) => key in (m as object))) continue;
      m = { ...(m as object), ...(m2 as object) };
      refused ||= refused2;
    } else m = { [w]: m };
  }
  return [m, refused];
}

async function loadRefused(dir: string, yaml: string): Promise<boolean> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  try {
    await loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
    return false;
  } catch (e) {
    if (e instanceof InvalidInput) return true;
    throw e;
  }
}

describe("what load refuses agrees with the docs", () => {
  test("seed 7, 160 scenarios", async () => {
    const dir = tempDir("scenario-matcher-ref-");
    const seeds = (process.env.MATCHER_LOAD_SEEDS ?? "7").split(",").map(Number);
    const bad: string[] = [];
    let n = 0;
    for (const seed of seeds) {
      const r = rng(seed);
      for (let i = 0; i < Number(process.env.MATCHER_LOAD_CASES ?? 160); i++) {
        const field = r.pick(FIELDS);
        const [m, refused] = genLoadCase(r, field.unit);
        const yaml = `name: t\nsteps:\n${field.yaml(JSON.stringify(m))}\n`;
        n++;
        const real = await loadRefused(dir, yaml);
        if (real !== refused) bad.push(`seed ${seed} #${i}: ${field.yaml(JSON.stringify(m)).trim()}: ${real ? "refused" : "loaded"}, the docs say ${refused ? "refused" : "loaded"}`);
      }
    }
    if (process.env.MATCHER_LOAD_SEEDS) console.log(`load cases ${n}, disagreements ${bad.length}`);
    expect(bad).toEqual([]);
  });
});
