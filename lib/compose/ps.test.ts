// Tests of `compose ps` parsing: NDJSON (v2.21+), JSON arrays (older v2, podman), docker inspect, and the report table.
import { describe, expect, test } from "bun:test";
import { countServices, describeState, formatPs, healthFromStatus, parseInspect, parsePsJson, summarizeStates, troubled } from "./ps.ts";

// Shapes as compose 2.26 prints them (trimmed to the fields that matter plus some noise).
const NDJSON = [
  `{"Command":"\\"httpd -f\\"","ExitCode":0,"Health":"starting","ID":"802a","Image":"scenario-busybox:latest","Labels":"com.docker.compose.project=p,com.docker.compose.service=web","Name":"p-web-1","Names":"p-web-1","Project":"p","Service":"web","State":"running","Status":"Up 2 seconds (health: starting)"}`,
  `{"Command":"\\"sh -c exit 3\\"","ExitCode":3,"Health":"","ID":"f10f","Name":"p-bad-1","Project":"p","Service":"bad","State":"exited","Status":"Exited (3) 2 seconds ago"}`,
].join("\n");

// Compose ≤ 2.20 printed one JSON array.
const ARRAY = JSON.stringify([
  { ID: "1", Name: "p-db-1", Service: "db", State: "running", Health: "healthy", ExitCode: 0, Status: "" },
  { ID: "2", Name: "p-api-1", Service: "api", State: "restarting", Health: "", ExitCode: 137 },
]);

// podman: Names is a list, Labels an object, no Service/Health fields.
const PODMAN = JSON.stringify([
  { Names: ["p_web_1"], Labels: { "com.docker.compose.service": "web" }, State: "running", Status: "Up 3 seconds (unhealthy)", ExitCode: 0 },
  { Names: ["p_job_1"], Labels: { "com.docker.compose.service": "job" }, Status: "Exited (0) 1 second ago" },
]);

describe("parsePsJson", () => {
  test.each([
    ["empty output", "", []],
    ["blank lines", "\n  \n", []],
    ["empty array", "[]", []],
    [
      "NDJSON (compose 2.26)",
      NDJSON,
      [
        { service: "bad", name: "p-bad-1", state: "exited", health: "", exitCode: 3, status: "Exited (3) 2 seconds ago" },
        { service: "web", name: "p-web-1", state: "running", health: "starting", exitCode: null, status: "Up 2 seconds (health: starting)" },
      ],
    ],
    [
      "array (older compose v2)",
      ARRAY,
      [
        { service: "api", name: "p-api-1", state: "restarting", health: "", exitCode: 137, status: "" },
        { service: "db", name: "p-db-1", state: "running", health: "healthy", exitCode: null, status: "" },
      ],
    ],
    [
      "podman shapes",
      PODMAN,
      [
        { service: "job", name: "p_job_1", state: "exited", health: "", exitCode: 0, status: "Exited (0) 1 second ago" },
        { service: "web", name: "p_web_1", state: "running", health: "unhealthy", exitCode: null, status: "Up 3 seconds (unhealthy)" },
      ],
    ],
  ])("%s", (_name, text, want) => {
    expect(parsePsJson(text)).toEqual(want);
  });

  test("podman's \"(starting)\" is a healthcheck still starting, not no healthcheck", () => {
    const text = JSON.stringify([{ Names: ["p_web_1"], Labels: { "com.docker.compose.service": "web" }, State: "running", Status: "Up 2 seconds ago (starting)" }]);
    expect(parsePsJson(text)[0]?.health).toBe("starting");
  });

  test("a one-off container of `compose run` (oneoff=True) is not one of the service's: left out, whatever its state", () => {
    const oneOff = `{"ExitCode":3,"Health":"","Labels":"com.docker.compose.oneoff=True,com.docker.compose.project=p,com.docker.compose.service=web","Name":"p-web-run-1a2b","Project":"p","Service":"web","State":"exited","Status":"Exited (3) 1 second ago"}`;
    const own = `{"ExitCode":0,"Health":"","Labels":"com.docker.compose.oneoff=False,com.docker.compose.project=p,com.docker.compose.service=web","Name":"p-web-1","Project":"p","Service":"web","State":"running","Status":"Up 9 seconds"}`;
    expect(parsePsJson(`${oneOff}\n${own}`).map((s) => s.name)).toEqual(["p-web-1"]);
    // podman: Labels as an object.
    const podman = JSON.stringify([
      { Names: ["p_web_run_1"], Labels: { "com.docker.compose.service": "web", "com.docker.compose.oneoff": "True" }, State: "exited", Status: "Exited (3) 1 second ago" },
      { Names: ["p_web_1"], Labels: { "com.docker.compose.service": "web", "com.docker.compose.oneoff": "False" }, State: "running", Status: "Up 3 seconds" },
    ]);
    expect(parsePsJson(podman).map((s) => s.name)).toEqual(["p_web_1"]);
  });

  test("podman's \"stopped\" (a container that ended, its restart policy about to start it again) is exited, with its code", () => {
    const text = JSON.stringify([{ Names: ["p_looper_1"], Labels: { "com.docker.compose.service": "looper" }, State: "stopped", Status: "Exited (3) Less than a second ago", ExitCode: 3 }]);
    expect(parsePsJson(text)).toEqual([{ service: "looper", name: "p_looper_1", state: "exited", health: "", exitCode: 3, status: "Exited (3) Less than a second ago" }]);
  });

  test("text that is not JSON throws (the caller falls back to inspect)", () => {
    expect(() => parsePsJson("NAME  COMMAND  SERVICE")).toThrow();
  });
});

