// `thresholds:` at load time: parsed into the scenario, and every bad key, expression or selector at file:line:col.
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../loader/load.ts";
import { builtins } from "../vars/scope.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const dir = tempDir("scenario-thresholds-");

function load(yaml: string) {
  const file = join(dir, "s.yaml");
  writeFileSync(file, yaml);
  return loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
}

function errors(yaml: string): Promise<string> {
  return loadErrorText(load(yaml));
}

const STEPS = `steps:
  - id: models
    service: vllm
    tags: [us-001]
    http: { url: "http://127.0.0.1:1/v1/models", repeat: 50, concurrency: 5 }
  - service: api
    files: { glob: "*.log" }
`;

test("thresholds load parsed, with their keys and expressions as written", async () => {
  const { scenario } = await load(`name: t
${STEPS}thresholds:
  http_req_duration: ["p(95)<500", "avg<200"]
  "http_req_duration{service:vllm}": ["p(95)<300"]
  "checks{tag:us-001}": ["rate==1"]
  checks: ["rate>0.99"]
  http_reqs: ["count>=10"]
`);
  expect(scenario.thresholds?.map((t) => [t.key, t.expression, t.metric, t.method, t.p, t.op, t.value, t.selector])).toEqual([
    ["http_req_duration", "p(95)<500", "http_req_duration", "p", 95, "<", 500, {}],
    ["http_req_duration", "avg<200", "http_req_duration", "avg", undefined, "<", 200, {}],
    ["http_req_duration{service:vllm}", "p(95)<300", "http_req_duration", "p", 95, "<", 300, { service: "vllm" }],
    ["checks{tag:us-001}", "rate==1", "checks", "rate", undefined, "==", 1, { tag: "us-001" }],
    ["checks", "rate>0.99", "checks", "rate", undefined, ">", 0.99, {}],
    ["http_reqs", "count>=10", "http_reqs", "count", undefined, ">=", 10, {}],
  ]);
  expect((await load(`name: t\n${STEPS}`)).scenario.thresholds).toEqual([]);
});

test("a bad expression is an error at its line and column, quoting the input; every error at once", async () => {
  expect(await errors(`name: t
${STEPS}thresholds:
  http_req_duration: ["p(95)<500", "p(95)<500ms"]
  checks: ["p(95)>1"]
  http_req_durations: ["avg<1"]
`)).toBe(`s.yaml:10:36: thresholds.http_req_duration[1]: failed parsing threshold expression "p(95)<500ms": the right-hand side "500ms" is not a number: write the number alone (milliseconds), as k6 does
  10 |   http_req_duration: ["p(95)<500", "p(95)<500ms"]
     |                                    ^
s.yaml:11:12: thresholds.checks[0]: failed parsing threshold expression "p(95)>1": "p(95)" does not apply to checks (a rate): use rate
  11 |   checks: ["p(95)>1"]
     |            ^
s.yaml:12:3: thresholds.http_req_durations: threshold "http_req_durations": unknown metric "http_req_durations" (did you mean "http_req_duration"?) (metrics: http_req_duration, http_reqs, http_req_failed, checks, data_sent, data_received)
  12 |   http_req_durations: ["avg<1"]
     |   ^
3 errors: nothing was run.`);
});

test("a selector must name a service, tag or step of the scenario; http metrics need an http step it covers", async () => {
  const text = await errors(`name: t
${STEPS}thresholds:
  "http_req_duration{service:vlm}": ["p(95)<300"]
  "checks{tag:us-009}": ["rate==1"]
  "http_reqs{service:api}": ["count>=1"]
  "checks{step:modles}": ["rate==1"]
`);
  // Each at its key (inside the quotes), where the mistake is, not at its expressions.
  expect(text).toContain(`s.yaml:10:4: thresholds.http_req_duration{service:vlm}: threshold "http_req_duration{service:vlm}": no step has service "vlm" (did you mean "vllm"?) (services: vllm, api)`);
  expect(text).toContain(`s.yaml:11:4: thresholds.checks{tag:us-009}: threshold "checks{tag:us-009}": no step has tag "us-009"`);
  expect(text).toContain(`s.yaml:12:4: thresholds.http_reqs{service:api}: threshold "http_reqs{service:api}": http_reqs measures http requests, and no http step is selected by it`);
  expect(text).toContain(`s.yaml:13:4: thresholds.checks{step:modles}: threshold "checks{step:modles}": no step has step "modles" (did you mean "models"?)`);
  expect(text).toContain("4 errors: nothing was run.");
});

test("checks over steps that make no check (a sleep, compose down or logs) could never have samples: refused at the key; a background shell's start is a check", async () => {
  const text = await errors(`name: t
steps:
  - { id: nap, tags: [idle], sleep: 10ms }
  - { id: nap2, tags: [idle], sleep: 10ms }
  - { id: bg, tags: [start], shell: { run: "sleep 1", background: true } }
  - { id: logs, compose: { action: logs } }
  - { id: h, http: { url: "http://127.0.0.1:1/" } }
thresholds:
  "checks{step:nap}": ["rate==1"]
  "checks{tag:idle}": ["rate==1"]
  "checks{step:bg}": ["rate==1"]
  "checks{step:logs}": ["rate==1"]
  "checks{step:h}": ["rate==1"]
  checks: ["rate==1"]
`);
  const why = "checks counts the checks steps make, and the steps selected by it make none (a sleep; compose down, stop, logs, restart without wait, ps without expect): it could never have samples";
  expect(text).toContain(`s.yaml:9:4: thresholds.checks{step:nap}: threshold "checks{step:nap}": ${why}`);
  expect(text).toContain(`s.yaml:10:4: thresholds.checks{tag:idle}: threshold "checks{tag:idle}": ${why}`);
  expect(text).toContain(`s.yaml:12:4: thresholds.checks{step:logs}: threshold "checks{step:logs}": ${why}`);
  expect(text).toContain("3 errors: nothing was run.");
});

