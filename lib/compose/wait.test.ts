// Tests of the wait loop with scripted `ps` snapshots and a scripted clock: ready, settling, failing at once, deadlines, progress lines, poll errors.
import { describe, expect, test } from "bun:test";
import type { ContainerState } from "./ps.ts";
import type { ListResult } from "./ps.ts";
import { parsePsJson } from "./ps.ts";
import { assess, describeReadFailures, failedInRead, healthcheckHint, verdict, waitForServices } from "./wait.ts";
import { parseInspectStarts, withStarts } from "./starts.ts";

/** A container whose configuration has a healthcheck exactly when a health is given, unless `healthcheck` says otherwise. */
function c(service: string, state: string, health = "", exitCode: number | null = null, name = `p-${service}-1`, healthcheck = health !== ""): ContainerState {
  return { service, name, state, health, exitCode, status: "", healthcheck };
}

/** A clock that moves `step` ms on every reading: settling ends after a known number of reads, never by real time. */
function ticking(step: number) {
  let t = 0;
  return () => (t += step);
}

/** A poll function that returns the snapshots in order, repeating the last one. */
function scripted(snapshots: ListResult[]) {
  let i = 0;
  const poll = async () => snapshots[Math.min(i++, snapshots.length - 1)]!;
  return { poll, calls: () => i };
}

describe("verdict", () => {
  test.each([
    [c("a", "running"), false, "ready"],
    [c("a", "running", "healthy"), false, "ready"],
    [c("a", "running", "starting"), false, "starting"],
    [c("a", "running", "unhealthy"), false, "failed"],
    [c("a", "created"), false, "starting"],
    [c("a", "exited", "", 1), false, "failed"],
    [c("a", "exited", "", 0), false, "failed"],
    [c("a", "exited", "", 0), true, "ready"],
    [c("a", "exited", "", 2), true, "failed"],
    [c("a", "restarting", "", 1), false, "failed"],
    [c("a", "dead", "", 137), false, "failed"],
    // Running with no health reported: ready only when the configuration has no healthcheck.
    [c("a", "running", "", null, "p-a-1", true), false, "starting"],
    [{ ...c("a", "running"), healthcheck: undefined }, false, "starting"],
    // A health reported for a container thought to have none still counts.
    [c("a", "running", "starting", null, "p-a-1", false), false, "starting"],
  ])("%o (one-shot %p) → %s", (state, oneShot, kind) => {
    expect(verdict(state, oneShot).kind as string).toBe(kind);
  });

  test("the read that made a wait pass: compose ps's state from the list, its health from an inspect after the exit", () => {
    // `docker compose ps --format json` for the talker (healthcheck ["CMD", "false"], `sleep 1; exit 3`), 1 s after up:
    const line = `{"ExitCode":3,"Health":"","Name":"p-talker-1","Service":"talker","State":"running","Status":"Up 1 second (health: starting)"}`;
    const [state] = parsePsJson(line);
    expect(state).toMatchObject({ state: "running", health: "" });
    expect(verdict({ ...state!, healthcheck: true })).toEqual({ kind: "starting", why: "health: not reported" });
  });
});

describe("assess", () => {
  test("expected services without a container are pending; replicas are named by container", () => {
    const states = [c("web", "running", "", null, "p-web-1"), c("web", "running", "starting", null, "p-web-2")];
    expect(assess(states, ["web", "db"])).toEqual({
      pending: [
        { service: "p-web-2", why: "health: starting" },
        { service: "db", why: "no container yet" },
      ],
      failed: [],
    });
  });
  test("without a list, every service that has a container is expected", () => {
    expect(assess([c("a", "running"), c("b", "exited", "", 1)], undefined).failed).toEqual([{ service: "b", why: "exited with code 1" }]);
  });
});