describe("parseInspect", () => {
  test("reads state, health, exit code and the service label", () => {
    const text = JSON.stringify([
      { Name: "/p_web_1", State: { Status: "running", ExitCode: 0, Health: { Status: "healthy" } }, Config: { Labels: { "com.docker.compose.service": "web" } } },
      { Name: "/p_bad_1", State: { Status: "exited", ExitCode: 1 }, Config: { Labels: { "com.docker.compose.service": "bad" } } },
    ]);
    expect(parseInspect(text)).toEqual([
      { service: "bad", name: "p_bad_1", state: "exited", health: "", exitCode: 1, status: "Exited (1)" },
      { service: "web", name: "p_web_1", state: "running", health: "healthy", exitCode: null, status: "Up (healthy)" },
    ]);
  });

  test("podman's \"stopped\" reads as exited, with its code", () => {
    const text = JSON.stringify([{ Name: "/p_looper_1", State: { Status: "stopped", ExitCode: 3 }, Config: { Labels: { "com.docker.compose.service": "looper" } } }]);
    expect(parseInspect(text)).toEqual([{ service: "looper", name: "p_looper_1", state: "exited", health: "", exitCode: 3, status: "Exited (3)" }]);
  });

  test("a one-off container (compose v1's run: oneoff=True) is left out", () => {
    const text = JSON.stringify([
      { Name: "/p_web_run_5f3a", State: { Status: "exited", ExitCode: 3 }, Config: { Labels: { "com.docker.compose.service": "web", "com.docker.compose.oneoff": "True" } } },
      { Name: "/p_web_1", State: { Status: "running", ExitCode: 0 }, Config: { Labels: { "com.docker.compose.service": "web", "com.docker.compose.oneoff": "False" } } },
    ]);
    expect(parseInspect(text).map((s) => s.name)).toEqual(["p_web_1"]);
  });
});

describe("describing states", () => {
  const states = parsePsJson(NDJSON);
  test("describeState", () => {
    expect(states.map(describeState)).toEqual(["exited (3)", "running (health: starting)"]);
  });
  test("troubled: exited, unhealthy and still-starting containers", () => {
    expect(states.map(troubled)).toEqual([true, true]);
    expect(troubled({ service: "x", name: "x", state: "running", health: "healthy", exitCode: null, status: "" })).toBe(false);
    expect(troubled({ service: "x", name: "x", state: "running", health: "", exitCode: null, status: "" })).toBe(false);
  });
  test("summarizeStates keys by service, or by container when a service has several", () => {
    const two = [
      { service: "w", name: "p-w-1", state: "running", health: "", exitCode: null, status: "" },
      { service: "w", name: "p-w-2", state: "exited", health: "", exitCode: 2, status: "" },
      { service: "db", name: "p-db-1", state: "running", health: "healthy", exitCode: null, status: "" },
    ];
    expect(summarizeStates(two)).toEqual({ "p-w-1": "running", "p-w-2": "exited (2)", db: "running (healthy)" });
  });
  test("countServices counts services by state and calls none running that is not", () => {
    const row = (service: string, name: string, state: string, exitCode: number | null = null) => ({ service, name, state, health: "", exitCode, status: "" });
    expect(countServices([row("a", "p-a-1", "running"), row("b", "p-b-1", "running"), row("job", "p-job-1", "exited", 0)])).toBe("2 services running, 1 service exited (0)");
    // A service is running only when every container of it is.
    expect(countServices([row("w", "p-w-1", "running"), row("w", "p-w-2", "exited", 2)])).toBe("1 service exited (2)");
    expect(countServices([])).toBe("no services");
  });
  test("formatPs aligns a table with one row per container", () => {
    expect(formatPs(states)).toBe(
      [
        "SERVICE  CONTAINER  STATE    HEALTH    EXIT  STATUS",
        "bad      p-bad-1    exited   -         3     Exited (3) 2 seconds ago",
        "web      p-web-1    running  starting  -     Up 2 seconds (health: starting)",
      ].join("\n"),
    );
    expect(formatPs([])).toBe("(no containers)");
  });
});

test.each([
  ["Up 2 seconds (health: starting)", "starting"],
  ["Up 2 seconds ago (starting)", "starting"],
  ["Up 5 minutes (healthy)", "healthy"],
  ["Up 5 minutes ago (unhealthy)", "unhealthy"],
  ["Up 5 minutes", ""],
  ["Exited (0) 1 second ago", ""],
])("healthFromStatus(%p) = %p", (status, want) => {
  expect(healthFromStatus(status)).toBe(want);
});
