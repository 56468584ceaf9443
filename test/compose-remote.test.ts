// End-to-end: compose steps reach the engine the user names — DOCKER_HOST or a docker context — proved by a proxy socket.
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";
import { startSocketProxy, type SocketProxy } from "./helpers/socket-proxy.ts";
import { busyboxService, describeWithEngine, forceRemove } from "./helpers/compose.ts";
import { slugify } from "../lib/util/slug.ts";
import { exec } from "../lib/util/exec.ts";

const DEFAULT_SOCKET = "/var/run/docker.sock";
const T = 120_000;
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A one-service stack and a scenario that brings it up (waiting) and down; its project name starts with `prefix`. */
function stackScenario(what: string): { dir: string; file: string; prefix: string } {
  const name = `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const dir = tempDir("scenario-remote-");
  writeScenario(dir, `services:\n  idle:\n${busyboxService("exec sleep 600")}\n`, "stack.yml");
  const file = writeScenario(dir, `name: ${name}
steps:
  - compose: { action: up, files: [stack.yml], wait: true, expect: { running: [idle] } }
teardown:
  - compose: { action: down, files: [stack.yml], volumes: true }
`);
  return { dir, file, prefix: `${slugify(name)}-` };
}

/** Safety net: removes this test's compose projects (names starting with prefix) if a run left any. */
async function removeProjects(cli: string, prefix: string): Promise<void> {
  const r = await exec([cli, "ps", "-a", "--format", `{{.Label "com.docker.compose.project"}}`], { signal: AbortSignal.timeout(15_000) });
  for (const p of new Set(r.stdout.split("\n").map((l) => l.trim()).filter((l) => l.startsWith(prefix)))) await forceRemove(cli, p);
}

/** The request lines that created this run's containers. */
function creates(proxy: SocketProxy, prefix: string): string[] {
  return proxy.requests.filter((r) => r.startsWith("POST ") && r.includes("/containers/create?name=") && r.includes(prefix));
}

describeWithEngine("compose steps on a Docker engine the user names", (engine) => {
  test("DOCKER_HOST: every compose call goes through the named socket", async () => {
    const { dir, file, prefix } = stackScenario("remote host");
    const proxy = await startSocketProxy(join(dir, "engine.sock"), DEFAULT_SOCKET);
    cleanups.push(() => proxy.close(), () => removeProjects(engine.cli, prefix));
    const dockerHost = `unix://${proxy.path}`;
    const r = await runCli([file, "--report", "json"], { cwd: dir, env: { DOCKER_HOST: dockerHost } });
    expect({ code: r.code, out: r.code === 0 ? "" : r.stdout + r.stderr }).toEqual({ code: 0, out: "" });
    expect(creates(proxy, prefix).length).toBe(1);
    expect(proxy.requests.some((l) => l.startsWith("DELETE ") && l.includes("/containers/"))).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { info: Record<string, string> };
    expect(report.info["container engine"]).toContain(`(Docker API at DOCKER_HOST=${dockerHost})`);
  }, T);

  test("DOCKER_CONTEXT: a docker context's endpoint is used, and the report names the context", async () => {
    const { dir, file, prefix } = stackScenario("remote context");
    const proxy = await startSocketProxy(join(dir, "engine.sock"), DEFAULT_SOCKET);
    cleanups.push(() => proxy.close(), () => removeProjects(engine.cli, prefix));
    // A docker config of the test's own, so the user's contexts are never touched.
    const config = join(dir, "docker-config");
    const env = { DOCKER_CONFIG: config };
    const made = await exec([engine.cli, "context", "create", "scenario-test", "--docker", `host=unix://${proxy.path}`], { env: { ...process.env, ...env, DOCKER_HOST: "" }, signal: AbortSignal.timeout(15_000) });
    expect({ code: made.exitCode, stderr: made.stderr }).toEqual({ code: 0, stderr: expect.stringContaining("Successfully created context") });
    const r = await runCli([file, "--report", "json"], { cwd: dir, env: { ...env, DOCKER_HOST: "", DOCKER_CONTEXT: "scenario-test" } });
    expect({ code: r.code, out: r.code === 0 ? "" : r.stdout + r.stderr }).toEqual({ code: 0, out: "" });
    expect(creates(proxy, prefix).length).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { info: Record<string, string> };
    expect(report.info["container engine"]).toContain("(Docker API at docker context scenario-test)");
  }, T);
});
