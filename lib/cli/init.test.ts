// scenario init: the starter and the compose draft validate, .gitignore gains its lines once, nothing is overwritten unasked.
import { describe, expect, test } from "bun:test";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { main } from "../cli.ts";
import type { Io } from "./io.ts";
import { loadScenario } from "../loader/load.ts";
import { builtins } from "../vars/scope.ts";
import { InitError, runInit } from "./init.ts";
import { readComposeStack } from "./init-compose.ts";
import { collectFiles } from "../files/collect.ts";
import { interpolate, interpolateGlob } from "../vars/interpolate.ts";
import { BIN, tempDir } from "../../test/helpers/cli.ts";
import { startChild } from "../../test/helpers/bounded-spawn.ts";

function load(file: string) {
  return loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, tempDir("scenario-init-"));
}

function io(cwd: string) {
  const out = { stdout: "", stderr: "" };
  const value: Io = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    cwd,
    env: {},
    handleSignals: false,
  };
  return { io: value, out };
}

const COMPOSE_APP = `services:
  api:
    image: example/api:1.2.3
    ports: ["127.0.0.1:\${API_PORT:-8080}:8000"]
    volumes: ["../logs/api:/var/log/api", "./config:/etc/api:ro"]
    healthcheck: { test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8000/healthz"] }
  worker:
    image: example/worker:1.2.3
    volumes: [{ type: bind, source: ../logs/worker, target: /logs }]
`;
const COMPOSE_ALL = `name: shop
include: [app.yml]
services:
  loki:
    image: grafana/loki:3.4.6
    ports: [{ target: 3100, published: "3100", host_ip: 127.0.0.1 }]
  promtail:
    image: grafana/promtail:3.4.6
    volumes: ["../logs:/logs:ro"]
`;

