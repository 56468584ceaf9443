// End-to-end, on a real engine: a run's compose cleanup (and its `down` with volumes: true) removes only the volumes the run's project created, never one that was there before (a developer's, `docker volume create`'s); and `ps` with `expect: running` fails on a container its restart policy started again since the run brought it up.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";
import { describeEachEngine, describeWithEngine, forceRemove, IMAGE, type EngineEnv } from "./helpers/compose.ts";
import { exec } from "../lib/util/exec.ts";

const T = 180_000;

/** Projects and volumes a test made, removed at the end whatever happened. */
const made: { cli: string; env: EngineEnv; projects: string[]; volumes: string[] }[] = [];
afterAll(async () => {
  for (const m of made) {
    for (const p of m.projects) await forceRemove(m.cli, p, m.env);
    for (const v of m.volumes) await exec([m.cli, "volume", "rm", "-f", v], { env: { ...process.env, ...m.env }, signal: AbortSignal.timeout(30_000) });
  }
});

function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function withOutput(r: { code: number | null; stdout: string; stderr: string }) {
  return { code: r.code, output: `${r.stdout}\n${r.stderr}` };
}

async function run(cli: string, args: string[], env: EngineEnv, cwd?: string) {
  const r = await exec([cli, ...args], { cwd, env: { ...process.env, ...env }, signal: AbortSignal.timeout(60_000) });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** The volume's /file, read through a throwaway container; undefined when the volume is gone. */
async function fileIn(cli: string, volume: string, env: EngineEnv): Promise<string | undefined> {
  if ((await run(cli, ["volume", "inspect", volume], env)).code !== 0) return undefined;
  const r = await run(cli, ["run", "--rm", "--network", "none", "-v", `${volume}:/d`, IMAGE, "cat", "/d/file"], env);
  return r.code === 0 ? r.stdout.trim() : `(cat failed: ${r.stderr.trim()})`;
}

describeEachEngine("a run's compose cleanup removes only the volumes its project created", (engine, env) => {
  test("a named volume a developer's stack left (down without -v) and one of `docker volume create` keep their data; the run's own named and anonymous volumes go", async () => {
    const id = unique();
    const devVolume = `own-devdata-${id}`;
    const plainVolume = `own-plain-${id}`;
    const dev = `own-dev-${id}`;
    const project = `own-run-${id}`;
    const mine = { cli: engine.cli, env, projects: [dev, project, `${project}-down`], volumes: [devVolume, plainVolume] };
    made.push(mine);
    const dir = tempDir();
    writeFileSync(
      join(dir, "compose.yml"),
      `services:
  app:
    image: ${IMAGE}
    pull_policy: never
    init: true
    stop_grace_period: 2s
    command: ["sh", "-c", "cat /d/file; exec sleep 600"]
    volumes: ["data:/d", "plain:/p", "own:/o", "/anon"]
volumes:
  data: { name: ${devVolume} }
  plain: { name: ${plainVolume} }
  own: {}
`,
    );
    // The developer's stack: brought up, given data, taken down without its volumes.
    const up = await run(engine.compose[0]!, [...engine.compose.slice(1), "-p", dev, "-f", "compose.yml", "up", "-d"], env, dir);
    expect(withOutput(up).code).toBe(0);
    const devApp = `${dev}${engine.jsonPs ? "-app-1" : "_app_1"}`;
    const wrote = await run(engine.cli, ["exec", devApp, "sh", "-c", "echo precious > /d/file; echo plain > /p/file"], env);
    expect(withOutput(wrote).code).toBe(0);
    // Its anonymous volume stays behind too (down without -v): this test removes it at the end.
    const devMounts = await run(engine.cli, ["inspect", devApp, "--format", "{{range .Mounts}}{{.Name}} {{end}}"], env);
    mine.volumes.push(...devMounts.stdout.trim().split(/\s+/).filter(Boolean));
    const down = await run(engine.compose[0]!, [...engine.compose.slice(1), "-p", dev, "-f", "compose.yml", "down"], env, dir);
    expect(withOutput(down).code).toBe(0);
    // The plain volume made again by hand, with no compose label at all.
    expect((await run(engine.cli, ["volume", "rm", plainVolume], env)).code).toBe(0);
    expect((await run(engine.cli, ["volume", "create", plainVolume], env)).code).toBe(0);
    expect((await run(engine.cli, ["run", "--rm", "--network", "none", "-v", `${plainVolume}:/d`, IMAGE, "sh", "-c", "echo by-hand > /d/file"], env)).code).toBe(0);

    // The run's own volumes, as its container mounts them: the named `own` and the anonymous one.
    const mounts = join(dir, "mounts.txt");
    /** The volumes there before the run keep their data; the run's own two its container mounted (named, anonymous) are gone. */
    const expectOnlyOwnRemoved = async () => {
      expect(await fileIn(engine.cli, devVolume, env)).toBe("precious");
      expect(await fileIn(engine.cli, plainVolume, env)).toBe("by-hand");
      const own = readFileSync(mounts, "utf8").trim().split(/\s+/).filter((v) => v !== devVolume && v !== plainVolume);
      expect(own.length).toBe(2);
      for (const v of own) expect({ volume: v, left: (await run(engine.cli, ["volume", "inspect", v], env)).code === 0 }).toEqual({ volume: v, left: false });
    };
    const listMounts = `${engine.cli} inspect $(${engine.cli} ps -q --filter label=com.docker.compose.project=\${P}) --format '{{range .Mounts}}{{.Name}} {{end}}' > ${mounts}`;
    const scenario = (p: string, teardown: string) =>
      `name: own volumes ${id}
vars: { P: ${p} }
steps:
  - compose: { files: [compose.yml], project: ${p}, wait: true }
    timeout: 2m
  - shell: { run: ${JSON.stringify(listMounts)} }
${teardown}`;
    const file = writeScenario(dir, scenario(project, ""));
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir, env });
    expect(withOutput(r).code).toBe(0);
    await expectOnlyOwnRemoved();

    // A teardown's `down` with volumes: true removes the run's own ones too, and not the others.
    const withDown = writeScenario(dir, scenario(`${project}-down`, `teardown:\n  - compose: { action: down, project: ${project}-down, files: [compose.yml], volumes: true }\n`), "down.yaml");
    const d = await runCli([withDown, "--report-dir", join(dir, "reports-down"), "--no-color"], { cwd: dir, env });
    expect(withOutput(d)).toMatchObject({ code: 0 });
    await expectOnlyOwnRemoved();
  }, T);
});