describe("failedInRead (one read after an up without wait)", () => {
  test("exited or dead with a code other than 0, and restarting, fail; exit 0, running and starting do not", () => {
    const states = [
      c("crash", "exited", "", 3),
      c("job", "exited", "", 0),
      c("loop", "restarting", "", 1),
      // Between two starts compose's ps says 0, whatever the last exit was: no code is named then.
      c("loop0", "restarting", "", 0),
      c("gone", "dead", "", 137),
      c("web", "running"),
      c("api", "running", "starting"),
      c("new", "created"),
    ];
    expect(failedInRead(states, undefined)).toEqual([
      { service: "crash", why: "exited with code 3" },
      { service: "loop", why: "restarting after exiting with code 1" },
      { service: "loop0", why: "restarting (its restart policy starts it again after each exit)" },
      { service: "gone", why: "dead, exited with code 137" },
    ]);
  });
  test("only the services the step started count; replicas are named by container", () => {
    const states = [c("old", "exited", "", 1), c("web", "exited", "", 2, "p-web-1"), c("web", "running", "", null, "p-web-2")];
    expect(failedInRead(states, ["web"])).toEqual([{ service: "p-web-1", why: "exited with code 2" }]);
  });

  // Recorded (trimmed) with docker compose 2.26.1 on Docker 20.10.24, right after `up -d` returned: looper
  // (`restart: always`, `sleep 1.5; exit 3`) caught running again, gate's health holding up -d for ~3 s, app waiting on it.
  const PS = [
    `{"ExitCode":0,"Health":"","Name":"pwcomp-repro-app-1","RunningFor":"4 seconds ago","Service":"app","State":"running","Status":"Up Less than a second"}`,
    `{"ExitCode":0,"Health":"healthy","Name":"pwcomp-repro-gate-1","RunningFor":"4 seconds ago","Service":"gate","State":"running","Status":"Up 3 seconds (healthy)"}`,
    `{"ExitCode":0,"Health":"","Name":"pwcomp-repro-looper-1","RunningFor":"4 seconds ago","Service":"looper","State":"running","Status":"Up 1 second"}`,
  ].join("\n");
  const INSPECT = JSON.stringify([
    { Id: "ce846da352aa", Created: "2026-12-07T02:56:59.929570621Z", Name: "/pwcomp-repro-app-1", RestartCount: 0, State: { Status: "running", Running: true, Restarting: false, ExitCode: 0, StartedAt: "2026-12-07T02:57:03.376006603Z", FinishedAt: "0001-01-01T00:00:00Z" } },
    { Id: "a4e9343ccdb0", Created: "2026-12-07T02:56:59.912489588Z", Name: "/pwcomp-repro-gate-1", RestartCount: 0, State: { Status: "running", Running: true, Restarting: false, ExitCode: 0, StartedAt: "2026-12-07T02:57:00.268584424Z", FinishedAt: "0001-01-01T00:00:00Z" } },
    // Running again after its second exit: docker sets ExitCode back to 0 at each start, so the code comes from its events.
    { Id: "a18836c5ce41", Created: "2026-12-07T02:56:59.913795938Z", Name: "/pwcomp-repro-looper-1", RestartCount: 2, State: { Status: "running", Running: true, Restarting: false, ExitCode: 0, StartedAt: "2026-12-07T02:57:04.097927074Z", FinishedAt: "2026-12-07T02:57:03.561287179Z" } },
  ]);

  test("a container its restart policy started again fails the read, although ps shows it running (it passed: 3 services running)", async () => {
    const read = withStarts(async () => ({ states: parsePsJson(PS) }), async () => parseInspectStarts(INSPECT));
    const r = await read();
    if ("error" in r) throw new Error(r.error);
    expect(r.states.map((s) => s.state)).toEqual(["running", "running", "running"]);
    // app started 3.4 s after it was created (it waited for gate's health): a late first start is no restart.
    expect(failedInRead(r.states, ["app", "gate", "looper"], new Map([["pwcomp-repro-looper-1", 3]]))).toEqual([{ service: "looper", why: "restarted 2 times after exiting with code 3", restarted: true }]);
    // The exit code is not always known (the engine's events may have dropped it): the restart fails the read all the same.
    expect(failedInRead(r.states, undefined)).toEqual([{ service: "looper", why: "restarted 2 times after exiting", restarted: true }]);
    const once = r.states.map((s) => (s.start ? { ...s, start: { ...s.start, restarts: s.start.restarts ? 1 : 0 } } : s));
    expect(failedInRead(once, ["looper"], new Map([["pwcomp-repro-looper-1", 0]]))).toEqual([{ service: "looper", why: "restarted once after exiting with code 0", restarted: true }]);
    // A container failed by its state is named by it, once.
    const restarting = r.states.map((s) => (s.service === "looper" ? { ...s, state: "restarting", exitCode: 3 } : s));
    expect(failedInRead(restarting, undefined)).toEqual([{ service: "looper", why: "restarting after exiting with code 3" }]);
    // Not a service the step started: not this step's failure.
    expect(failedInRead(r.states, ["app", "gate"])).toEqual([]);
  });

  test("a read failed by restarts alone says one read cannot tell a crash loop from a recovery; the verdict's field says which, not its words", () => {
    const NOTE = " (one read cannot tell a crash loop from a service that recovered: wait: true watches them)";
    const looper = { service: "looper", why: "restarted once after exiting with code 3", restarted: true as const };
    const crash = { service: "crash", why: "exited with code 3" };
    expect(describeReadFailures([looper])).toBe(`service looper (restarted once after exiting with code 3) right after compose up${NOTE}`);
    expect(describeReadFailures([looper, { ...looper, service: "other" }])).toBe(`service looper (restarted once after exiting with code 3), other (restarted once after exiting with code 3) right after compose up${NOTE}`);
    expect(describeReadFailures([looper, crash])).toBe("service looper (restarted once after exiting with code 3), crash (exited with code 3) right after compose up");
    expect(describeReadFailures([crash])).toBe("service crash (exited with code 3) right after compose up");
    // Worded like a restart, not marked one: the wording decides nothing.
    expect(describeReadFailures([{ service: "x", why: "restarted once after exiting" }])).toBe("service x (restarted once after exiting) right after compose up");
  });
});

