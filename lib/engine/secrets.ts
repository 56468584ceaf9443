// The secrets of a scenario: which cannot be masked (empty, too short, never defined), said at load time and in every report's header.
import type { Scenario } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { Masker, unmaskableReason } from "../vars/mask.ts";
import { captureNames } from "../vars/captures.ts";

/** The info key under which reports show a warning about one secret. */
export const secretWarningKey = (name: string) => `warning: secret ${name}`;

/** Names that some step's `capture:` defines. */
function capturedNames(scenario: Scenario): Set<string> {
  const names = new Set<string>();
  for (const spec of [...scenario.steps, ...scenario.teardown]) for (const k of captureNames(spec.input)) names.add(k);
  return names;
}

/** One warning per secret that cannot be masked before the run: name → why. A secret left to a capture is checked when captured. */
export function secretWarnings(scenario: Scenario, scope: VarScope): Map<string, string> {
  const out = new Map<string, string>();
  let captured: Set<string> | undefined; // the steps' inputs are walked only for a secret no source defines
  for (const name of scenario.secrets) {
    const value = scope.lookup(name);
    if (value === undefined) {
      captured ??= capturedNames(scenario);
      if (!captured.has(name)) out.set(name, "no source defines it and no step captures it, so nothing is masked: check the name");
      continue;
    }
    const reason = unmaskableReason(value);
    if (reason) out.set(name, reason);
  }
  return out;
}

/** A masker holding the values of the scenario's secrets known before the run (captured ones are added as they come). */
export function maskerFor(scenario: Pick<Scenario, "secrets">, scope: VarScope): Masker {
  const masker = new Masker();
  for (const name of scenario.secrets) masker.add(scope.lookup(name));
  return masker;
}
