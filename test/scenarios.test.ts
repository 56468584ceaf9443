// Every shipped scenario loads and validates (full-stack.yaml needs images this machine cannot pull, so it is only validated here).
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, runCli } from "./helpers/cli.ts";

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
