// Every shipped scenario loads and validates (full-stack.yaml needs images this machine cannot pull, so it is only validated here).
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, runCli } from "./helpers/cli.ts";
import { loadScenario } from "../lib/loader/load.ts";
import { builtins } from "../lib/vars/scope.ts";

const scenarios = readdirSync(join(REPO, "scenarios")).filter((f) => f.endsWith(".yaml"));

test("the shipped scenarios are there", () => {
  expect(scenarios).toEqual(expect.arrayContaining(["demo.yaml", "full-stack.yaml", "compose-demo.yaml", "unified-logging.yaml"]));
});

for (const file of scenarios) {
  test(`scenarios/${file} validates`, async () => {
    const r = await runCli(["validate", file], { cwd: REPO });
    // A secret left empty for the user to set (full-stack.yaml's API_KEY) is rightly a warning; nothing else may be said.
    expect(r.stderr.split("\n").filter((l) => l !== "" && !/^warning: scenarios\/\S+: secret \w+: its value is empty/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`scenarios/${file}: ok`);
  });
}

// A step that starts what later steps check (compose up, a background service) must be `setup: true`: else `--step` or
// `--tag` selecting a later check leaves it out, and the check runs against nothing (or a stale stack left running).
for (const file of scenarios) {
  test(`scenarios/${file}: every step that starts something is a setup step`, async () => {
    const { scenario } = await loadScenario(join(REPO, "scenarios", file), { sources: { cli: {}, envFile: {}, env: {} }, builtins: (dir) => builtins("check", new Date(), dir, REPO) }, REPO);
    // The input as written: staticInput is left out for an input holding a ${…}, as every compose step of app.yaml and
    // full-stack.yaml does (their files are variables), and a compose step without an action starts the stack too.
    const starts = scenario.steps.filter((s) => {
      const input = s.input as Record<string, unknown> | undefined;
      return (s.kind === "compose" && (input?.action ?? "up") === "up") || (s.kind === "shell" && input?.background === true);
    });
    expect(starts.filter((s) => !s.setup).map((s) => s.name)).toEqual([]);
  });
}

test("the demo with one check selected keeps the steps that start its service and wait for it, and passes", async () => {
  const r = await runCli(["run", "scenarios/demo.yaml", "--step", "List items", "--quiet"], { cwd: REPO });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});
