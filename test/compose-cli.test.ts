// End-to-end: compose scenarios through the real CLI on a real Docker engine: pass, fail, concurrency, Ctrl-C, no engine; the compose demo on every supported engine.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { busyboxService, describeEachEngine, describeWithEngine, forceRemove, httpService, leftovers } from "./helpers/compose.ts";
import { freePort } from "./helpers/ports.ts";
import { serverLabel } from "../lib/compose/engine.ts";
import { slugify } from "../lib/util/slug.ts";
import { exec } from "../lib/util/exec.ts";

const made: { cli: string; prefix: string }[] = [];

/** A scenario name unique to this test run, and the project prefix it leads to. */
function uniqueName(what: string): { name: string; prefix: string } {
  const name = `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name, prefix: `${slugify(name)}-` };
}

/** Compose projects (of containers, networks or volumes) whose name starts with prefix. */
async function projectsWithPrefix(cli: string, prefix: string, env: Record<string, string> = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const args of [["ps", "-a"], ["network", "ls"], ["volume", "ls"]]) {
    const r = await exec([cli, ...args, "--format", `{{.Label "com.docker.compose.project"}}`], { env: { ...process.env, ...env }, signal: AbortSignal.timeout(15_000) });
    for (const p of r.stdout.split("\n").map((l) => l.trim())) if (p.startsWith(prefix)) found.add(p);
  }
  return [...found].sort();
}

/** Running containers of projects with the prefix. */
async function runningWithPrefix(cli: string, prefix: string): Promise<string[]> {
  const r = await exec([cli, "ps", "--format", `{{.Label "com.docker.compose.project"}} {{.State}}`], { signal: AbortSignal.timeout(15_000) });
  return r.stdout.split("\n").filter((l) => l.startsWith(prefix) && l.endsWith(" running")).map((l) => l.split(" ")[0]!);
}

/** The exit code with the output beside it, so a failing assertion shows why. */
function withOutput(r: { code: number | null; stdout: string; stderr: string }) {
  return { code: r.code, output: `${r.stdout}\n${r.stderr}` };
}

/**
 * A `docker` first on PATH that answers the engine probes (`compose version`, `version --format`) as docker 20.10 with
 * compose 2.26 and runs `script` (sh) for every other call; the environment that makes the run use it.
 */
function fakeDocker(dir: string, script: string): Record<string, string> {
  const bin = join(dir, "fakebin");
  mkdirSync(bin);
  writeFileSync(join(bin, "docker"), `#!/bin/sh
case "$1 $2" in
  "compose version") echo "2.26.1"; exit 0;;
  "version --format") echo "20.10.24|Engine;containerd;runc;docker-init;"; exit 0;;
esac
${script}`);
  chmodSync(join(bin, "docker"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, SCENARIO_COMPOSE_ENGINE: "docker compose", DOCKER_HOST: "", DOCKER_CONTEXT: "" };
}

function readReports(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath, d.name), "utf8"))
    .join("\n");
}

/** A compose file: host-network busybox services, plus an idle service on the project network with a named volume. */
function composeFile(services: Record<string, string>): string {
  const all = {
    ...services,
    idle: busyboxService("exec sleep 600").replace("    network_mode: host\n", "") + "\n    volumes: [\"data:/data\"]",
  };
  return `services:\n${Object.entries(all).map(([n, body]) => `  ${n}:\n${body}`).join("\n")}\nvolumes:\n  data: {}\n`;
}

/** A service's lines handing it DB_PASSWORD, the secret envSecretStack's env file defines. */
const DB_PASSWORD_ENV = ["    environment:", "      DB_PASSWORD: ${DB_PASSWORD}"];

/**
 * A folder holding env.test (DB_PASSWORD=hunter2-s3cr3t), compose.yml of `services` and the scenario `name`, which
 * declares DB_PASSWORD secret and brings them up with that env file, waiting: its folder and file.
 */
function envSecretStack(name: string, services: Record<string, string>): { dir: string; file: string } {
  const dir = tempDir();
  writeFileSync(join(dir, "env.test"), "DB_PASSWORD=hunter2-s3cr3t\n");
  writeScenario(dir, composeFile(services), "compose.yml");
  const file = writeScenario(dir, `name: ${name}
secrets: [DB_PASSWORD]
steps:
  - compose: { files: compose.yml, env_file: env.test, wait: true }
    timeout: 5m
`);
  return { dir, file };
}

afterAll(async () => {
  for (const { cli, prefix } of made) for (const p of await projectsWithPrefix(cli, prefix)) await forceRemove(cli, p);
});

describe("compose preflight without an engine", () => {
  test("no compose binary on PATH: exit 2 before anything runs, saying what was tried", async () => {
    const dir = tempDir();
    const marker = join(dir, "ran");
    const file = writeScenario(dir, `name: no engine
