// Tests of what the healthcheck's own runs say (inspect's State.Health.Log, podman's State.Healthcheck.Log): the parse, the one line an unhealthy verdict carries, the report block, and reading them only for a container found unhealthy.
import { describe, expect, test } from "bun:test";
import type { ContainerState } from "./ps.ts";
import { explainUnhealthy, failedCheckText, healthLogText, parseInspectHealthLogs, unhealthyDependency, unhealthyText, withHealthLogs, tellingLine, type HealthRun } from "./health-log.ts";

/** One run of a check as inspect gives it. */
const run = (code: number, output: string, start = "2026-12-07T05:47:34.805796036Z"): Record<string, unknown> => ({ Start: start, End: start.replace("34.", "35."), ExitCode: code, Output: output });

describe("parseInspectHealthLogs", () => {
  test("docker's State.Health.Log, oldest first, by container name", () => {
    // docker inspect (Docker 20.10.24) of a busybox service whose healthcheck is `echo no-db-here >&2; exit 3`.
    const text = JSON.stringify([
      {
        Name: "/p-sick-1",
        State: { Status: "running", Health: { Status: "unhealthy", FailingStreak: 2, Log: [run(3, "no-db-here\n"), run(3, "no-db-here\n", "2026-12-07T05:47:35.494322459Z")] } },
      },
    ]);
    expect(parseInspectHealthLogs(text).get("p-sick-1")).toEqual([
      { exitCode: 3, output: "no-db-here\n", start: "2026-12-07T05:47:34.805796036Z", end: "2026-12-07T05:47:35.805796036Z" },
      { exitCode: 3, output: "no-db-here\n", start: "2026-12-07T05:47:35.494322459Z", end: "2026-12-07T05:47:35.494322459Z" },
    ]);
  });

  test("podman's State.Healthcheck.Log (its native inspect before 4.3 names it so), and Health when both are there", () => {
    const text = JSON.stringify([
      { Name: "p-old-1", State: { Healthcheck: { Status: "unhealthy", Log: [run(1, "connection refused\n")] } } },
      { Name: "p-both-1", State: { Health: { Status: "unhealthy", Log: [run(7, "from Health")] }, Healthcheck: { Status: "unhealthy", Log: [run(7, "from Healthcheck")] } } },
    ]);
    const logs = parseInspectHealthLogs(text);
    expect(logs.get("p-old-1")?.map((r) => [r.exitCode, r.output])).toEqual([[1, "connection refused\n"]]);
    expect(logs.get("p-both-1")?.map((r) => r.output)).toEqual(["from Health"]);
  });

  test("an empty log, a null log, no health and odd fields: no runs, nothing invented", () => {
    const text = JSON.stringify([
      { Name: "/p-empty-1", State: { Health: { Status: "starting", Log: [] } } },
      { Name: "/p-null-1", State: { Health: { Status: "starting", Log: null } } },
      { Name: "/p-none-1", State: { Status: "running" } },
      { Name: "/p-odd-1", State: { Health: { Log: [{ ExitCode: "3", Output: 5 }, "junk"] } } },
    ]);
    const logs = parseInspectHealthLogs(text);
    expect(logs.get("p-empty-1")).toEqual([]);
    expect(logs.get("p-null-1")).toEqual([]);
    expect(logs.get("p-none-1")).toEqual([]);
    expect(logs.get("p-odd-1")).toEqual([{ exitCode: null, output: "", start: "", end: "" }]);
  });

  test("anything but an array is an error", () => {
    expect(() => parseInspectHealthLogs("{}")).toThrow("JSON array");
  });
});

describe("tellingLine", () => {
  test.each([
    ["no-db-here\n", "no-db-here"],
    ["\n\n  \nsecond line first\nthird\n", "second line first"],
    ["\x1b[31mred error\x1b[0m: \x07bell\x00nul\n", "red error: bellnul"],
    ["tab\tseparated\r\n", "tab separated"],
    ["progress 10%\rprogress 100%\n", "progress 10%"],
    ["", ""],
    [" \n\t\n", ""],
  ])("%p → %p", (output, want) => {
    expect(tellingLine(output)).toBe(want);
  });

  test("cut to 200 characters and an ellipsis, where the masker looks for a secret cut through", () => {
    const long = `curl: (7) ${"x".repeat(300)}\nnext`;
    const line = tellingLine(long);
    expect(line).toHaveLength(201);
    expect(line).toEndWith("x…");
    expect(line).toStartWith("curl: (7) xxx");
  });
});

