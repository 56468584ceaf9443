// Runs differential cases: the tool's JSONPath answer (queryJsonPath, as http steps call it) against jq's list of
// matches, and the tool's verdict on a matcher (checkJsonPaths) against a reference verdict computed from jq's values
// by docs/format.md's words.
import { checkJsonPaths, isIndefinitePath, jsonPathError, queryJsonPath } from "../../lib/steps/shared/jsonpath.ts";
import { seededRandom } from "../helpers/random.ts";
import { differentialCases, type PathCase } from "./cases.ts";
import { JQ_PRELUDE } from "./forms.ts";
import { SYNC_CHILD_LIMIT } from "../helpers/bounded-spawn.ts";

export interface Difference {
  kind: "values" | "verdict" | "error";
  path: string;
  doc: string;
  tool: unknown;
  reference: unknown;
  matcher?: unknown;
}

/** jq's matches for every path of one document, in one run: a list per path, or the jq error. */
export function jqAnswers(text: string, paths: PathCase[]): (unknown[] | string)[] {
  const program = `${JQ_PRELUDE}\n${paths.map((p) => `(try [${p.jq}] catch "jq error: \\(.)")`).join(",\n")}`;
  const run = Bun.spawnSync(["jq", "-c", program], { stdin: Buffer.from(text), ...SYNC_CHILD_LIMIT });
  if (run.exitCode !== 0) throw new Error(`jq failed: ${run.stderr.toString()}\n${program}`);
  const lines = run.stdout.toString().trim().split("\n");
  if (lines.length !== paths.length) throw new Error(`jq gave ${lines.length} answers for ${paths.length} paths`);
  return lines.map((l) => JSON.parse(l) as unknown[] | string);
}

/** The tool's matches as a list: nothing is [], a path naming one place its value alone. */
async function toolMatches(path: string, doc: unknown): Promise<unknown[] | string> {
  const found = await queryJsonPath(path, doc, true);
  if (!found.ok) return found.error;
  if (found.value === undefined) return [];
  return isIndefinitePath(path) ? (found.value as unknown[]) : [found.value];
}

