// YAML file → typed Scenario: parse keeping node ranges, validate with zod, check variables; every error at once.
import { dirname, resolve } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node as YamlNode } from "yaml";
import type { z } from "zod";
import { scenarioSchema, type StepParsed } from "./scenario.ts";
import { InvalidInput, type LoadIssue, type SourcePos } from "./errors.ts";
import { keysAt } from "./zod-paths.ts";
import { didYouMean } from "../util/did-you-mean.ts";
import { findRefs, interpolateDeep } from "../vars/interpolate.ts";
import { VarScope, type ScopeSources } from "../vars/scope.ts";
import { STEPS } from "../steps/registry.ts";
import type { Step } from "../steps/types.ts";
import type { Phase } from "../engine/events.ts";

export interface EventuallySpec {
  timeoutMs: number;
  intervalMs?: number;
  backoff?: number;
  maxIntervalMs?: number;
}

/** One step, validated; `input` is the value under the kind key as written (interpolated at run time). */
export interface StepSpec {
  index: number;
  phase: Phase;
  kind: string;
  impl: Step;
  name: string;
  id?: string;
  service?: string;
  tags: string[];
  timeoutMs?: number;
  eventually?: EventuallySpec;
  retries?: number;
  holdMs?: number;
  continueOnFailure: boolean;
  always: boolean;
  input: unknown;
  line: number;
}

export interface Scenario {
  file: string;
  dir: string;
  name: string;
  description?: string;
  vars: Record<string, string>;
  secrets: string[];
  defaults: { timeoutMs: number; intervalMs: number };
  steps: StepSpec[];
  teardown: StepSpec[];
}

export interface LoadOptions {
  /** Everything but `vars:` (read from the file) and built-ins (computed from the scenario's directory). */
  sources: Omit<ScopeSources, "vars" | "builtins">;
  builtins: (scenarioDir: string) => Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_INTERVAL_MS = 500;

type Path = (string | number)[];

class Positions {
  constructor(private readonly doc: Document, private readonly lc: LineCounter) {}

  at(offset: number): SourcePos {
    const p = this.lc.linePos(offset);
    return { line: p.line, col: p.col };
  }

  node(path: readonly (string | number)[]): YamlNode | undefined {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
      else if (isSeq(node)) node = node.items[Number(seg)];
      else return undefined;
    }
    return node as YamlNode | undefined;
  }

  /** Position of the value at path, or of the nearest ancestor that exists. */
  of(path: readonly (string | number)[]): SourcePos | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.at(node.range[0]);
    }
    return undefined;
  }

  /** Position of a key inside the mapping at path. */
  key(path: readonly (string | number)[], key: string): SourcePos | undefined {
    const map = this.node(path);
    if (isMap(map)) {
      const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
    }
    return this.of(path);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) v = v == null ? undefined : (v as Record<PropertyKey, unknown>)[seg];
  return v;
}

/** Zod issues → load issues with positions; unions are reduced to their most specific branch. */
function zodIssues(issues: readonly z.core.$ZodIssue[], base: Path, file: string, pos: Positions, data: unknown, out: LoadIssue[]): void {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Path)];
    const where = formatPath(path);
    if (issue.code === "invalid_union" && "errors" in issue && issue.errors.length) {
      // Prefer the branch whose issues reach deepest: it is the one the user was writing.
      const branches = issue.errors as z.core.$ZodIssue[][];
      const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      const best = [...branches].sort((a, b) => depth(b) - depth(a))[0]!;
      if (depth(best) > 0 || branches.length === 1) {
        zodIssues(best, path, file, pos, data, out);
        continue;
      }
      const expected = branches.map((b) => b[0]).filter((i) => i?.code === "invalid_type").map((i) => (i as { expected: string }).expected);
      const msg = expected.length === branches.length
        ? `expected ${[...new Set(expected)].join(" or ")}, got ${typeName(valueAt(data, path))}`
        : branches.map((b) => b[0]?.message).filter(Boolean).join("; or ");
      out.push({ file, pos: pos.of(path), message: `${where}: ${msg}` });
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(scenarioSchema, issue.path as Path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed);
        const list = allowed.length && !hint ? ` (allowed: ${allowed.join(", ")})` : "";
        out.push({ file, pos: pos.key(path, key), message: `${where ? `${where}: ` : ""}unknown key "${key}"${hint}${list}` });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === "invalid_type") {
      const got = valueAt(data, path);
      message = got === undefined ? `missing required key "${String(issue.path.at(-1))}"` : `expected ${issue.expected}, got ${typeName(got)}`;
      if (got === undefined) {
        out.push({ file, pos: pos.of(path.slice(0, -1)), message: `${formatPath(path.slice(0, -1)) || "scenario"}: ${message}` });
        continue;
      }
    }
    out.push({ file, pos: pos.of(path), message: `${where ? `${where}: ` : ""}${message}` });
  }
}