describe("waitForServices", () => {
  const fast = { intervalMs: 1, maxIntervalMs: 2, settleMs: 0 };

  test("the reads of the false pass: a service with a healthcheck that never passes fails when it exits", async () => {
    const talker = (state: string, health: string, exitCode: number | null) => c("talker", state, health, exitCode, "p-talker-1", true);
    const s = scripted([
      { states: [talker("running", "starting", null)] },
      { states: [talker("running", "", null)] },
      { states: [talker("exited", "", 3)] },
    ]);
    const progress: string[] = [];
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, ...fast, onProgress: (p) => progress.push(p[0]!.why) });
    expect(out.status).toBe("failed");
    expect(out.failed).toEqual([{ service: "talker", why: "exited with code 3" }]);
    expect(progress).toEqual(["health: starting", "health: not reported"]);
  });

  /** Scripted reads with a signal that ends the wait after 10 polls: the wait before this change polled the last read until its deadline. */
  function bounded(snapshots: ListResult[]) {
    const ac = new AbortController();
    const s = scripted(snapshots);
    const poll = async () => {
      if (s.calls() >= 10) ac.abort();
      return s.poll();
    };
    return { poll, signal: ac.signal, calls: s.calls };
  }

  test("a container removed during the wait (docker rm, another run's down) fails it at once, not as \"no container yet\" at the deadline", async () => {
    const s = bounded([
      { states: [c("web", "running", "starting"), c("db", "running", "starting")] },
      { states: [c("db", "running", "starting")] },
    ]);
    const out = await waitForServices({ ...s, ...fast });
    expect(out).toMatchObject({ status: "failed", failed: [{ service: "web", why: "its container p-web-1 was removed during the wait" }] });
    expect(out.pending).toEqual([{ service: "db", why: "health: starting" }]);
    expect(s.calls()).toBe(2);
  });

  test("one replica of several removed is named by its container; a removed container of a service not waited for is no failure", async () => {
    const replica = bounded([
      { states: [c("web", "running", "starting", null, "p-web-1"), c("web", "running", "starting", null, "p-web-2")] },
      { states: [c("web", "running", "starting", null, "p-web-2")] },
    ]);
    const out = await waitForServices({ ...replica, expected: ["web"], ...fast });
    expect(out).toMatchObject({ status: "failed", failed: [{ service: "p-web-1", why: "its container p-web-1 was removed during the wait" }] });
    const other = bounded([
      { states: [c("web", "running", "starting"), c("other", "running", "starting")] },
      { states: [c("web", "running", "healthy")] },
    ]);
    expect(await waitForServices({ ...other, expected: ["web"], ...fast })).toMatchObject({ status: "ready", failed: [] });
  });

  test("a service without a healthcheck that exits within the settle period fails the wait", async () => {
    const s = scripted([
      { states: [c("web", "running")] },
      { states: [c("web", "running")] },
      { states: [c("web", "exited", "", 3)] },
    ]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(400) });
    expect(out).toMatchObject({ status: "failed", failed: [{ service: "web", why: "exited with code 3" }] });
  });

  test("a service its restart policy restarts between two reads fails the wait: running in every read is not staying up", async () => {
    const at = (startedAt: string, restarts: number, state = c("web", "running")) => ({ ...state, start: { startedAt, restarts } });
    // Crash-looping (restart: always, exits after 1 s): every read sees it running, Docker's start time and count move.
    const s = scripted([
      { states: [at("2026-12-01T07:53:36.7Z", 0), at("2026-12-01T07:53:30.0Z", 0, c("db", "running"))] },
      { states: [at("2026-12-01T07:53:36.7Z", 0), at("2026-12-01T07:53:30.0Z", 0, c("db", "running"))] },
      { states: [at("2026-12-01T07:53:38.0Z", 1), at("2026-12-01T07:53:30.0Z", 0, c("db", "running"))] },
    ]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out).toMatchObject({ status: "failed", failed: [{ service: "web", why: "restarted once while waiting (it exited and its restart policy started it again)", restarted: true }] });
    // Started again by hand (docker restart: the count stays): a restart too. Created, then started: a first start.
    const again = scripted([{ states: [at("2026-12-01T07:00:00Z", 0)] }, { states: [at("2026-12-01T07:00:05Z", 0)] }]);
    const out2 = await waitForServices({ poll: again.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out2.failed).toEqual([{ service: "web", why: "restarted while waiting (it was started again)", restarted: true }]);
    // Failed by its state in the same read (restarting): named once, by the state.
    const both = scripted([{ states: [at("2026-12-01T07:00:00Z", 0)] }, { states: [at("2026-12-01T07:00:05Z", 1, c("web", "restarting", "", 4))] }]);
    const out4 = await waitForServices({ poll: both.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out4.failed).toEqual([{ service: "web", why: "restarting after exiting with code 4" }]);
    const first = scripted([{ states: [at("0001-01-01T00:00:00Z", 0, c("web", "created"))] }, { states: [at("2026-12-01T07:00:05Z", 0)] }]);
    const out3 = await waitForServices({ poll: first.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 500, now: ticking(300) });
    expect(out3.status).toBe("ready");
  });

  test("a container its restart policy had already started again when the wait first read it fails the wait (it passed: running in every read)", async () => {
    // restart: on-failure, exit 3 on the first start only: started again before the first poll (compose up -d held by
    // another service's healthcheck), then running from one start in every read. Without wait the same up failed.
    const at = (service: string, restarts: number) => ({ ...c(service, "running"), start: { startedAt: "2026-12-07T22:07:30.1Z", restarts } });
    const s = scripted([{ states: [at("flaky", 1), at("gate", 0)] }]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out).toMatchObject({ status: "failed", failed: [{ service: "flaky", why: "restarted once after exiting, before the wait's first read (its restart policy started it again)", restarted: true }] });
    // A service the wait does not wait for is not judged; a count of 0 is a first start.
    const other = scripted([{ states: [at("flaky", 2), at("gate", 0)] }]);
    const out2 = await waitForServices({ poll: other.poll, expected: ["gate"], signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out2.status).toBe("ready");
  });

  test("a dependency compose starts only if it can (required: false) and that has no container is not waited for (it was, until the timeout)", async () => {
    // `up api`, api depending on db with required: false, db under a profile the step does not enable: no db container.
    const s = scripted([{ states: [c("api", "running")] }]);
    // (The signal only keeps the old wait, which read "db (no container yet)" until its deadline, from hanging the test.)
    const out = await waitForServices({ poll: s.poll, expected: ["api", "db"], optional: new Set(["db"]), signal: AbortSignal.timeout(10_000), intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out.status).toBe("ready");
    // One that has a container is waited for as any other: its exit fails the wait.
    const crashed = scripted([{ states: [c("api", "running"), c("db", "exited", "", 3)] }]);
    const out2 = await waitForServices({ poll: crashed.poll, expected: ["api", "db"], optional: new Set(["db"]), signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 1000, now: ticking(300) });
    expect(out2).toMatchObject({ status: "failed", failed: [{ service: "db", why: "exited with code 3" }] });
  });

  test("ready once every container has been seen running for the settle period, counted from its first running read", async () => {
    const s = scripted([
      { states: [c("web", "created"), c("db", "running", "starting")] },
      { states: [c("web", "running"), c("db", "running", "healthy")] },
      { states: [c("web", "running"), c("db", "running", "healthy")] },
      { states: [c("web", "running"), c("db", "running", "healthy")] },
    ]);
    const progress: string[] = [];
    // The clock reads 100 at the start, then 200, 300, 400, 500 at the reads: db is running from 200, web from 300.
    const out = await waitForServices({
      poll: s.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 200, now: ticking(100),
      onProgress: (p) => progress.push(p.map((v) => `${v.service}:${v.why}`).join(" ")),
    });
    expect(out.status).toBe("ready");
    expect(s.calls()).toBe(4);
    expect(progress).toEqual([
      "db:health: starting web:created",
      "db:running for less than 0.2s web:running for less than 0.2s",
      "web:running for less than 0.2s",
    ]);
  });

  test("a container that stops running starts its settle period again", async () => {
    const s = scripted([
      { states: [c("web", "running")] },
      { states: [c("web", "created")] },
      { states: [c("web", "running")] },
      { states: [c("web", "running")] },
      { states: [c("web", "running")] },
    ]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 2, settleMs: 150, now: ticking(100) });
    expect(out.status).toBe("ready");
    expect(s.calls()).toBe(5);
  });

  test("a one-shot service that completed needs no settle period", async () => {
    const s = scripted([{ states: [c("migrate", "exited", "", 0)] }]);
    const out = await waitForServices({ poll: s.poll, oneShot: new Set(["migrate"]), signal: new AbortController().signal, intervalMs: 1, settleMs: 60_000, now: ticking(1) });
    expect(out.status).toBe("ready");
    expect(s.calls()).toBe(2);
  });

  test("returns ready once every service is running and healthy, logging progress changes", async () => {
    const s = scripted([
      { states: [c("web", "created"), c("db", "running", "starting")] },
      { states: [c("web", "running"), c("db", "running", "starting")] },
      { states: [c("web", "running"), c("db", "running", "starting")] },
      { states: [c("web", "running"), c("db", "running", "healthy")] },
    ]);
    const progress: string[] = [];
    const out = await waitForServices({
      poll: s.poll, signal: new AbortController().signal, ...fast,
      onProgress: (p) => progress.push(p.map((v) => `${v.service}:${v.why}`).join(" ")),
    });
    expect(out.status).toBe("ready");
    expect(s.calls()).toBe(4);
    expect(progress).toEqual(["db:health: starting web:created", "db:health: starting"]);
    expect(out.pending).toEqual([]);
  });

  test("a service that exits fails the wait at once", async () => {
    const s = scripted([{ states: [c("web", "running", "starting"), c("bad", "exited", "", 1)] }]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, ...fast });
    expect(out.status).toBe("failed");
    expect(out.failed).toEqual([{ service: "bad", why: "exited with code 1" }]);
    expect(s.calls()).toBe(1);
  });

  test("a service that turns unhealthy fails the wait at once", async () => {
    const s = scripted([{ states: [c("web", "running", "starting")] }, { states: [c("web", "running", "unhealthy")] }]);
    const out = await waitForServices({ poll: s.poll, signal: new AbortController().signal, ...fast });
    expect(out.status).toBe("failed");
    expect(out.failed).toEqual([{ service: "web", why: "unhealthy" }]);
  });

  test("one-shot services may complete with exit code 0", async () => {
    const s = scripted([{ states: [c("migrate", "exited", "", 0), c("api", "running")] }]);
    const out = await waitForServices({ poll: s.poll, oneShot: new Set(["migrate"]), signal: new AbortController().signal, ...fast });
    expect(out.status).toBe("ready");
  });

  test("a one-shot's completion counts when two reads in a row agree: a read of exit code 0 the next read corrects fails the wait", async () => {
    const s = scripted([{ states: [c("migrate", "exited", "", 0)] }, { states: [c("migrate", "exited", "", 3)] }]);
    const progress: string[] = [];
    const out = await waitForServices({
      poll: s.poll, oneShot: new Set(["migrate"]), signal: new AbortController().signal, ...fast,
      onProgress: (p) => progress.push(p.map((v) => `${v.service}:${v.why}`).join(" ")),
    });
    expect(out.status).toBe("failed");
    expect(out.failed).toEqual([{ service: "migrate", why: "exited with code 3" }]);
    expect(progress).toEqual(["migrate:exited 0, reading again to confirm"]);
  });

  test("a signal fired before the first poll ends the wait without a read: its states are unread, not an empty project", async () => {
    const ac = new AbortController();
    ac.abort();
    const s = scripted([{ states: [c("web", "running", "starting")] }]);
    const out = await waitForServices({ poll: s.poll, signal: ac.signal, ...fast });
    expect(out).toMatchObject({ status: "aborted", read: false, states: [] });
    expect(s.calls()).toBe(0);
  });

  test("the signal ends the wait at once, during a pause, and says what was still starting", async () => {
    const ac = new AbortController();
    let calls = 0;
    const poll = async (): Promise<ListResult> => {
      calls++;
      setTimeout(() => ac.abort(), 1);
      return { states: [c("web", "running", "starting")] };
    };
    // The pause between polls is far longer than the test's time limit: only the signal can end it.
    const out = await waitForServices({ poll, signal: ac.signal, intervalMs: 600_000 });
    expect(out.status).toBe("aborted");
    expect(calls).toBe(1);
    expect(out.pending).toEqual([{ service: "web", why: "health: starting" }]);
  });

  test("a signal that fires during a poll ends the wait when the poll returns", async () => {
    const ac = new AbortController();
    const poll = async (): Promise<ListResult> => {
      ac.abort();
      return { states: [c("web", "created")] };
    };
    const out = await waitForServices({ poll, signal: ac.signal, intervalMs: 600_000 });
    expect(out.status).toBe("aborted");
  });

  test("an already-aborted signal returns without polling", async () => {
    const s = scripted([{ states: [] }]);
    const out = await waitForServices({ poll: s.poll, signal: AbortSignal.abort(), ...fast });
    expect(out.status).toBe("aborted");
    expect(s.calls()).toBe(0);
  });

  test("three failed polls in a row are an error; one is tolerated", async () => {
    const bad: ListResult = { error: "ps failed" };
    const once = scripted([bad, { states: [c("a", "running")] }]);
    expect((await waitForServices({ poll: once.poll, signal: new AbortController().signal, ...fast })).status).toBe("ready");
    const always = scripted([bad]);
    const out = await waitForServices({ poll: always.poll, signal: new AbortController().signal, ...fast });
    expect(out).toMatchObject({ status: "error", error: "ps failed" });
    expect(always.calls()).toBe(3);
  });
});

describe("healthcheckHint", () => {
  const starting = [{ service: "web", why: "health: starting" }];
  test("podman with a healthcheck still starting: says why it may never run", () => {
    expect(healthcheckHint({ server: "podman" }, starting)).toContain("podman runs healthchecks from systemd timers");
  });
  test.each([
    ["docker", starting],
    ["podman", [{ service: "web", why: "created" }]],
  ] as const)("%s, %o: nothing to add", (server, pending) => {
    expect(healthcheckHint({ server }, pending)).toBe("");
  });
});
