// scenario init --from: what the draft expects is what `docker compose config` says the compose file asks for (found
// comparing the draft with docker compose 2.26's config): a check it drafts can pass on a stack that runs as written.
import { expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runInit } from "./init.ts";
import { readComposeStack, type ComposeService } from "./init-compose.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { loadScenario } from "../loader/load.ts";
import { builtins } from "../vars/scope.ts";

function stackOf(compose: string, dotEnv?: string): Record<string, ComposeService> {
  const dir = tempDir("scenario-init-truth-");
  writeFileSync(join(dir, "compose.yaml"), compose);
  if (dotEnv !== undefined) writeFileSync(join(dir, ".env"), dotEnv);
  return Object.fromEntries(readComposeStack(join(dir, "compose.yaml")).services.map((s) => [s.name, s]));
}

async function draftOf(compose: string): Promise<string> {
  const dir = tempDir("scenario-init-truth-");
  writeFileSync(join(dir, "compose.yaml"), compose);
  const { scenario } = await runInit({ dir, from: join(dir, "compose.yaml"), force: false, env: {} });
  return readFileSync(scenario, "utf8");
}

test("a healthcheck's disable and a volume's read_only are booleans as compose casts them: a text true, yes, on, a variable's value (compose: disable: true, read_only: true)", () => {
  const s = stackOf(`services:
  quoted: { image: x, healthcheck: { test: ["CMD", "true"], disable: "true" } }
  yes: { image: x, healthcheck: { test: ["CMD", "true"], disable: "yes" } }
  on: { image: x, healthcheck: { test: ["CMD", "true"], disable: "On" } }
  fromvar: { image: x, healthcheck: { test: ["CMD", "true"], disable: "\${HC_OFF:-true}" } }
  enabled: { image: x, healthcheck: { test: ["CMD", "true"], disable: "false" } }
  rolog:
    image: x
    volumes: [{ type: bind, source: ./logs/ro, target: /logs, read_only: "yes" }, { type: bind, source: ./logs/rw, target: /rw, read_only: "false" }]
`);
  for (const name of ["quoted", "yes", "on", "fromvar"]) expect([name, s[name]!.hasHealthcheck]).toEqual([name, false]);
  expect(s.enabled!.hasHealthcheck).toBe(true);
  expect(s.rolog!.logMounts.map((m) => m.split("/").at(-1))).toEqual(["rw"]);
});

test("an empty healthcheck test is none (compose drops it), and a test whose first word a variable gives is read after it (NONE)", () => {
  const s = stackOf(`services:
  empty: { image: x, healthcheck: { test: [] } }
  none: { image: x, healthcheck: { test: ["\${HC:-NONE}"] } }
  cmd: { image: x, healthcheck: { test: ["\${HC:-CMD}", "true"] } }
`);
  expect([s.empty!.hasHealthcheck, s.none!.hasHealthcheck, s.cmd!.hasHealthcheck]).toEqual([false, false, true]);
});

test("extends merges the base as compose merges it: deploy key by key, a volume on the same container path replaced, profiles added", () => {
  const s = stackOf(`services:
  base:
    image: x
    profiles: [p]
    deploy: { replicas: 0 }
    volumes: ["./logs:/var/log/app"]
  w:
    extends: base
    profiles: [q]
    deploy: { resources: { limits: { memory: 100M } } }
    volumes: ["./logs:/var/log/app:ro"]
    ports: ["7902:81"]
`);
  // docker compose config: w has deploy.replicas 0, /var/log/app read_only, profiles [p, q].
  expect(s.w!.scaledToZero).toBe("deploy: {replicas: 0}");
  expect(s.w!.logMounts).toEqual([]);
  expect(s.w!.profiles.toSorted()).toEqual(["p", "q"]);
});

test("a long-form port of a protocol other than TCP (sctp, or udp from a variable) gets no http check", () => {
  const s = stackOf(`services:
  a:
    image: x
    ports:
      - { target: 80, published: "7200", protocol: sctp }
      - { target: 81, published: "7201", protocol: "\${PROTO:-udp}" }
      - { target: 82, published: "7202", protocol: TCP }
`);
  expect(s.a!.ports.map((p) => p.host)).toEqual([7202]);
});