describe("scenario init", () => {
  test("the starter scenario validates; .gitignore gains reports/ and .context/ once", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n.context/");
    const { scenario, written } = await runInit({ dir, force: false });
    expect(scenario).toBe(join(dir, "scenarios", "smoke.yaml"));
    expect(written).toEqual([scenario, join(dir, ".gitignore")]);
    const text = readFileSync(scenario, "utf8");
    expect(text.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=.*scenario\.schema\.json$/);
    const loaded = await load(scenario);
    expect(loaded.scenario.steps.map((s) => s.kind)).toEqual(["shell"]);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("node_modules/\n.context/\n# scenario: run reports and logs\nreports/\n");
    await runInit({ dir, force: true });
    expect(readFileSync(join(dir, ".gitignore"), "utf8").match(/reports\//g)).toHaveLength(1);
  });

  test("the starter's commented examples validate once uncommented", async () => {
    const dir = tempDir("scenario-init-");
    const { scenario } = await runInit({ dir, force: false });
    const [modeline, purpose, ...rest] = readFileSync(scenario, "utf8").split("\n");
    writeFileSync(scenario, [modeline, purpose, ...rest.map((l) => l.replace(/^(\s*)# /, "$1"))].join("\n"));
    expect((await load(scenario)).scenario.steps.map((s) => s.kind)).toEqual(["shell", "http", "files"]);
  });

  test("the starter's files example, uncommented, reads DIR/logs/api/ (globs start from scenarios/)", async () => {
    const dir = tempDir("scenario-init-");
    const { scenario } = await runInit({ dir, force: false });
    const [modeline, purpose, ...rest] = readFileSync(scenario, "utf8").split("\n");
    // The log is written during the run (fresh: modified after it started, and not in the future): by the shell step, which
    // runs in scenarios/, and stamped with the clock as read then (the kernel's own stamp can lag the clock by a tick, and
    // fall before the start): no pause needed.
    const uncommented = [modeline, purpose, ...rest.map((l) => l.replace(/^(\s*)# /, "$1"))].join("\n");
    const shell = 'run: echo "hello from ${RUN_ID}"';
    expect(uncommented).toContain(shell);
    writeFileSync(scenario, uncommented.replace(shell, `${shell} && echo started > ../logs/api/app.log && touch -d "@$(date +%s.%N)" ../logs/api/app.log`));
    mkdirSync(join(dir, "logs", "api"), { recursive: true });
    const run = io(dir);
    run.io.env = { PATH: process.env.PATH ?? "" };
    const code = await main(["run", scenario, "--step", "The shell works", "--step", "The API writes its log file", "--no-color"], run.io);
    expect(run.out.stdout).toContain("✓ The API writes its log file");
    expect(code).toBe(0);
  });

  test("an existing scenario is not replaced without --force", async () => {
    const dir = tempDir("scenario-init-");
    const { scenario } = await runInit({ dir, force: false });
    writeFileSync(scenario, "mine");
    await expect(runInit({ dir, force: false })).rejects.toThrow(InitError);
    expect(readFileSync(scenario, "utf8")).toBe("mine");
  });

  test("--from drafts up, a health check per published port, a files check per writable log mount, Loki per log-writing service, and down", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "compose"));
    writeFileSync(join(dir, "compose", "app.yml"), COMPOSE_APP);
    writeFileSync(join(dir, "compose", "docker-compose.yml"), COMPOSE_ALL);
    const { scenario } = await runInit({ dir, from: join(dir, "compose", "docker-compose.yml"), force: false });
    expect(scenario).toBe(join(dir, "scenarios", "shop.yaml"));
    const { scenario: s } = await load(scenario);
    expect(s.steps.map((x) => `${x.kind} ${x.name}`)).toEqual([
      "compose Start the stack",
      "http api answers on port ${API_PORT:-8080}",
      "http loki answers on port 3100",
      "files Fresh log files under ../logs/api",
      "files Fresh log files under ../logs/worker",
      "logql Loki holds api's logs",
      "logql Loki holds worker's logs",
    ]);
    expect(s.teardown.map((x) => x.kind)).toEqual(["compose"]);
    // The up is a setup step: `--step "api answers on port 8080"` keeps it, or the check would run on no stack.
    expect(s.steps.map((x) => x.setup)).toEqual([true, false, false, false, false, false, false]);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('files: ["../compose/docker-compose.yml"]');
    expect(text).toContain('running: ["api", "worker", "loki", "promtail"]');
    expect(text).toContain('healthy: ["api"]');
    // The compose file publishes ${API_PORT:-8080}: the check reads the same variable, so --var API_PORT moves both.
    expect(text).toContain('SCENARIO_API_URL: "http://127.0.0.1:${API_PORT:-8080}"');
    expect(text).toContain('- name: "api answers on port ${API_PORT:-8080}"');
    expect(text).toContain('url: "${SCENARIO_API_URL}/healthz"');
    expect(text).toContain('glob: "../logs/api/**/*"');
    expect(text).not.toContain("../logs/**/*");
  });

  test("--from reads the stack as compose does (merge keys, .env, one-shot services, NONE healthchecks) and checks only what can be checked (found by a new-user trial)", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "compose"));
    mkdirSync(join(dir, "compose", "config"));
    writeFileSync(join(dir, "compose", "config", "logging.yaml"), "level: info\n");
    writeFileSync(join(dir, "compose", ".env"), "API_PORT=21741\n");
    writeFileSync(join(dir, "compose", "docker-compose.yml"), `name: mlops
x-gw: &gw
  volumes: ["./logs/gateway:/var/log/gateway", "./config/logging.yaml:/etc/logging.yaml", "./catalog:/catalog"]
  healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"] }
services:
  model-download:
    image: example/dl
  vllm:
    image: vllm/vllm-openai
    ports: ["\${VLLM_PORT-8000}:8000", "127.0.0.1::9000", "8125:8125/udp"]
    depends_on: { model-download: { condition: service_completed_successfully } }
  gateway:
    <<: *gw
    image: example/gateway
    ports: ["\${API_PORT:-8080}:8080"]
  gateway_api:
    image: example/gw2
    ports: ["8081:80"]
  gateway-api:
    image: example/gw3
    ports: ["8082:80"]
  mlflow:
    image: example/mlflow
    ports: ["5000:5000"]
    healthcheck: { test: ["NONE"] }
  loki:
    image: grafana/loki:3.4.6
    ports: ["9096:9096", "3100:3100"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "compose", "docker-compose.yml"), force: false });
    await load(scenario); // validates
    const text = readFileSync(scenario, "utf8");
    // The one-shot download has exited by the time the stack is up; mlflow's healthcheck is switched off.
    expect(text).toContain('running: ["vllm", "gateway", "gateway_api", "gateway-api", "mlflow", "loki"]');
    expect(text).toContain('healthy: ["gateway"]');
    // The merged anchor's log folder and health path; .env's port as the default; ${X-d} in the scenario's form.
    expect(text).toContain('SCENARIO_GATEWAY_URL: "http://127.0.0.1:${API_PORT:-21741}"');
    expect(text).toContain('url: "${SCENARIO_GATEWAY_URL}/healthz"');
    expect(text).toContain('glob: "../compose/logs/gateway/**/*"');
    expect(text).not.toContain("logging.yaml/**");
    expect(text).not.toContain("catalog/**");
    expect(text).toContain('SCENARIO_VLLM_URL: "http://127.0.0.1:${VLLM_PORT:-8000}"');
    expect(text).not.toMatch(/:0\b|8125/);
    // Two services whose names make one variable get one each; Loki's URL is its HTTP port.
    expect(text).toContain("SCENARIO_GATEWAY_API_URL: http://127.0.0.1:8081");
    expect(text).toContain("SCENARIO_GATEWAY_API_URL_2: http://127.0.0.1:8082   # gateway-api (SCENARIO_GATEWAY_API_URL is gateway_api's)");
    expect(text).toContain("SCENARIO_LOKI_URL: http://127.0.0.1:3100");
    expect(text).toContain("url: ${SCENARIO_LOKI_URL}");
    // Lines shipped during this run, not ones an earlier run left in Loki.
    expect(text).toContain("start: ${START_ISO}");
    expect(text).not.toContain("since: 15m");
  });

  test("a service that extends another gets its ports, log folders and healthcheck, in the same file or another", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "base.yml"), `services:
  common:
    image: example/base
    volumes: ["./logs/common:/var/log/app"]
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:9000/ready"] }
`);
    writeFileSync(join(dir, "docker-compose.yml"), `name: ext
services:
  gateway:
    image: example/gateway
    ports: ["8080:8080"]
    volumes: ["./logs/gateway:/var/log/gateway"]
  worker:
    extends: gateway
    ports: ["8081:8080"]
  api:
    extends: { file: base.yml, service: common }
    ports: ["9000:9000"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('healthy: ["api"]');
    expect(text).toContain('url: "${SCENARIO_API_URL}/ready"');
    expect(text).toContain('glob: "../logs/common/**/*"');
    // The worker writes where the gateway does: one folder, both named.
    expect(text).toContain("# mounted by gateway, worker");
    expect(text).toContain("SCENARIO_WORKER_URL: http://127.0.0.1:8081");
  });

  test("the draft's first comment gives the command that drafts it again in DIR, the path quoted for the shell and kept on the comment's line", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "my stack\nsteps: []"), { recursive: true });
    writeFileSync(join(dir, "my stack\nsteps: []", "compose.yml"), "services:\n  a:\n    image: x\n");
    const { scenario } = await runInit({ dir, from: join(dir, "my stack\nsteps: []", "compose.yml"), force: false });
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain("# Drafted by `scenario init --from 'my stack?steps: []/compose.yml'`: every check");
    // The folder's name wrote no YAML of its own: the draft still has its steps.
    expect((await load(scenario)).scenario.steps.length).toBeGreaterThan(0);
  });

  test("a project name read from a variable is its value from .env, else compose's: the folder's name (the variable's text named the file)", async () => {
    const dir = join(tempDir("scenario-init-"), "My App!");
    mkdirSync(dir);
    writeFileSync(join(dir, "docker-compose.yml"), "name: ${STACK_NAME}\nservices:\n  a:\n    image: x\n");
    const unset = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    expect(unset.scenario).toBe(join(dir, "scenarios", "myapp.yaml"));
    expect(readFileSync(unset.scenario, "utf8")).toContain('name: "myapp stack"');
    writeFileSync(join(dir, ".env"), "STACK_NAME=mlops\n");
    expect((await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false })).scenario).toBe(join(dir, "scenarios", "mlops.yaml"));
  });

  test("without name:, the draft is named as compose names the project: COMPOSE_PROJECT_NAME of the .env, else the folder", async () => {
    const dir = join(tempDir("scenario-init-"), "shop");
    mkdirSync(join(dir, "compose"), { recursive: true });
    writeFileSync(join(dir, "compose", "noport.yml"), "services:\n  a:\n    image: x\n");
    expect((await runInit({ dir, from: join(dir, "compose", "noport.yml"), force: false })).scenario).toBe(join(dir, "scenarios", "compose.yaml"));
    writeFileSync(join(dir, "compose", ".env"), "COMPOSE_PROJECT_NAME=Shop_Stack\n");
    expect((await runInit({ dir, from: join(dir, "compose", "noport.yml"), force: false })).scenario).toBe(join(dir, "scenarios", "shop_stack.yaml"));
  });

  test("variables named as Object.prototype's members take their defaults when there is no .env (they were Object.prototype's functions)", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), 'name: ${constructor:-mystack}\nservices:\n  toString:\n    image: x\n    ports: ["${valueOf:-8080}:80"]\n');
    const r = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    expect(r.scenario).toBe(join(dir, "scenarios", "mystack.yaml"));
    const text = readFileSync(r.scenario, "utf8");
    expect(text).toContain('name: "toString answers on port ${valueOf:-8080}"');
    expect(text).not.toContain("native code");
  });

  test("a broken included compose file is named in the error, not the file given to --from", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "top.yml"), "include: [sub/obs.yml]\nservices:\n  a:\n    image: x\n");
    writeFileSync(join(dir, "sub", "obs.yml"), "services:\n  b:\n    image: y\n   bad: [\n");
    await expect(runInit({ dir, from: join(dir, "top.yml"), force: false })).rejects.toThrow(`cannot read it as a compose file:\n${join(dir, "sub", "obs.yml")}:4:4: invalid YAML: `);
  });

  test("--from naming a folder is refused in words (it was \"EISDIR: illegal operation on a directory, read\")", async () => {
    const dir = tempDir("scenario-init-");
    await expect(runInit({ dir, from: dir, force: false })).rejects.toThrow(`--from ${dir}: it is a folder, with no compose file in it (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml): give the compose file`);
    expect(existsSync(join(dir, "scenarios"))).toBe(false);
  });

  test("invalid YAML in the compose file is said at file:line:col with the line quoted, and nothing is written", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    writeFileSync(from, 'services:\n  web:\n    image: x\n    ports: ["8080:80"\n');
    const error = await runInit({ dir, from, force: false }).then(() => undefined, (e: Error) => e.message);
    expect(error).toBe([
      `--from ${from}: cannot read it as a compose file:`,
      `${from}:4:12: invalid YAML: this "[" is not closed: the flow sequence it opens needs its "]" before the end of the file`,
      '  4 |     ports: ["8080:80"',
      "    |            ^",
      "1 error: nothing was written.",
    ].join("\n"));
    expect(existsSync(join(dir, "scenarios"))).toBe(false);
  });

  test("init with a file where the folder goes is an InitError (exit 2), not a crash", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "a-file"), "x");
    await expect(runInit({ dir: join(dir, "a-file"), force: false })).rejects.toBeInstanceOf(InitError);
  });

  test("init with a scenario file's name where the folder goes is refused, and writes nothing (it made a folder smoke.yaml)", async () => {
    const dir = tempDir("scenario-init-");
    for (const name of ["smoke.yaml", "Stack.YML"]) {
      await expect(runInit({ dir: join(dir, name), force: false })).rejects.toThrow(`${join(dir, name)}: init takes the folder to write scenarios/ under, not a scenario file's name`);
      expect(existsSync(join(dir, name))).toBe(false);
    }
    // A folder that exists is a folder, whatever its name.
    mkdirSync(join(dir, "odd.yaml"));
    expect((await runInit({ dir: join(dir, "odd.yaml"), force: false })).scenario).toBe(join(dir, "odd.yaml", "scenarios", "smoke.yaml"));
  });

  test("--from leaves out a service in profiles (a plain up does not start it) and says so, instead of expecting it running", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "compose"));
    writeFileSync(join(dir, "compose", "stack.yml"), `name: prof
services:
  web:
    image: busybox
    ports: ["127.0.0.1:8080:80"]
  debug:
    image: busybox
    profiles: [debug, tools]
    ports: ["9000:9000"]
    volumes: ["../logs/debug:/logs"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "compose", "stack.yml"), force: false });
    const { scenario: s } = await load(scenario);
    expect(s.steps.map((x) => `${x.kind} ${x.name}`)).toEqual(["compose Start the stack", "http web answers on port 8080"]);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('running: ["web"]');
    expect(text).toContain("# not started, so not checked: debug (profiles: debug, tools); add `profiles: [...]` to start them");
    expect(text).not.toContain("DEBUG_URL");
  });

  test("through main(): exit 0 and the paths written; a missing compose file and a stray --from are exit 2", async () => {
    const dir = tempDir("scenario-init-");
    const ok = io(dir);
    expect(await main(["init"], ok.io)).toBe(0);
    expect(ok.out.stdout).toBe("wrote scenarios/smoke.yaml, .gitignore\nnext: scenario validate scenarios/smoke.yaml\n");
    const missing = io(dir);
    expect(await main(["init", "--from", "nope.yml"], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("nope.yml: no such file");
    const stray = io(dir);
    expect(await main(["run", "x.yaml", "--from", "c.yml"], stray.io)).toBe(2);
    expect(stray.out.stderr).toContain("--from goes with init");
  });

  test("the paths written are printed as the console's lines are: a folder named `p##[error]x` is no workflow command", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "p##[error]x"));
    const r = io(dir);
    expect(await main(["init", "p##[error]x"], r.io)).toBe(0);
    const shown = "p#\u200B#[error]x";
    expect(r.out.stdout).toBe(`wrote ${shown}/scenarios/smoke.yaml, ${shown}/.gitignore\nnext: scenario validate ${shown}/scenarios/smoke.yaml\n`);
  });
});

