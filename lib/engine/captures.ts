// What a step captured: secrets among the values are masked from the attempt's own events on; a passing step's values become variables.
import type { StepSpec } from "./spec.ts";
import type { StepResult } from "../core/step-result.ts";
import { secretWarningKey } from "./secrets.ts";
import { stepName, type RunState } from "./run-state.ts";

/** Masks every captured value the scenario declares secret; says in the reports when one cannot be masked. */
export function maskCapturedSecrets(run: RunState, spec: StepSpec, result: StepResult): void {
  if (!result.captures) return;
  for (const [k, v] of Object.entries(result.captures)) {
    if (!run.scenario.secrets.includes(k)) continue;
    const reason = run.masker.add(v);
    if (reason) run.emit({ type: "info", key: secretWarningKey(k), value: `captured by step "${stepName(run, spec)}": ${reason}` });
  }
}

/** Makes the captures of a step that passed visible to the steps after it. */
export function keepCaptures(run: RunState, spec: StepSpec, result: StepResult): void {
  if (!result.captures) return;
  const by = stepName(run, spec);
  for (const [k, v] of Object.entries(result.captures)) run.scope.capture(k, v, by);
}
