// A text check widened by an empty captured value: `contains: "id=${X}"` with X captured as "" checked `contains: "id="`,
// which holds on any line with `id=`. The step fails before it runs, naming the variable and the step that captured it.
import type { StepSpec } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { widenedChecks, widenedMessage } from "../vars/empty-refs.ts";
import { ownValue } from "../util/own.ts";

/**
 * Why the step cannot run as written: each positive text check whose pattern takes, without a default, a variable an
 * earlier step captured empty (lib/vars/empty-refs.ts says which checks). Undefined when there is none.
 */
export function widenedByEmptyCapture(spec: StepSpec, scope: VarScope): string | undefined {
  // Most runs capture nothing empty: then no step's input is walked (every attempt of every step passes here).
  if (!scope.hasEmptyCapture()) return undefined;
  const found = widenedChecks(spec.kind, spec.input, (name) => scope.capturedEmpty(name), scope.lookup);
  if (!found.length) return undefined;
  const whence = (name: string) => {
    const step = ownValue(scope.capturedBy, name);
    return step === undefined ? undefined : `captured by step ${JSON.stringify(step)}`;
  };
  return found.map((c) => widenedMessage(c, whence)).join("; ");
}
