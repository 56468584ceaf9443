// YAML file → typed Scenario: parse keeping node ranges, validate with zod, check variables; every error at once.
import { dirname, resolve } from "node:path";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { z } from "zod";
import { scenarioSchemaFor, type ScenarioParsed, type StepParsed } from "./scenario.ts";
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";
import { keysAt } from "./zod-paths.ts";
import { MAX_NODES, shapeProblem } from "./data-shape.ts";
import { fastParse, roughValueCount } from "./yaml-read.ts";
import { exactStepLines, scannedStepLines } from "./step-lines.ts";

export { mayHaveDuplicateKeys } from "./yaml-read.ts";
import { formatSize } from "../core/units/size.ts";
import { didYouMean } from "../util/did-you-mean.ts";
import { findRefs, interpolateDeep } from "../vars/interpolate.ts";
import { VarScope, type ScopeSources } from "../vars/scope.ts";
import { isKind, KINDS, loadSteps, type Kind } from "../steps/registry.ts";
import type { Step } from "../steps/types.ts";
import type { Phase } from "../engine/events.ts";
import { parseThresholds, type Threshold } from "../metrics/thresholds.ts";

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
  /** Kept by a --tag/--step selection that selects a later main step (--skip-tag can still drop it). */
  setup: boolean;
  input: unknown;
  /** The validated input, when it holds no ${…} and so is the same at run time (the engine skips re-parsing). */
  staticInput?: unknown;
  /** The line of the file the step starts on (its `-`), for reports and annotations. */
  line?: number;
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
  /** `thresholds:`, checked at the end of the run (none when absent). */
  thresholds?: Threshold[];
}

export interface LoadOptions {
  /** Everything but `vars:` (read from the file) and built-ins (computed from the scenario's directory). */
  sources: Omit<ScopeSources, "vars" | "builtins">;
  builtins: (scenarioDir: string) => Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_INTERVAL_MS = 500;
/** Largest scenario file read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

type Path = (string | number)[];

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

/** A problem found in the data, located by path; positions are looked up only when there is something to report. */
export interface RawIssue {
  path: Path;
  /** For unknown keys and references in keys: the key itself (its position is the key's, not the value's). */
  key?: string;
  /** For variable references: the offset of "${" inside the string at path (or inside `key`). */
  refOffset?: number;
  message: string;
}

/** Zod issues → raw issues; unions are reduced to their most specific branch. */
function zodIssues(issues: readonly z.core.$ZodIssue[], base: Path, data: unknown, out: RawIssue[], schema: z.ZodType): void {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Path)];
    const where = formatPath(path);
    if (issue.code === "invalid_union" && "errors" in issue && issue.errors.length) {
      // Prefer the branch whose issues reach deepest: it is the one the user was writing.
      const branches = issue.errors as z.core.$ZodIssue[][];
      const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      const best = [...branches].sort((a, b) => depth(b) - depth(a))[0]!;
      if (depth(best) > 0 || branches.length === 1) {
        zodIssues(best, path, data, out, schema);
        continue;
      }
      const expected = branches.map((b) => b[0]).filter((i) => i?.code === "invalid_type").map((i) => (i as { expected: string }).expected);
      const msg = expected.length === branches.length
        ? `expected ${[...new Set(expected)].join(" or ")}, got ${typeName(valueAt(data, path))}`
        : branches.map((b) => b[0]?.message).filter(Boolean).join("; or ");
      out.push({ path, message: `${where}: ${msg}` });
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(schema, issue.path as Path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed);
        const top = issue.path.length === 0 ? ", and x-… keys of your own" : "";
        const list = allowed.length && !hint ? ` (allowed: ${allowed.join(", ")}${top})` : "";
        out.push({ path, key, message: `${where ? `${where}: ` : ""}unknown key "${key}"${hint}${list}` });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === "invalid_value" && issue.values.length > 1) {
      const got = valueAt(data, path);
      const options = issue.values.map((v) => String(v));
      const hint = typeof got === "string" ? didYouMean(got, options) : "";
      message = `expected one of ${options.join(", ")}, got ${typeName(got)}${hint}`;
    }
    if (issue.code === "invalid_type") {
      const got = valueAt(data, path);
      message = got === undefined ? `missing required key "${String(issue.path.at(-1))}"` : `expected ${issue.expected}, got ${typeName(got)}`;
      if (got === undefined) {
        out.push({ path: path.slice(0, -1), message: `${formatPath(path.slice(0, -1)) || "scenario"}: ${message}` });
        continue;
      }
    }
    out.push({ path, message: `${where ? `${where}: ` : ""}${message}` });
  }
}

