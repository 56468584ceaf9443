// Refuses, before anything runs, a --tag/--skip-tag/--step selection that runs nothing, checks nothing, or lacks a capture it needs.
import { named, namesBeforeRun, notSelectedBecause, selected, stepsToRun, type Selection } from "../engine/selection.ts";
import { stepChecks, type Scenario, type StepSpec } from "../engine/spec.ts";
import { captureNames } from "../vars/captures.ts";
import { didYouMean } from "../util/did-you-mean.ts";
import { findRefs, shellQuote } from "../vars/interpolate.ts";
import type { VarScope } from "../vars/scope.ts";
import { addTo } from "../util/group.ts";
import { stringsAndKeysIn } from "../util/strings-in.ts";
import { envReads, shellStepScript, whereInRun } from "./shell-reads.ts";

/** A `shell` step with `background: true` passes once its process has started: it checks nothing. */
function startsInBackground(spec: StepSpec): boolean {
  return spec.kind === "shell" && (spec.input as { background?: unknown }).background === true;
}

/** How a step is named on the command line: its id, else its name. */
function stepWord(spec: StepSpec): string {
  return spec.id ?? spec.name;
}

/** The steps as --step may name them: each name as the reports show it when known before the run, else as written. */
function listSteps(steps: readonly StepSpec[], shown: ReadonlyMap<StepSpec, string>): string {
  return steps.map((s) => {
    const name = JSON.stringify(shown.get(s) ?? s.name);
    return s.id ? `${s.id} (${name})` : name;
  }).join(", ");
}

/** How to make the run include a step it leaves out. */
function howToInclude(spec: StepSpec, sel: Selection): string {
  const skippedBy = sel.skipTags.find((t) => spec.tags.includes(t));
  if (skippedBy !== undefined) return `drop --skip-tag ${shellQuote(skippedBy)}`;
  if (sel.tags.length && !sel.tags.some((t) => spec.tags.includes(t))) {
    return spec.tags.length ? `add --tag ${shellQuote(spec.tags[0]!)}` : `tag it ${sel.tags.join(" or ")} in the scenario, or select by --step without --tag`;
  }
  return `add --step ${shellQuote(stepWord(spec))}`;
}

/** The steps that check nothing, as the selection's refusal names them. */
const NOTHING_CHECKED = "(sleep; compose down, stop, logs, restart without wait, ps without expect)";

/**
 * Every problem of the selection for one scenario; empty when the run would check something. Without --tag, --skip-tag
 * or --step, steps that check nothing are the file's doing: said at its first step's file:line:col, as the loader
 * refuses a file.
 */
export async function selectionProblems(scenario: Scenario, scope: VarScope, sel: Selection): Promise<string[]> {
  const main = scenario.steps;
  const file = scenario.file;
  const problems: string[] = [];
  const narrowed = sel.steps.length + sel.tags.length + sel.skipTags.length > 0;
  // Without --tag, --skip-tag or --step no flag can name something missing, and every main step is selected: the
  // step names, the tags and the per-step selection are not worked out (for each of a thousand steps, cold, ~1 ms).
  const shown = sel.steps.length ? namesBeforeRun(main, scope.lookup) : new Map<StepSpec, string>();
  if (narrowed) flagProblems(main, scenario.teardown, file, sel, shown, problems);
  if (problems.length) return problems;
  const running = narrowed ? stepsToRun(main, sel, scope.lookup) : new Set(main);
  leftOutNamedSteps(main, file, sel, shown, running, problems);
  if (problems.length) return problems;

  const chosen = narrowed ? main.filter((s) => selected(s, sel, shown.get(s))) : main;
  if (!chosen.length) return [`the selection (${flagsText(sel)}) leaves no step of ${file} to run: nothing would be checked`];
  const checksNothing = chosen.every((s) => !stepChecks(s));
  if (checksNothing || chosen.every((s) => !stepChecks(s) || startsInBackground(s))) {
    const what = narrowed ? `the steps of ${file} that the selection runs` : `${await firstStepAt(scenario)}: the steps`;
    if (checksNothing) return [`${what} ${chosen.every((s) => s.kind === "sleep") ? "only sleep" : `all check nothing ${NOTHING_CHECKED}`}: nothing would be checked`];
    return [`${what} ${chosen.some((s) => s.kind === "compose" && !stepChecks(s)) ? `check nothing ${NOTHING_CHECKED}` : "only sleep"} or start background processes: nothing would be checked`];
  }

  // A step that uses a capture must run together with a step that captures it (setup steps kept by the selection count);
  // without --tag, --skip-tag or --step every step runs, so every capture's step does.
  if (!narrowed) return problems;
  const capturers = new Map<string, StepSpec[]>();
  for (const s of main) for (const n of captureNames(s.input)) addTo(capturers, n, s);
  /** The step that captures the name when this run leaves out every step capturing it and nothing else defines it. */
  const leftOutCapturer = (name: string): StepSpec | undefined => {
    if (scope.knownBeforeRun(name)) return undefined;
    const sources = capturers.get(name) ?? [];
    return sources.length && !sources.some((c) => running.has(c)) ? sources[0] : undefined;
  };
  const leftOut = (s: StepSpec, uses: string, c: StepSpec) =>
    `step ${JSON.stringify(stepWord(s))} ${uses}, which step ${JSON.stringify(stepWord(c))} captures, but this run leaves that step out ` +
    `(${notSelectedBecause(c, sel, shown.get(c))}): ${howToInclude(c, sel)}${sel.skipTags.some((t) => c.tags.includes(t)) ? "" : ", or mark it setup: true"}`;
  for (const s of [...running, ...scenario.teardown]) {
    const seen = new Set<string>();
    // Keys too: a header `"X-${ID}"` or a JSONPath key using a left-out step's capture ran and failed as "not passed".
    for (const ref of stringsAndKeysIn([s.name, s.input]).flatMap((t) => findRefs(t))) {
      if (ref.error || ref.hasDefault || seen.has(ref.name)) continue;
      seen.add(ref.name);
      const c = leftOutCapturer(ref.name);
      if (c) problems.push(leftOut(s, `uses \${${ref.name}}`, c));
    }
    // A capture is exported to later shell steps: a script reading it as bash's $NAME got it empty and could pass.
    const script = shellStepScript(s);
    for (const read of script === undefined ? [] : envReads(script)) {
      if (seen.has(read.name)) continue;
      seen.add(read.name);
      const c = leftOutCapturer(read.name);
      if (c) problems.push(leftOut(s, `reads $${read.name} ${whereInRun(script!, read.offset)}`, c));
    }
  }
  return problems;
}