/** The drafted step named `name`, as a scenario of its own run after `before` (a shell step writing files), without retries. */
function stepAlone(draft: string, name: string, before: string): string {
  const block = draft.split("\n\n").find((b) => b.includes(`- name: ${JSON.stringify(name)}`));
  expect(block).toBeDefined();
  return `name: alone\nsteps:\n  - shell: { run: ${JSON.stringify(before)} }\n${block!.replace(/\n\s*eventually: .*/, "")}\n`;
}

/** Writes a file during the run, stamped with the clock as read then (fresh, whatever the kernel's tick). */
const writeFresh = (path: string) => `mkdir -p $(dirname ${path}) && echo line > ${path} && touch -d "@$(date +%s.%N)" ${path}`;

describe("scenario init --from, second new-user trial", () => {
  test("a log folder inside another service's is left out of the outer one's check, and a log shipper's folder gets no fresh-files check", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: nest
services:
  worker:
    image: example/worker
    volumes: ["./logs/worker:/app/logs"]
  gateway:
    image: example/gateway
    volumes: ["./logs:/var/log/gateway"]
  promtail:
    image: grafana/promtail:3.4.6
    volumes: ["./logs:/logs", "./promtail-logs:/tmp/logs"]
  alloy:
    image: grafana/alloy:v1.4.2
    volumes: ["./alloy-logs:/logs"]
  fluent:
    image: cr.fluentbit.io/fluent/fluent-bit:3.1
    volumes: ["./fluent-logs:/logs"]
  vec:
    image: timberio/vector:0.40.0-debian
    volumes: ["./vector-logs:/logs"]
  beat:
    image: docker.elastic.co/beats/filebeat:8.15.0
    volumes: ["./beat-logs:/logs"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).not.toMatch(/(promtail|alloy|fluent|vector|beat)-logs/);
    expect(text).not.toContain("# mounted by gateway, promtail");
    expect(text).toContain('glob: "../logs/worker/**/*"');
    // The gateway's check passed on the worker's files alone.
    const alone = join(dir, "scenarios", "alone.yaml");
    writeFileSync(alone, stepAlone(text, "Fresh log files under ../logs", writeFresh("../logs/worker/w.log")));
    const workerOnly = io(dir);
    workerOnly.io.env = { PATH: process.env.PATH ?? "" };
    expect(await main(["run", alone, "--no-color"], workerOnly.io)).toBe(1);
    writeFileSync(alone, stepAlone(text, "Fresh log files under ../logs", `${writeFresh("../logs/worker/w.log")} && ${writeFresh("../logs/gw.log")}`));
    const both = io(dir);
    both.io.env = { PATH: process.env.PATH ?? "" };
    expect(await main(["run", alone, "--no-color"], both.io)).toBe(0);
  });

  test("extends honours !reset and !override as compose does", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: reset
services:
  base:
    image: example/base
    ports: ["8080:8080"]
    volumes: ["./logs/base:/logs"]
  quiet:
    extends: base
    ports: !reset []
  moved:
    extends: base
    ports: !override ["9090:8080"]
    volumes: !reset
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).not.toContain("QUIET");
    expect(text).not.toContain('"quiet answers');
    expect(text).toContain("SCENARIO_MOVED_URL: http://127.0.0.1:9090\n");
    expect(text).not.toContain('"moved answers on port 8080"');
    // The moved service's volumes are reset: the base's folder is mounted by base and quiet only.
    expect(text).toContain("# mounted by base, quiet: narrow");
  });

  test("the URL variables cannot be mistaken for the environment's (API_URL, DATABASE_URL), and a service named 1worker gives a valid name", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: names
services:
  api:
    image: example/api
    ports: ["38178:80"]
  database:
    image: couchdb
    ports: ["5984:5984"]
  1worker:
    image: example/worker
    ports: ["8081:80"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain("SCENARIO_API_URL: http://127.0.0.1:38178");
    expect(text).toContain('url: "${SCENARIO_API_URL}/"');
    expect(text).toContain("SCENARIO_DATABASE_URL:");
    expect(text).toContain("SCENARIO_1WORKER_URL: http://127.0.0.1:8081");
    expect(text).not.toMatch(/^ {2}(API|DATABASE)_URL:/m);
  });

  test("a secret in a healthcheck URL's query is not copied into the draft, nor a ${VAR} the draft does not define", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: leak
services:
  api:
    image: example/api
    ports: ["8080:8080"]
    healthcheck: { test: ["CMD-SHELL", "wget -qO- 'http://localhost:8080/health?key=sk-live-ABC123SECRET' || exit 1"] }
  tok:
    image: example/tok
    ports: ["8090:8090"]
    healthcheck: { test: ["CMD-SHELL", "curl -f http://localhost:8090/ready?key=\${HEALTH_TOKEN}"] }
  pathvar:
    image: example/pv
    ports: ["8095:8095"]
    healthcheck: { test: "curl -f http://localhost:8095/\${HEALTH_PATH}/x" }
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario); // validates: no ${HEALTH_TOKEN} it cannot resolve
    const text = readFileSync(scenario, "utf8");
    expect(text).not.toContain("sk-live");
    expect(text).not.toContain("HEALTH_TOKEN");
    expect(text).not.toContain("HEALTH_PATH");
    expect(text).toContain('url: "${SCENARIO_API_URL}/health"');
    expect(text).toContain('url: "${SCENARIO_TOK_URL}/ready"');
    expect(text).toContain("query string");
    const dry = io(dir);
    await main(["run", scenario, "--dry-run", "--no-color"], dry.io);
    expect(dry.out.stdout + dry.out.stderr).not.toContain("sk-live");
  });

  test("a .gitignore folder, a file named scenarios, or a folder at the scenario's path is refused with exit 2 before anything is written", async () => {
    const gitFolder = tempDir("scenario-init-");
    mkdirSync(join(gitFolder, ".gitignore"));
    const a = io(gitFolder);
    expect(await main(["init"], a.io)).toBe(2);
    expect(a.out.stderr).toMatch(/^scenario init: .*\.gitignore.* folder/);
    expect(existsSync(join(gitFolder, "scenarios"))).toBe(false);

    const scenariosFile = tempDir("scenario-init-");
    writeFileSync(join(scenariosFile, "scenarios"), "mine");
    const b = io(scenariosFile);
    expect(await main(["init"], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/^scenario init: .*scenarios is a file, not a folder/);
    expect(readFileSync(join(scenariosFile, "scenarios"), "utf8")).toBe("mine");
    expect(existsSync(join(scenariosFile, ".gitignore"))).toBe(false);

    const smokeFolder = tempDir("scenario-init-");
    mkdirSync(join(smokeFolder, "scenarios", "smoke.yaml"), { recursive: true });
    const c = io(smokeFolder);
    expect(await main(["init", "--force"], c.io)).toBe(2);
    expect(c.out.stderr).toMatch(/^scenario init: .*smoke\.yaml.* folder/);
    expect(existsSync(join(smokeFolder, ".gitignore"))).toBe(false);
  });

  test("a .gitignore, --from file or .env that is a FIFO is refused with exit 2 (reading it blocked forever)", async () => {
    for (const fifo of [".gitignore", "docker-compose.yml", ".env"]) {
      const dir = tempDir("scenario-init-");
      if (fifo !== "docker-compose.yml") writeFileSync(join(dir, "docker-compose.yml"), "services:\n  a:\n    image: x\n");
      expect(Bun.spawnSync(["mkfifo", join(dir, fifo)]).exitCode).toBe(0);
      // Bounded: were the refusal gone, the child would block in open() on the FIFO, deaf to SIGINT, and outlive the test.
      const r = await startChild([process.execPath, BIN, "init", "--from", "docker-compose.yml"], { cwd: dir, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "" } }, 30_000).done;
      expect([fifo, r.code]).toEqual([fifo, 2]);
      expect(r.stderr).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
      expect(existsSync(join(dir, "scenarios"))).toBe(false);
    }
  });

  test("a port published on a host IP is checked there (0.0.0.0 and :: on 127.0.0.1), and an https healthcheck keeps its scheme", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: ips
services:
  web:
    image: nginx
    ports: ["127.0.0.2:38187:80"]
  long:
    image: nginx
    ports: [{ target: 80, published: 38188, host_ip: 127.0.0.3 }]
  search:
    image: elasticsearch
    ports: ["[::1]:19200:9200"]
  any:
    image: nginx
    ports: ["0.0.0.0:38189:80"]
  any6:
    image: nginx
    ports: ["[::]:38190:80"]
  tls:
    image: example/tls
    ports: ["8443:8443"]
    healthcheck: { test: ["CMD", "curl", "-fk", "https://localhost:8443/healthz"] }
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain("SCENARIO_WEB_URL: http://127.0.0.2:38187\n");
    expect(text).toContain("SCENARIO_LONG_URL: http://127.0.0.3:38188\n");
    expect(text).toContain("SCENARIO_SEARCH_URL: http://[::1]:19200\n");
    expect(text).toContain("SCENARIO_ANY_URL: http://127.0.0.1:38189\n");
    expect(text).toContain("SCENARIO_ANY6_URL: http://127.0.0.1:38190\n");
    expect(text).toContain("SCENARIO_TLS_URL: https://127.0.0.1:8443\n");
    expect(text).toContain('url: "${SCENARIO_TLS_URL}/healthz"');
    // The healthcheck's curl -k accepts the stack's own certificate: so does the check.
    expect(text).toContain("insecure_tls: true");
  });

  test("a .env line compose accepts (a bare name, `KEY: value`) drafts; a .env error is said as the .env's", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), 'name: envs\nservices:\n  api:\n    image: x\n    ports: ["${API_PORT:-8080}:80"]\n');
    writeFileSync(join(dir, ".env"), "BARE\nexport ALSO_BARE\nAPI_PORT=21741\n");
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    expect(readFileSync(scenario, "utf8")).toContain('SCENARIO_API_URL: "http://127.0.0.1:${API_PORT:-21741}"');
    // Compose's YAML-style form (`docker compose config` takes API_PORT as 21742): it was refused as the .env's error.
    writeFileSync(join(dir, ".env"), "export API_PORT: 21742\nlog.level: debug\n");
    const colon = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: true });
    expect(readFileSync(colon.scenario, "utf8")).toContain('SCENARIO_API_URL: "http://127.0.0.1:${API_PORT:-21742}"');
    writeFileSync(join(dir, ".env"), "API_PORT=\"21741\n");
    const error = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: true }).then(() => "", (e: Error) => e.message);
    expect(error).not.toContain("as a compose file");
    expect(error).toContain(`${join(dir, ".env")}:1:`);
    expect(error).toMatch(/\.env/);
  });

  test("compose-file errors give file:line:col: an unknown alias, a merge key that is not a map, a missing include", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    const message = (yaml: string) => {
      writeFileSync(from, yaml);
      return runInit({ dir, from, force: false }).then(() => "", (e: Error) => e.message);
    };
    expect(await message("services:\n  a:\n    image: x\n    volumes: *nope\n")).toContain(`${from}:4:14: `);
    expect(await message("services:\n  a:\n    <<: 5\n    image: x\n")).toContain(`${from}:3:9: `);
    const missing = await message("include:\n  - sub/missing.yml\nservices:\n  a:\n    image: x\n");
    expect(missing).toContain(`${from}:2:5: `);
    expect(missing).toContain("sub/missing.yml");
    expect(missing).not.toContain("ENOENT");
    expect(existsSync(join(dir, "scenarios"))).toBe(false);
  });
});