/** True when some string inside the value, mapping keys included, holds a ${…} reference. */
function hasRefs(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(hasRefs);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("${") || hasRefs(v));
  return false;
}

/**
 * Calls fn for every string inside a value with its path, mapping keys included (a key is passed with the path of
 * its mapping and itself as `key`).
 */
function eachString(value: unknown, path: Path, fn: (text: string, path: Path, key?: string) => void): void {
  if (typeof value === "string") fn(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...path, i], fn));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("${")) fn(k, path, k);
      eachString(v, [...path, k], fn);
    }
  }
}

/** Names defined by a step's `capture:` mapping (any kind may offer captures). */
export function captureNames(input: unknown): string[] {
  if (input && typeof input === "object" && "capture" in input) {
    const cap = (input as { capture: unknown }).capture;
    if (cap && typeof cap === "object" && !Array.isArray(cap)) return Object.keys(cap);
  }
  return [];
}

/** The loaded implementations of the kinds a scenario uses. */
type Steps = ReadonlyMap<Kind, Step>;

/** The step's kind: its first kind key, in the format's order. */
function kindOf(raw: Record<string, unknown>, steps: Steps): Step | undefined {
  const kind = KINDS.find((k) => raw[k] !== undefined);
  return kind && steps.get(kind);
}

/** Loads the kinds written in the scenario's steps and teardown (whatever else the data holds, the schema reports). */
function stepsUsed(root: Record<string, unknown>): Promise<Steps> {
  const kinds = new Set<Kind>();
  for (const list of [root.steps, root.teardown]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) if (raw && typeof raw === "object") for (const key of Object.keys(raw)) if (isKind(key)) kinds.add(key);
  }
  return loadSteps(kinds);
}

/** Default step name: the kind's own summary of its (already validated) input. */
function defaultName(impl: Step, parsed: unknown): string {
  try {
    return impl.describe(parsed);
  } catch {
    return impl.kind;
  }
}

/** Resolves a scenario argument to a file (a directory of that name is passed over): as given, else under scenarios/ (with or without .yaml). */
export function resolveScenarioPath(arg: string, cwd = process.cwd()): string | undefined {
  const candidates = [arg, `scenarios/${arg}`, `${arg}.yaml`, `scenarios/${arg}.yaml`, `${arg}.yml`, `scenarios/${arg}.yml`];
  for (const c of candidates) {
    const full = resolve(cwd, c);
    if (existsSync(full) && !statSync(full).isDirectory()) return full;
  }
  return undefined;
}

interface Analysis {
  issues: RawIssue[];
  scope: VarScope;
  parsed?: ScenarioParsed;
  steps: Steps;
}

