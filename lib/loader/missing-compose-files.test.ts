// A compose or env file a compose step names that is not there when the scenario loads is warned about, with the step.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "./load.ts";
import { builtins } from "../vars/scope.ts";
import { missingComposeFiles } from "./missing-compose-files.ts";
import { runCli, tempDir } from "../../test/helpers/cli.ts";

async function missing(yaml: string, files: string[] = [], cli: Record<string, string> = {}): Promise<Record<string, string>> {
  const dir = tempDir("scenario-missing-compose-");
  for (const name of files) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), "services: {}\n");
  }
  writeFileSync(join(dir, "s.yaml"), yaml);
  const { scenario, scope } = await loadScenario(join(dir, "s.yaml"), { sources: { cli, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
  return Object.fromEntries([...missingComposeFiles(scenario, (n) => scope.lookup(n))].map(([path, { why }]) => [path, why]));
}

const twoFiles = `name: t
vars: { EXTRA: stack/override.yml }
steps:
  - shell: { run: "true" }
  - name: up
    compose: { files: [stack/compose.yml, "\${EXTRA}"], env_file: stack/.env.test }
teardown:
  - name: down
    compose: { action: down, files: [stack/compose.yml, stack/other.yml] }
`;

describe("missingComposeFiles", () => {
  test("each missing file once, with the first step that names it and its line; files that exist are not named", async () => {
    const why = (step: string, line: number) => `does not exist: the compose step "${step}" (line ${line}) will fail on it unless an earlier step writes it`;
    expect(await missing(twoFiles, ["stack/override.yml"])).toEqual({
      "stack/compose.yml": why("up", 5),
      "stack/.env.test": why("up", 5),
      "stack/other.yml": why("down", 8),
    });
    expect(await missing(twoFiles, ["stack/compose.yml", "stack/override.yml", "stack/.env.test", "stack/other.yml"])).toEqual({});
  });

  test("a path a --var fills in is checked as filled in; one a capture fills in is refused at load (the answer would pick the compose file)", async () => {
    expect(Object.keys(await missing(twoFiles, ["stack/compose.yml", "stack/.env.test", "stack/other.yml"], { EXTRA: "stack/prod.yml" }))).toEqual(["stack/prod.yml"]);
    const captured = 'name: t\nsteps:\n  - shell: { run: "echo x.yml", capture: { F: stdout } }\n  - compose: { files: "${F}" }\n';
    await expect(missing(captured)).rejects.toThrow("s.yaml:4:24: ${F} is in a compose file the step hands compose (files), and step 1 captures it");
  });

  test("each entry a capture fills in is refused at its own place, in files and in env_file", async () => {
    const mixed = 'name: t\nsteps:\n  - shell: { run: "echo x.yml", capture: { F: stdout } }\n  - name: up\n    compose: { files: ["${F}", known.yml, here.yml], env_file: [a.env, "${F}.env"] }\n';
    const message = await missing(mixed, ["here.yml"]).then(() => "loaded", (e: Error) => e.message);
    expect(message.split("\n").map((l) => l.slice(0, l.indexOf(" the step hands")))).toEqual(["s.yaml:5:25: ${F} is in a compose file", "s.yaml:5:73: ${F} is in an env file"]);
  });

  test("an env_file is checked also where the step names no compose file (compose's own lookup)", async () => {
    const why = 'does not exist: the compose step "up" (line 3) will fail on it unless an earlier step writes it';
    expect(await missing("name: t\nsteps:\n  - name: up\n    compose: { env_file: missing.env }\n")).toEqual({ "missing.env": why });
    expect(await missing("name: t\nsteps:\n  - name: up\n    compose: { env_file: here.env }\n", ["here.env"])).toEqual({});
  });
});

test("the command line warns on stderr at the file:line:col of the entry naming the file, and a run still starts (an earlier step may write the file)", async () => {
  const dir = tempDir("scenario-missing-compose-cli-");
  writeFileSync(join(dir, "s.yaml"), "name: t\nsteps:\n  - name: up\n    compose: { files: nowhere.yml }\n");
  const r = await runCli(["validate", "s.yaml"], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('warning: s.yaml:4:23: nowhere.yml does not exist: the compose step "up" (line 3) will fail on it unless an earlier step writes it\n');
  // An entry of a list, of env_file, and of a teardown step: each where it is written.
  writeFileSync(join(dir, "ok.env"), "");
  writeFileSync(
    join(dir, "s.yaml"),
    'name: t\nsteps:\n  - name: up\n    compose:\n      files:\n        - nowhere.yml\n        - "also/missing.yml"\n      env_file: [ok.env, missing.env]\nteardown:\n  - name: down\n    compose: { action: down, files: [nowhere.yml, gone.yml] }\n',
  );
  const many = await runCli(["validate", "s.yaml"], { cwd: dir });
  expect(many.code).toBe(0);
  expect(many.stderr.split("\n").map((l) => l.split(" does not exist")[0])).toEqual([
    "warning: s.yaml:6:11: nowhere.yml",
    "warning: s.yaml:7:11: also/missing.yml",
    "warning: s.yaml:8:26: missing.env",
    "warning: s.yaml:11:51: gone.yml",
    "",
  ]);
});
