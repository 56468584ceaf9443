// The selection check: unknown --step/--tag/--skip-tag values, selections that check nothing, captures left out.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../loader/load.ts";
import { selectionProblems } from "./selection-check.ts";
import { selected } from "../engine/selection.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const YAML = `name: sel
steps:
  - id: first
    tags: [setup]
    shell:
      run: echo 42
      capture: { FIRST_ID: { regex: "[0-9]+" } }
  - id: item
    tags: [api]
    http: { url: "http://127.0.0.1:9/items/\${FIRST_ID}" }
  - id: nap
    tags: [slow]
    sleep: 10ms
  - name: Has a default
    tags: [api]
    shell: { run: "echo \${FIRST_ID:-none}" }
`;

async function problems(sel: { tags?: string[]; skipTags?: string[]; steps?: string[] }, yaml = YAML): Promise<string[]> {
  const dir = tempDir("selection-");
  writeFileSync(join(dir, "s.yaml"), yaml);
  const { scenario, scope } = await loadScenario("s.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir);
  return selectionProblems(scenario, scope, { tags: sel.tags ?? [], skipTags: sel.skipTags ?? [], steps: sel.steps ?? [] });
}

describe("selectionProblems", () => {
  test("no selection, or one that includes the capturing step: nothing to say", async () => {
    expect(await problems({})).toEqual([]);
    expect(await problems({ steps: ["first", "item"] })).toEqual([]);
    expect(await problems({ tags: ["api", "setup"] })).toEqual([]);
    expect(await problems({ steps: ["Has a default"] })).toEqual([]);
  });

  test("a value that matches nothing, with did-you-mean and the list", async () => {
    expect(await problems({ steps: ["iten"] })).toEqual([
      `--step "iten" names no step of s.yaml (did you mean "item"?); its steps: first ("$ echo 42"), item ("GET http://127.0.0.1:9/items/\${FIRST_ID}"), nap ("sleep 10ms"), "Has a default"`,
    ]);
    expect(await problems({ tags: ["apo"] })).toEqual([`--tag "apo" matches no step of s.yaml (did you mean "api"?); its tags: setup, api, slow`]);
    expect(await problems({ skipTags: ["nope"] })).toEqual([`--skip-tag "nope" matches no step of s.yaml; its tags: setup, api, slow`]);
  });

  test("a --step naming a teardown step says it is one, which every run ends with", async () => {
    const yaml = "name: z\nsteps:\n  - { id: check, shell: { run: 'true' } }\nteardown:\n  - { id: td, shell: { run: 'true' } }\n";
    expect(await problems({ steps: ["td"] }, yaml)).toEqual([`--step "td" names a teardown step of s.yaml, which every run ends with whatever it selects: --step chooses among the steps; its steps: check ("$ true")`]);
  });

  test("a selection that runs nothing or only sleeps", async () => {
    expect(await problems({ tags: ["slow"], steps: ["item"] })).toEqual([`the selection (--tag slow --step item) leaves no step of s.yaml to run: nothing would be checked`]);
    expect(await problems({ steps: ["nap"] })).toEqual([`the steps of s.yaml that the selection runs only sleep: nothing would be checked`]);
    expect(await problems({}, "name: z\nsteps:\n  - sleep: 1s\n")).toEqual([`the steps of s.yaml only sleep: nothing would be checked`]);
    // compose ps without expect, logs and down act or show: a run of them alone passed having checked nothing.
    const compose = "name: z\nsteps:\n  - compose: { action: ps }\n  - compose: { action: logs }\n  - sleep: 1s\n  - compose: { action: down }\n";
    expect(await problems({}, compose)).toEqual([`the steps of s.yaml all check nothing (sleep; compose down, stop, logs, restart without wait, ps without expect): nothing would be checked`]);
    expect(await problems({}, compose.replace("{ action: ps }", "{ action: ps, expect: { running: web } }"))).toEqual([]);
  });

  test("a selection of background processes and sleeps checks nothing (a background step passes once started)", async () => {
    const yaml = "name: z\nsteps:\n  - id: up\n    tags: [setup]\n    shell: { run: [bun, server.ts], background: true }\n  - sleep: 1s\n  - id: check\n    shell: { run: echo ok }\n";
    expect(await problems({ tags: ["setup"] }, yaml)).toEqual([`the steps of s.yaml that the selection runs only sleep or start background processes: nothing would be checked`]);
    expect(await problems({ skipTags: ["setup"] }, yaml)).toEqual([]);
    expect(await problems({ steps: ["up", "check"] }, yaml)).toEqual([]);
  });

  test("a capture from a step the selection leaves out names that step and how to include it", async () => {
    const lead = `step "item" uses \${FIRST_ID}, which step "first" captures, but this run leaves that step out`;
    expect(await problems({ steps: ["item"] })).toEqual([`${lead} (--step does not name it): add --step first, or mark it setup: true`]);
    expect(await problems({ tags: ["api"] })).toEqual([`${lead} (it has none of the tags api): add --tag setup, or mark it setup: true`]);
    expect(await problems({ skipTags: ["setup"] })).toEqual([`${lead} (--skip-tag setup skips it): drop --skip-tag setup`]);
  });

  test("a tag only teardown steps carry says so (it read as a typo: 'matches no step', its tags listed without it)", async () => {
    const yaml = 'name: z\nsteps:\n  - { tags: [a], shell: { run: "true" } }\nteardown:\n  - { id: td, tags: [cleanup], shell: { run: "true" } }\n';
    expect(await problems({ tags: ["cleanup"] }, yaml)).toEqual(['--tag "cleanup" is a tag of teardown steps of s.yaml only, which every run ends with whatever it selects: --tag chooses among the steps; their tags: a']);
  });

  test("a capture used in a mapping key (a header's name, a JSONPath key) counts too: the step ran and failed as 'not passed'", async () => {
    const yaml = 'name: z\nsteps:\n  - id: login\n    shell: { run: "echo 7", capture: { ID: stdout } }\n  - id: use\n    name: use\n    http: { url: "http://127.0.0.1:9/", headers: { "X-${ID}": "1" }, expect: { json: { "$.path${ID}": 1 } } }\n';
    expect(await problems({ steps: ["use"] }, yaml)).toEqual([`step "use" uses \${ID}, which step "login" captures, but this run leaves that step out (--step does not name it): add --step login, or mark it setup: true`]);
  });

  test("a setup: true step before a selected step is kept, so its capture is there; --skip-tag still drops it", async () => {
    const marked = YAML.replace("  - id: first\n", "  - id: first\n    setup: true\n");
    expect(await problems({ tags: ["api"] }, marked)).toEqual([]);
    expect(await problems({ steps: ["item"] }, marked)).toEqual([]);
    expect(await problems({ skipTags: ["setup"] }, marked)).toHaveLength(1);
  });

  test("setup steps alone are no selection: a tag that selects only sleeps still checks nothing", async () => {
    const marked = YAML.replace("  - id: first\n", "  - id: first\n    setup: true\n");
    expect(await problems({ steps: ["nap"] }, marked)).toEqual([`the steps of s.yaml that the selection runs only sleep: nothing would be checked`]);
  });

  test("without flags every main step is selected (what the check takes for granted without working it out), and sleeps or background steps alone still check nothing", async () => {
    const none = { tags: [], skipTags: [], steps: [] };
    const dir = tempDir("selection-");
    const background = "name: z\nsteps:\n  - shell: { run: [bun, server.ts], background: true }\n  - sleep: 1s\n";
    for (const yaml of [YAML, YAML.replace("  - id: first\n", "  - id: first\n    setup: true\n"), "name: z\nsteps:\n  - sleep: 1s\n", background]) {
      writeFileSync(join(dir, "s.yaml"), yaml);
      const { scenario } = await loadScenario("s.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir);
      expect(scenario.steps.filter((s) => selected(s, none))).toEqual(scenario.steps);
    }
    expect(await problems({}, background)).toEqual([`the steps of s.yaml only sleep or start background processes: nothing would be checked`]);
    // Each refusal is a sentence: "the steps of F" and a verb (it was "every step of F only steps that check nothing …").
    expect(await problems({}, `${background}  - compose: { action: down }\n`)).toEqual([`the steps of s.yaml check nothing (sleep; compose down, stop, logs, restart without wait, ps without expect) or start background processes: nothing would be checked`]);
  });
});