/** Finds what is wrong with parsed scenario data (schema, variables); builds the typed scenario when nothing is. */
async function analyze(root: Record<string, unknown>, dir: string, opts: LoadOptions): Promise<Analysis> {
  const steps = await stepsUsed(root);
  const issues: RawIssue[] = [];
  // Variables known before the run: for load-time substitution and the undefined-variable check.
  const rawVars = root.vars && typeof root.vars === "object" ? (root.vars as Record<string, unknown>) : {};
  const scope = new VarScope({
    ...opts.sources,
    vars: Object.fromEntries(Object.entries(rawVars).filter(([, v]) => v !== null && typeof v !== "object").map(([k, v]) => [k, String(v)])),
    builtins: opts.builtins(dir),
  });
  const knownLookup = (n: string) => (scope.knownBeforeRun(n) ? scope.lookup(n) : undefined);

  // Substitute known variables in step inputs so typed fields validate; raw fields stay as written.
  const substituted: Record<string, unknown> = { ...root };
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    substituted[phase] = list.map((raw) => {
      if (!raw || typeof raw !== "object") return raw;
      const impl = kindOf(raw as Record<string, unknown>, steps);
      if (!impl) return raw;
      return { ...raw, [impl.kind]: interpolateDeep((raw as Record<string, unknown>)[impl.kind], knownLookup, impl.rawFields ?? []) };
    });
  }
  const schema = scenarioSchemaFor([...steps.values()]);
  const parsed = schema.safeParse(substituted);
  if (!parsed.success) zodIssues(parsed.error.issues, [], substituted, issues, schema);

  // Undefined variables: every ${NAME} must be known before the run or captured by an earlier step.
  const captured = new Set<string>();
  const checkRefs = (value: unknown, path: Path) =>
    eachString(value, path, (text, at, key) => {
      if (!text.includes("${")) return;
      for (const ref of findRefs(text)) {
        if (ref.error) issues.push({ path: at, key, refOffset: ref.offset, message: ref.error });
        else if (!ref.hasDefault && !scope.knownBeforeRun(ref.name) && !captured.has(ref.name)) {
          const known = [...Object.keys(rawVars), ...captured, ...Object.keys(opts.sources.cli)];
          issues.push({
            path: at,
            key,
            refOffset: ref.offset,
            message: `undefined variable \${${ref.name}}${didYouMean(ref.name, known)}: define it under vars:, pass --var ${ref.name}=…, set it in the environment, capture it in an earlier step, or write \${${ref.name}:-default}`,
          });
        }
      }
    });
  checkRefs(root.vars, ["vars"]);
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      checkRefs(raw, [phase, i]);
      const impl = raw && typeof raw === "object" ? kindOf(raw as Record<string, unknown>, steps) : undefined;
      if (impl) for (const n of captureNames((raw as Record<string, unknown>)[impl.kind])) captured.add(n);
    });
  }
  return { issues, scope, parsed: parsed.success ? parsed.data : undefined, steps };
}

/** The scenario without its top-level `x-…` keys: those are the author's own (e.g. a home for anchors), as in docker compose. */
export function withoutExtensions(root: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(root).some((k) => k.startsWith("x-"))) return root;
  return Object.fromEntries(Object.entries(root).filter(([k]) => !k.startsWith("x-")));
}

/** Loads and validates a scenario, importing only the step kinds it uses; rejects with InvalidInput listing every problem. */
export async function loadScenario(fileArg: string, opts: LoadOptions, cwd = process.cwd()): Promise<{ scenario: Scenario; scope: VarScope }> {
  const full = resolveScenarioPath(fileArg, cwd);
  if (!full) {
    throw new InvalidInput([{ file: fileArg, message: `no such scenario file (looked in ${cwd} and ${resolve(cwd, "scenarios")})` }]);
  }
  const display = full.startsWith(cwd + "/") ? full.slice(cwd.length + 1) : full;
  let source: string;
  try {
    const size = statSync(full).size;
    if (size > MAX_FILE_BYTES) throw new InvalidInput([{ file: display, message: `the file is ${formatSize(size)}: a scenario file is at most ${formatSize(MAX_FILE_BYTES)}` }]);
    source = readFileSync(full, "utf8");
  } catch (e) {
    if (e instanceof InvalidInput) throw e;
    throw new InvalidInput([{ file: display, message: `cannot read: ${(e as Error).message}` }]);
  }
  const sources = new Map([[display, source]]);
  const dir = dirname(full);
  const notAMapping = () => new InvalidInput([{ file: display, pos: { line: 1, col: 1 }, message: "a scenario is a mapping with at least `name` and `steps`" }], sources);
  const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

  // Fast path: the native parser, and positions only if there is something to report.
  const fast = fastParse(source);
  const fastShape = isMapping(fast) ? shapeProblem(fast) : undefined;
  if (isMapping(fast) && !fastShape) {
    const root = withoutExtensions(fast);
    const result = await analyze(root, dir, opts);
    if (!result.issues.length && result.parsed) return build(root, result, display, dir, await stepLinesOf(source, result.parsed, display, sources));
  }
  // The exact path keeps about 1 KiB per value: a file with far more values than any scenario is refused before it.
  if (fastShape?.kind === "size") throw new InvalidInput([{ file: display, message: fastShape.message }], sources);
  if (fast === undefined && roughValueCount(source) > MAX_NODES) {
    throw new InvalidInput([{ file: display, message: `invalid YAML, in a file with more than ${MAX_NODES.toLocaleString("en-US")} lines and items (too many to locate the error; a scenario is far smaller)` }]);
  }

  // Exact path: the yaml package keeps every node's range, for file:line:col.
  const { readExact, locate } = await import("./yaml-exact.ts");
  const { data, pos } = readExact(source, display, sources);
  if (!isMapping(data)) throw notAMapping();
  const shape = shapeProblem(data);
  if (shape) throw new InvalidInput([{ file: display, pos: pos.of(shape.path), message: shape.message }], sources);
  const root = withoutExtensions(data);
  const result = await analyze(root, dir, opts);
  if (!result.issues.length && result.parsed) {
    const lines = { steps: exactStepLines(pos, "steps", result.parsed.steps.length), teardown: exactStepLines(pos, "teardown", result.parsed.teardown?.length ?? 0) };
    return build(root, result, display, dir, lines);
  }
  const issues: LoadIssue[] = result.issues.map((raw) => ({ file: display, pos: locate(raw, pos), message: raw.message }));
  issues.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
  throw new InvalidInput(issues, sources);
}

