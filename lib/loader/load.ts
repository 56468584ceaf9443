// YAML file → typed Scenario: the fast parse first, the exact parse (file:line:col) only when something is wrong; every error at once.
import { dirname } from "node:path";
import { statSync } from "node:fs";
import { readInput, ReadInterrupted } from "../util/regular-file.ts";
import { utf8Text } from "../util/utf8-text.ts";
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";
import { formatSize } from "../core/units/size.ts";
import { isPlainObject } from "../expect/matcher.ts";
import type { Scenario } from "../engine/spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { analyze, type LoadOptions } from "./analyze.ts";
import { MAX_NODES, shapeProblem, type ShapeProblem } from "./data-shape.ts";
import { fastParseInBounds, roughValueCount } from "./fast-parse.ts";
import { notFoundMessage, resolveScenarioPath } from "./find-file.ts";
import { stepsUsed } from "./kinds.ts";
import { buildScenario } from "./run-spec.ts";
import { exactStepLines, stepLinesOf } from "./step-lines.ts";
import { textMayHoldRefs } from "./variables.ts";
import { lostNumberIssues, misspelledNumberIssues, needsExactText, takeAsWritten } from "./written-scalars.ts";
import { writtenNumbersOf } from "../expect/written-numbers.ts";
import { grouped } from "../util/grouped.ts";
import { warnedThresholds } from "../metrics/threshold-warnings.ts";
import type { Positions } from "./positions.ts";
import { ownValue } from "../util/own.ts";

export type { LoadOptions };

/** Largest scenario file read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The scenario without its top-level `x-…` keys: those are the author's own (e.g. a home for anchors), as in docker compose. */
function withoutExtensions(root: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(root).some((k) => k.startsWith("x-"))) return root;
  return Object.fromEntries(Object.entries(root).filter(([k]) => !k.startsWith("x-")));
}

/**
 * The text as YAML reads it, so that every position counts as an editor does: without a byte order mark (which shifted
 * every column of line 1 by one), and a CR alone (an old Mac file) as the line break YAML 1.2 says it is (the parser
 * read such a file as one line and refused it).
 */
function asYamlReadsIt(text: string): string {
  const bare = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return bare.includes("\r") ? bare.replace(/\r(?!\n)/g, "\n") : bare;
}

/** The file's text, refused when it is too large or unreadable; a FIFO's (`<(…)`) read as its writer writes it (readInput). */
async function readSource(full: string, display: string, opts: LoadOptions): Promise<string> {
  try {
    const size = statSync(full).size;
    if (size > MAX_FILE_BYTES) throw new InvalidInput([{ file: display, message: `the file is ${formatSize(size)}: a scenario file is at most ${formatSize(MAX_FILE_BYTES)}` }]);
    const bytes = await readInput(full, { signal: opts.signal, maxBytes: MAX_FILE_BYTES, onWait: () => opts.onFifoWait?.(display), writerWait: (waiting) => opts.onWriterWait?.(waiting ? display : undefined) });
    if (bytes.length > MAX_FILE_BYTES) throw new InvalidInput([{ file: display, message: `more than ${formatSize(MAX_FILE_BYTES)} was read from it: a scenario file is at most that` }]);
    // A byte that is no UTF-8 became U+FFFD: `not_contains: "caf\xe9"` saved as Latin-1 then looked for "caf�" and passed.
    return asYamlReadsIt(utf8Text(bytes, display));
  } catch (e) {
    if (e instanceof InvalidInput) throw e;
    if (e instanceof ReadInterrupted) throw new ReadInterrupted(display);
    throw new InvalidInput([{ file: display, message: `cannot read: ${(e as Error).message}` }]);
  }
}

