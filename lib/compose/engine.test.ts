// Tests of compose engine detection with fake docker/docker-compose/podman binaries on a private PATH (the real engines: lib/steps/compose.test.ts).
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerSocket, engineLabel, ENGINE_VAR, parseServer, parseVersion, probeEngines, serverLabel } from "./engine.ts";

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
  "version --format") echo "20.10.24|Engine;containerd;runc;docker-init;";;
  *) exit 9;;
esac`;
const DOCKER_NO_PLUGIN = `case "$1 $2" in
  "compose version") printf "docker: 'compose' is not a docker command.\\nSee 'docker --help'\\n" >&2; exit 1;;
  "version --format") echo "20.10.24|Engine;containerd;runc;docker-init;";;
esac`;
const DOCKER_NO_DAEMON = `case "$1 $2" in
  "compose version") echo "2.26.1";;
  "version --format") echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1;;
esac`;
const COMPOSE_V1 = `[ "$1 $2" = "version --short" ] && echo "1.29.2" || exit 3`;
const DOCKER_ON_PODMAN = `case "$1 $2" in
  "compose version") echo "2.26.1";;
  "version --format") echo "4.3.1|Podman Engine;Conmon;OCI Runtime (runc);Engine;";;
esac`;
const PODMAN_43 = `[ "$1" = compose ] && { echo "Error: unrecognized command \\\`podman compose\\\`"; echo "Try 'podman --help' for more information"; } >&2; exit 125`;

describe("probeEngines", () => {
  test("docker compose v2 comes first", async () => {
    const PATH = fakePath({ docker: DOCKER_OK, "docker-compose": COMPOSE_V1, podman: PODMAN_43 });
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

  test("podman alone is not used: the error says what is supported and how", async () => {
    const PATH = fakePath({ podman: PODMAN_43, "podman-compose": "echo 'podman-composer version  1.0.3'" });
    const r = await probeEngines({ PATH });
    const msg = "error" in r ? r.error : "";
    expect(msg.split("\n").at(-1)).toBe(
      `  - podman (${join(PATH, "podman-compose")}): \`podman compose\` and podman-compose are not supported; podman is, through its Docker-compatible API ` +
        "with docker compose v2: start `podman system service --time=0 unix:///run/podman/podman.sock` and set DOCKER_HOST=unix:///run/podman/podman.sock (see docs/steps/compose.md)",
    );
  });

  test("docker compose against podman's Docker API: the header names podman and the socket", async () => {
    const PATH = fakePath({ docker: DOCKER_ON_PODMAN });
    const env = { PATH, DOCKER_HOST: "unix:///run/podman/podman.sock" };
    const r = await probeEngines(env);
    if ("error" in r) throw new Error(r.error);
    expect(engineLabel(r.engine)).toBe("docker compose 2.26.1");
    expect(serverLabel(r.engine, env)).toBe("podman 4.3.1 (Docker API at DOCKER_HOST=unix:///run/podman/podman.sock)");
  });

  test("the plugin's real error is kept, not docker's help pointer", async () => {
    const r = await probeEngines({ PATH: fakePath({ docker: DOCKER_NO_PLUGIN }) });
    expect("error" in r ? r.error : "").toContain("docker: 'compose' is not a docker command.");
    expect("error" in r ? r.error : "").not.toContain("--help");
  });

  test(`${ENGINE_VAR} picks docker-compose even when docker compose v2 answers`, async () => {
    const PATH = fakePath({ docker: DOCKER_OK, "docker-compose": COMPOSE_V1 });
    const r = await probeEngines({ PATH, [ENGINE_VAR]: "docker-compose" });
    if ("error" in r) throw new Error(r.error);
    expect(engineLabel(r.engine)).toBe("docker-compose 1.29.2");
    expect(serverLabel(r.engine, {})).toBe("docker 20.10.24");
    // A Docker engine reached through a socket the user named says which one.
    expect(serverLabel(r.engine, { DOCKER_HOST: "unix:///tmp/other.sock" })).toBe("docker 20.10.24 (Docker API at DOCKER_HOST=unix:///tmp/other.sock)");
    expect(serverLabel(r.engine, { DOCKER_CONTEXT: "remote" })).toBe("docker 20.10.24 (Docker API at docker context remote)");
    expect(serverLabel(r.engine, { DOCKER_HOST: "tcp://admin:Pa55wordXyz@127.0.0.1:23750" })).toBe("docker 20.10.24 (Docker API at DOCKER_HOST=tcp://***@127.0.0.1:23750)");
  });

  test(`${ENGINE_VAR} naming an engine that does not answer fails without trying another`, async () => {
    const PATH = fakePath({ docker: DOCKER_OK });
    const r = await probeEngines({ PATH, [ENGINE_VAR]: "docker-compose" });
    expect("error" in r ? r.error : "").toBe(
      `the compose engine ${ENGINE_VAR} names does not answer. Tried, in order:\n  - \`docker-compose\`: docker-compose is not on PATH`,
    );
  });

  test.each([
    ["podman-compose", `${ENGINE_VAR}="podman-compose" names no supported compose engine: use "docker compose" or "docker-compose". \`podman compose\` and podman-compose are not supported`],
    ["v1", `${ENGINE_VAR}="v1" names no supported compose engine: use "docker compose" or "docker-compose"`],
  ])(`${ENGINE_VAR}=%s is refused, naming the supported values`, async (value, start) => {
    const r = await probeEngines({ PATH: fakePath({ docker: DOCKER_OK }), [ENGINE_VAR]: value });
    expect("error" in r ? r.error : "").toStartWith(start);
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
    ]);
  });
});

describe("parseVersion", () => {
  test.each([
    ["2.26.1-4", "2.26.1"],
    ["v2.29.7", "2.29.7"],
    ["Docker Compose version v2.26.1", "2.26.1"],
    ["docker-compose version 1.29.2, build unknown", "1.29.2"],
    ["no digits", undefined],
  ])("%p → %p", (text, want) => {
    expect(parseVersion(text)).toBe(want);
  });
});

test.each([
  ["20.10.24+dfsg1|Engine;containerd;runc;docker-init;", { server: "docker", version: "20.10.24+dfsg1" }],
  ["4.3.1|Podman Engine;Conmon;OCI Runtime (runc);Engine;", { server: "podman", version: "4.3.1" }],
])("parseServer(%p)", (text, want) => {
  expect(parseServer(text)).toEqual(want);
});

test("dockerSocket names DOCKER_HOST, a context, or the default socket", () => {
  expect(dockerSocket({ DOCKER_HOST: "unix:///x.sock" })).toBe("DOCKER_HOST=unix:///x.sock");
  expect(dockerSocket({ DOCKER_CONTEXT: "remote" })).toBe("docker context remote");
  expect(dockerSocket({})).toBe("unix:///var/run/docker.sock");
  // A user name and password in DOCKER_HOST (a tcp proxy's basic credentials) are shown as ***, as in any other URL.
  expect(dockerSocket({ DOCKER_HOST: "tcp://admin:Pa55wordXyz@127.0.0.1:23750" })).toBe("DOCKER_HOST=tcp://***@127.0.0.1:23750");
});