/** The typed scenario from validated data. */
type StepLines = Record<"steps" | "teardown", readonly (number | undefined)[]>;

/** Each step's line: the cheap scan of block lists, else (flow lists, anchors) the exact parser's ranges. */
async function stepLinesOf(source: string, parsed: ScenarioParsed, display: string, sources: Map<string, string>): Promise<StepLines> {
  const counts = { steps: parsed.steps.length, teardown: parsed.teardown?.length ?? 0 };
  const steps = scannedStepLines(source, "steps", counts.steps);
  const teardown = scannedStepLines(source, "teardown", counts.teardown);
  if (steps && teardown) return { steps, teardown };
  const { readExact } = await import("./yaml-exact.ts");
  const { pos } = readExact(source, display, sources);
  return { steps: steps ?? exactStepLines(pos, "steps", counts.steps), teardown: teardown ?? exactStepLines(pos, "teardown", counts.teardown) };
}

function build(root: Record<string, unknown>, r: Analysis, display: string, dir: string, lines: StepLines): { scenario: Scenario; scope: VarScope } {
  const s = r.parsed!;
  let index = 0;
  const toSpec = (phase: Phase) => (step: StepParsed, i: number): StepSpec => {
    const raw = (root[phase === "main" ? "steps" : "teardown"] as Record<string, unknown>[])[i]!;
    const impl = kindOf(raw, r.steps)!;
    const ev = step.eventually;
    const input = raw[impl.kind];
    return {
      index: index++,
      phase,
      kind: impl.kind,
      impl,
      name: step.name ?? defaultName(impl, (step as Record<string, unknown>)[impl.kind]),
      id: step.id,
      service: step.service,
      tags: step.tags ?? [],
      timeoutMs: step.timeout,
      eventually: ev === undefined ? undefined : typeof ev === "number" ? { timeoutMs: ev, intervalMs: s.defaults?.interval } :
        { timeoutMs: ev.timeout, intervalMs: ev.interval ?? s.defaults?.interval, backoff: ev.backoff, maxIntervalMs: ev.max_interval },
      retries: step.retries,
      holdMs: step.hold,
      continueOnFailure: step.continue_on_failure ?? false,
      always: step.always ?? false,
      setup: step.setup ?? false,
      input,
      staticInput: hasRefs(input) ? undefined : (step as Record<string, unknown>)[impl.kind],
      line: lines[phase === "main" ? "steps" : "teardown"][i],
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
    thresholds: parseThresholds(s.thresholds ?? {}).thresholds,
  };
  return { scenario, scope: r.scope };
}