describe("scenario init --from, third trial", () => {
  test("a folder inside a log folder that a log shipper mounts writable (its positions) is left out of the outer check too", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "promtail-positions.yaml"), "");
    writeFileSync(join(dir, "docker-compose.yml"), `name: ship
services:
  web:
    image: nginx
    volumes: ["./logs:/logs"]
  promtail:
    image: grafana/promtail:3.4.6
    volumes: ["./logs:/var/log/app:ro", "./logs/positions:/positions", "./logs/promtail-positions.yaml:/tmp/positions.yaml"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('exclude: ["../logs/positions", "../logs/promtail-positions.yaml"]');
    // The shipper still gets no fresh-files check of its own.
    expect(text).not.toContain("Fresh log files under ../logs/positions");
    expect(text.match(/Fresh log files under/g)).toHaveLength(1);
    // The web's check passed on promtail's positions file while web wrote nothing.
    const alone = join(dir, "scenarios", "alone.yaml");
    const run = async (before: string) => {
      writeFileSync(alone, stepAlone(text, "Fresh log files under ../logs", before));
      const r = io(dir);
      r.io.env = { PATH: process.env.PATH ?? "" };
      return main(["run", alone, "--no-color"], r.io);
    };
    expect(await run(`${writeFresh("../logs/positions/positions.yaml")} && ${writeFresh("../logs/promtail-positions.yaml")}`)).toBe(1);
    expect(await run(writeFresh("../logs/web.log"))).toBe(0);
  });

  test("extends of a missing file, a missing service or a FIFO, and a required variable with no value, are refused at file:line:col, nothing written", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    const refused = async (yaml: string, at: string, env: Record<string, string | undefined> = {}) => {
      writeFileSync(from, yaml);
      const r = io(dir);
      r.io.env = env;
      const code = await main(["init", "--from", "docker-compose.yml"], r.io);
      const lines = yaml.split("\n");
      const line = lines.findIndex((l) => l.includes(at));
      expect([yaml, code]).toEqual([yaml, 2]);
      expect(r.out.stderr).toContain(`${from}:${line + 1}:${lines[line]!.indexOf(at) + 1}: `);
      expect(existsSync(join(dir, "scenarios"))).toBe(false);
      return r.out.stderr;
    };
    const head = 'services:\n  a:\n    image: x\n    ports: ["8080:80"]\n';
    expect(await refused(`${head}    extends: { file: nobase.yml, service: b }\n`, "nobase.yml")).toContain("no such file");
    expect(await refused(`${head}    extends: nosuch\n`, "nosuch")).toContain("nosuch");
    writeFileSync(join(dir, "base.yml"), "services:\n  b:\n    image: y\n");
    expect(await refused(`${head}    extends: { file: base.yml, service: c }\n`, "c }")).toContain("base.yml");
    expect(await refused(`${head}    extends: { file: base.yml }\n`, "{ file")).toContain("service");
    // A cycle, which compose refuses: said where it closes.
    writeFileSync(from, "services:\n  b:\n    image: x\n    extends: c\n  c:\n    extends: b\n");
    const cycle = io(dir);
    expect(await main(["init", "--from", "docker-compose.yml"], cycle.io)).toBe(2);
    expect(cycle.out.stderr).toContain(`${from}:6:14: extends: a cycle (b → c → b)`);
    rmSync(join(dir, "base.yml"));
    expect(Bun.spawnSync(["mkfifo", join(dir, "base.yml")]).exitCode).toBe(0);
    expect(await refused(`${head}    extends: { file: base.yml, service: b }\n`, "base.yml")).toContain("FIFO");
    const required = 'services:\n  a:\n    image: x\n    ports: ["${SCENARIO_T_PORT?need api port}:80"]\n';
    expect(await refused(required, "${SCENARIO_T_PORT?")).toContain("required variable SCENARIO_T_PORT is missing a value: need api port");
    expect(await refused(required.replace("?", ":?"), "${SCENARIO_T_PORT:?", { SCENARIO_T_PORT: "" })).toContain("SCENARIO_T_PORT");
    writeFileSync(join(dir, ".env"), "SCENARIO_T_PORT=\n");
    expect(await refused(required.replace("?", ":?"), "${SCENARIO_T_PORT:?")).toContain("SCENARIO_T_PORT");
  });

  test("a base's own broken extends is said in the base file; a required variable set in .env or the environment drafts its port", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    writeFileSync(join(dir, "base.yml"), "services:\n  b:\n    image: y\n    extends: gone\n");
    writeFileSync(from, 'services:\n  a:\n    image: x\n    ports: ["8080:80"]\n    extends: { file: base.yml, service: b }\n');
    const r = io(dir);
    expect(await main(["init", "--from", "docker-compose.yml"], r.io)).toBe(2);
    expect(r.out.stderr).toContain(`${join(dir, "base.yml")}:4:14: `);
    expect(existsSync(join(dir, "scenarios"))).toBe(false);

    writeFileSync(from, 'name: req\nservices:\n  a:\n    image: x\n    ports: ["${SCENARIO_T_PORT?need api port}:80", "$${SCENARIO_T_OTHER?escaped}:81"]\n');
    writeFileSync(join(dir, ".env"), "SCENARIO_T_PORT=21742\n");
    const fromEnvFile = await runInit({ dir, from, force: false, env: {} });
    expect(readFileSync(fromEnvFile.scenario, "utf8")).toContain('SCENARIO_A_URL: "http://127.0.0.1:${SCENARIO_T_PORT:-21742}"');
    await load(fromEnvFile.scenario);
    writeFileSync(join(dir, ".env"), "");
    const fromShell = await runInit({ dir, from, force: true, env: { SCENARIO_T_PORT: "21743" } });
    expect(readFileSync(fromShell.scenario, "utf8")).toContain('SCENARIO_A_URL: "http://127.0.0.1:${SCENARIO_T_PORT:-21743}"');
  });

  test("service names whose variables collide get names no other service's rule gives (my-api-2 keeps SCENARIO_MY_API_2_URL)", async () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "docker-compose.yml"), `name: clash
services:
  my-api:
    image: x
    ports: ["8081:80"]
  my_api:
    image: x
    ports: ["8082:80"]
  my-api-2:
    image: x
    ports: ["8083:80"]
  Loki:
    image: example/not-loki
    ports: ["8084:80"]
  logs:
    image: grafana/loki:3.4.6
    ports: ["3100:3100"]
`);
    const { scenario } = await runInit({ dir, from: join(dir, "docker-compose.yml"), force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    const vars = Object.fromEntries([...text.matchAll(/^ {2}(SCENARIO_\w+): (\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    expect(vars.SCENARIO_MY_API_URL).toBe("http://127.0.0.1:8081");
    expect(vars.SCENARIO_MY_API_2_URL).toBe("http://127.0.0.1:8083");
    expect(vars.SCENARIO_LOKI_URL).toBe("http://127.0.0.1:3100");
    // my_api's and the other loki's: a name no service's SCENARIO_<SERVICE>_URL can be.
    const others = Object.entries(vars).filter(([k]) => !/^SCENARIO_[A-Z0-9_]*_URL$/.test(k));
    expect(others.map(([, v]) => v).sort()).toEqual(["http://127.0.0.1:8082", "http://127.0.0.1:8084"]);
    for (const [name, value] of others) {
      const port = value.split(":").at(-1);
      const service = port === "8082" ? "my_api" : "Loki";
      expect(text).toContain(`url: "\${${name}}/"`);
      expect(text).toContain(`  ${name}: ${value}   # ${service}`);
    }
  });
});

