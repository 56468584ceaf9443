// Tests of the reads of containers' starts (inspect) and of the exit before a restart (events), on recorded engine output.
import { describe, expect, test } from "bun:test";
import { lastExitCode, parseInspectStarts, restartedSince, restartedSinceText } from "./starts.ts";
import type { ContainerStart, ContainerState } from "./ps.ts";

describe("parseInspectStarts", () => {
  test("start, restart count and creation of each container, by name", () => {
    const text = JSON.stringify([{ Name: "/p-looper-1", Created: "2026-12-07T02:56:59.913795938Z", RestartCount: 2, State: { StartedAt: "2026-12-07T02:57:04.097927074Z" } }]);
    expect(parseInspectStarts(text).get("p-looper-1")).toEqual({ startedAt: "2026-12-07T02:57:04.097927074Z", restarts: 2, created: "2026-12-07T02:56:59.913795938Z" });
  });
});

describe("lastExitCode", () => {
  // `docker events --format '{{json .}}'` (Docker 20.10.24, trimmed): the two exits of a `restart: always` service
  // running `sleep 1.5; exit 3` before its current start.
  const die = (code: string, time: number, name = "pwcomp-repro-looper-1") =>
    JSON.stringify({ status: "die", id: "a18836c5ce41", Type: "container", Action: "die", Actor: { ID: "a18836c5ce41", Attributes: { "com.docker.compose.service": "looper", exitCode: code, name } }, time, timeNano: time * 1e9 });

  test("the code of the container's last die event", () => {
    expect(lastExitCode([die("3", 1796612221), die("3", 1796612223)].join("\n"), "pwcomp-repro-looper-1")).toBe(3);
    expect(lastExitCode([die("1", 1796612221), die("3", 1796612223)].join("\n"), "pwcomp-repro-looper-1")).toBe(3);
  });

  test("another container's events (the name filter matches as a pattern: looper-1 also finds looper-10), others and nothing say nothing", () => {
    expect(lastExitCode(die("3", 1796612221, "pwcomp-repro-looper-10"), "pwcomp-repro-looper-1")).toBeUndefined();
    expect(lastExitCode(JSON.stringify({ status: "start", Action: "start", Actor: { Attributes: { name: "pwcomp-repro-looper-1" } } }), "pwcomp-repro-looper-1")).toBeUndefined();
    expect(lastExitCode("", "pwcomp-repro-looper-1")).toBeUndefined();
    expect(lastExitCode("not json\n", "pwcomp-repro-looper-1")).toBeUndefined();
  });

  test("podman's Docker API: its died event, shown as die with exitCode beside containerExitCode", () => {
    const podman = JSON.stringify({ status: "die", Type: "container", Action: "die", Actor: { ID: "1f0e", Attributes: { containerExitCode: "6", exitCode: "6", name: "p-looper-1" } }, time: 1796612221 });
    expect(lastExitCode(podman, "p-looper-1")).toBe(6);
    const libpod = JSON.stringify({ Status: "died", Type: "container", Action: "died", Actor: { ID: "1f0e", Attributes: { containerExitCode: "6", name: "p-looper-1" } } });
    expect(lastExitCode(libpod, "p-looper-1")).toBe(6);
  });
});

describe("restartedSince", () => {
  const c = (name: string, service: string, state = "running"): ContainerState => ({ service, name, state, health: "", exitCode: null, status: "" });
  const start = (restarts: number): ContainerStart => ({ startedAt: "2026-12-07T02:57:04Z", restarts, created: "2026-12-07T02:56:59Z" });

  test("a running container of a named service whose restart count grew since the run saw it come up; not one that did not, nor another service's", () => {
    const states = [c("p-looper-1", "looper"), c("p-web-1", "web"), c("p-other-1", "other")];
    const starts = new Map([["p-looper-1", start(3)], ["p-web-1", start(1)], ["p-other-1", start(5)]]);
    const since = (name: string) => ({ restarts: name === "p-web-1" ? 1 : 0, by: "compose up" });
    expect(restartedSince(states, ["looper", "web"], starts, since)).toEqual([{ name: "p-looper-1", start: start(3), from: 0, by: "compose up" }]);
  });

  test("no baseline (a project the run did not bring up), no start read, or not running: nothing", () => {
    const starts = new Map([["p-looper-1", start(3)]]);
    expect(restartedSince([c("p-looper-1", "looper")], ["looper"], starts, () => undefined)).toEqual([]);
    expect(restartedSince([c("p-looper-1", "looper")], ["looper"], new Map(), () => ({ restarts: 0, by: "compose up" }))).toEqual([]);
    expect(restartedSince([c("p-looper-1", "looper", "exited")], ["looper"], starts, () => ({ restarts: 0, by: "compose up" }))).toEqual([]);
  });

  test("worded as an up's read words a restart, with what the count was when it is not 0", () => {
    expect(restartedSinceText({ name: "p-looper-1", start: start(1), from: 0, by: "compose up" }, 3)).toBe("restarted once after exiting with code 3 since this run's compose up");
    expect(restartedSinceText({ name: "p-looper-1", start: start(5), from: 2, by: "compose restart" })).toBe("restarted 3 times after exiting since this run's compose restart (restart count 2 → 5)");
  });
});