test("{step:X} naming one step by id and another by name is refused: it would measure them together", async () => {
  const text = await errors(`name: t
steps:
  - { id: login, http: { url: "http://127.0.0.1:1/fast" } }
  - { name: login, http: { url: "http://127.0.0.1:1/slow" } }
thresholds:
  "http_req_duration{step:login}": ["max<300"]
`);
  expect(text).toContain(`s.yaml:6:4: thresholds.http_req_duration{step:login}: threshold "http_req_duration{step:login}": {step:login} names the step with id "login" and another step named so: it would measure them together; give that step another name, or the step another id`);
  // Two steps named so, without an id: measured together too (a fast and a slow `health`).
  expect(await errors(`name: t\nsteps:\n  - { name: health, http: { url: "http://127.0.0.1:1/fast" } }\n  - { name: health, http: { url: "http://127.0.0.1:1/slow" } }\nthresholds:\n  "http_req_duration{step:health}": ["p(95)<300"]\n`))
    .toContain(`s.yaml:6:4: thresholds.http_req_duration{step:health}: threshold "http_req_duration{step:health}": {step:health} names 2 steps named so: it would measure them together; give the one it means an id and name that ({step:ID}), or to measure several together give them a tag ({tag:…})`);
  // The same step by its id and its name is one step.
  expect(await errors(`name: t\nsteps:\n  - { id: login, name: login, http: { url: "http://127.0.0.1:1/" } }\nthresholds:\n  "http_req_duration{step:login}": ["max<300"]\n`)).toBe("");
});

test("an expression list is required, of strings", async () => {
  expect(await errors(`name: t\n${STEPS}thresholds:\n  checks: "rate>0.99"\n`)).toContain("s.yaml:10:11: thresholds.checks: expected a list, got string");
  // k6's object form is named as such, not "expected string, got a mapping".
  expect(await errors(`name: t\n${STEPS}thresholds:\n  checks: [{ threshold: "rate==1", abortOnFail: true }]\n`)).toContain("thresholds.checks[0]: k6's object form ({threshold: …}) is not supported: write the expression as a string");
});

test("k6's object form: the expression to write is its own, what else it gave is said unsupported, and every other threshold error is reported with it", async () => {
  // The example was "rate==1" whatever the metric (no expression of http_req_duration), and the list's other mistakes went unreported.
  expect(await errors(`name: t\n${STEPS}thresholds:\n  http_req_duration: [{threshold: "p(95)<300", abortOnFail: true}]\n  checks: ["rate>99%"]\n`)).toBe(`s.yaml:10:23: thresholds.http_req_duration[0]: k6's object form ({threshold: …}) is not supported: write the expression as a string, "p(95)<300"; abortOnFail is not supported (thresholds never stop a run early: they are checked at its end)
  10 |   http_req_duration: [{threshold: "p(95)<300", abortOnFail: true}]
     |                       ^
s.yaml:11:12: thresholds.checks[0]: failed parsing threshold expression "rate>99%": the right-hand side "99%" is not a number: write the number alone (a fraction, 0.99 for 99%), as k6 does
  11 |   checks: ["rate>99%"]
     |            ^
2 errors: nothing was run.`);
  const one = async (key: string, item: string) => (await errors(`name: t\n${STEPS}thresholds:\n  ${key}: [${item}]\n`)).split("\n")[0];
  expect(await one("checks", `{threshold: "rate==1"}`)).toEndWith(`thresholds.checks[0]: k6's object form ({threshold: …}) is not supported: write the expression as a string, "rate==1"`);
  expect(await one("checks", `{threshold: "rate==1", abortOnFail: true, delayAbortEval: 10s}`)).toEndWith(`"rate==1"; abortOnFail and delayAbortEval are not supported (thresholds never stop a run early: they are checked at its end)`);
  // Without an expression of its own: an example that fits the metric.
  expect(await one("http_req_duration", "{abortOnFail: true}")).toContain(`write the expression as a string, e.g. "p(95)<500"; abortOnFail is not supported`);
  expect(await one("http_req_failed", "{threshold: 1}")).toEndWith(`write the expression as a string, e.g. "rate<0.01"`);
  expect(await one('"http_reqs{service:vllm}"', "{}")).toEndWith(`write the expression as a string, e.g. "count>=10"`);
  // An empty list's example fits its metric too (it was "p(95)<500" for every one).
  expect(await errors(`name: t\n${STEPS}thresholds:\n  checks: []\n`)).toContain(`thresholds.checks: threshold "checks": give at least one expression, e.g. ["rate>0.99"]`);
});

test("the examples of docs/summary-and-thresholds.md and the Repeat section of docs/steps/http.md load", async () => {
  const docs = join(import.meta.dir, "../../docs");
  const blocks = (file: string) => [...readFileSync(join(docs, file), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const [thresholds] = blocks("summary-and-thresholds.md");
  const steps = `name: t
vars: { API_URL: "http://127.0.0.1:1" }
steps:
  - service: vllm
    tags: [us-001]
    http: { url: "http://127.0.0.1:1/" }
`;
  expect((await load(steps + thresholds)).scenario.thresholds).toHaveLength(7);
  const repeat = blocks("steps/http.md").find((b) => b.includes("repeat:"))!;
  const { scenario } = await load(`name: t\nvars: { API_URL: "http://127.0.0.1:1" }\n${repeat}`);
  expect(scenario.thresholds!.map((t) => t.key)).toEqual(["http_req_duration{step:burst}"]);
});