/** Loads and validates a scenario, importing only the step kinds it uses; rejects with InvalidInput listing every problem. */
export async function loadScenario(fileArg: string, opts: LoadOptions, cwd = process.cwd()): Promise<{ scenario: Scenario; scope: VarScope }> {
  const full = resolveScenarioPath(fileArg, cwd);
  if (!full) {
    throw new InvalidInput([{ file: fileArg, message: notFoundMessage(fileArg, cwd) }]);
  }
  const display = full.startsWith(cwd + "/") ? full.slice(cwd.length + 1) : full;
  const source = await readSource(full, display, opts);
  const sources = new Map([[display, source]]);
  const dir = dirname(full);

  // Fast path: the native parser, and positions only if there is something to report (or a header, say, whose number
  // may be written otherwise than it reads, `X-Id: 007`: it is sent as written, which only the exact parse keeps).
  const { data: fast, inBounds } = fastParseInBounds(source);
  const fastShape = isPlainObject(fast) && !inBounds ? shapeProblem(fast) : undefined;
  if (isPlainObject(fast) && !fastShape) {
    const root = withoutExtensions(fast);
    const steps = await stepsUsed(root);
    const result = needsExactText(root, steps, source) ? undefined : await analyze(root, dir, opts, textMayHoldRefs(source), steps);
    if (result && !result.issues.length && result.parsed) {
      const counts = { steps: result.parsed.steps.length, teardown: result.parsed.teardown?.length ?? 0 };
      return await withPositions(buildScenario(root, result, display, dir, await stepLinesOf(source, counts, display, sources)), source, display, sources);
    }
  }
  // The exact path keeps about 1 KiB per value: a file with far more values than any scenario is refused before it.
  if (fastShape?.kind === "size") throw new InvalidInput([{ file: display, message: fastShape.message }], sources);
  if (fast === undefined && roughValueCount(source) > MAX_NODES) {
    throw new InvalidInput([{ file: display, message: `invalid YAML, in a file with more than ${grouped(MAX_NODES)} lines and items (too many to locate the error; a scenario is far smaller)` }]);
  }

  // Exact path: the yaml package keeps every node's range, for file:line:col.
  const { readExact, locate } = await import("./yaml-exact.ts");
  // An error it finds masks the values the file's `secrets:` have from these sources too, as the scenario's would.
  const { cli, envFile, env } = opts.sources;
  const { data, pos } = readExact(source, display, sources, isPlainObject(fast) && !fastShape, (name) => [ownValue(cli, name), ownValue(envFile, name), ownValue(env, name)]);
  if (!isPlainObject(data)) throw new InvalidInput([{ file: display, pos: { line: 1, col: 1 }, message: "a scenario is a mapping with at least `name` and `steps`" }], sources);
  const protos: ShapeProblem[] = [];
  const shape = shapeProblem(data, protos);
  if (shape) throw new InvalidInput([{ file: display, pos: pos.of(shape.path), message: shape.message }], sources);
  // A `__proto__` key is refused where it stands (the key, not its value); the rest of the file is checked without it.
  const protoIssues: LoadIssue[] = protos.map((p) => ({ file: display, pos: pos.key(p.path.slice(0, -1), "__proto__"), message: p.message }));
  const root = withoutExtensions(data);
  const steps = await stepsUsed(root);
  takeAsWritten(root, steps, (path) => pos.writtenText(path), (path) => pos.writtenKeys(path));
  const result = await analyze(root, dir, opts, true, steps);
  const misspelled = misspelledNumberIssues(root, steps, (path) => pos.writtenText(path));
  result.issues.push(...misspelled);
  // A label's 1e400 is refused as misspelled already (it prints as Infinity): one message for it.
  const said = new Set(misspelled.map((issue) => JSON.stringify(issue.path)));
  result.issues.push(...lostNumberIssues(root, steps, (path) => pos.writtenText(path)).filter((issue) => !said.has(JSON.stringify(issue.path))));
  if (!result.issues.length && result.parsed && protoIssues.length === 0) {
    const lines = { steps: exactStepLines(pos, "steps", result.parsed.steps.length), teardown: exactStepLines(pos, "teardown", result.parsed.teardown?.length ?? 0) };
    const built = buildScenario(root, result, display, dir, lines);
    // A step's checks show a number beyond 2^53 as written (1234567890123456788), not as its double prints (…800).
    for (const [phase, specs] of [["steps", built.scenario.steps], ["teardown", built.scenario.teardown]] as const) {
      specs.forEach((spec, i) => {
        const written = writtenNumbersOf(pos.bigNumbers([phase, i]));
        if (written.size > 0) spec.writtenNumbers = written;
      });
    }
    return await withPositions(built, source, display, sources, pos);
  }
  const issues: LoadIssue[] = [...protoIssues, ...result.issues.map((raw) => ({ file: display, pos: locate(raw, pos), message: raw.message }))];
  issues.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
  const mask = await secretsMask(root, result.scope);
  throw new InvalidInput(mask ? issues.map((issue) => ({ ...issue, message: mask(issue.message) })) : issues, sources, mask);
}

/**
 * A threshold the run warns about (one every run with samples passes, one written twice) gets the position of its
 * expression, for the warning's file:line:col, and the scenario a `locate` for other warnings and the thresholds' results;
 * the fast path reads the file's positions only when one is asked for.
 */
async function withPositions<T extends { scenario: Scenario }>(built: T, source: string, display: string, sources: Map<string, string>, pos?: Positions): Promise<T> {
  let exact: Promise<Positions> | undefined = pos ? Promise.resolve(pos) : undefined;
  const positions = () => (exact ??= import("./yaml-exact.ts").then((m) => m.readExact(source, display, sources, true).pos));
  built.scenario.locate = async (path) => (await positions()).of(path);
  const warned = warnedThresholds(built.scenario);
  if (!warned.length) return built;
  const at = await positions();
  for (const t of warned) t.pos = at.of(["thresholds", t.key, t.index]);
  return built;
}

/**
 * What masks the scenario's secrets known at load time, or undefined when it names none. A message may quote a value
 * that came from a secret (`sleep: ${API_KEY}` is `invalid duration "<the key>"`), and a quoted line may hold one as
 * written (`vars: { API_KEY: "…" }`, a script that echoes the literal value): both are masked as the run masks its events.
 */
async function secretsMask(root: Record<string, unknown>, scope: VarScope): Promise<((text: string) => string) | undefined> {
  const names = Array.isArray(root.secrets) ? root.secrets.filter((n): n is string => typeof n === "string") : [];
  if (names.length === 0) return undefined;
  const { maskerFor } = await import("../engine/secrets.ts");
  // A secret's value written as a list or a mapping (`API_KEY: [tok…]`) is refused as no variable's value: the scope has
  // none for it, and the error's quoted line showed what it holds. Its texts and numbers are masked as the value.
  const vars = isPlainObject(root.vars) ? root.vars : {};
  const written = names.flatMap((name) => (typeof ownValue(vars, name) === "object" ? scalarsIn(ownValue(vars, name)) : []));
  const masker = maskerFor({ secrets: names }, scope, written);
  return (text) => masker.text(text);
}

/** The texts and numbers (as text) inside a list or mapping, at any depth. */
function scalarsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "bigint") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(scalarsIn);
  if (isPlainObject(value)) return Object.values(value).flatMap(scalarsIn);
  return [];
}
