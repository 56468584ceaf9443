// End-to-end: secrets that leaked outside a run, through the CLI: a `.env` value drafted by `init --from`, a `secrets:`
// value quoted by a load error for invalid YAML, a required variable's message quoting a credential of its line.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

/** Everything a command left for a user to see: its stdout, its stderr and every file of the folder it wrote. */
function everything(r: { stdout: string; stderr: string }, dir?: string): string {
  const files = dir ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), "utf8")) : [];
  return [r.stdout, r.stderr, ...files].join("\n");
}

describe("init --from writes no variable's value into the draft", () => {
  test("a healthcheck's path that a .env value fills in is cut before it; the draft validates", async () => {
    const dir = tempDir("scenario-mask-");
    writeFileSync(
      join(dir, "docker-compose.yml"),
      `services:
  api:
    image: x
    ports: ["9090:9090"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:9090/healthz/\${API_TOKEN}"]
  web:
    image: x
    ports: ["9091:80"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:80\${WEB_HEALTH:-/ready}"]
`,
    );
    writeFileSync(join(dir, ".env"), "API_TOKEN=DotEnvTok42Xy\n");
    const r = await runCli(["init", "OUT", "--from", "docker-compose.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    const out = join(dir, "OUT");
    expect(everything(r, out)).not.toContain("DotEnvTok42Xy");
    const draft = readFileSync(join(out, "scenarios", `${dir.split("/").at(-1)!.toLowerCase().replace(/[^a-z0-9_-]/g, "")}.yaml`), "utf8");
    expect(draft).toContain('url: "${SCENARIO_API_URL}/healthz/"');
    expect(draft).toContain("a variable's value");
    // A default written in the compose file is the file's own text: kept.
    expect(draft).toContain('url: "${SCENARIO_WEB_URL}/ready"\n      expect: { status: 2xx }');
    const v = await runCli(["validate", join(out, "scenarios")], { cwd: dir });
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
  });

  test("a required variable's value from the environment is cut the same way", async () => {
    const dir = tempDir("scenario-mask-");
    writeFileSync(join(dir, "docker-compose.yml"), `services:\n  api:\n    image: x\n    ports: ["9092:80"]\n    healthcheck: { test: "curl -f http://localhost/v1/\${KEY?set KEY}/health" }\n`);
    const r = await runCli(["init", "OUT", "--from", "docker-compose.yml"], { cwd: dir, env: { KEY: "ShellKey77Qw" } });
    expect(r.code).toBe(0);
    const all = everything(r, join(dir, "OUT"));
    expect(all).not.toContain("ShellKey77Qw");
    expect(all).toContain('url: "${SCENARIO_API_URL}/v1/"');
  });

  test("a required variable's message that repeats a credential its line masks is masked too", async () => {
    const dir = tempDir("scenario-mask-");
    writeFileSync(join(dir, "docker-compose.yml"), `services:\n  api:\n    image: x\n    labels:\n      token: "LabelTok55Abc \${REQ?need REQ set LabelTok55Abc}"\n`);
    const r = await runCli(["init", "OUT", "--from", "docker-compose.yml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("docker-compose.yml:5:");
    expect(r.stderr).toContain("required variable REQ is missing a value: need REQ set ***");
    expect(everything(r)).not.toContain("LabelTok55Abc");
  });
});

describe("a load error for invalid YAML masks the values of the file's secrets", () => {
  test("a duplicate key: the values vars: gives a secrets: name are masked in the quoted line", async () => {
    const dir = tempDir("scenario-mask-");
    const file = writeScenario(dir, "name: x\nvars:\n  API_PIN: Zq8xWv2Lmn4\n  API_PIN: Zq8xWv2Lmn5\nsecrets: [API_PIN]\nsteps:\n  - shell: { run: echo Zq8xWv2Lmn4 }\n");
    const r = await runCli(["validate", file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scenario.yaml:4:3: invalid YAML: Map keys must be unique");
    expect(r.stderr).toContain("4 |   API_PIN: ***");
    expect(everything(r)).not.toMatch(/Zq8xWv2Lmn/);
  });

  test("a value from the environment or --var is masked in a quoted line too", async () => {
    const dir = tempDir("scenario-mask-");
    const file = writeScenario(dir, "name: x\nsecrets: [DB_PIN, OTHER_PIN]\nsteps:\n  - shell: { run: echo EnvPin9876x VarPin5432y, run: again }\n");
    const r = await runCli(["validate", file, "--var", "OTHER_PIN=VarPin5432y"], { cwd: dir, env: { DB_PIN: "EnvPin9876x" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scenario.yaml:4:");
    expect(r.stderr).toContain("echo *** ***");
    expect(everything(r)).not.toMatch(/EnvPin9876x|VarPin5432y/);
  });

  test("an unterminated quote: the rest of a line whose key a secrets: list names is masked", async () => {
    const dir = tempDir("scenario-mask-");
    // The quote runs to the end of the file, secrets: with it: the list is found by reading the text.
    const flow = writeScenario(dir, 'name: x\nvars: { API_PIN: "Zq8xWv2Lmn4 }\nsecrets: [API_PIN]\nsteps:\n  - shell: { run: echo hi }\n', "flow.yaml");
    const r = await runCli(["validate", flow], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('flow.yaml:2:7: invalid YAML: this "{" is not closed');
    expect(r.stderr).toContain("2 | vars: { API_PIN: ***");
    expect(everything(r)).not.toContain("Zq8xWv2Lmn4");
    // The last line, its quote never closed: the list before it is read as YAML.
    const last = writeScenario(dir, 'name: x\nsecrets:\n  - API_PIN\nsteps:\n  - shell: { run: echo hi }\nvars:\n  API_PIN: "Zq8xWv2Lmn4', "last.yaml");
    const l = await runCli(["validate", last], { cwd: dir });
    expect(l.code).toBe(2);
    expect(l.stderr).toContain("last.yaml:7:");
    expect(everything(l)).not.toContain("Zq8xWv2Lmn4");
  });
});