describe("scenario init --from, fourth trial", () => {
  test("compose's $$ is a literal $ in every value init reads, and starts no variable (a port, a volume, a healthcheck's URL)", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    writeFileSync(from, `name: dollars
services:
  app:
    image: x
    ports: ["$\${APP_PORT:-18080}:80", { target: 81, published: "$\${APP_PUB:-18081}" }, "18084:82"]
    volumes: ["./logs/$$app:/var/log/app", "./logs/$\${X}-b:/var/log/b", "$\${LOGDIR:-./logs/c}:/var/log/c"]
  web:
    image: x
    ports: ["18082:80"]
    healthcheck: { test: ["CMD-SHELL", "curl -f http://localhost:$\${PORT:-80}/health"] }
`);
    const [app, web] = readComposeStack(from).services;
    // $$ is compose's $: the folders are logs/$app and logs/${X}-b (no variable), and $${APP_PORT:-18080} gives no port 18080.
    expect(app!.logMounts).toEqual([join(dir, "logs", "$app"), join(dir, "logs", "${X}-b")]);
    expect(app!.ports.map((p) => p.host)).toEqual([18084]);
    // The healthcheck's port is the container's $PORT, which the draft cannot know: not its port 80.
    expect(web!.healthUrl).toBeUndefined();
    const { scenario } = await runInit({ dir, from, force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).not.toMatch(/1808[01]/);
    expect(text).toContain("SCENARIO_APP_URL: http://127.0.0.1:18084\n");
    expect(text).toContain('url: "${SCENARIO_WEB_URL}/"\n      expect: { status: { lt: 500 } }');
  });

  test("!reset and !override are honoured inside a service's fields, as compose merges them (a healthcheck's test, a volume's read_only)", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    writeFileSync(from, `name: nested
services:
  base:
    image: x
    ports: ["18090:80"]
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:80/ready"], interval: 5s }
  untested:
    extends: base
    ports: !override ["18091:80"]
    healthcheck: { test: !reset null }
  live:
    extends: base
    ports: !override ["18092:80"]
    healthcheck: { test: !override ["CMD", "curl", "-f", "http://localhost:80/live"] }
  slower:
    extends: base
    ports: !override ["18093:80"]
    healthcheck: { interval: !override 30s }
    environment: !override { A: "1" }
    logging: { options: !reset {} }
  plain:
    image: x
    healthcheck: { test: !reset ["CMD", "true"] }
    volumes: [{ type: bind, source: ./logs/plain, target: /logs, read_only: !reset true }]
`);
    const services = Object.fromEntries(readComposeStack(from).services.map((s) => [s.name, s]));
    expect(services.untested!.hasHealthcheck).toBe(false);
    expect(services.live!.healthUrl?.path).toBe("/live");
    // A healthcheck mapping merges with the base's, as compose merges it: the base's test stays.
    expect([services.slower!.hasHealthcheck, services.slower!.healthUrl?.path]).toEqual([true, "/ready"]);
    expect(services.plain!.hasHealthcheck).toBe(false);
    expect(services.plain!.logMounts).toEqual([join(dir, "logs", "plain")]);
    const { scenario } = await runInit({ dir, from, force: false });
    await load(scenario);
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('healthy: ["base", "live", "slower"]');
    expect(text).toContain('url: "${SCENARIO_LIVE_URL}/live"');
    expect(text).toContain('url: "${SCENARIO_SLOWER_URL}/ready"');
    expect(text).toContain('glob: "../logs/plain/**/*"');
  });

  test("a log folder whose name holds glob syntax is drafted escaped: its check's glob matches that folder alone", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    const folders = ["app[1]", "app1", "b{x,y}", "bx", "s*", "sz", "q?", "qz", "d${X}", "d"];
    for (const f of folders) {
      mkdirSync(join(dir, "logs", f), { recursive: true });
      writeFileSync(join(dir, "logs", f, "f.log"), "line\n");
    }
    writeFileSync(join(dir, "logs", "top.log"), "line\n");
    writeFileSync(from, `name: globs
services:
  a:
    image: x
    volumes: ["./logs/app[1]:/l"]
  b:
    image: x
    volumes: ["./logs/b{x,y}:/l"]
  s:
    image: x
    volumes: ["./logs/s*:/l"]
  q:
    image: x
    volumes: ["./logs/q?:/l"]
  d:
    image: x
    volumes: ["./logs/d$\${X}:/l"]
  top:
    image: x
    volumes: ["./logs:/var/log/top"]
`);
    const { scenario } = await runInit({ dir, from, force: false });
    const { scenario: s } = await load(scenario);
    const matched: Record<string, string[]> = {};
    for (const step of s.steps.filter((x) => x.kind === "files")) {
      const input = step.input as { glob: string; exclude?: string[] };
      const got = await collectFiles(join(dir, "scenarios"), [interpolateGlob(input.glob, () => undefined)], (input.exclude ?? []).map((e) => interpolateGlob(e, () => undefined)));
      // The name as a run shows it (its $${ is the text ${).
      matched[interpolate(step.name, () => undefined)] = got.files.map((f) => f.rel).sort();
    }
    expect(matched).toEqual({
      "Fresh log files under ../logs/app[1]": ["../logs/app[1]/f.log"],
      "Fresh log files under ../logs/b{x,y}": ["../logs/b{x,y}/f.log"],
      "Fresh log files under ../logs/s*": ["../logs/s*/f.log"],
      "Fresh log files under ../logs/q?": ["../logs/q?/f.log"],
      "Fresh log files under ../logs/d${X}": ["../logs/d${X}/f.log"],
      "Fresh log files under ../logs": ["../logs/app1/f.log", "../logs/bx/f.log", "../logs/d/f.log", "../logs/qz/f.log", "../logs/sz/f.log", "../logs/top.log"],
    });
  });

  test("Loki's check and SCENARIO_LOKI_URL both take the port published for its HTTP port (3100, or its -server.http-listen-port); an unpublished one is said", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "docker-compose.yml");
    const draft = async (loki: string) => {
      writeFileSync(from, `name: lokiport\nservices:\n  loki:\n    image: grafana/loki:3.4.6\n${loki}  app:\n    image: x\n    volumes: ["./logs:/logs"]\n`);
      const { scenario } = await runInit({ dir, from, force: true });
      await load(scenario);
      return readFileSync(scenario, "utf8");
    };
    const grpcFirst = await draft('    ports: ["9095:9095", "3101:3100"]\n');
    expect(grpcFirst).toContain("SCENARIO_LOKI_URL: http://127.0.0.1:3101\n");
    expect(grpcFirst).toContain('- name: "loki answers on port 3101"');
    const moved = await draft('    command: ["-config.file=/etc/loki/local-config.yaml", "-server.http-listen-port=3200"]\n    ports: ["9095:9095", "3300:3200", "3100:3100"]\n');
    expect(moved).toContain("SCENARIO_LOKI_URL: http://127.0.0.1:3300\n");
    expect(moved).toContain('- name: "loki answers on port 3300"');
    const unpublished = await draft('    ports: ["9095:9095"]\n');
    expect(unpublished).toMatch(/SCENARIO_LOKI_URL: http:\/\/127\.0\.0\.1:9095 +# .*3100.*not published/);
    expect(unpublished).toContain('- name: "loki answers on port 9095"');
  });
});