test("a published port of a protocol that is no HTTP (PostgreSQL's 5432, Redis's 6379) gets no http check, which no correct stack passes; another published port of the service does", async () => {
  const text = await draftOf(`services:
  db:
    image: postgres:16
    ports: ["5432:5432"]
    healthcheck: { test: ["CMD-SHELL", "pg_isready -U postgres"] }
  cache:
    image: redis:7
    ports: ["127.0.0.1:16379:6379"]
  mq:
    image: rabbitmq:3-management
    ports: ["5672:5672", "15672:15672"]
  api:
    image: example/api
    ports: ["6379:6379"]
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:6379/health"] }
`);
  expect(text).not.toContain("SCENARIO_DB_URL");
  expect(text).not.toContain("SCENARIO_CACHE_URL");
  expect(text).toContain("  # no check on db's port 5432: container port 5432 is PostgreSQL's, which speaks no HTTP: check it another way (up checks that it is healthy)");
  expect(text).toContain("  # no check on cache's port 16379: container port 6379 is Redis's, which speaks no HTTP: check it another way");
  expect(text).toContain("SCENARIO_MQ_URL: http://127.0.0.1:15672");
  expect(text).not.toContain("no check on mq's");
  // A healthcheck's URL on the port says it is HTTP there.
  expect(text).toContain('url: "${SCENARIO_API_URL}/health"');
  expect(text).toContain('healthy: ["db", "api"]');
});

test("COMPOSE_FILE naming a file in another folder: the working folder's .env gives the project's variables only when it set COMPOSE_FILE (docker compose 2.26), and the draft's steps then name it, as the run's compose, given -f, reads the first file's folder's alone", async () => {
  const dir = tempDir("scenario-init-truth-");
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "sub", "compose.yaml"), 'services:\n  c:\n    image: x\n    ports: ["${P:-1}:80", "${Q:-2}:81"]\n');
  writeFileSync(join(dir, "sub", ".env"), "P=2222\n");
  // COMPOSE_FILE from the environment: `docker compose config` publishes 2222 and 2 (the working folder's .env unread).
  writeFileSync(join(dir, ".env"), "P=3333\nQ=7\n");
  const fromShell = readFileSync((await runInit({ dir, force: false, cwd: dir, env: { COMPOSE_FILE: "sub/compose.yaml" } })).scenario, "utf8");
  expect(fromShell).toContain('SCENARIO_C_URL: "http://127.0.0.1:${P:-2222}"');
  expect(fromShell).not.toContain("env_file");
  // COMPOSE_FILE from the working folder's .env: `docker compose config` there publishes 3333 and 7; the draft's run
  // (`-f sub/compose.yaml` from scenarios/) does too only when it is given both env files, the working folder's last.
  writeFileSync(join(dir, ".env"), "COMPOSE_FILE=sub/compose.yaml\nP=3333\nQ=7\n");
  const fromDotEnv = readFileSync((await runInit({ dir, force: true, cwd: dir, env: {} })).scenario, "utf8");
  expect(fromDotEnv).toContain('SCENARIO_C_URL: "http://127.0.0.1:${P:-3333}"');
  expect(fromDotEnv).toContain('      env_file: ["../sub/.env", "../.env"]');
  expect(fromDotEnv).toContain('env_file: ["../sub/.env", "../.env"], volumes: true }');
  // Without an .env beside the compose file, the working folder's alone.
  rmSync(join(dir, "sub", ".env"));
  const alone = readFileSync((await runInit({ dir, force: true, cwd: dir, env: {} })).scenario, "utf8");
  expect(alone).toContain('      env_file: ["../.env"]');
});

test("a stack none of whose services up starts to stay (profiles not enabled, scaled to 0, one-shot) drafts an up that validates: no empty running: list", async () => {
  const text = await draftOf(`services:
  debug: { image: x, profiles: [debug], ports: ["8080:80"] }
  off: { image: x, deploy: { replicas: 0 } }
`);
  expect(text).not.toContain("running: []");
  expect(text).toContain("      # no service this up starts stays running: nothing to expect of it");
  const dir = tempDir("scenario-init-truth-");
  writeFileSync(join(dir, "compose.yaml"), "services:\n  debug: { image: x, profiles: [debug] }\n");
  const { scenario } = await runInit({ dir, from: join(dir, "compose.yaml"), force: false, env: {} });
  const loaded = await loadScenario(scenario, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, tempDir("scenario-init-truth-"));
  expect(loaded.scenario.steps[0]!.input).toMatchObject({ action: "up", wait: true });
});