steps:
  - shell: { run: "touch ${marker}" }
  - compose: { files: compose.yml, wait: true }
`);
    // An earlier run's latest copy would show its verdict as this run's: removed, as the run writes no report.
    mkdirSync(join(dir, "reports"));
    writeFileSync(join(dir, "reports", "latest.md"), "# an earlier run: passed\n");
    utimesSync(join(dir, "reports", "latest.md"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir, env: { PATH: tempDir("empty-path-"), DOCKER_HOST: "" } });
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, "reports", "latest.md"))).toBe(false);
    expect(r.stderr).toEndWith("Removed reports/latest.md: it showed an earlier run as the latest\n");
    expect(r.stderr).toContain("no compose engine answered");
    expect(r.stderr).toContain("`docker compose`: docker is not on PATH");
    expect(r.stderr).toContain("`docker-compose`: docker-compose is not on PATH");
    expect(existsSync(marker)).toBe(false);
  });

  test("several files: the combined JUnit, Markdown and JSON summaries carry the refused file's reason, secrets masked", async () => {
    const dir = tempDir();
    // a.yaml's secret is in b.yaml's name, so in its refusal: masked there as in every file's output.
    writeScenario(dir, `name: a\nvars: { TOKEN: tok-4f1c9e2a77 }\nsecrets: [TOKEN]\nsteps:\n  - shell: { run: [/bin/sh, -c, "exit 0"] }\n`, "a.yaml");
    writeScenario(dir, `name: b\nsteps:\n  - compose: { files: compose.yml, wait: true }\n`, "b-tok-4f1c9e2a77.yaml");
    const r = await runCli(["run", "a.yaml", "b-tok-4f1c9e2a77.yaml", "--quiet"], { cwd: dir, env: { PATH: tempDir("empty-path-"), DOCKER_HOST: "" } });
    expect(r.code).toBe(2);
    const summary = (ext: string) => readFileSync(join(dir, "reports", `latest-summary.${ext}`), "utf8");
    for (const ext of ["xml", "md", "json"]) {
      expect(summary(ext)).toContain("compose: no compose engine answered");
      expect(summary(ext)).toContain("docker-compose is not on PATH");
      expect(summary(ext)).not.toContain("tok-4f1c9e2a77");
    }
    expect(summary("xml")).toContain(`<error message="invalid: b-***.yaml: compose: no compose engine answered. Tried, in order:" type="invalid">b-***.yaml: compose:`);
    expect(summary("md")).toContain("## Refused before the first step\n\n### b-\\*\\*\\*.yaml\n\n```text\nb-***.yaml: compose: no compose engine answered.");
    const json = JSON.parse(summary("json")) as { files: { status: string; refused?: string }[] };
    expect(json.files.map((f) => [f.status, f.refused?.split("\n")[0]])).toEqual([["passed", undefined], ["invalid", "b-***.yaml: compose: no compose engine answered. Tried, in order:"]]);
  });
});

describe("a compose step's env file read as compose reads it, with a fake engine", () => {
  /**
   * A `docker` first on PATH whose compose `up` fails, whose `ps` lists the service exited, and whose `logs` print the
   * lines given: what a service that logs the key and the token it was handed shows in the report.
   */
  function fakeEngine(dir: string, logs: string[]): Record<string, string> {
    return fakeDocker(dir, `[ "$1" = compose ] || exit 0
for a in "$@"; do
  case "$a" in
    up) echo "service api exited with code 1" >&2; exit 1;;
    ps) echo '{"Service":"api","Name":"p-api-1","State":"exited","ExitCode":1,"Status":"Exited (1) 1 second ago"}'; exit 0;;
    logs) cat <<'LOGS'
${logs.join("\n")}
LOGS
      exit 0;;
  esac
done
`);
  }

  test("a value quoted over several lines (a PEM key) and a `KEY: value` line are secrets masked in the reports and the run log, with no warning", async () => {
    const dir = tempDir();
    const pem = ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "bKx7Qm2Zp4Lw9sT3vYc8NdRf", "-----END PRIVATE KEY-----"];
    // Read line by line, neither defined its name: both were warned of as defined by nothing, and shown as they are.
    writeFileSync(join(dir, "env.test"), `TLS_KEY="${pem.join("\n")}"\nAPI_TOKEN: tok9f8e7d6c5b4a\n`);
    writeScenario(dir, "services:\n  api:\n    image: busybox\n", "compose.yml");
    const file = writeScenario(dir, `name: env file forms
secrets: [TLS_KEY, API_TOKEN]
steps:
  - compose: { files: compose.yml, env_file: env.test, wait: true }
`);
    const env = fakeEngine(dir, ["api-1  | loading the TLS key:", ...pem.map((l) => `api-1  | ${l}`), "api-1  | token tok9f8e7d6c5b4a"]);
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md,json,log"], { cwd: dir, env });
    expect(withOutput(r).code).toBe(1);
    expect(r.stderr).not.toContain("secret TLS_KEY");
    expect(r.stderr).not.toContain("secret API_TOKEN");
    const written = readReports(reports) + readReports(join(dir, ".context"));
    expect(written).toContain("api-1  | loading the TLS key:\napi-1  | ***\napi-1  | ***\napi-1  | ***\napi-1  | ***\napi-1  | token ***");
    const all = `${written}\n${r.stdout}\n${r.stderr}`;
    expect(["MIIEvQ", "bKx7Qm", "tok9f8"].filter((s) => all.includes(s))).toEqual([]);
  });
});

