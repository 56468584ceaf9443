// What `list` and `--dry-run` print: each step with its id and tags; for a dry run only the selected steps, with the URL, command or query each would use.
import type { Scenario, StepSpec } from "../engine/spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { interpolate, interpolateDeep, shellQuote } from "../vars/interpolate.ts";
import { displayCommand } from "../vars/shell-refs.ts";
import { maskerFor } from "../engine/secrets.ts";
import { stepsToRun, type Selection } from "../engine/selection.ts";
import { oneLine } from "../util/one-line.ts";
import { parseInput } from "../steps/parse-input.ts";
import { captureNames } from "../vars/captures.ts";

const REF = /\$\$\{|\$\{([^}:]*)(?::-([^}]*))?\}/g;

/**
 * The names an earlier step that runs captures: at run time a capture comes before every other source and before a
 * `${NAME:-default}`'s default, so the plan shows these as `${NAME}` (known only at run time), not the value or default it has now.
 */
type Pending = ReadonlySet<string>;

function pendingAfter(steps: readonly StepSpec[]): Set<string>[] {
  const seen = new Set<string>();
  return steps.map((s) => {
    const before = new Set(seen);
    for (const n of captureNames(s.input)) seen.add(n);
    return before;
  });
}

/** A string or JSON-like value with each reference to a pending name written `${NAME}` (its default dropped). */
function withoutPendingDefaults(value: unknown, pending: Pending): unknown {
  if (pending.size === 0) return value;
  if (typeof value === "string") return value.replace(REF, (whole, name: string | undefined) => (name !== undefined && pending.has(name) ? `\${${name}}` : whole));
  if (Array.isArray(value)) return value.map((v) => withoutPendingDefaults(v, pending));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutPendingDefaults(k, pending) as string, withoutPendingDefaults(v, pending)]));
  }
  return value;
}

/** `list`: every step, numbered, with its kind, id, service and tags. */
export function listText(scenario: Scenario, scope: VarScope): string {
  const pending = pendingAfter([...scenario.steps, ...scenario.teardown]);
  const all = [...scenario.steps, ...scenario.teardown];
  const lines = [`${scenario.name} (${scenario.file})`, ...scenario.steps.map((s) => row(s, scope, pending[all.indexOf(s)]!))];
  if (scenario.teardown.length) lines.push("  teardown:", ...scenario.teardown.map((s) => row(s, scope, pending[all.indexOf(s)]!)));
  return `${maskerFor(scenario, scope).text(lines.join("\n"))}\n`;
}

/** `--dry-run`: the steps the selection runs (with the setup steps it keeps; teardown always runs), each with what it would do, values filled in and secrets masked. */
export function dryRunText(scenario: Scenario, scope: VarScope, selection: Selection): string {
  const toRun = stepsToRun(scenario.steps, selection);
  const chosen = scenario.steps.filter((s) => toRun.has(s));
  const left = scenario.steps.length - chosen.length;
  const runs = [...chosen, ...scenario.teardown];
  const pending = pendingAfter(runs);
  const lines = [`${scenario.name} (${scenario.file}): dry run, nothing is run`];
  const push = (s: StepSpec) => {
    const p = pending[runs.indexOf(s)]!;
    lines.push(row(s, scope, p), ...resolved(s, scope, p).map((l) => `        ${l}`));
  };
  for (const s of chosen) push(s);
  if (left > 0) lines.push(`  (${left} ${left === 1 ? "step" : "steps"} not selected)`);
  if (scenario.teardown.length) {
    lines.push("  teardown:");
    for (const s of scenario.teardown) push(s);
  }
  return `${maskerFor(scenario, scope).text(lines.join("\n"))}\n`;
}

function row(s: StepSpec, scope: VarScope, pending: Pending): string {
  const extra = [s.kind, s.id ? `id=${s.id}` : "", s.service ? `service=${s.service}` : "", s.tags.length ? `tags=${s.tags.join(",")}` : ""].filter(Boolean).join(" ");
  const where = s.line === undefined ? "" : `  line ${s.line}`;
  return `  ${String(s.index + 1).padStart(2)}. ${oneLine(interpolate(withoutPendingDefaults(s.name, pending) as string, (n) => (pending.has(n) ? undefined : scope.lookup(n))))}  [${extra}]${where}`;
}

/** The URL, command or query the step would use, with variables filled in (a value known only at run time stays as ${NAME}). */
function resolved(s: StepSpec, scope: VarScope, pending: Pending): string[] {
  const lookup = (n: string) => (pending.has(n) ? undefined : scope.lookup(n));
  const raw = withoutPendingDefaults(s.input, pending);
  if (s.kind === "shell") {
    const run = typeof raw === "string" ? raw : (raw as { run?: unknown })?.run;
    if (typeof run === "string") return run.split("\n").filter((l) => l.trim()).map((l, i) => `${i === 0 ? "$" : ">"} ${displayCommand(l, lookup)}`);
    if (Array.isArray(run)) return [`$ ${(interpolateDeep(run, lookup) as string[]).map(shellQuote).join(" ")}`];
  }
  const parsed = parseInput(s.impl, interpolateDeep(raw, lookup, s.impl.rawFields ?? []));
  if (!parsed.success) return [];
  const input = parsed.data as Record<string, unknown>;
  const out: string[] = [];
  if (typeof input === "object" && input !== null && typeof input.query === "string") {
    for (const key of ["url", "source"]) if (typeof input[key] === "string") out.push(`${key}: ${input[key]}`);
    out.push(`query: ${input.query.replace(/\s+/g, " ").trim()}`);
    return out;
  }
  return [s.impl.describe(parsed.data)];
}
