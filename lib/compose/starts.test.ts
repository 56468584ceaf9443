// Tests of the reads of containers' starts (inspect) and of the exit before a restart (events), on recorded engine output.
import { describe, expect, test } from "bun:test";
import { lastExitCode, parseInspectStarts } from "./starts.ts";

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
