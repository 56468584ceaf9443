// The removal command a hard stop prints for a compose project: by name alone with compose v2, with the files with v1.
import { describe, expect, test } from "bun:test";
import type { ComposeEngine } from "./engine.ts";
import { ComposeProject } from "./resource.ts";

const v2: ComposeEngine = { name: "docker compose", version: "2.26.1", compose: ["/usr/bin/docker", "compose"], cli: "/usr/bin/docker", server: "docker", serverVersion: "20.10.24", jsonPs: true };
const v1: ComposeEngine = { name: "docker-compose", version: "1.29.2", compose: ["/usr/bin/docker-compose"], cli: "/usr/bin/docker", server: "docker", serverVersion: "20.10.24", jsonPs: false };
const target = { project: "p1", files: ["/repo/a.yml", "/repo/b.yml"], profiles: ["extra"], envFiles: ["/repo/.env"], cwd: "/repo", env: { API_KEY: "k" } };

describe("ComposeProject.leftBehind", () => {
  test("compose v2: the project's name alone, so neither the files nor the variables they require are needed", () => {
    expect(new ComposeProject(v2, target, () => {}).leftBehind()).toBe("compose project p1: /usr/bin/docker compose -p p1 down --volumes --remove-orphans");
  });

  test("compose v1 cannot go by name alone: every file, profile and env file the run used; no down --volumes, which removes every named volume the files declare", () => {
    const files = "/usr/bin/docker-compose -p p1 -f /repo/a.yml -f /repo/b.yml --profile extra --env-file /repo/.env";
    expect(new ComposeProject(v1, target, () => {}).leftBehind()).toBe(
      `compose project p1: ${files} rm --stop --force -v && ${files} down --remove-orphans && ` +
        "/usr/bin/docker volume ls -q --filter label=com.docker.compose.project=p1 | xargs -r /usr/bin/docker volume rm",
    );
    // A DOCKER_HOST the run set goes before each command of the chain (and before xargs, which runs docker).
    const remote = { ...target, env: { ...process.env, DOCKER_HOST: "tcp://127.0.0.1:23750" } };
    const line = new ComposeProject(v1, remote, () => {}).leftBehind();
    expect(line.split("DOCKER_HOST=tcp://127.0.0.1:23750 ").length - 1).toBe(4);
  });

  test("a DOCKER_HOST or DOCKER_CONTEXT the run set (not the process environment's) comes first, a password in it masked", () => {
    const remote = { ...target, env: { ...process.env, DOCKER_HOST: "tcp://admin:Pa55wordXyz@127.0.0.1:23750", DOCKER_CONTEXT: "ci remote" } };
    expect(new ComposeProject(v2, remote, () => {}).leftBehind()).toBe(
      "compose project p1: DOCKER_HOST='tcp://***@127.0.0.1:23750' DOCKER_CONTEXT='ci remote' /usr/bin/docker compose -p p1 down --volumes --remove-orphans",
    );
    // The process environment's own values reach the shell the command is pasted in: nothing to add.
    const inherited = { ...target, env: { ...process.env } };
    expect(new ComposeProject(v2, inherited, () => {}).leftBehind()).toBe("compose project p1: /usr/bin/docker compose -p p1 down --volumes --remove-orphans");
  });
});