describe("scenario init --from, fifth trial", () => {
  /** The draft's text, once `validate`'s load has taken it. */
  const drafted = async (dir: string, from: string, env: Record<string, string | undefined> = {}) => {
    const { scenario } = await runInit({ dir, from, force: true, env });
    await load(scenario);
    return readFileSync(scenario, "utf8");
  };
  const refusal = (p: Promise<unknown>) => p.then(() => "", (e: Error) => `${e instanceof InitError ? "InitError" : "other"}: ${e.message}`);

  test("the draft never replaces a file --from reads, --force or not: the compose file, a file it includes or extends, an env file (it replaced the compose file)", async () => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "scenarios"));
    const from = join(dir, "scenarios", "compose.yaml");
    const compose = 'name: compose\nservices:\n  api: {image: api, ports: ["8080:8080"]}\n';
    writeFileSync(from, compose);
    for (const force of [false, true]) {
      const why = await refusal(runInit({ dir, from, force, env: {} }));
      expect(why).toStartWith(`InitError: ${from} is the compose file --from reads`);
      expect(why).not.toContain("--force");
      expect(readFileSync(from, "utf8")).toBe(compose);
    }
    // An included file named like the project, a base file an extends reads, an include's env file.
    mkdirSync(join(dir, "c"));
    const top = join(dir, "c", "top.yml");
    const side = join(dir, "scenarios", "side.yaml");
    writeFileSync(top, "include: [../scenarios/side.yaml]\nservices:\n  a: {image: x}\n");
    writeFileSync(side, "name: side\nservices:\n  b: {image: y}\n");
    expect(await refusal(runInit({ dir, from: top, force: true, env: {} }))).toStartWith(`InitError: ${side} is a compose file --from reads`);
    expect(readFileSync(side, "utf8")).toBe("name: side\nservices:\n  b: {image: y}\n");
    const base = join(dir, "scenarios", "based.yaml");
    writeFileSync(top, "name: based\nservices:\n  a: {extends: {file: ../scenarios/based.yaml, service: common}}\n");
    writeFileSync(base, "services:\n  common: {image: x}\n");
    expect(await refusal(runInit({ dir, from: top, force: true, env: {} }))).toStartWith(`InitError: ${base} is a compose file --from reads`);
    expect(readFileSync(base, "utf8")).toBe("services:\n  common: {image: x}\n");
    const envFile = join(dir, "scenarios", "withenv.yaml");
    writeFileSync(join(dir, "c", "sub.yml"), "services:\n  s: {image: x}\n");
    writeFileSync(top, "name: withenv\ninclude: [{path: sub.yml, env_file: ../scenarios/withenv.yaml}]\nservices:\n  a: {image: x}\n");
    writeFileSync(envFile, "X=1\n");
    expect(await refusal(runInit({ dir, from: top, force: true, env: {} }))).toStartWith(`InitError: ${envFile} is an env file --from reads`);
    expect(readFileSync(envFile, "utf8")).toBe("X=1\n");
  });

  test("a service scaled to no container (deploy.replicas 0, scale 0) is left out of running and of every check, and said (up starts none)", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "compose.yaml");
    writeFileSync(from, `name: zero
services:
  web: {image: x, ports: ["8080:80"]}
  off: {image: x, deploy: {replicas: 0}, ports: ["8081:80"], volumes: ["./logs/off:/logs"]}
  off2: {image: x, scale: 0, healthcheck: {test: ["CMD", "true"]}}
  off3: {image: x, scale: "\${OFF3_SCALE:-0}"}
  on: {image: x, deploy: {replicas: 2}}
`);
    const text = await drafted(dir, from);
    expect(text).toContain('running: ["web", "on"]');
    expect(text).not.toContain("healthy:");
    expect(text).toContain("# not started, so not checked: off (deploy: {replicas: 0}), off2 (scale: 0), off3 (scale: 0); up starts no container for a service scaled to 0");
    expect(text).not.toContain("SCENARIO_OFF_URL");
    expect(text).not.toContain("logs/off");
  });

  test("a network_mode: host service is checked on its container port (Docker discards published ports there), or its healthcheck's", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "compose.yaml");
    writeFileSync(from, `name: hostnet
services:
  hostnet: {image: x, network_mode: host, ports: ["7070:80"]}
  long: {image: x, network_mode: host, ports: [{target: 9000, published: 9001}]}
  health:
    image: x
    network_mode: host
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8088/health"]}
  bridged: {image: x, ports: ["7071:80"]}
`);
    const text = await drafted(dir, from);
    expect(text).toContain("SCENARIO_HOSTNET_URL: http://127.0.0.1:80\n");
    expect(text).toContain("SCENARIO_LONG_URL: http://127.0.0.1:9000\n");
    expect(text).toContain("SCENARIO_HEALTH_URL: http://127.0.0.1:8088\n");
    expect(text).toContain('url: "${SCENARIO_HEALTH_URL}/health"');
    expect(text).toContain("SCENARIO_BRIDGED_URL: http://127.0.0.1:7071\n");
    expect(text).not.toContain("7070");
    expect(text).toContain("# network_mode: host: the service listens on the host's port 80 (compose publishes no port)");
  });

  test("a grafana/agent image is a log shipper: the folder it mounts gets no fresh-files check of its own", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "compose.yaml");
    writeFileSync(from, 'name: agent\nservices:\n  app: {image: x, ports: ["8080:80"]}\n  collector: {image: "grafana/agent:v0.40.0", volumes: ["./logs:/logs"]}\n');
    const text = await drafted(dir, from);
    expect(text).not.toContain("Fresh log files");
  });

  test("an included file takes its variables from the include's env_file, else the .env of its folder, under the project's; a .env value's references are filled in", async () => {
    const dir = tempDir("scenario-init-");
    const from = join(dir, "compose.yaml");
    mkdirSync(join(dir, "sub"));
    mkdirSync(join(dir, "other"));
    writeFileSync(from, "name: inc\ninclude:\n  - path: ./sub/compose.sub.yaml\n    env_file: ./sub/custom.env\n  - other/compose.yaml\nservices:\n  e: {image: x, ports: [\"${E_PORT}:80\"]}\n");
    writeFileSync(join(dir, "sub", "compose.sub.yaml"), 'services:\n  side: {image: x, ports: ["${SIDE_PORT:-7000}:7000"]}\n  top: {image: x, ports: ["${TOP_PORT:-7001}:7001"]}\n');
    writeFileSync(join(dir, "sub", "custom.env"), "SIDE_PORT=7777\nTOP_PORT=7778\n");
    writeFileSync(join(dir, "sub", ".env"), "SIDE_PORT=1111\n");
    writeFileSync(join(dir, "other", "compose.yaml"), 'services:\n  o: {image: x, ports: ["${O_PORT:-6000}:80"]}\n');
    writeFileSync(join(dir, "other", ".env"), "O_PORT=6666\n");
    // The project's .env wins over an include's (compose merges the include's under it); its references are filled in.
    writeFileSync(join(dir, ".env"), "BASE=90\nE_PORT=${BASE}05\nTOP_PORT=7002\n");
    const text = await drafted(dir, from);
    expect(text).toContain('SCENARIO_SIDE_URL: "http://127.0.0.1:${SIDE_PORT:-7777}"');
    expect(text).toContain('SCENARIO_TOP_URL: "http://127.0.0.1:${TOP_PORT:-7002}"');
    expect(text).toContain('SCENARIO_O_URL: "http://127.0.0.1:${O_PORT:-6666}"');
    expect(text).toContain('SCENARIO_E_URL: "http://127.0.0.1:${E_PORT:-9005}"');
    // A reference to what no file init reads sets: compose takes it from the environment, which the draft does not read.
    writeFileSync(join(dir, ".env"), "E_PORT=${NOWHERE}05\n");
    const unknown = await drafted(dir, from);
    expect(unknown).not.toContain("SCENARIO_E_URL");
    expect(unknown).toContain("# no check on e's port ${E_PORT}:80: E_PORT's value in the .env refers to ${NOWHERE}, which no file init reads sets (compose takes it from the environment): add the check");
    // An env_file compose cannot find is refused at the include's line, as compose refuses it; one with a bad line as its own.
    writeFileSync(from, "name: inc\ninclude:\n  - path: ./sub/compose.sub.yaml\n    env_file: ./sub/missing.env\nservices:\n  e: {image: x}\n");
    const missing = await refusal(runInit({ dir, from, force: true, env: {} }));
    expect(missing).toContain(`${from}:4:15: include: env_file "./sub/missing.env": no such file: ${join(dir, "sub", "missing.env")}`);
    writeFileSync(join(dir, "sub", "custom.env"), 'SIDE_PORT="7777\n');
    writeFileSync(from, "name: inc\ninclude:\n  - path: ./sub/compose.sub.yaml\n    env_file: ./sub/custom.env\nservices:\n  e: {image: x}\n");
    const bad = await refusal(runInit({ dir, from, force: true, env: {} }));
    expect(bad).toContain(`cannot read ${join(dir, "sub", "custom.env")} (compose reads an included file's variables from there):\n${join(dir, "sub", "custom.env")}:1:`);
  });

  test("--from a folder names the compose file in it; COMPOSE_PROFILES (the environment's, else the .env's) starts its profiles' services", async () => {
    const dir = tempDir("scenario-init-");
    const app = join(dir, "app");
    mkdirSync(app);
    expect(await refusal(runInit({ dir, from: app, force: false, env: {} }))).toBe(`InitError: --from ${app}: it is a folder, with no compose file in it (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml): give the compose file`);
    writeFileSync(join(app, "compose.yaml"), 'name: prof\nservices:\n  web: {image: x, ports: ["8080:80"]}\n  dbg: {image: x, profiles: [debug], ports: ["9000:80"]}\n  tools: {image: x, profiles: [tools], ports: ["9001:80"]}\n');
    expect(await refusal(runInit({ dir, from: app, force: false, env: {} }))).toBe(`InitError: --from ${app}: it is a folder: give the compose file (${join(app, "compose.yaml")})`);
    const from = join(app, "compose.yaml");
    writeFileSync(join(app, ".env"), "COMPOSE_PROFILES=debug\n");
    const fromDotEnv = await drafted(dir, from);
    expect(fromDotEnv).toContain('running: ["web", "dbg"]');
    expect(fromDotEnv).toContain("SCENARIO_DBG_URL: http://127.0.0.1:9000");
    expect(fromDotEnv).toContain('profiles: ["debug"]   # COMPOSE_PROFILES of the .env');
    expect(fromDotEnv).toContain("# not started, so not checked: tools (profiles: tools); add theirs to `profiles:` to start them");
    const fromShell = await drafted(dir, from, { COMPOSE_PROFILES: "tools, debug" });
    expect(fromShell).toContain('running: ["web", "dbg", "tools"]');
    expect(fromShell).toContain('profiles: ["tools", "debug"]   # COMPOSE_PROFILES of the environment init ran in');
    expect(fromShell).not.toContain("not started");
    const all = await drafted(dir, from, { COMPOSE_PROFILES: "*" });
    expect(all).toContain('running: ["web", "dbg", "tools"]');
    expect(all).toContain('profiles: ["debug", "tools"]   # COMPOSE_PROFILES of the environment init ran in: *, every profile');
  });
});