/** Column of `${` inside a scalar node, when the scalar is written on one line. */
function refPos(node: Scalar, refOffset: number, pos: Positions): SourcePos | undefined {
  if (!node.range) return undefined;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (node.type === Scalar.PLAIN || quoted) return pos.at(node.range[0] + (quoted ? 1 : 0) + refOffset);
  return pos.at(node.range[0]);
}

/** Walks every string scalar under a node. */
function eachString(node: unknown, fn: (s: Scalar & { value: string }) => void): void {
  if (isScalar(node)) {
    if (typeof node.value === "string") fn(node as Scalar & { value: string });
  } else if (isMap(node)) {
    for (const p of node.items) if (isPair(p)) eachString(p.value, fn);
  } else if (isSeq(node)) {
    for (const item of node.items) eachString(item, fn);
  }
}

/** Names defined by a step's `capture:` mapping (any kind may offer captures). */
function captureNames(input: unknown): string[] {
  if (input && typeof input === "object" && "capture" in input) {
    const cap = (input as { capture: unknown }).capture;
    if (cap && typeof cap === "object" && !Array.isArray(cap)) return Object.keys(cap);
  }
  return [];
}

function kindOf(raw: Record<string, unknown>): Step | undefined {
  return STEPS.find((s) => raw[s.kind] !== undefined);
}

/** Default step name: the kind's own summary of its input. */
function defaultName(impl: Step, input: unknown): string {
  const parsed = impl.schema.safeParse(input);
  if (!parsed.success) return impl.kind;
  try {
    return impl.describe(parsed.data);
  } catch {
    return impl.kind;
  }
}

/** Resolves a scenario argument: as given, else under scenarios/ (with or without .yaml). */
export function resolveScenarioPath(arg: string, cwd = process.cwd()): string | undefined {
  const candidates = [arg, `scenarios/${arg}`, `${arg}.yaml`, `scenarios/${arg}.yaml`, `${arg}.yml`, `scenarios/${arg}.yml`];
  for (const c of candidates) {
    const full = resolve(cwd, c);
    if (existsSync(full)) return full;
  }
  return undefined;
}