describe("failedCheckText and unhealthyText", () => {
  const r = (exitCode: number | null, output: string): HealthRun => ({ exitCode, output, start: "", end: "" });

  test("the exit code and the first line of the output", () => {
    expect(failedCheckText(r(7, "curl: (7) Failed to connect to localhost port 5001 after 0 ms: Connection refused\n"))).toBe(
      "its healthcheck exited 7: curl: (7) Failed to connect to localhost port 5001 after 0 ms: Connection refused",
    );
    expect(failedCheckText(r(3, ""))).toBe("its healthcheck exited 3 with no output");
    expect(failedCheckText(r(1, "x"), "the healthcheck of p-db-1")).toBe("the healthcheck of p-db-1 exited 1: x");
  });

  test("a Python traceback (the stack's urllib healthchecks): its exception, the last line, not its header", () => {
    // What `python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5001/health', timeout=4)"` printed
    // as an mlflow healthcheck on a wrong port (Python 3.11, chained exceptions; the middle cut here).
    const output = [
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3.11/urllib/request.py", line 1348, in do_open',
      "    h.request(req.get_method(), req.selector, req.data, headers,",
      '  File "/usr/lib/python3.11/socket.py", line 836, in create_connection',
      "    sock.connect(sa)",
      "ConnectionRefusedError: [Errno 111] Connection refused",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "<string>", line 1, in <module>',
      '  File "/usr/lib/python3.11/urllib/request.py", line 1351, in do_open',
      "    raise URLError(err)",
      "urllib.error.URLError: <urlopen error [Errno 111] Connection refused>",
      "",
    ].join("\n");
    expect(failedCheckText(r(1, output))).toBe("its healthcheck exited 1: urllib.error.URLError: <urlopen error [Errno 111] Connection refused>");
    expect(unhealthyText([r(1, output)])).toBe("unhealthy: its healthcheck exited 1: urllib.error.URLError: <urlopen error [Errno 111] Connection refused>");
    // An HTTPError (the server answers 500) ends the same way; a line printed before the traceback is the first line, as before.
    expect(failedCheckText(r(1, "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nurllib.error.HTTPError: HTTP Error 500: Internal Server Error\n"))).toBe(
      "its healthcheck exited 1: urllib.error.HTTPError: HTTP Error 500: Internal Server Error",
    );
    expect(failedCheckText(r(1, "checking db\nTraceback (most recent call last):\nValueError: x\n"))).toBe("its healthcheck exited 1: checking db");
    // A header and nothing else (output cut by the engine): the header, as no line says more.
    expect(failedCheckText(r(1, "Traceback (most recent call last):\n"))).toBe("its healthcheck exited 1: Traceback (most recent call last):");
  });

  test("the engine's own failure (code -1: it could not run it, or it timed out) is said as the engine says it", () => {
    expect(failedCheckText(r(-1, "Health check exceeded timeout (500ms)"))).toBe("its healthcheck failed: Health check exceeded timeout (500ms)");
    expect(failedCheckText(r(-1, ""))).toBe("its healthcheck failed with no output");
  });

  test("the last failed run of the log; plain `unhealthy` when the log has none", () => {
    expect(unhealthyText([r(3, "first"), r(4, "second\nmore"), r(0, "")])).toBe("unhealthy: its healthcheck exited 4: second");
    expect(unhealthyText([])).toBe("unhealthy");
    expect(unhealthyText(undefined)).toBe("unhealthy");
    expect(unhealthyText([r(0, "fine")])).toBe("unhealthy");
  });
});