describe("scenario init --from: a file the compose project names is never replaced", () => {
  const refusal = (p: Promise<unknown>) => p.then(() => "", (e: Error) => `${e instanceof InitError ? "InitError" : "other"}: ${e.message}`);
  /** A project `r` (its draft goes to scenarios/r.yaml, which holds an env file's text) with `compose` after its name. */
  const project = (compose: string, files: Record<string, string> = {}) => {
    const dir = tempDir("scenario-init-");
    mkdirSync(join(dir, "scenarios"));
    const from = join(dir, "compose.yaml");
    writeFileSync(from, `name: r\n${compose}`);
    const scenario = join(dir, "scenarios", "r.yaml");
    writeFileSync(scenario, "X=1\n");
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return { dir, from, scenario };
  };

  test("a service's env_file, --force or not (it was replaced by the draft)", async () => {
    const { dir, from, scenario } = project("services:\n  a:\n    image: nginx\n    env_file: scenarios/r.yaml\n");
    for (const force of [false, true]) {
      expect(await refusal(runInit({ dir, from, force, env: {} }))).toBe(
        `InitError: ${scenario} is a file the compose project names (services.a.env_file, at ${from}:5:15), where init would write the draft (DIR/scenarios/<project>.yaml): give another DIR, or move the file`,
      );
      expect(readFileSync(scenario, "utf8")).toBe("X=1\n");
    }
  });

  test("every form and field compose reads as a file: env_file (list, long form), label_file, secrets, configs, build, bind mounts, develop.watch, a bind volume", async () => {
    const cases: [compose: string, what: string, files?: Record<string, string>][] = [
      ["services:\n  a: {image: x, env_file: [other.env, ./scenarios/r.yaml]}\n", "services.a.env_file", { "other.env": "Y=2\n" }],
      ["services:\n  a:\n    image: x\n    env_file:\n      - path: scenarios/r.yaml\n        required: false\n", "services.a.env_file"],
      ["services:\n  a: {image: x, env_file: \"${ENVF:-none.env}\"}\n", "services.a.env_file", { ".env": "ENVF=scenarios/r.yaml\n" }],
      ["services:\n  a: {image: x, label_file: scenarios/r.yaml}\n", "services.a.label_file"],
      ["services:\n  a: {image: x, label_file: [a.labels, scenarios/r.yaml]}\n", "services.a.label_file"],
      ["services:\n  a: {image: x, secrets: [s]}\nsecrets:\n  s: {file: ./scenarios/r.yaml}\n", "secrets.s.file"],
      ["services:\n  a: {image: x, configs: [c]}\nconfigs:\n  c: {file: scenarios/r.yaml}\n", "configs.c.file"],
      ["services:\n  a: {build: {context: scenarios, dockerfile: r.yaml}}\n", "services.a.build.dockerfile"],
      ["services:\n  a: {build: scenarios/r.yaml}\n", "services.a.build.context"],
      ["services:\n  a: {build: {context: ., additional_contexts: {more: scenarios/r.yaml}}}\n", "services.a.build.additional_contexts.more"],
      ["services:\n  a: {build: {context: ., ssh: [\"default\", \"deploy=scenarios/r.yaml\"]}}\n", "services.a.build.ssh.deploy"],
      ["services:\n  a: {image: x, volumes: [\"./scenarios/r.yaml:/etc/r.conf:ro\"]}\n", "services.a.volumes"],
      ["services:\n  a: {image: x, volumes: [{type: bind, source: ./scenarios/r.yaml, target: /etc/r.conf}]}\n", "services.a.volumes"],
      ["services:\n  a:\n    image: x\n    develop: {watch: [{path: ./scenarios/r.yaml, action: sync, target: /r}]}\n", "services.a.develop.watch.path"],
      ["services:\n  a: {image: x, volumes: [\"v:/data\"]}\nvolumes:\n  v: {driver: local, driver_opts: {type: none, o: bind, device: ./scenarios/r.yaml}}\n", "volumes.v.driver_opts.device"],
    ];
    for (const [compose, what, files] of cases) {
      const { dir, from, scenario } = project(compose, files);
      const why = await refusal(runInit({ dir, from, force: true, env: {} }));
      expect(why, compose).toStartWith(`InitError: ${scenario} is a file the compose project names (${what}, at ${from}:`);
      expect(readFileSync(scenario, "utf8")).toBe("X=1\n");
    }
  });

  test("paths resolve as compose resolves them: an included file's to its project directory, an extends base's to its own folder", async () => {
    const included = project("include: [sub/compose.yaml]\nservices:\n  a: {image: x}\n", { "sub/compose.yaml": "services:\n  b: {image: x, env_file: ../scenarios/r.yaml}\n" });
    expect(await refusal(runInit({ dir: included.dir, from: included.from, force: true, env: {} }))).toStartWith(
      `InitError: ${included.scenario} is a file the compose project names (services.b.env_file, at ${join(included.dir, "sub", "compose.yaml")}:2:`,
    );
    const projectDir = project("include: [{path: sub/compose.yaml, project_directory: .}]\nservices:\n  a: {image: x}\n", { "sub/compose.yaml": "services:\n  b: {image: x, env_file: scenarios/r.yaml}\n" });
    expect(await refusal(runInit({ dir: projectDir.dir, from: projectDir.from, force: true, env: {} }))).toContain("(services.b.env_file, at ");
    const extended = project("services:\n  a: {extends: {file: base/base.yaml, service: common}}\n", { "base/base.yaml": "services:\n  common: {image: x, env_file: ../scenarios/r.yaml}\n" });
    expect(await refusal(runInit({ dir: extended.dir, from: extended.from, force: true, env: {} }))).toStartWith(
      `InitError: ${extended.scenario} is a file the compose project names (services.common.env_file, at ${join(extended.dir, "base", "base.yaml")}:2:`,
    );
    for (const p of [included, projectDir, extended]) expect(readFileSync(p.scenario, "utf8")).toBe("X=1\n");
  });

  test("the same file under another name (a symlink, a hard link) is refused; a path named but missing too (compose would read the draft there); another file is replaced", async () => {
    for (const link of [symlinkSync, linkSync]) {
      const { dir, from, scenario } = project("services:\n  a: {image: x, env_file: app.env}\n", { "app.env": "SECRET=1\n" });
      rmSync(scenario);
      link(link === symlinkSync ? join("..", "app.env") : join(dir, "app.env"), scenario);
      expect(await refusal(runInit({ dir, from, force: true, env: {} }))).toStartWith(`InitError: ${scenario} is a file the compose project names (services.a.env_file, at ${from}:3:`);
      expect(readFileSync(join(dir, "app.env"), "utf8")).toBe("SECRET=1\n");
    }
    const missing = project("services:\n  a: {image: x, env_file: [{path: scenarios/r.yaml, required: false}]}\n");
    rmSync(missing.scenario);
    expect(await refusal(runInit({ dir: missing.dir, from: missing.from, force: false, env: {} }))).toBe(
      `InitError: ${missing.scenario} is a path the compose project names (services.a.env_file, at ${missing.from}:3:35), where init would write the draft (DIR/scenarios/<project>.yaml): compose would read the draft there; give another DIR, or change the compose file`,
    );
    expect(existsSync(missing.scenario)).toBe(false);
    const other = project("services:\n  a: {image: x, env_file: [{path: scenarios/other.env, required: false}], volumes: [\"./scenarios:/s\"]}\n");
    expect(await refusal(runInit({ dir: other.dir, from: other.from, force: true, env: {} }))).toBe("");
    expect(readFileSync(other.scenario, "utf8")).toContain("compose:");
  });
});