describe("a compose project the end-of-run cleanup cannot remove, with a fake engine", () => {
  /** A `docker` first on PATH whose `up` makes one container that no `down` or `rm` can remove (a device or resource busy). */
  function stuckEngine(dir: string): Record<string, string> {
    const up = join(dir, "up");
    return fakeDocker(dir, `if [ "$1" != compose ]; then
  case "$1 $2" in
    "ps -a") [ -f '${up}' ] && echo abc123; exit 0;;
    "rm -f") echo "Error response from daemon: device or resource busy" >&2; exit 1;;
  esac
  exit 0
fi
for a in "$@"; do
  case "$a" in
    up) touch '${up}'; exit 0;;
    down|rm) echo "Error response from daemon: cannot remove container p-api-1: device or resource busy" >&2; exit 1;;
    ps) [ -f '${up}' ] && echo '{"Service":"api","Name":"p-api-1","State":"running","ExitCode":0,"Status":"Up 1 second"}'; exit 0;;
  esac
done
exit 0
`);
  }

  test("is said on stderr and in the reports' header, with the command that removes it (only the run log said it, under a green run)", async () => {
    const dir = tempDir();
    writeScenario(dir, "services:\n  api:\n    image: busybox\n", "compose.yml");
    const file = writeScenario(dir, "name: stuck\nsteps:\n  - compose: { files: compose.yml }\n");
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "json"], { cwd: dir, env: stuckEngine(dir) });
    // The steps passed: the status stays theirs.
    expect(withOutput(r).code).toBe(0);
    const said = /^warning: the run's cleanup could not remove compose project (stuck-[0-9a-f]{8}) \(project \1 still has 1 container\(s\) after down and removal by label\); left behind \(remove with the command shown\): compose project \1: \S*docker compose -p \1 down --volumes --remove-orphans$/m;
    expect(r.stderr).toMatch(said);
    const json = JSON.parse(readFileSync(join(reports, "latest.json"), "utf8")) as { info: Record<string, string> };
    expect(`warning: ${json.info["warning: cleanup"]}`).toMatch(said);
    expect(readFileSync(join(reports, "latest.md"), "utf8")).toContain("| warning: cleanup | the run's cleanup could not remove compose project stuck-");
  });
});