/** Loads and validates a scenario; throws InvalidInput listing every problem. */
export function loadScenario(fileArg: string, opts: LoadOptions, cwd = process.cwd()): { scenario: Scenario; scope: VarScope } {
  const full = resolveScenarioPath(fileArg, cwd);
  if (!full) {
    throw new InvalidInput([{ file: fileArg, message: `no such scenario file (looked in ${cwd} and ${resolve(cwd, "scenarios")})` }]);
  }
  const display = full.startsWith(cwd + "/") ? full.slice(cwd.length + 1) : full;
  let source: string;
  try {
    source = readFileSync(full, "utf8");
  } catch (e) {
    throw new InvalidInput([{ file: display, message: `cannot read: ${(e as Error).message}` }]);
  }
  const sources = new Map([[display, source]]);
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const issues: LoadIssue[] = [];
  for (const err of doc.errors) {
    const p = err.linePos?.[0] ?? (err.pos ? lc.linePos(err.pos[0]) : undefined);
    issues.push({ file: display, pos: p ? { line: p.line, col: p.col } : undefined, message: `invalid YAML: ${err.message.split("\n")[0]}` });
  }
  if (issues.length) throw new InvalidInput(issues, sources);
  const pos = new Positions(doc, lc);
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InvalidInput([{ file: display, pos: { line: 1, col: 1 }, message: "a scenario is a mapping with at least `name` and `steps`" }], sources);
  }
  const root = data as Record<string, unknown>;
  const dir = dirname(full);

  // Variables known before the run: for load-time substitution and the undefined-variable check.
  const rawVars = root.vars && typeof root.vars === "object" ? (root.vars as Record<string, unknown>) : {};
  const scope = new VarScope({
    ...opts.sources,
    vars: Object.fromEntries(Object.entries(rawVars).filter(([, v]) => v !== null && typeof v !== "object").map(([k, v]) => [k, String(v)])),
    builtins: opts.builtins(dir),
  });
  const knownLookup = (n: string) => (scope.knownBeforeRun(n) ? scope.lookup(n) : undefined);

  // Substitute known variables in step inputs so typed fields validate; raw fields stay as written.
  const substituted = structuredClone(root);
  for (const phase of ["steps", "teardown"] as const) {
    const list = substituted[phase];
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (!raw || typeof raw !== "object") continue;
      const impl = kindOf(raw as Record<string, unknown>);
      if (impl) (raw as Record<string, unknown>)[impl.kind] = interpolateDeep((raw as Record<string, unknown>)[impl.kind], knownLookup, impl.rawFields ?? []);
    }
  }
  const parsed = scenarioSchema.safeParse(substituted);
  if (!parsed.success) zodIssues(parsed.error.issues, [], display, pos, substituted, issues);

  // Undefined variables: every ${NAME} must be known before the run or captured by an earlier step.
  const captured = new Set<string>();
  const checkRefs = (node: unknown) =>
    eachString(node, (s) => {
      for (const ref of findRefs(s.value)) {
        if (ref.error) issues.push({ file: display, pos: refPos(s, ref.offset, pos), message: ref.error });
        else if (!ref.hasDefault && !scope.knownBeforeRun(ref.name) && !captured.has(ref.name)) {
          const known = [...Object.keys(rawVars), ...captured, ...Object.keys(opts.sources.cli)];
          issues.push({
            file: display,
            pos: refPos(s, ref.offset, pos),
            message: `undefined variable \${${ref.name}}${didYouMean(ref.name, known)}: define it under vars:, pass --var ${ref.name}=…, set it in the environment, capture it in an earlier step, or write \${${ref.name}:-default}`,
          });
        }
      }
    });
  checkRefs(pos.node(["vars"]));
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      checkRefs(pos.node([phase, i]));
      const impl = raw && typeof raw === "object" ? kindOf(raw as Record<string, unknown>) : undefined;
      if (impl) for (const n of captureNames((raw as Record<string, unknown>)[impl.kind])) captured.add(n);
    });
  }
  for (const name of Array.isArray(root.secrets) ? root.secrets : []) {
    if (typeof name === "string" && !scope.knownBeforeRun(name) && !captured.has(name)) {
      // A secret that is not set is not an error (it masks nothing), but a typo should be visible.
      if (Object.keys(rawVars).length && didYouMean(name, Object.keys(rawVars)))
        issues.push({ file: display, pos: pos.of(["secrets"]), message: `secret ${name} is never defined${didYouMean(name, Object.keys(rawVars))}` });
    }
  }

  if (issues.length || !parsed.success) {
    issues.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
    throw new InvalidInput(issues, sources);
  }

  const s = parsed.data;
  let index = 0;
  const toSpec = (phase: Phase) => (step: StepParsed, i: number): StepSpec => {
    const raw = (root[phase === "main" ? "steps" : "teardown"] as Record<string, unknown>[])[i]!;
    const impl = kindOf(raw)!;
    const ev = step.eventually;
    const input = raw[impl.kind];
    return {
      index: index++,
      phase,
      kind: impl.kind,
      impl,
      name: step.name ?? defaultName(impl, interpolateDeep(input, knownLookup, impl.rawFields ?? [])),
      id: step.id,
      service: step.service,
      tags: step.tags ?? [],
      timeoutMs: step.timeout,
      eventually: ev === undefined ? undefined : typeof ev === "number" ? { timeoutMs: ev } :
        { timeoutMs: ev.timeout, intervalMs: ev.interval, backoff: ev.backoff, maxIntervalMs: ev.max_interval },
      retries: step.retries,
      holdMs: step.hold,
      continueOnFailure: step.continue_on_failure ?? false,
      always: step.always ?? false,
      input,
      line: pos.of([phase === "main" ? "steps" : "teardown", i])?.line ?? 0,
    };
  };
  const scenario: Scenario = {
    file: display,
    dir,
    name: s.name,
    description: s.description,
    vars: s.vars ?? {},
    secrets: s.secrets ?? [],
    defaults: { timeoutMs: s.defaults?.timeout ?? DEFAULT_TIMEOUT_MS, intervalMs: s.defaults?.interval ?? DEFAULT_INTERVAL_MS },
    steps: s.steps.map(toSpec("main")),
    teardown: (s.teardown ?? []).map(toSpec("teardown")),
  };
  return { scenario, scope };
}

