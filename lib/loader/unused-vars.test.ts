// A --var the scenario never reads is named, with the nearest name it does read; names its compose files read are used.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "./load.ts";
import { builtins } from "../vars/scope.ts";
import { unusedVarWarnings } from "./unused-vars.ts";
import { BIN, tempDir } from "../../test/helpers/cli.ts";
import { runWithin } from "../../test/helpers/bounded-spawn.ts";

async function warnings(yaml: string, cli: Record<string, string>, files: Record<string, string> = {}): Promise<Record<string, string>> {
  const dir = tempDir("scenario-unused-vars-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "s.yaml"), yaml);
  const { scenario, scope } = await loadScenario(join(dir, "s.yaml"), { sources: { cli, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
  return Object.fromEntries(unusedVarWarnings(scenario, (n) => scope.lookup(n), Object.keys(cli)));
}

const withCompose = `name: t
vars: { STACK: local }
steps:
  - compose: { files: stack.yml }
  - shell: { run: "echo \${STACK} $SHELL_ONLY" }
`;
const stack = "services:\n  web:\n    image: \"busybox:${WEB_TAG:-latest}\"\n    environment: [\"LEVEL=$LOG_LEVEL\"]\n";

describe("unusedVarWarnings", () => {
  test("a mistyped name warns with the name it was meant for; beside a shell step, which a program it runs could read", async () => {
    expect(await warnings(withCompose, { STAK: "prod" }, { "stack.yml": stack })).toEqual({
      STAK: 'no ${STAK} or $STAK in the scenario or its compose files, only a program a shell step runs could see it, in its environment (did you mean "STACK"?)',
    });
    const noShell = "name: t\nvars: { STACK: local }\nsteps:\n  - compose: { files: stack.yml }\n";
    expect(await warnings(noShell, { STAK: "prod" }, { "stack.yml": stack })).toEqual({
      STAK: 'no ${STAK} or $STAK in the scenario or its compose files, so it changes nothing (did you mean "STACK"?)',
    });
  });

  test("a --var read only by a step's own fields (timeout, eventually, hold, service, name) is read: --strict-vars refused it", async () => {
    const yaml = 'name: t\nsteps:\n  - name: "chk ${N}"\n    timeout: "${T}"\n    eventually: { timeout: "${E}" }\n    hold: "${H}"\n    service: "${SVC}"\n    http: { url: http://127.0.0.1:9/ }\n';
    expect(await warnings(yaml, { N: "a", T: "2s", E: "3s", H: "1s", SVC: "web", OTHER: "x" })).toEqual({ OTHER: "no ${OTHER} or $OTHER in the scenario or its compose files, so it changes nothing" });
  });

  test("a later compose step that names no files uses the earlier ones: the warning stands", async () => {
    const later = "name: t\nsteps:\n  - compose: { files: stack.yml }\n  - compose: { action: ps }\n";
    expect(Object.keys(await warnings(later, { STAK: "prod" }, { "stack.yml": stack }))).toEqual(["STAK"]);
  });

  test("what compose and the engine read from the environment counts as read where a compose step runs", async () => {
    const names = { DOCKER_HOST: "unix:///x.sock", DOCKER_CONTEXT: "remote", SCENARIO_COMPOSE_ENGINE: "podman", COMPOSE_PARALLEL_LIMIT: "1", CONTAINER_HOST: "unix:///p" };
    expect(await warnings(withCompose, names, { "stack.yml": stack })).toEqual({});
    expect(Object.keys(await warnings("name: t\nsteps:\n  - sleep: 1s\n  - http: { url: http://127.0.0.1:9/ }\n", { DOCKER_HOST: "x" }))).toEqual(["DOCKER_HOST"]);
  });

  test("names read by vars:, a step, a shell command or a compose file do not warn", async () => {
    expect(await warnings(withCompose, { STACK: "a", SHELL_ONLY: "b", WEB_TAG: "c", LOG_LEVEL: "d" }, { "stack.yml": stack })).toEqual({});
  });

  test("a compose file path built from variables is read with their values: its names count, a typo still warns", async () => {
    const yaml = "name: t\nvars: { STACK: local }\nsteps:\n  - compose: { files: \"${STACK}-stack.yml\" }\n";
    expect(await warnings(yaml, { STAK: "x", WEB_TAG: "1" }, { "local-stack.yml": stack })).toEqual({
      STAK: 'no ${STAK} or $STAK in the scenario or its compose files, so it changes nothing (did you mean "STACK"?)',
    });
  });

  test("a compose file that cannot be read: nothing is known unused, so no warning (one whose path a capture fills in is refused at load)", async () => {
    expect(await warnings("name: t\nsteps:\n  - compose: { files: missing.yml }\n", { OTHER: "x" })).toEqual({});
    const captured = "name: t\nsteps:\n  - shell: { run: echo a, capture: { F: { regex: a } } }\n  - compose: { files: \"${F}.yml\" }\n";
    await expect(warnings(captured, { OTHER: "x" }, { "a.yml": stack })).rejects.toThrow("${F} is in a compose file the step hands compose (files)");
  });

  test.skipIf(process.platform === "win32")("a compose file that is a FIFO is one that cannot be read: validate and run end, not wait for a writer", async () => {
    const dir = tempDir("scenario-unused-vars-");
    expect(Bun.spawnSync(["mkfifo", join(dir, "stack.yml")]).exitCode).toBe(0);
    writeFileSync(join(dir, "s.yaml"), "name: t\nsteps:\n  - compose: { files: stack.yml }\n  - compose: { action: ps, expect: { running: [web] } }\n");
    const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "" };
    // Bounded: a read of the FIFO waits for a writer in open(), deaf to SIGTERM; the child is killed and the test fails.
    const validate = await runWithin([process.execPath, BIN, "validate", "--var", "OTHER=x", "s.yaml"], { cwd: dir, env }, 30_000);
    expect([validate.code, validate.stdout]).toEqual([0, "s.yaml: ok (2 steps, 0 teardown)\n"]);
    // The expectation's service names are left to the run (the files cannot say); no engine on PATH refuses the run.
    const run = await runWithin([process.execPath, BIN, "s.yaml"], { cwd: dir, env: { ...env, PATH: dir } }, 30_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no compose engine");
    expect(run.stderr).not.toContain("no service of");
  });

  test("a compose step naming no file reads the file compose picks: docker-compose.yml before docker-compose.yaml (compose-go's order)", async () => {
    const yaml = "name: t\nsteps:\n  - compose: {}\n";
    const files = { "docker-compose.yml": "services:\n  web:\n    image: \"busybox:${YML_TAG}\"\n", "docker-compose.yaml": "services:\n  web:\n    image: \"busybox:${YAML_TAG}\"\n" };
    expect(await warnings(yaml, { YML_TAG: "1", YAML_TAG: "2" }, files)).toEqual({
      YAML_TAG: 'no ${YAML_TAG} or $YAML_TAG in the scenario or its compose files, so it changes nothing (did you mean "YML_TAG"?)',
    });
  });

  test("a compose step naming no file reads the override compose reads beside its file too (compose.override.yml before .yaml)", async () => {
    const yaml = "name: t\nsteps:\n  - compose: {}\n";
    const files = { "compose.yaml": stack, "compose.override.yml": "services:\n  web:\n    environment: [\"GPU=${GPU}\"]\n", "compose.override.yaml": "services:\n  web:\n    environment: [\"CPU=${CPU}\"]\n" };
    expect(await warnings(yaml, { WEB_TAG: "1", GPU: "1", CPU: "2" }, files)).toEqual({
      CPU: 'no ${CPU} or $CPU in the scenario or its compose files, so it changes nothing (did you mean "GPU"?)',
    });
  });

  test("a compose step naming no file reads compose.yaml of the scenario's directory", async () => {
    const yaml = "name: t\nsteps:\n  - compose: {}\n";
    expect(await warnings(yaml, { WEB_TAG: "1", NOPE: "2" }, { "compose.yaml": stack })).toEqual({
      NOPE: "no ${NOPE} or $NOPE in the scenario or its compose files, so it changes nothing",
    });
  });
});
