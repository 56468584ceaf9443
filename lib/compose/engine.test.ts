// Tests of compose engine detection with fake docker/docker-compose/podman binaries on a private PATH.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerSocket, engineLabel, parseVersion, probeEngines } from "./engine.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A PATH holding fake binaries: name → shell body (gets "$@"). */
function fakePath(bins: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "compose-engine-"));
  dirs.push(dir);
  for (const [name, body] of Object.entries(bins)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const DOCKER_OK = `case "$1 $2" in
  "compose version") echo "2.26.1-4";;
  "info --format") echo "20.10.24";;
  *) exit 9;;
esac`;
const DOCKER_NO_PLUGIN = `case "$1 $2" in
  "compose version") echo "docker: 'compose' is not a docker command." >&2; exit 1;;
  "info --format") echo "20.10.24";;
esac`;
const DOCKER_NO_DAEMON = `case "$1 $2" in
  "compose version") echo "2.26.1";;
  "info --format") echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1;;
esac`;
const COMPOSE_V1 = `[ "$1 $2" = "version --short" ] && echo "1.29.2" || exit 3`;
const PODMAN = `case "$1 $2" in
  "compose version") echo ">>>> Executing external compose provider"; echo "podman-compose version 1.0.6";;
  "info --format") echo "4.3.1";;
esac`;

describe("probeEngines", () => {
  test("docker compose v2 comes first", async () => {
    const PATH = fakePath({ docker: DOCKER_OK, "docker-compose": COMPOSE_V1, podman: PODMAN });
    const r = await probeEngines({ PATH });
    if ("error" in r) throw new Error(r.error);
    expect(engineLabel(r.engine)).toBe("docker compose 2.26.1");
    expect(r.engine.compose).toEqual([join(PATH, "docker"), "compose"]);
    expect(r.engine.serverVersion).toBe("20.10.24");
    expect(r.engine.jsonPs).toBe(true);
  });

  test("without the compose plugin, docker-compose v1 is used (no JSON ps)", async () => {
    const PATH = fakePath({ docker: DOCKER_NO_PLUGIN, "docker-compose": COMPOSE_V1 });
    const r = await probeEngines({ PATH });
    if ("error" in r) throw new Error(r.error);
    expect(engineLabel(r.engine)).toBe("docker-compose 1.29.2");
    expect(r.engine.compose).toEqual([join(PATH, "docker-compose")]);
    expect(r.engine.cli).toBe(join(PATH, "docker"));
    expect(r.engine.jsonPs).toBe(false);
  });

  test("podman compose when there is no docker", async () => {
    const PATH = fakePath({ podman: PODMAN });
    const r = await probeEngines({ PATH });
    if ("error" in r) throw new Error(r.error);
    expect(engineLabel(r.engine)).toBe("podman compose 1.0.6");
    expect(r.engine.cli).toBe(join(PATH, "podman"));
  });

  test("a daemon that does not answer: the socket tried and how to fix it", async () => {
    const PATH = fakePath({ docker: DOCKER_NO_DAEMON });
    const r = await probeEngines({ PATH });
    expect("error" in r).toBe(true);
    const msg = "error" in r ? r.error : "";
    expect(msg).toContain("no compose engine answered");
    expect(msg).toContain("Cannot connect to the Docker daemon");
    expect(msg).toContain("unix:///var/run/docker.sock");
    expect(msg).toContain("start dockerd");
    expect(msg).toContain("scripts/setup-docker.sh");
    expect(msg).toContain("DOCKER_HOST");
    expect(msg).toContain("docker-compose is not on PATH");
    expect(msg).toContain("podman is not on PATH");
  });

  test("DOCKER_HOST is named when it is set", async () => {
    const PATH = fakePath({ docker: DOCKER_NO_DAEMON });
    const r = await probeEngines({ PATH, DOCKER_HOST: "tcp://127.0.0.1:1" });
    expect("error" in r ? r.error : "").toContain("the Docker engine at DOCKER_HOST=tcp://127.0.0.1:1 does not answer");
  });

  test("nothing installed: every candidate is listed", async () => {
    const r = await probeEngines({ PATH: fakePath({}) });
    const msg = "error" in r ? r.error : "";
    expect(msg.split("\n").slice(1)).toEqual([
      "  - `docker compose`: docker is not on PATH",
      "  - `docker-compose`: docker-compose is not on PATH",
      "  - `podman compose`: podman is not on PATH",
    ]);
  });
});

describe("parseVersion", () => {
  test.each([
    ["2.26.1-4", "2.26.1"],
    ["v2.29.7", "2.29.7"],
    ["Docker Compose version v2.26.1", "2.26.1"],
    ["docker-compose version 1.29.2, build unknown", "1.29.2"],
    [">>>> banner\npodman-compose version 1.0.6\n", "1.0.6"],
    ["no digits", undefined],
  ])("%p → %p", (text, want) => {
    expect(parseVersion(text)).toBe(want);
  });
});

test("dockerSocket names DOCKER_HOST, a context, or the default socket", () => {
  expect(dockerSocket({ DOCKER_HOST: "unix:///x.sock" })).toBe("DOCKER_HOST=unix:///x.sock");
  expect(dockerSocket({ DOCKER_CONTEXT: "remote" })).toBe("docker context remote");
  expect(dockerSocket({})).toBe("unix:///var/run/docker.sock");
});
