// One step of scenarios/full-stack.yaml, with the scenario's variables and secrets, as a scenario of its own: the tests
// that run a step as written against a stand-in of the service it asks.
import { expect } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { REPO, runCli, tempDir } from "./cli.ts";

/**
 * The step of full-stack.yaml named `step` (there must be exactly one), as the scenario `name`. With `noWait`, the step
 * must have an `eventually` and it is left out: the stand-in's answer does not change, so a wait would only delay a failure.
 */
export function fullStackStep(step: string, name: string, noWait = false): object {
  const doc = parseDocument(readFileSync(join(REPO, "scenarios/full-stack.yaml"), "utf8")).toJS() as { vars: object; secrets: string[]; steps: { name: string; eventually?: unknown }[] };
  const steps = doc.steps.filter((s) => s.name === step);
  expect(steps).toHaveLength(1);
  if (!noWait) return { name, vars: doc.vars, secrets: doc.secrets, steps };
  expect(steps[0]!.eventually).toBeDefined();
  return { name, vars: doc.vars, secrets: doc.secrets, steps: steps.map(({ eventually: _, ...s }) => s) };
}

/**
 * Runs `scenario` (a step of fullStackStep's) in a folder of its own, its `variable` set to `url` (the stand-in's): true
 * when it passes, false when it fails; any other exit fails the test.
 */
export async function passesWith(scenario: object, folder: string, variable: string, url: string): Promise<boolean> {
  const dir = tempDir(folder);
  writeFileSync(join(dir, "s.yaml"), JSON.stringify(scenario));
  const r = await runCli(["s.yaml", "--no-color", "--report-dir", "reports", "--var", `${variable}=${url}`], { cwd: dir });
  expect(r.code === 0 || r.code === 1).toBe(true);
  return r.code === 0;
}