/** Where a scenario's first step is written, `file:line:col` (its line alone, or the file, when the positions are not known). */
async function firstStepAt(scenario: Scenario): Promise<string> {
  const at = await scenario.locate?.(["steps", 0]);
  if (at) return `${scenario.file}:${at.line}:${at.col}`;
  const line = scenario.steps[0]?.line;
  return line === undefined ? scenario.file : `${scenario.file}:${line}`;
}

/**
 * Each --step whose steps --tag or --skip-tag leave out (none of them runs, setup steps kept included): a step must pass
 * every flag, and such a --step was dropped without a word (alone, it left no step to run).
 */
function leftOutNamedSteps(main: readonly StepSpec[], file: string, sel: Selection, shown: ReadonlyMap<StepSpec, string>, running: ReadonlySet<StepSpec>, problems: string[]): void {
  if (!sel.tags.length && !sel.skipTags.length) return;
  for (const n of sel.steps) {
    const steps = main.filter((s) => named(n, s, shown.get(s)));
    if (!steps.length || steps.some((s) => running.has(s))) continue;
    const what = `the step${steps.length > 1 ? "s" : ""} that --step ${JSON.stringify(n)} names in ${file}`;
    const every = "a step runs only when every flag selects it";
    const skippedBy = sel.skipTags.find((t) => steps[0]!.tags.includes(t));
    if (skippedBy !== undefined) {
      problems.push(`--skip-tag ${JSON.stringify(skippedBy)} leaves out ${what} (${every}): drop --skip-tag ${shellQuote(skippedBy)}, or drop --step ${shellQuote(n)}`);
    } else {
      const flags = sel.tags.map((t) => `--tag ${JSON.stringify(t)}`);
      const verb = flags.length > 1 ? "leave" : "leaves";
      const drop = flags.length > 1 ? "drop the --tag flags" : `drop --tag ${shellQuote(sel.tags[0]!)}`;
      problems.push(`${flags.join(" and ")} ${verb} out ${what} (${notSelectedBecause(steps[0]!, sel, shown.get(steps[0]!))}; ${every}): ${drop}, or drop --step ${shellQuote(n)}`);
    }
  }
}

/** Each --step, --tag and --skip-tag that names nothing in the file, with a did-you-mean. */
function flagProblems(main: readonly StepSpec[], teardown: readonly StepSpec[], file: string, sel: Selection, shown: ReadonlyMap<StepSpec, string>, problems: string[]): void {
  const names = [...new Set(main.flatMap((s) => [...(s.id ? [s.id] : []), shown.get(s) ?? s.name]))];
  for (const n of sel.steps) {
    if (main.some((s) => named(n, s, shown.get(s)))) continue;
    // A teardown step is no step a selection chooses: every run ends with all of them.
    const down = teardown.find((s) => s.id === n || s.name === n);
    if (down) problems.push(`--step ${JSON.stringify(n)} names a teardown step of ${file}, which every run ends with whatever it selects: --step chooses among the steps; its steps: ${listSteps(main, shown)}`);
    else problems.push(`--step ${JSON.stringify(n)} names no step of ${file}${didYouMean(n, names)}; its steps: ${listSteps(main, shown)}`);
  }
  const tags = [...new Set(main.flatMap((s) => s.tags))];
  for (const [flag, values] of [["--tag", sel.tags], ["--skip-tag", sel.skipTags]] as const) {
    for (const t of values) {
      if (tags.includes(t)) continue;
      // Only teardown steps carry it: "matches no step" and a list of tags without it read as a typo.
      if (teardown.some((s) => s.tags.includes(t))) problems.push(`${flag} ${JSON.stringify(t)} is a tag of teardown steps of ${file} only, which every run ends with whatever it selects: ${flag} chooses among the steps; ${tags.length ? `their tags: ${tags.join(", ")}` : "its steps have no tags"}`);
      else problems.push(`${flag} ${JSON.stringify(t)} matches no step of ${file}${didYouMean(t, tags)}; ${tags.length ? `its tags: ${tags.join(", ")}` : "its steps have no tags"}`);
    }
  }
}

function flagsText(sel: Selection): string {
  return [...sel.tags.map((t) => `--tag ${t}`), ...sel.skipTags.map((t) => `--skip-tag ${t}`), ...sel.steps.map((s) => `--step ${s}`)].join(" ");
}