describeWithEngine("ps expect running after a restart since up", (engine) => {
  test("a service its restart policy started again after the run's up (exit 3, now running steadily) fails ps's running, naming the restart and the exit code", async () => {
    const id = unique();
    const project = `own-restart-${id}`;
    made.push({ cli: engine.cli, env: {}, projects: [project], volumes: [] });
    const dir = tempDir();
    const state = join(dir, "state");
    mkdirSync(state);
    // Runs until the test lets it crash (once, exit 3); started again by its restart policy, it runs on.
    writeFileSync(
      join(dir, "compose.yml"),
      `services:
  looper:
    image: ${IMAGE}
    pull_policy: never
    network_mode: none
    init: true
    stop_grace_period: 2s
    restart: on-failure
    volumes: ["./state:/s"]
    command: ["sh", "-c", "if [ -f /s/crashed ]; then exec sleep 600; fi; while [ ! -f /s/go ]; do sleep 0.1; done; touch /s/crashed; exit 3"]
`,
    );
    const container = `${project}-looper-1`;
    const crashOnce = `touch ${join(state, "go")}; until [ "$(${engine.cli} inspect -f '{{.RestartCount}} {{.State.Status}}' ${container})" = "1 running" ]; do sleep 0.1; done`;
    const file = writeScenario(
      dir,
      `name: own restarts ${id}
steps:
  - compose: { files: [compose.yml], project: ${project}, wait: true }
    timeout: 2m
  - shell: { run: ${JSON.stringify(crashOnce)} }
    timeout: 1m
  - compose: { action: ps, project: ${project}, expect: { running: [looper] } }
`,
    );
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(existsSync(join(state, "crashed"))).toBe(true);
    expect(withOutput(r).code).toBe(1);
    expect(r.stdout).toContain("running.looper: expected running");
    expect(r.stdout).toContain("restarted once after exiting with code 3 since this run's compose up");
  }, T);
});