describe("healthLogText", () => {
  test("every run with its start, exit code and whole output, without terminal escapes", () => {
    const runs: HealthRun[] = [
      { exitCode: 3, output: "no-db-here\nline2\ttab\x1b[31mred\x00\n", start: "2026-12-07T05:47:34.805796036Z", end: "" },
      { exitCode: -1, output: "Health check exceeded timeout (500ms)", start: "2026-12-07T05:47:35.5Z", end: "" },
      { exitCode: 0, output: "", start: "2026-12-07T05:47:36Z", end: "" },
    ];
    expect(healthLogText(runs)).toBe(
      [
        "2026-12-07T05:47:34.805796036Z exit 3:",
        "  no-db-here",
        "  line2\ttabred",
        "2026-12-07T05:47:35.5Z failed (the engine's own error):",
        "  Health check exceeded timeout (500ms)",
        "2026-12-07T05:47:36Z exit 0:",
        "  (no output)",
      ].join("\n"),
    );
  });
});

describe("unhealthyDependency", () => {
  test.each([
    // docker compose 2.26.1
    ["dependency failed to start: container phc-exp-db-1 is unhealthy", "phc-exp-db-1"],
    // docker-compose 1.29.2
    ['ERROR: for app  Container "8d8f7b2c1a2e" is unhealthy.', "8d8f7b2c1a2e"],
    ["Error response from daemon: driver failed", undefined],
  ])("%p → %p", (text, want) => {
    expect(unhealthyDependency(text)).toBe(want);
  });
});

describe("reading the logs only where they are needed", () => {
  const state = (service: string, health: string, name = `p-${service}-1`): ContainerState => ({ service, name, state: "running", health, exitCode: null, status: "" });
  const sick: HealthRun[] = [{ exitCode: 3, output: "no-db-here\n", start: "s", end: "e" }];

  test("explainUnhealthy: one read of the unhealthy containers the failed verdicts name, each verdict with its check", async () => {
    const calls: string[][] = [];
    const read = async (names: string[]) => {
      calls.push(names);
      return new Map(names.map((n) => [n, sick]));
    };
    const states = [state("db", "unhealthy"), state("api", "unhealthy", "p-api-1"), state("api", "healthy", "p-api-2"), state("web", "")];
    const failed = [
      { service: "db", why: "unhealthy" },
      { service: "p-api-1", why: "unhealthy" },
      { service: "web", why: "exited with code 1" },
    ];
    const r = await explainUnhealthy(failed, states, read);
    expect(calls).toEqual([["p-db-1", "p-api-1"]]);
    expect(r.failed).toEqual([
      { service: "db", why: "unhealthy: its healthcheck exited 3: no-db-here" },
      { service: "p-api-1", why: "unhealthy: its healthcheck exited 3: no-db-here" },
      { service: "web", why: "exited with code 1" },
    ]);
    expect(r.states.find((c) => c.name === "p-db-1")?.healthLog).toEqual(sick);
    expect(r.states.find((c) => c.name === "p-web-1")?.healthLog).toBeUndefined();
  });

  test("explainUnhealthy: no unhealthy verdict, no read", async () => {
    let calls = 0;
    const read = async () => {
      calls++;
      return new Map<string, HealthRun[]>();
    };
    const failed = [{ service: "web", why: "exited with code 1" }];
    const r = await explainUnhealthy(failed, [state("web", "")], read);
    expect(calls).toBe(0);
    expect(r.failed).toEqual(failed);
  });

  test("explainUnhealthy: a read that fails leaves the verdicts as they were", async () => {
    const r = await explainUnhealthy([{ service: "db", why: "unhealthy" }], [state("db", "unhealthy")], async () => ({ error: "inspect failed: boom (exit 1)" }));
    expect(r.failed).toEqual([{ service: "db", why: "unhealthy" }]);
  });

  test("withHealthLogs: only the containers asked for and not read yet", async () => {
    const calls: string[][] = [];
    const read = async (names: string[]) => {
      calls.push(names);
      return new Map(names.map((n) => [n, sick]));
    };
    const states = [state("db", "unhealthy"), { ...state("cache", "unhealthy"), healthLog: [] }, state("web", "healthy")];
    const out = await withHealthLogs(states, (c) => c.health === "unhealthy", read);
    expect(calls).toEqual([["p-db-1"]]);
    expect(out.map((c) => c.healthLog)).toEqual([sick, [], undefined]);
    expect(await withHealthLogs(out, (c) => c.health === "unhealthy", read)).toEqual(out);
    expect(calls).toHaveLength(1);
  });
});
