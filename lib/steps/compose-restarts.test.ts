// Tests of how a `ps` step's expectations count a container's restarts after the run's `stop` and `restart` steps, with a fake engine (a `docker` script on a private PATH, no Docker).
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "./compose.ts";
import { testContext, type TestContext } from "../../test/helpers/context.ts";
import { ComposeProject } from "../compose/resource.ts";
import { detectEngine } from "../compose/engine.ts";
import type { ContainerState } from "../compose/ps.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PROJECT = "pfake";
const CREATED = "2024-01-01T00:00:00Z";

/**
 * A `docker` whose project has one container, pfake-web-1, running since long ago: its restart count and start are in
 * the files `restarts` and `started` of `dir`. `compose stop` and `compose restart` of web (or of every service) set the
 * count back to 0 and start it anew, as the engine does, or, while the file `fail` exists, change nothing and exit 1;
 * `events` knows no exit.
 */
function fakeEngine(dir: string): Record<string, string> {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "docker"), `#!/bin/sh
S='${dir}'
case "$1 $2" in
  "compose version") echo "2.26.1"; exit 0;;
  "version --format") echo "20.10.24|Engine;containerd;runc;docker-init;"; exit 0;;
esac
case "$1" in
  inspect) printf '[{"Name":"/${PROJECT}-web-1","Created":"${CREATED}","RestartCount":%s,"State":{"Status":"running","StartedAt":"%s"}}]\\n' "$(cat "$S/restarts")" "$(cat "$S/started")"; exit 0;;
  events) exit 0;;
  compose) ;;
  *) exit 9;;
esac
for a in "$@"; do
  case "$a" in
    ps) echo '{"Service":"web","Name":"${PROJECT}-web-1","State":"running","Health":"","ExitCode":0,"Status":"Up 2 hours"}'; exit 0;;
    stop|restart)
      if [ -e "$S/fail" ]; then echo "Error response from daemon: cannot $a container" >&2; exit 1; fi
      case " $* " in *" web "*|*" $a ") echo 0 > "$S/restarts"; echo "2024-01-01T01:00:00Z" > "$S/started";; esac
      exit 0;;
    logs) exit 0;;
  esac
done
exit 9
`);
  chmodSync(join(bin, "docker"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, SCENARIO_COMPOSE_ENGINE: "docker compose", DOCKER_HOST: "", DOCKER_CONTEXT: "" };
}

/** The engine's state: the container's restart count, as its restart policy would raise it. */
function setRestarts(dir: string, n: number): void {
  writeFileSync(join(dir, "restarts"), `${n}\n`);
}

/**
 * A run that brought the project up, its `up` having read web's restart count as `atUp` (a crash before the up's
 * read, from which it recovered: an `up` with wait passes on it).
 */
async function broughtUp(atUp: number): Promise<{ dir: string; ctx: TestContext }> {
  const dir = mkdtempSync(join(tmpdir(), "compose-restarts-"));
  dirs.push(dir);
  setRestarts(dir, atUp);
  writeFileSync(join(dir, "started"), "2024-01-01T00:00:05Z\n");
  const env = fakeEngine(dir);
  const ctx = testContext({ env, scenarioDir: dir });
  const found = await detectEngine(env);
  if ("error" in found) throw new Error(found.error);
  const project = new ComposeProject(found.engine, { project: PROJECT, files: [], profiles: [], envFiles: [], cwd: dir, env }, ctx.log);
  ctx.addResource(project);
  const web: ContainerState = {
    service: "web", name: `${PROJECT}-web-1`, state: "running", health: "", exitCode: null, status: "Up 2 hours",
    start: { startedAt: "2024-01-01T00:00:05Z", restarts: atUp, created: CREATED },
  };
  project.recordStarts([web], "compose up");
  return { dir, ctx };
}

function run(ctx: TestContext, input: Record<string, unknown>) {
  return step.run(step.schema.parse({ project: PROJECT, ...input }), ctx);
}

/** The `running.web` check of a `ps` step. */
async function runningWeb(ctx: TestContext) {
  const r = await run(ctx, { action: "ps", expect: { running: ["web"] } });
  expect(r.error).toBeUndefined();
  return r.checks.find((c) => c.path === "running.web")!;
}

describe("ps after a stop or restart step", () => {
  test("a stop or restart that fails fails its step; a restart since the up is still found by a later ps", async () => {
    for (const action of ["stop", "restart"]) {
      const { dir, ctx } = await broughtUp(1);
      writeFileSync(join(dir, "fail"), "");
      const r = await run(ctx, { action });
      expect(r.error).toBe(`compose ${action} failed: Error response from daemon: cannot ${action} container (exit 1)`);
      expect(readFileSync(join(dir, "restarts"), "utf8").trim()).toBe("1");
      setRestarts(dir, 2);
      const check = await runningWeb(ctx);
      expect(check.ok).toBe(false);
      expect(String(check.actual)).toStartWith("running, but restarted ");
    }
  });

  test("a restart noticed after a restart step without wait is counted and worded from that restart, not from the up", async () => {
    const { dir, ctx } = await broughtUp(0);
    expect((await run(ctx, { action: "restart" })).error).toBeUndefined();
    expect((await runningWeb(ctx)).ok).toBe(true);
    setRestarts(dir, 1);
    const check = await runningWeb(ctx);
    expect(check.ok).toBe(false);
    expect(check.actual).toBe("running, but restarted once after exiting since this run's compose restart");
  });

  test("a stop or restart that fails after a restart step leaves the wording from that restart", async () => {
    const { dir, ctx } = await broughtUp(0);
    expect((await run(ctx, { action: "restart", services: ["web"] })).error).toBeUndefined();
    writeFileSync(join(dir, "fail"), "");
    expect((await run(ctx, { action: "stop" })).error).toStartWith("compose stop failed: ");
    setRestarts(dir, 1);
    expect((await runningWeb(ctx)).actual).toBe("running, but restarted once after exiting since this run's compose restart");
  });

  test("after a stop step of the service, worded from that stop", async () => {
    const { dir, ctx } = await broughtUp(2);
    expect((await run(ctx, { action: "stop", services: ["web"] })).error).toBeUndefined();
    setRestarts(dir, 1);
    expect((await runningWeb(ctx)).actual).toBe("running, but restarted once after exiting since this run's compose stop");
  });

  test("a stop of another service changes nothing of web's count or wording", async () => {
    const { dir, ctx } = await broughtUp(2);
    expect((await run(ctx, { action: "stop", services: ["db"] })).error).toBeUndefined();
    setRestarts(dir, 3);
    expect((await runningWeb(ctx)).actual).toBe("running, but restarted once after exiting since this run's compose up (restart count 2 → 3)");
  });
});