/** JSON values equal as jq prints them (-0 is 0; object keys in the document's order). */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// The reference verdict, from docs/format.md "Expectations and matchers" and docs/steps/http.md "JSONPath".
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
function refEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "string") return DECIMAL.test(b) && Number(b) === a;
  if (typeof a === "string" && typeof b === "number") return refEqual(b, a);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => refEqual(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && refEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Whether `actual` satisfies `m` (undefined: the reference has no answer, e.g. contains on a number). */
function refHolds(m: Record<string, unknown>, actual: unknown): boolean | undefined {
  const [op, exp] = Object.entries(m)[0]!;
  if (op === "exists") return exp === (actual !== undefined);
  if (actual === undefined) return false;
  switch (op) {
    case "eq": return refEqual(actual, exp);
    case "type": return typeName(actual) === exp;
    case "gte": return typeof actual === "number" || (typeof actual === "string" && DECIMAL.test(actual)) ? Number(actual) >= (exp as number) : false;
    case "length": {
      const n = typeof actual === "string" ? [...actual].length : Array.isArray(actual) ? actual.length : actual && typeof actual === "object" ? Object.keys(actual).length : undefined;
      return n === undefined ? false : refHolds(exp as Record<string, unknown>, n);
    }
    case "contains":
      if (Array.isArray(actual)) return actual.some((x) => refEqual(x, exp));
      // docs/format.md: `contains: ""` fails on a text.
      return typeof actual === "string" ? exp !== "" && actual.includes(String(exp)) : undefined;
    case "every":
    case "some": {
      if (!Array.isArray(actual) || actual.length === 0) return false;
      const each = actual.map((x) => refHolds(exp as Record<string, unknown>, x));
      if (each.includes(undefined)) return undefined;
      return op === "every" ? each.every(Boolean) : each.some(Boolean);
    }
  }
  return undefined;
}

/** An integer beyond 2^53 anywhere: the docs make such comparisons undecided (fail), not the reference's business. */
const holdsBig = (v: unknown): boolean =>
  typeof v === "number" ? (Number.isInteger(v) && Math.abs(v) >= 2 ** 53) || !Number.isFinite(v) : Array.isArray(v) ? v.some(holdsBig) : v && typeof v === "object" ? Object.values(v).some(holdsBig) : false;

/** Whether a path writes a number beyond 2^53 (`1e300`): compared with another such, it is undecided as a document's is. */
const bigLiteral = (path: string) => (path.match(/-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []).some((n) => Math.abs(Number(n)) >= 2 ** 53);

/** Matchers for a case: some built from jq's values, so both verdicts occur. */
function matchersFor(r: () => number, values: unknown[]): Record<string, unknown>[] {
  const some = values[Math.floor(r() * values.length)];
  const ms: Record<string, unknown>[] = [{ exists: true }, { exists: false }, { length: { gte: Math.floor(r() * 3) } }, { type: ["array", "number", "string", "object"][Math.floor(r() * 4)] }];
  if (values.length > 0) ms.push({ eq: values.length === 1 && r() < 0.5 ? some : values }, { contains: some }, { some: { eq: some } }, { every: { type: typeName(some) } });
  ms.push({ eq: [5, "a", null, 0][Math.floor(r() * 4)] }, { gte: 1 });
  return ms;
}

/** Runs `docs` documents of `perDoc` paths from `seed`; returns the differences and how many values and verdicts were compared. */
export async function runDifferential(seed: number, docs: number, perDoc: number, newForms = false): Promise<{ differences: Difference[]; paths: number; verdicts: number; refused: string[]; undecided: number }> {
  const refused: string[] = [];
  let undecided = 0;
  const differences: Difference[] = [];
  const r = seededRandom(seed ^ 0x5eed);
  let paths = 0;
  let verdicts = 0;
  for (const { text, paths: cases } of differentialCases(seed, docs, perDoc, newForms)) {
    const doc = JSON.parse(text) as unknown;
    const jq = jqAnswers(text, cases);
    for (let i = 0; i < cases.length; i++) {
      const { path, definite } = cases[i]!;
      const reference = jq[i]!;
      // Refused when the scenario loads: never evaluated (the generator writes none such; counted, to show it).
      if (jsonPathError(path)) {
        refused.push(path);
        continue;
      }
      const tool = await toolMatches(path, doc);
      paths++;
      // A filter compared numbers JSON.parse rounded (docs/steps/http.md): no answer, where the document has such a number.
      if (typeof tool === "string" && tool.includes("cannot be decided") && (holdsBig(doc) || bigLiteral(path))) {
        undecided++;
        continue;
      }
      if (typeof reference === "string" || typeof tool === "string") {
        if (typeof reference !== typeof tool) differences.push({ kind: "error", path, doc: text, tool, reference });
        continue;
      }
      if (!sameJson(tool, reference)) {
        differences.push({ kind: "values", path, doc: text, tool, reference });
        continue;
      }
      const actual = reference.length === 0 ? undefined : definite ? reference[0] : reference;
      if (definite && reference.length > 1) differences.push({ kind: "values", path, doc: text, tool, reference: `a path naming one place matched ${reference.length}` });
      if (holdsBig(actual)) continue;
      // docs/steps/http.md: a path that can match several and matched nothing, whose part before its first wildcard or
      // filter matched nothing either, or a text, a number or a boolean, fails a check that would hold on nothing (it
      // had nothing to look through).
      const nothingThere = reference.length === 0 && !definite && prefixMissing(path, doc);
      for (const matcher of matchersFor(r, reference)) {
        if (holdsBig(matcher)) continue;
        const holds = refHolds(matcher, actual);
        const want = holds === true && nothingThere ? false : holds;
        if (want === undefined) continue;
        const checks = await checkJsonPaths({ [path]: matcher }, () => ({ ok: true, value: doc }));
        const got = checks.every((c) => c.ok);
        verdicts++;
        if (got !== want) differences.push({ kind: "verdict", path, doc: text, matcher, tool: got, reference: want });
      }
    }
  }
  return { differences, paths, verdicts, refused, undecided };
}

/**
 * The leading names and indices of a path (`$.data['a b'][0]` of `$.data['a b'][0][?(@.x)]`), read from its text, and
 * whether they match nothing in the document, or a scalar other than null; false when there are none (the path looks through `$` itself). The
 * prefix is evaluated by the tool: a path naming one place, whose values this differential holds to jq's.
 */
function prefixMissing(path: string, doc: unknown): boolean {
  const m = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[-?\d+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\]|\[-1:\])*/.exec(path)!;
  const prefix = m[0];
  // A name or index cut off by what follows ($.a.b* is no name b), or nothing before the first wildcard or filter.
  if (prefix === "$" || /^[A-Za-z0-9_]/.test(path.slice(prefix.length))) return false;
  const found = queryJsonPath(prefix, doc, true);
  return found.ok && (found.value === undefined || (found.value !== null && typeof found.value !== "object"));
}
