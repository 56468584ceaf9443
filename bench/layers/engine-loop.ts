// The loader and the engine without the CLI: the scenario file read and checked as `scenario run` reads it, then run by runScenario with every event dropped (no reporters, no reports).
// Run by bench/layers.ts (bundled first): bun engine-loop.js SCENARIO
import { loadScenario } from "../../lib/loader/load.ts";
import { runScenario } from "../../lib/engine/run-scenario.ts";
import { maskerFor } from "../../lib/engine/secrets.ts";
import { builtins } from "../../lib/vars/scope.ts";

const startedAt = new Date();
const runId = "layers";
const { scenario, scope } = await loadScenario(process.argv[2]!, { sources: { cli: {}, envFile: {}, env: process.env as Record<string, string> }, builtins: (dir) => builtins(runId, startedAt, dir) });
const outcome = await runScenario({ scenario, scope, masker: maskerFor(scenario, scope), runId, startedAt, emit: () => {}, interrupt: new AbortController().signal });
console.log(`${outcome.totals.passed} passed, ${outcome.totals.failed} failed`);
process.exit(outcome.status === "passed" ? 0 : 1);