describeWithEngine("compose scenarios through the CLI", (engine) => {
  const T = 120_000;
  const track = (prefix: string) => made.push({ cli: engine.cli, prefix });

  test("an engine that does not answer: exit 2 naming DOCKER_HOST and how to fix it", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: dead socket\nsteps:\n  - compose: { files: compose.yml }\n`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir, env: { DOCKER_HOST: `unix://${dir}/no-such.sock` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the Docker engine at DOCKER_HOST=unix://${dir}/no-such.sock does not answer`);
    expect(r.stderr).toContain("start dockerd");
  }, T);

  test("a DOCKER_HOST with a password, from --var, that does not answer: exit 2, the password shown nowhere", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: dead remote\nsteps:\n  - compose: { files: compose.yml }\n`);
    const host = `tcp://admin:Pa55wordXyz@127.0.0.1:${freePort()}`;
    const reports = join(dir, "reports");
    const r = await runCli([file, "--var", `DOCKER_HOST=${host}`, "--report-dir", reports, "--report", "md,json,junit,log"], { cwd: dir });
    expect(withOutput(r).code).toBe(2);
    expect(r.stderr).toContain("the Docker engine at DOCKER_HOST=tcp://***@127.0.0.1:");
    const logDir = join(dir, ".context", "terminal");
    const log = existsSync(logDir) ? readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("\n") : "";
    expect(`${r.stdout}\n${r.stderr}\n${readReports(reports)}\n${log}`).not.toContain("Pa55wordXyz");
  }, T);

  test("an up on a project that already has containers before the run fails, naming it, and the run leaves it and its volume as they were", async () => {
    const { name, prefix } = uniqueName("pcomp pre existing");
    track(prefix);
    const project = `${prefix}stack`;
    const dir = tempDir();
    writeScenario(dir, composeFile({}), "compose.yml");
    const started = await exec([...engine.compose, "-p", project, "-f", join(dir, "compose.yml"), "up", "-d"], { cwd: dir, signal: AbortSignal.timeout(60_000) });
    expect(withOutput({ code: started.exitCode, stdout: started.stdout, stderr: started.stderr }).code).toBe(0);
    const before = await leftovers(engine.cli, project);
    expect(before.filter((l) => l.startsWith("volume ")).length).toBe(1);
    // The teardown's down, written for the stack the run meant to bring up, must not take down this one either.
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { action: up, project: ${project}, files: [compose.yml], wait: true }
teardown:
  - compose: { action: down, project: ${project}, files: [compose.yml], volumes: true }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(withOutput(r).code).toBe(1);
    expect(r.stdout).toContain(`compose project ${project} already has 1 container (created before this run)`);
    expect(r.stdout).toContain("Use another project name");
    expect(r.stdout).toContain(`compose project ${project} was not taken down: it was up before this run`);
    expect((await leftovers(engine.cli, project)).sort()).toEqual([...before].sort());
    expect(await runningWithPrefix(engine.cli, project)).toEqual([project]);
    // With keep: true the run uses the stack as it is and leaves it running: nothing of it is taken down.
    const kept = writeScenario(dir, `name: ${name}\nsteps:\n  - compose: { action: up, project: ${project}, files: [compose.yml], wait: true, keep: true }\n`, "kept.yaml");
    const k = await runCli([kept, "--report-dir", join(dir, "reports-kept")], { cwd: dir });
    expect(withOutput(k).code).toBe(0);
    expect((await leftovers(engine.cli, project)).sort()).toEqual([...before].sort());
    // Taken down without its volumes (`docker compose down`, as a developer does): the volume holds data the run's cleanup
    // would remove with the project, so an up on it fails the same way and the volume stays.
    const down = await exec([...engine.compose, "-p", project, "-f", join(dir, "compose.yml"), "down"], { cwd: dir, signal: AbortSignal.timeout(60_000) });
    expect(withOutput({ code: down.exitCode, stdout: down.stdout, stderr: down.stderr }).code).toBe(0);
    const volumeOnly = await leftovers(engine.cli, project);
    expect(volumeOnly.filter((l) => l.startsWith("volume ")).length).toBe(1);
    const again = await runCli([file, "--report-dir", join(dir, "reports-again"), "--no-color"], { cwd: dir });
    expect(withOutput(again).code).toBe(1);
    expect(again.stdout).toContain(`compose project ${project} already has 1 volume (left before this run)`);
    expect((await leftovers(engine.cli, project)).sort()).toEqual([...volumeOnly].sort());
  }, T);

  test("a compose file that is not valid YAML: compose's error (\"yaml: line 3: …\", no file named) is followed by the file that does not parse, not its valid base", async () => {
    const dir = tempDir();
    const { name, prefix } = uniqueName("yaml error");
    track(prefix);
    writeFileSync(join(dir, "base.yml"), composeFile({ web: busyboxService("exec sleep 600") }));
    writeFileSync(join(dir, "overlay.yml"), "services:\n  web:\n    command: [sleep, \"60\"\n");
    const file = writeScenario(dir, `name: ${name}\nsteps:\n  - compose: { action: up, files: [base.yml, overlay.yml], wait: true }\n`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(withOutput(r).code).toBe(1);
    expect(r.stdout).toMatch(/error: compose up failed: yaml: [^\n]*\(exit \d+\), in overlay\.yml \(not valid YAML\)\n/);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("up with wait, http and ps checks, teardown down: exit 0, the engine in the report, nothing left", async () => {
    const { name, prefix } = uniqueName("compose pass");
    track(prefix);
    const port = freePort();
    const dir = tempDir();
    writeScenario(dir, composeFile({ web: httpService(port) }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true, expect: { healthy: [web], running: [web, idle] } }
    timeout: 1m
  - http: { url: "http://127.0.0.1:${port}/health", expect: { status: 200, body: { contains: ok } } }
  - compose: { action: ps, expect: { healthy: web } }
teardown:
  - compose: { action: down, files: compose.yml, volumes: true }
`);
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md,json"], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 0 });
    expect(readReports(reports)).toContain(`docker compose ${engine.version}`);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a service that exits 1 fails the run at once with its logs in the report; cleanup leaves nothing without a down step", async () => {
    const { name, prefix } = uniqueName("compose crash");
    track(prefix);
    const dir = tempDir();
    writeScenario(dir, composeFile({ crash: busyboxService("echo 'crash: config file missing'; exit 1") }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true }
    timeout: 5m
`);
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md,json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("service crash (exited with code 1)");
    const text = readReports(reports);
    expect(text).toContain("logs of crash");
    expect(text).toContain("crash: config file missing");
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a one-off container of `compose run` that exited 3 is not the service: ps's running and a later up's read pass on the running service", async () => {
    const { name, prefix } = uniqueName("compose oneoff");
    track(prefix);
    const project = `${prefix}p`;
    const dir = tempDir();
    writeScenario(dir, composeFile({ web: busyboxService("exec sleep 600") }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { project: ${project}, files: compose.yml, wait: true, expect: { running: [web] } }
    timeout: 1m
  - shell:
      run: "${engine.compose.join(" ")} -p ${project} -f compose.yml run -T web sh -c 'exit 3'; test $? -eq 3"
  - compose: { action: ps, project: ${project}, expect: { running: [web] } }
  - compose: { project: ${project}, files: compose.yml, expect: { running: [web] } }
teardown:
  - compose: { action: down, project: ${project}, files: compose.yml, volumes: true }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 0 });
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("up with wait passes beside a service scaled to no container (scale: 0, deploy.replicas: 0), which up does not start", async () => {
    const { name, prefix } = uniqueName("compose scale zero");
    track(prefix);
    const dir = tempDir();
    const off = busyboxService("exec sleep 600");
    writeScenario(dir, composeFile({ web: busyboxService("exec sleep 600"), off: `${off}\n    scale: 0`, disabled: `${off}\n    deploy: { replicas: 0 }` }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true, expect: { running: [web] } }
    timeout: 20s
teardown:
  - compose: { action: down, files: compose.yml, volumes: true }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 0 });
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a secret defined only in a compose step's env_file is masked in the reports and the run log, with no warning", async () => {
    const { name, prefix } = uniqueName("compose env secret");
    track(prefix);
    // The service is handed the value through the env file and prints it in the log lines a failure shows.
    const { dir, file } = envSecretStack(name, { leaky: busyboxService(`echo "connecting with password=$$DB_PASSWORD"; exit 1`, DB_PASSWORD_ENV.join("\n")) });
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md,json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("secret DB_PASSWORD");
    const written = readReports(reports) + readReports(join(dir, ".context"));
    expect(written).toContain("connecting with password=***");
    expect(`${written}\n${r.stdout}\n${r.stderr}`).not.toContain("hunter2-s3cr3t");
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("an unhealthy service's error and report carry its healthcheck's output, a secret in it masked (also where the one line cuts it)", async () => {
    const { name, prefix } = uniqueName("healthcheck secret");
    track(prefix);
    const check = (script: string) =>
      busyboxService("exec sleep 600", [
        ...DB_PASSWORD_ENV,
        "    healthcheck:",
        `      test: ["CMD", "sh", "-c", ${JSON.stringify(script)}]`,
        "      interval: 500ms",
        "      retries: 2",
      ].join("\n"));
    // 195 characters before it: the verdict's line, cut at 200 with "…", holds its first 5 characters only.
    const pad = "x".repeat(194);
    const { dir, file } = envSecretStack(name, { leaky: check(`echo "no-db-here $$DB_PASSWORD" >&2; exit 3`), cut: check(`echo "${pad} $$DB_PASSWORD"; exit 4`) });
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md,json,log"], { cwd: dir });
    expect(withOutput(r).code).toBe(1);
    const written = readReports(reports) + readReports(join(dir, ".context"));
    const all = `${written}\n${r.stdout}\n${r.stderr}`;
    expect(r.stdout).toContain("leaky (unhealthy: its healthcheck exited 3: no-db-here ***)");
    expect(r.stdout).toContain(`cut (unhealthy: its healthcheck exited 4: ${pad} ***…)`);
    expect(written).toMatch(/healthcheck of leaky \(last \d+ runs\)/);
    expect(written).toContain("  no-db-here ***");
    expect(written).toContain(`  ${pad} ***`);
    expect(all).not.toContain("hunter2");
    expect(all).not.toContain(`${pad} hunt`);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a crash-looping service (restart: always) fails the wait, though every poll sees it running", async () => {
    const { name, prefix } = uniqueName("compose loop");
    track(prefix);
    const dir = tempDir();
    writeScenario(dir, composeFile({ loop: busyboxService("echo start; sleep 1; exit 4", "    restart: always") }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true, expect: { running: [loop] } }
    timeout: 5m
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 1 });
    // Seen restarting, or (running in every poll) restarted between two polls: by its restart count, or by its start
    // time alone when its restart count had not grown in that read (seen in CI, Docker 20.10): named once each way.
    // Seen restarting with no exit code yet (compose ps gives 0 between two starts), it is named without one. Started again
    // already when the wait first read it (its restart count above 0), it is named so.
    expect(r.stdout).toMatch(/service loop \((restarting after exiting with code \d+|restarting \(its restart policy starts it again after each exit\)|restarted (once|\d+ times) while waiting \(it exited and its restart policy started it again\)|restarted while waiting \(it was started again\)|restarted (once|\d+ times) after exiting, before the wait's first read \(its restart policy started it again\))\) while waiting/);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("up with wait waits for the services of its own files: a crashed service another file brought up fails only its step", async () => {
    const { name, prefix } = uniqueName("compose by file");
    track(prefix);
    const dir = tempDir();
    writeScenario(dir, `services:\n  crash:\n${busyboxService("echo 'crash: exiting'; exit 1")}\n`, "crash.yml");
    writeScenario(dir, `services:\n  steady:\n${busyboxService("exec sleep 600")}\n`, "steady.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - name: crash up
    compose: { files: crash.yml, wait: true }
    continue_on_failure: true
    timeout: 5m
  - name: steady up
    compose: { files: steady.yml, wait: true, expect: { running: [steady] } }
    timeout: 5m
teardown:
  - compose: { action: down, files: [crash.yml, steady.yml] }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--report", "json"], { cwd: dir });
    expect(withOutput(r).code).toBe(1);
    const json = readdirSync(join(dir, "reports")).find((f) => f.endsWith(".json"))!;
    const report = JSON.parse(readFileSync(join(dir, "reports", json), "utf8")) as { steps: { name: string; status: string }[] };
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([["crash up", "failed"], ["steady up", "passed"], ["compose down crash.yml, steady.yml", "passed"]]);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a step timeout while a service is still starting: exit 1, the report names it, nothing left", async () => {
    const { name, prefix } = uniqueName("compose timeout");
    track(prefix);
    const dir = tempDir();
    const slow = busyboxService("echo 'slow: warming up'; exec sleep 600", `    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1h`);
    writeScenario(dir, composeFile({ slow }), "compose.yml");
    // The stack is created first without a short deadline; the timed step's own `up` then has nothing to create.
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml }
    timeout: 1m
  - compose: { files: compose.yml, wait: true }
    timeout: 3s
`);
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report-dir", reports, "--report", "md"], { cwd: dir });
    expect(r.code).toBe(1);
    const text = readReports(reports);
    expect(text).toMatch(/still starting: (.*, )?slow \(health: starting\)/);
    expect(text).toContain("slow: warming up");
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("--keep-stack leaves the project running after the run", async () => {
    const { name, prefix } = uniqueName("compose keep");
    track(prefix);
    const dir = tempDir();
    writeScenario(dir, composeFile({}), "compose.yml");
    const file = writeScenario(dir, `name: ${name}\nsteps:\n  - compose: { files: compose.yml, wait: true }\n`);
    const r = await runCli([file, "--keep-stack", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 0 });
    expect((await runningWithPrefix(engine.cli, prefix)).length).toBe(1);
    // The console says what is left up and how to take it down (it was only in the run log).
    expect(r.stderr).toMatch(new RegExp(`kept after the run: compose project ${prefix}\\S*: \\S*docker.* down --volumes --remove-orphans`));
  }, T);

  test("two concurrent runs of one scenario use distinct projects and both pass", async () => {
    const { name, prefix } = uniqueName("compose twice");
    track(prefix);
    const dir = tempDir();
    writeScenario(dir, `services:\n  web:\n${httpService("${WEB_PORT}")}\n`, "compose.yml");
    // Each run says its stack is up, then holds in a shell step until the test has seen both stacks running.
    const release = join(dir, "release");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true }
    timeout: 1m
  - shell: { run: "touch ${dir}/up-$ME; while [ ! -f ${release} ]; do sleep 0.05; done" }
    timeout: 1m
  - http: { url: "http://127.0.0.1:\${WEB_PORT}/health", expect: { status: 200 } }
`);
    const [pa, pb] = [freePort(), freePort()];
    const a = startCli([file, "--var", "ME=a", "--var", `WEB_PORT=${pa}`, "--report-dir", join(dir, "ra")], { cwd: dir });
    const b = startCli([file, "--var", "ME=b", "--var", `WEB_PORT=${pb}`, "--report-dir", join(dir, "rb")], { cwd: dir });
    try {
      await waitFor(() => existsSync(join(dir, "up-a")) && existsSync(join(dir, "up-b")), "both runs to have their stack up", 60_000);
      const both = await runningWithPrefix(engine.cli, prefix);
      expect(new Set(both).size).toBe(2);
    } finally {
      writeFileSync(release, "");
    }
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("SIGINT during up --wait: exit 130 and no container, network or volume of the project is left", async () => {
    const { name, prefix } = uniqueName("compose sigint up");
    track(prefix);
    const dir = tempDir();
    // The healthcheck runs once an hour, so the service stays "health: starting" until the interrupt.
    const slow = busyboxService("exec sleep 600", `    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1h`);
    writeScenario(dir, composeFile({ slow }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true }
    timeout: 10m
`);
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    let project = "";
    await waitFor(async () => {
      const running = await runningWithPrefix(engine.cli, prefix);
      project = running[0] ?? "";
      return running.length >= 2;
    }, "the stack's containers to run", 60_000);
    expect(project.startsWith(prefix)).toBe(true);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(await leftovers(engine.cli, project)).toEqual([]);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("SIGINT during a later step: exit 130 and the project is gone", async () => {
    const { name, prefix } = uniqueName("compose sigint later");
    track(prefix);
    const dir = tempDir();
    const started = join(dir, "long-step-started");
    writeScenario(dir, composeFile({ web: httpService(freePort()) }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true }
    timeout: 1m
  - shell: { run: "touch ${started}; sleep 300" }
    timeout: 10m
`);
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    await waitFor(() => existsSync(started), "the long step to start", 60_000);
    const projects = await projectsWithPrefix(engine.cli, prefix);
    expect(projects.length).toBe(1);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(await leftovers(engine.cli, projects[0]!)).toEqual([]);
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);

  test("a later second SIGINT leaves the project up and prints the exact command that removes it, in a shell without the run's variables", async () => {
    const { name, prefix } = uniqueName("compose sigint twice");
    track(prefix);
    const dir = tempDir();
    const started = join(dir, "long-step-started");
    const teardownStarted = join(dir, "teardown-started");
    // The file requires a variable that only the run's environment has, as full-stack.yaml's files require API_KEY.
    const web = `${httpService(freePort())}\n    environment: { RUN_ONLY_SECRET: "\${RUN_ONLY_SECRET:?set RUN_ONLY_SECRET}" }`;
    writeScenario(dir, composeFile({ web }), "compose.yml");
    const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { files: compose.yml, wait: true }
    timeout: 1m
  - shell: { run: "touch ${started}; sleep 300" }
    timeout: 10m
teardown:
  - shell: { run: "touch ${teardownStarted}; sleep 300" }
    timeout: 10m
`);
    // Window 0: this test's second SIGINT is a person's second press, however soon it comes.
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir, env: { SCENARIO_INTERRUPT_WINDOW_MS: "0", RUN_ONLY_SECRET: "s3cret" } });
    await waitFor(() => existsSync(started), "the long step to start", 60_000);
    proc.kill("SIGINT");
    await waitFor(() => existsSync(teardownStarted), "the teardown step to start", 60_000);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    const projects = await projectsWithPrefix(engine.cli, prefix);
    expect(projects.length).toBe(1);
    const line = r.stderr.split("\n").find((l) => l.includes(`compose project ${projects[0]}: `));
    expect(line).toBeDefined();
    const command = line!.slice(line!.indexOf(": ") + 2);
    // Compose v2 takes it down by the project's name alone: no file, so none of the file's variables is needed.
    expect(command).toBe(`${engine.compose.join(" ")} -p ${projects[0]} down --volumes --remove-orphans`);
    // The run log's last record names it too, with the same command: the console may be gone (a closed terminal).
    const logDir = join(dir, ".context", "terminal");
    const log = readFileSync(join(logDir, readdirSync(logDir)[0]!), "utf8");
    expect(log).toContain(`    left behind: ${line!.trim()}\n`);
    const { RUN_ONLY_SECRET: _, ...shellEnv } = process.env;
    const removed = await exec(["bash", "-c", command], { cwd: tempDir(), env: shellEnv, signal: AbortSignal.timeout(60_000) });
    expect(withOutput({ code: removed.exitCode, stdout: removed.stdout, stderr: removed.stderr })).toMatchObject({ code: 0 });
    expect(await leftovers(engine.cli, projects[0]!)).toEqual([]);
  }, T);

  // The demo is copied as a template: its worker appends to its log at every start, so an earlier run's "web
  // answered" lines are still there; a worker that can no longer reach web must fail this run all the same.
  test("the compose demo's worker that cannot reach web fails the run, though an earlier run's lines say it answered", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "scenarios"));
    mkdirSync(join(dir, "compose"));
    mkdirSync(join(dir, "logs", "worker"), { recursive: true });
    copyFileSync(join(REPO, "scenarios", "compose-demo.yaml"), join(dir, "scenarios", "compose-demo.yaml"));
    const stack = readFileSync(join(REPO, "compose", "demo-stack.yml"), "utf8");
    const target = `wget -q -O /dev/null "http://127.0.0.1:$$WEB_PORT/"`;
    expect(stack).toContain(target);
    writeFileSync(join(dir, "compose", "demo-stack.yml"), stack.replace(target, `wget -q -O /dev/null "http://127.0.0.1:1/"`));
    const then = new Date(Date.now() - 120_000).toISOString().replace(/\.\d+Z$/, "Z");
    writeFileSync(join(dir, "logs", "worker", "worker.jsonl"), `{"ts":"${then}","level":"info","service":"worker","msg":"web answered","n":1}\n`);
    const { name, prefix } = uniqueName("compose demo template");
    made.push({ cli: engine.cli, prefix });
    const scenario = join(dir, "scenarios", "compose-demo.yaml");
    writeFileSync(scenario, readFileSync(scenario, "utf8").replace(/^name: compose-demo$/m, `name: ${name}`));
    const r = await runCli(["run", scenario, "--var", `WEB_PORT=${freePort()}`, "--report-dir", join(dir, "reports"), "--quiet"], { cwd: dir });
    expect(withOutput(r)).toMatchObject({ code: 1 });
    expect(r.stdout).toContain("✗ The worker reached web in this run [worker]");
    expect(await projectsWithPrefix(engine.cli, prefix)).toEqual([]);
  }, T);
});

describeEachEngine("the shipped compose demo through the CLI", (engine, env) => {
  test("passes, the report header names the compose tool and the engine behind it, nothing is left", async () => {
    const dir = tempDir();
    const port = freePort();
    const reports = join(dir, "reports");
    const r = await runCli(["compose-demo.yaml", "--var", `WEB_PORT=${port}`, "--var", `DEMO_LOG_DIR=${dir}/logs`, "--report-dir", reports, "--report", "json"], {
      cwd: join(import.meta.dir, ".."),
      env,
    });
    expect(withOutput(r)).toMatchObject({ code: 0 });
    expect(readdirSync(join(dir, "logs")).sort()).toEqual(["web", "worker"]);
    const json = readdirSync(reports).find((f) => f.endsWith(".json"));
    const doc = JSON.parse(readFileSync(join(reports, json!), "utf8")) as { info: Record<string, string>; steps: { observed?: { project?: string } }[] };
    expect(doc.info["compose engine"]).toBe(`${engine.name} ${engine.version}`);
    expect(doc.info["container engine"]).toBe(serverLabel(engine, env));
    const project = doc.steps[0]?.observed?.project;
    expect(project).toStartWith("compose-demo-");
    expect(await leftovers(engine.cli, project!, env)).toEqual([]);
  }, 180_000);

  test("--keep-stack leaves the demo running, as the README says (no explicit down in its teardown)", async () => {
    const dir = tempDir();
    const reports = join(dir, "reports");
    const r = await runCli(["compose-demo.yaml", "--keep-stack", "--var", `WEB_PORT=${freePort()}`, "--var", `DEMO_LOG_DIR=${dir}/logs`, "--report-dir", reports, "--report", "json"], {
      cwd: join(import.meta.dir, ".."),
      env,
    });
    const json = readdirSync(reports).find((f) => f.endsWith(".json"));
    const project = (JSON.parse(readFileSync(join(reports, json!), "utf8")) as { steps: { observed?: { project?: string } }[] }).steps[0]?.observed?.project;
    try {
      expect(withOutput(r)).toMatchObject({ code: 0 });
      expect(project).toStartWith("compose-demo-");
      expect((await leftovers(engine.cli, project!, env)).filter((l) => l.startsWith("container ")).length).toBe(2);
    } finally {
      if (project) await forceRemove(engine.cli, project, env);
    }
  }, 180_000);
});
