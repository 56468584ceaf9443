// The http step alone (lib/steps/http.ts): each request built, sent, checked (status and $.id) and turned into a step result as in a run, without the engine, its events or the reporters.
// Run by bench/layers.ts (bundled first): bun step-loop.js BASE N
import { step } from "../../lib/steps/http.ts";
import { AttemptAbort } from "../../lib/core/abort-watch.ts";
import type { StepContext } from "../../lib/steps/types.ts";

const [base, n] = [process.argv[2]!, Number(process.argv[3])];
// Read as the loader reads them (its fast input check), before the first request.
const inputs = Array.from({ length: n }, (_, i) => {
  const read = step.fastInput({ url: `${base}/items/${i}`, expect: { status: 200, json: { "$.id": i } } });
  if (!read) throw new Error("the fast input check refused the bench's step");
  return read.value;
});
const tools = {
  interrupt: new AbortController().signal, scenarioDir: ".", scenarioName: "layers", runId: "layers", startedAt: new Date(), env: {}, attempt: 1, options: { keepStack: false },
  interpolate: (text: string) => text, lookup: () => undefined, log: () => {}, addResource: () => {}, removeResource: () => {}, resources: () => [], setInfo: () => {}, processMark: () => "layers", stepLabel: "step 1 (layers)",
};
let failed = 0;
for (const input of inputs) {
  // One abort per attempt, as the engine makes it (lib/engine/attempt.ts).
  const abort = new AttemptAbort();
  const ctx: StepContext = { ...tools, abort, get signal() { return abort.signal; } };
  const result = await step.run(input, ctx);
  if (result.error !== undefined || !result.checks.every((c) => c.ok)) failed++;
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
