// What `list` and `--dry-run` print: each step with its id and tags; for a dry run only the selected steps, with the URL, command or query each would use.
import type { Scenario, StepSpec } from "../engine/spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { interpolate, interpolateDeep, interpolateInput, withoutDefaults } from "../vars/interpolate.ts";
import { displayCommand } from "../vars/shell-refs.ts";
import { maskerFor } from "../engine/secrets.ts";
import { capturedBefore, stepsToRun, type Selection } from "../engine/selection.ts";
import { oneLine } from "../util/one-line.ts";
import { parseInput } from "../steps/parse-input.ts";
import { shownListCommand } from "../steps/shell/shown-command.ts";


/** The plan's lookup: a name captured before the step has no value yet. */
const lookupBefore = (scope: VarScope, pending: ReadonlySet<string>) => (n: string) => (pending.has(n) ? undefined : scope.lookup(n));

/**
 * `list`: the steps the selection runs (every step without one; the setup steps it keeps; teardown always runs),
 * numbered, with its kind, id, service and tags.
 */
export function listText(scenario: Scenario, scope: VarScope, selection: Selection): string {
  const toRun = stepsToRun(scenario.steps, selection, scope.lookup);
  const chosen = scenario.steps.filter((s) => toRun.has(s));
  const left = scenario.steps.length - chosen.length;
  const pending = capturedBefore([...chosen, ...scenario.teardown]);
  const lines = [`${scenario.name} (${scenario.file})`, ...chosen.map((s) => row(s, scope, pending.get(s)!))];
  if (left > 0) lines.push(notSelected(left));
  if (scenario.teardown.length) lines.push("  teardown:", ...scenario.teardown.map((s) => row(s, scope, pending.get(s)!)));
  return `${maskerFor(scenario, scope).text(lines.join("\n"))}\n`;
}

/** The line after the selected steps saying how many the selection leaves out. */
const notSelected = (left: number) => `  (${left} ${left === 1 ? "step" : "steps"} not selected)`;

/** `--dry-run`: the steps the selection runs (with the setup steps it keeps; teardown always runs), each with what it would do, values filled in and secrets masked. */
export function dryRunText(scenario: Scenario, scope: VarScope, selection: Selection): string {
  const toRun = stepsToRun(scenario.steps, selection, scope.lookup);
  const chosen = scenario.steps.filter((s) => toRun.has(s));
  const left = scenario.steps.length - chosen.length;
  const pending = capturedBefore([...chosen, ...scenario.teardown]);
  const lines = [`${scenario.name} (${scenario.file}): dry run, nothing is run`];
  const push = (s: StepSpec) => {
    const p = pending.get(s)!;
    lines.push(row(s, scope, p), ...resolved(s, scope, p).map((l) => `        ${l}`));
  };
  for (const s of chosen) push(s);
  if (left > 0) lines.push(notSelected(left));
  if (scenario.teardown.length) {
    lines.push("  teardown:");
    for (const s of scenario.teardown) push(s);
  }
  return `${maskerFor(scenario, scope).text(lines.join("\n"))}\n`;
}

function row(s: StepSpec, scope: VarScope, pending: ReadonlySet<string>): string {
  const extra = [s.kind, s.id ? `id=${s.id}` : "", s.service ? `service=${oneLine(s.service)}` : "", s.tags.length ? `tags=${s.tags.map(oneLine).join(",")}` : ""].filter(Boolean).join(" ");
  const where = s.line === undefined ? "" : `  line ${s.line}`;
  return `  ${String(s.index + 1).padStart(2)}. ${oneLine(interpolate(withoutDefaults(s.name, pending) as string, lookupBefore(scope, pending)))}  [${extra}]${where}`;
}

/** The URL, command or query the step would use, with variables filled in (a value known only at run time stays as ${NAME}). */
function resolved(s: StepSpec, scope: VarScope, pending: ReadonlySet<string>): string[] {
  const lookup = lookupBefore(scope, pending);
  const raw = withoutDefaults(s.input, pending);
  if (s.kind === "shell") {
    const run = typeof raw === "string" ? raw : (raw as { run?: unknown })?.run;
    if (typeof run === "string") return run.split("\n").filter((l) => l.trim()).map((l, i) => `${i === 0 ? "$" : ">"} ${displayCommand(l, lookup)}`);
    if (Array.isArray(run)) return [`$ ${shownListCommand(run as string[], interpolateDeep(run, lookup) as string[], lookup)}`];
  }
  // Keys a value known only at run time may make one (`${K}` and `$${K}` are both `${K}` now): the step says so when it runs.
  const parsed = parseInput(s.impl, interpolateInput(s.impl, raw, lookup, () => {}));
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