describe("scenario init: COMPOSE_FILE and COMPOSE_ENV_FILES, as docker compose v2 reads them", () => {
  const refusal = (p: Promise<unknown>) => p.then(() => "", (e: Error) => `${e instanceof InitError ? "InitError" : "other"}: ${e.message}`);
  /** A project folder: compose.yml, its GPU override, and a default compose.yaml that COMPOSE_FILE is not. */
  const gpuProject = () => {
    const dir = tempDir("scenario-init-");
    writeFileSync(join(dir, "compose.yml"), [
      "name: shop",
      "services:",
      "  api:",
      "    image: api",
      '    ports: ["127.0.0.1:${API_PORT:-8080}:8000"]',
      '    volumes: ["./logs/api:/var/log/api"]',
      '    healthcheck: { test: ["CMD", "curl", "-f", "http://127.0.0.1:8000/healthz"] }',
      "",
    ].join("\n"));
    writeFileSync(join(dir, "compose.override.gpu.yml"), [
      "services:",
      "  api:",
      '    healthcheck: { test: ["CMD", "curl", "-f", "http://127.0.0.1:8000/ready"] }',
      '    volumes: ["./logs/gpu:/var/log/api"]',
      "  gpu-worker:",
      "    image: worker",
      '    ports: ["9000:9000"]',
      "",
    ].join("\n"));
    writeFileSync(join(dir, "compose.yaml"), 'name: decoy\nservices:\n  decoy: {image: x, ports: ["7000:7000"]}\n');
    return dir;
  };

  test("without --from, COMPOSE_FILE's files (relative to the working folder, in order) are drafted merged as compose merges them, and named in files: (a starter was written)", async () => {
    const dir = gpuProject();
    const { scenario } = await runInit({ dir, force: false, cwd: dir, env: { COMPOSE_FILE: "compose.yml:compose.override.gpu.yml" } });
    expect(scenario).toBe(join(dir, "scenarios", "shop.yaml"));
    const text = readFileSync(scenario, "utf8");
    expect(text).toContain('files: ["../compose.yml", "../compose.override.gpu.yml"]');
    expect(text).toContain('  - compose: { action: down, files: ["../compose.yml", "../compose.override.gpu.yml"], volumes: true }');
    expect(text).toContain("SCENARIO_API_URL: \"http://127.0.0.1:${API_PORT:-8080}\"");
    expect(text).toContain("SCENARIO_GPU_WORKER_URL: http://127.0.0.1:9000");
    expect(text).not.toContain("decoy");
    // The override's healthcheck replaces the base's test; its volume on the same container path replaces the base's.
    expect(text).toContain('url: "${SCENARIO_API_URL}/ready"');
    expect(text).toContain('glob: "../logs/gpu/**/*"');
    expect(text).not.toContain("logs/api");
    expect(text).toContain('running: ["api", "gpu-worker"]');
    // The command that drafts it again, run in DIR, says the variable.
    expect(text.split("\n")[1]).toBe("# Drafted by `COMPOSE_FILE=compose.yml:compose.override.gpu.yml scenario init`: every check is a guess from the compose file — edit it.");
    const loaded = await load(scenario);
    expect(loaded.scenario.steps[0]!.input).toMatchObject({ files: ["../compose.yml", "../compose.override.gpu.yml"] });
    // COMPOSE_PATH_SEPARATOR splits it instead of `:`; paths are the working folder's, not DIR's.
    const out = tempDir("scenario-init-");
    const other = await runInit({ dir: out, force: false, cwd: dir, env: { COMPOSE_FILE: "compose.yml;compose.override.gpu.yml", COMPOSE_PATH_SEPARATOR: ";" } });
    const otherText = readFileSync(other.scenario, "utf8");
    expect(otherText).toContain(`files: [${JSON.stringify(join("..", relative(out, dir), "compose.yml"))}, ${JSON.stringify(join("..", relative(out, dir), "compose.override.gpu.yml"))}]`);
    expect(otherText).toContain("COMPOSE_PATH_SEPARATOR=';' COMPOSE_FILE=");
    // Without COMPOSE_FILE (nor --from), the starter, as before.
    expect((await runInit({ dir: out, force: false, cwd: dir, env: {} })).scenario).toBe(join(out, "scenarios", "smoke.yaml"));
  });

  test("COMPOSE_FILE set in the working folder's .env is read (the environment's wins); COMPOSE_ENV_FILES replaces the .env and is named in env_file:", async () => {
    const dir = gpuProject();
    writeFileSync(join(dir, ".env"), "COMPOSE_FILE=compose.yml:compose.override.gpu.yml\nAPI_PORT=8181\n");
    const fromDotEnv = readFileSync((await runInit({ dir, force: true, cwd: dir, env: {} })).scenario, "utf8");
    expect(fromDotEnv).toContain('files: ["../compose.yml", "../compose.override.gpu.yml"]');
    expect(fromDotEnv).toContain("SCENARIO_API_URL: \"http://127.0.0.1:${API_PORT:-8181}\"");
    expect(fromDotEnv).not.toContain("env_file");
    const fromShell = readFileSync((await runInit({ dir, force: true, cwd: dir, env: { COMPOSE_FILE: "compose.yml" } })).scenario, "utf8");
    expect(fromShell).toContain('files: ["../compose.yml"]');
    expect(fromShell).not.toContain("gpu-worker");
    // COMPOSE_ENV_FILES (comma-separated, relative to the working folder): those files, in order, and not the .env.
    mkdirSync(join(dir, "env"));
    writeFileSync(join(dir, "env", "base.env"), "COMPOSE_FILE=compose.yml\nAPI_PORT=8282\n");
    writeFileSync(join(dir, "env", "gpu.env"), "COMPOSE_FILE=compose.yml:compose.override.gpu.yml\n");
    const env = { COMPOSE_ENV_FILES: "env/base.env,env/gpu.env" };
    const text = readFileSync((await runInit({ dir, force: true, cwd: dir, env })).scenario, "utf8");
    expect(text).toContain('files: ["../compose.yml", "../compose.override.gpu.yml"]');
    expect(text).toContain("SCENARIO_API_URL: \"http://127.0.0.1:${API_PORT:-8282}\"");
    expect(text).toContain('      env_file: ["../env/base.env", "../env/gpu.env"]');
    expect(text).toContain('env_file: ["../env/base.env", "../env/gpu.env"], volumes: true }');
    expect(text.split("\n")[1]).toStartWith("# Drafted by `COMPOSE_ENV_FILES=env/base.env,env/gpu.env COMPOSE_FILE=compose.yml:compose.override.gpu.yml scenario init`");
    await load(join(dir, "scenarios", "shop.yaml"));
    // With --from (compose's -f), COMPOSE_FILE is not read, COMPOSE_ENV_FILES still is.
    const from = readFileSync((await runInit({ dir, from: join(dir, "compose.yml"), force: true, cwd: dir, env: { ...env, COMPOSE_FILE: "compose.override.gpu.yml" } })).scenario, "utf8");
    expect(from).toContain('files: ["../compose.yml"]');
    expect(from).toContain("${API_PORT:-8282}");
    expect(from).toContain('env_file: ["../env/base.env", "../env/gpu.env"]');
  });

  test("a file COMPOSE_FILE or COMPOSE_ENV_FILES names is never replaced by the draft, --force or not; a missing one is refused in words", async () => {
    const dir = gpuProject();
    mkdirSync(join(dir, "scenarios"));
    const over = join(dir, "scenarios", "shop.yaml");
    writeFileSync(over, "services:\n  extra: {image: x}\n");
    for (const force of [false, true]) {
      expect(await refusal(runInit({ dir, force, cwd: dir, env: { COMPOSE_FILE: "compose.yml:scenarios/shop.yaml" } }))).toStartWith(`InitError: ${over} is a compose file init reads`);
    }
    writeFileSync(over, "API_PORT=1\n");
    expect(await refusal(runInit({ dir, force: true, cwd: dir, env: { COMPOSE_FILE: "compose.yml", COMPOSE_ENV_FILES: "scenarios/shop.yaml" } }))).toStartWith(`InitError: ${over} is an env file init reads`);
    expect(readFileSync(over, "utf8")).toBe("API_PORT=1\n");
    expect(await refusal(runInit({ dir, force: true, cwd: dir, env: { COMPOSE_FILE: "compose.yml:nope.yml" } }))).toBe(`InitError: COMPOSE_FILE=compose.yml:nope.yml: no such file: ${join(dir, "nope.yml")}`);
    expect(await refusal(runInit({ dir, force: true, cwd: dir, env: { COMPOSE_FILE: "compose.yml", COMPOSE_ENV_FILES: "nope.env" } }))).toBe(`InitError: cannot read ${join(dir, "nope.env")} (COMPOSE_ENV_FILES names it): no such file`);
  });
});
