// Before anything runs: each step kind used checks what it needs (e.g. a compose engine); failures make the run invalid.
import type { Scenario } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { interpolateInput } from "../vars/interpolate.ts";
import { parseInput } from "../steps/parse-input.ts";
import { InvalidInput } from "../core/invalid-input.ts";

export async function preflight(scenario: Scenario, scope: VarScope, setInfo: (key: string, value: string) => void): Promise<void> {
  const byKind = new Map<string, { spec: Scenario["steps"][number]; inputs: unknown[] }>();
  for (const spec of [...scenario.steps, ...scenario.teardown]) {
    if (!spec.impl.preflight) continue;
    const entry = byKind.get(spec.kind) ?? { spec, inputs: [] };
    const parsed = parseInput(spec.impl, interpolateInput(spec.impl, spec.input, scope.lookupKnown));
    if (parsed.success) entry.inputs.push(parsed.data);
    byKind.set(spec.kind, entry);
  }
  const issues = [];
  for (const [kind, { spec, inputs }] of byKind) {
    const errors = await spec.impl.preflight!(inputs, { scenarioDir: scenario.dir, env: scope.exported(), setInfo });
    for (const message of errors) issues.push({ file: scenario.file, message: `${kind}: ${message}` });
  }
  if (issues.length) throw new InvalidInput(issues);
}
