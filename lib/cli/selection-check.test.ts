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
    expect(await problems({ tags: ["api"], skipTags: ["api"] })).toEqual([`the selection (--tag api --skip-tag api) leaves no step of s.yaml to run: nothing would be checked`]);
    expect(await problems({ steps: ["nap"] })).toEqual([`the steps of s.yaml that the selection runs only sleep: nothing would be checked`]);
    // Without a selection it is the file that checks nothing: said at its first step, as the loader says what it refuses.
    expect(await problems({}, "name: z\nsteps:\n  - sleep: 1s\n")).toEqual([`s.yaml:3:5: the steps only sleep: nothing would be checked`]);
    // compose ps without expect, logs and down act or show: a run of them alone passed having checked nothing.
    const compose = "name: z\nsteps:\n  - compose: { action: ps }\n  - compose: { action: logs }\n  - sleep: 1s\n  - compose: { action: down }\n";
    expect(await problems({}, compose)).toEqual([`s.yaml:3:5: the steps all check nothing (sleep; compose down, stop, logs, restart without wait, ps without expect): nothing would be checked`]);
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
    expect(await problems({}, background)).toEqual([`s.yaml:3:5: the steps only sleep or start background processes: nothing would be checked`]);
    // Each refusal is a sentence: "the steps" (of F) and a verb (it was "every step of F only steps that check nothing …").
    expect(await problems({}, `${background}  - compose: { action: down }\n`)).toEqual([`s.yaml:3:5: the steps check nothing (sleep; compose down, stop, logs, restart without wait, ps without expect) or start background processes: nothing would be checked`]);
  });

  test("a step that --step names and --tag or --skip-tag leaves out is refused, with the flag that leaves it out (it was skipped silently)", async () => {
    const yaml = "name: z\nsteps:\n  - { id: a, shell: { run: 'true' } }\n  - { id: b, tags: [x], shell: { run: 'true' } }\n  - { id: c, tags: [y], shell: { run: 'true' } }\n";
    const tagged = `--tag "x" leaves out the step that --step "a" names in s.yaml (it has none of the tags x; a step runs only when every flag selects it): drop --tag x, or drop --step a`;
    expect(await problems({ steps: ["a", "b"], tags: ["x"] }, yaml)).toEqual([tagged]);
    // Alone it left no step to run, refused as such: now the same refusal as with a second --step.
    expect(await problems({ steps: ["a"], tags: ["x"] }, yaml)).toEqual([tagged]);
    expect(await problems({ steps: ["a", "b"], tags: ["x", "y"] }, yaml)).toEqual([
      `--tag "x" and --tag "y" leave out the step that --step "a" names in s.yaml (it has none of the tags x, y; a step runs only when every flag selects it): drop the --tag flags, or drop --step a`,
    ]);
    expect(await problems({ steps: ["a", "b"], skipTags: ["x"] }, yaml)).toEqual([
      `--skip-tag "x" leaves out the step that --step "b" names in s.yaml (a step runs only when every flag selects it): drop --skip-tag x, or drop --step b`,
    ]);
    expect(await problems({ steps: ["b"], tags: ["x"] }, yaml)).toEqual([]);
    expect(await problems({ steps: ["a", "c"], skipTags: ["x"] }, yaml)).toEqual([]);
    // A setup: true step that --step names runs anyway before a selected step: nothing is dropped.
    const setup = yaml.replace("{ id: a,", "{ id: a, setup: true,");
    expect(await problems({ steps: ["a", "b"], tags: ["x"] }, setup)).toEqual([]);
    // Several steps with one name: --tag choosing among them leaves none of what --step names out entirely.
    const twins = "name: z\nsteps:\n  - { name: login, tags: [eu], shell: { run: 'true' } }\n  - { name: login, tags: [us], shell: { run: 'true' } }\n";
    expect(await problems({ steps: ["login"], tags: ["eu"] }, twins)).toEqual([]);
  });

  const STATE = `name: sel3
steps:
  - name: get state
    tags: [cap]
    shell: { run: echo error, capture: { STATE: stdout } }
  - name: use state
    tags: [use]
    shell: { run: 'RUN' }
teardown:
  - name: td
    shell: { run: '[ "$STATE" != "error" ]' }
`;
  // A function: a replacement string would take "$$" for one "$".
  const withRun = (run: string) => STATE.replace("'RUN'", () => JSON.stringify(run));

  test("a shell step reading a left-out step's capture as $NAME (the exported variable) is refused, teardown too", async () => {
    const yaml = withRun('[ "$STATE" != "error" ]');
    const fix = "(it has none of the tags use): add --tag cap, or mark it setup: true";
    expect(await problems({ tags: ["use"] }, yaml)).toEqual([
      `step "use state" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out ${fix}`,
      `step "td" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out ${fix}`,
    ]);
    expect(await problems({ skipTags: ["cap"] }, yaml)).toEqual([
      `step "use state" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out (--skip-tag cap skips it): drop --skip-tag cap`,
      `step "td" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out (--skip-tag cap skips it): drop --skip-tag cap`,
    ]);
    expect(await problems({}, yaml)).toEqual([]);
    expect(await problems({ tags: ["use", "cap"] }, yaml)).toEqual([]);
    // On a later line of the script: the line is named.
    expect((await problems({ tags: ["use"] }, withRun('set -e\necho "$${#STATE}"')))[0]).toStartWith(`step "use state" reads $STATE in line 2 of its run:, which`);
  });

  test("where bash reads $NAME from the environment, and where it does not", async () => {
    const reads = async (run: string | string[]) => (await problems({ tags: ["use"] }, withRun("true").replace(`'[ "$STATE" != "error" ]'`, () => JSON.stringify(run)))).length > 0;
    for (const run of [
      "echo $STATE",
      'echo "x$${STATE%%r*}"',
      "echo $${#STATE}",
      "echo ${STATE:0:2}",
      "echo $${STATE}",
      "test -n \"$(echo '' $STATE)\"",
      "echo \"$(printf '%s' \"$STATE\")\"",
      "cat <<EOF\n'$STATE'\nEOF",
      "bash -c 'echo $STATE'",
      "sh -ec 'test \"$STATE\" = ok'",
      "echo $STATE_X $STATE",
      ["bash", "-c", 'test "$STATE" = ok'],
      ["env", "sh", "-c", "echo $STATE"],
      // Set by the script too, but not before the read in the script's own shell: each ran with STATE empty and passed.
      "echo $STATE; STATE=1",
      "STATE=1 true; echo $STATE",
      "(STATE=1); echo $STATE",
      "f() { local STATE=1; }; echo $STATE",
      '[ -n "$STATE" ] || STATE=d; echo $STATE',
      "echo ok | read STATE; echo $STATE",
    ]) expect({ run, reads: await reads(run) }).toEqual({ run, reads: true });
    for (const run of [
      "echo '$STATE'",
      "echo \\$STATE",
      "echo \"\\$STATE\"",
      "echo $'$STATE'",
      "echo ok # $STATE",
      "cat <<'EOF'\n$STATE\nEOF",
      "cat <<\"EOF\"\n$STATE\nEOF",
      "echo $STATE_X $${STATEFUL} $$STATE",
      "echo ${STATE:-none} $${STATE-none} $${STATE:=x} $${STATE:-y}",
      "STATE=$(date); echo $STATE",
      "for STATE in a b; do echo $STATE; done",
      "read -r STATE < f; echo \"$STATE\"",
      "STATE=1; echo $STATE",
      "export STATE=1; echo $STATE",
      "read STATE; echo $STATE",
      ["echo", "$STATE"],
      ["printf", "%s", "$STATE"],
    ]) expect({ run, reads: await reads(run) }).toEqual({ run, reads: false });
  });

  test("$NAME of a name that --var, vars: or the environment also defines has a value anyway, as ${NAME} does", async () => {
    const yaml = withRun('[ "$STATE" != "error" ]');
    const dir = tempDir("selection-");
    writeFileSync(join(dir, "s.yaml"), yaml);
    const none: Record<string, string> = {};
    for (const sources of [{ cli: { STATE: "ok" }, envFile: none, env: none }, { cli: none, envFile: none, env: { STATE: "ok" } }]) {
      const { scenario, scope } = await loadScenario("s.yaml", { sources, builtins: () => ({}) }, dir);
      expect(await selectionProblems(scenario, scope, { tags: ["use"], skipTags: [], steps: [] })).toEqual([]);
    }
    expect(await problems({ tags: ["use"] }, yaml.replace("steps:\n", "vars: { STATE: ok }\nsteps:\n"))).toEqual([]);
  });
});
