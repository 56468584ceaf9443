// Tests of the run log: streamed to disk as events arrive, the whole log of a run, and lines that came before the run.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { LogReporter } from "./log.ts";
import type { RunEvent } from "../engine/events.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import { seededRandom } from "../../test/helpers/random.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "log-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FILE = "integration_test_1795312290.log";
/** Events without a time of their own are stamped when they arrive: mask those. */
const masked = (text: string) => text.replace(/^2026-11-22T02:00:00\.000Z/gm, "<now>");
const now = () => new Date("2026-11-22T02:00:00.000Z");

test("defaults to <cwd>/.context/terminal/integration_test_<epoch of run start>.log", async () => {
  const reporter = new LogReporter({ cwd: dir, now });
  for (const e of interruptedRun()) reporter.onEvent(e);
  expect(await reporter.finish()).toEqual([join(dir, ".context", "terminal", FILE)]);
});

test("a second run started in the same second writes its own log, named with its run id, and leaves the first run's log alone", async () => {
  const first = new LogReporter({ directory: dir, now });
  for (const e of failedRun()) first.onEvent(e);
  await first.finish();
  const firstText = await readFile(join(dir, FILE), "utf8");
  const second = new LogReporter({ directory: dir, now });
  for (const e of failedRun()) second.onEvent(e);
  const own = join(dir, "integration_test_1795312290_r1a2b.log");
  expect(await second.finish()).toEqual([own]);
  expect(await readFile(join(dir, FILE), "utf8")).toBe(firstText);
  expect(await readFile(own, "utf8")).toBe(firstText);
});

test("events reach the disk shortly after they arrive, before finish", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const events = failedRun();
  const cut = events.findIndex((e) => e.type === "diagnostics");
  for (const e of events.slice(0, cut + 1)) reporter.onEvent(e);
  let sofar = "";
  await waitFor(async () => (sofar = await readFile(join(dir, FILE), "utf8")).endsWith("    --- end of logs of api ---\n"), "the diagnostics in the file");
  expect(sofar).toContain("step 3 diagnostics:\n    --- compose ps ---");
  expect(sofar).toEndWith("    --- end of logs of api ---\n");
  for (const e of events.slice(cut + 1)) reporter.onEvent(e);
  await reporter.finish();
  expect(await readdir(dir)).toEqual([FILE]);
});

test("a failed run: the whole log (info that came before the run start written after its line, in time order)", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  for (const e of failedRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(masked(await readFile(join(dir, FILE), "utf8"))).toMatchInlineSnapshot(`
    "2026-11-22T01:51:30.250Z run start: Demo: logging pipeline (scenarios/demo.yaml), run r1a2b, 4 steps + 1 teardown
        Starts a tiny API and checks its logs.
    <now> info: compose engine = docker compose 2.26.1
    <now> info: bun = 1.4.5
    <now> step 1 start: Start demo server [shell]
    <now> step 1 attempt 1 start
    2026-11-22T01:51:30.255Z $ bun demo/server.ts &
    <now> step 1 attempt 1 passed in 12ms: started bun demo/server.ts (pid 4242)
    <now> step 1 end: passed after 1 attempt in 12ms
    <now> step 2 start: Health endpoint answers [http, service api, tags US-001]
    <now> step 2 attempt 1 start
    2026-11-22T01:51:30.270Z GET http://127.0.0.1:8080/health
    <now> step 2 attempt 1 passed in 4ms: GET http://127.0.0.1:8080/health → 200 in 4ms
        ✓ status: expected == 200, actual 200
        observed: status=200 latency_ms=4
    <now> step 2 end: passed after 1 attempt in 4ms
    <now> step 3 start: API writes JSON logs [files, service api]
    <now> step 3 attempt 1 start
    <now> step 3 attempt 1 failed in 3ms: logs/api/*.jsonl matched 0 files
        ✗ count: expected >= 1, actual 0
    <now> step 3 attempt 2 start
    <now> step 3 attempt 2 failed in 5ms: logs/api/*.jsonl matched 2 files (1.2 KiB)
        ✓ count: expected >= 1, actual 2
        ✗ contains: expected contains "level|error", actual "a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ✗ required_fields.message: expected exists, actual (missing)
        observed: files=2 bytes=1234
        --- first lines of logs/api/app.jsonl ---
        {"level":"info","msg":"<ready> & \\"set\\""}
        {"level":"info"}
        --- end of first lines of logs/api/app.jsonl ---
    <now> step 3 end: failed after 2 attempts in 1.51s
    <now> step 3 diagnostics:
        --- compose ps ---
        NAME   STATUS
        api    running
        --- end of compose ps ---
        --- logs of api ---
        api  | ready
        api  | \`\`\`oops\`\`\`
        --- end of logs of api ---
    <now> step 4 end: skipped (an earlier step failed)
    <now> teardown step 1 start: compose down [compose]
    <now> teardown step 1 attempt 1 start
    <now> teardown step 1 attempt 1 passed in 800ms: docker compose down
    <now> teardown step 1 end: passed after 1 attempt in 800ms
    2026-11-22T01:51:32.595Z summary:
          █ TOTAL RESULTS
        
            checks.....: 50.00% 2 out of 4, 2 failed
            steps......: 3 passed, 1 failed, 1 skipped
            attempts...: 5
        
          █ SERVICE api
        
            checks.....: 50.00% 2 out of 4, 2 failed
            steps......: 1 passed, 1 failed
            attempts...: 3
        
          █ SERVICE loki
        
            steps......: 0 passed, 1 skipped
            attempts...: 0
    2026-11-22T01:51:32.595Z run end: failed, 3 passed, 1 failed, 1 skipped in 2.35s
    "
  `);
});

test("an interrupt before the first step (while loading, or before run-start) is noted where it came, among the records before the run", async () => {
  const clock = { ms: Date.parse("2026-11-22T01:51:31.000Z") };
  const tick = () => new Date((clock.ms += 10));
  const start: RunEvent = { type: "run-start", scenario: "Big", file: "big.yaml", runId: "r1", startedAt: new Date("2026-11-22T01:51:30.000Z"), steps: [{ index: 0, phase: "main", name: "s0", kind: "shell", tags: [] }] };
  const rest: RunEvent[] = [
    { type: "info", key: "bun", value: "1.4.5" },
    { type: "step-end", step: start.steps[0]!, status: "skipped", attempts: 0, durationMs: 0, reason: "interrupted" },
    { type: "run-end", status: "interrupted", durationMs: 50, totals: { passed: 0, failed: 0, skipped: 1, interrupted: 0 }, endedAt: new Date("2026-11-22T01:51:31.500Z") },
  ];
  // Aborted after the reporter was made, before run-start: the wait for the first step.
  const interrupt = new AbortController();
  const during = new LogReporter({ directory: join(dir, "during"), now: tick, interrupt: interrupt.signal });
  during.onEvent({ type: "info", key: "command", value: "scenario big.yaml" });
  interrupt.abort(new Error("SIGHUP"));
  during.onEvent(start);
  for (const e of rest) during.onEvent(e);
  const [duringLog] = await during.finish();
  expect((await readFile(duringLog!, "utf8")).split("\n").filter((l) => !l.startsWith(" ")).map((l) => l.slice(25))).toEqual([
    "run start: Big (big.yaml), run r1, 1 step",
    "info: command = scenario big.yaml",
    "SIGHUP: the run is interrupted",
    "info: bun = 1.4.5",
    "step 1 end: skipped (interrupted)",
    "summary:",
    "run end: interrupted, 0 passed, 1 skipped in 50ms",
    "",
  ]);
  // Aborted before the reporter was made (the files were loading): no abort event comes, it is noted all the same.
  const early = new AbortController();
  early.abort(new Error("SIGINT"));
  const loading = new LogReporter({ directory: join(dir, "loading"), now: tick, interrupt: early.signal });
  loading.onEvent(start);
  for (const e of rest) loading.onEvent(e);
  const text = await readFile((await loading.finish())[0]!, "utf8");
  expect(text).toMatch(/Z run start: Big [^\n]*\n\S+Z SIGINT: the run is interrupted\n\S+Z info: bun = 1\.4\.5\n/);
  expect(text.match(/SIGINT/g)).toHaveLength(1);
});

test("an interrupted run: the whole log", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  for (const e of interruptedRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(masked(await readFile(join(dir, FILE), "utf8"))).toMatchInlineSnapshot(`
    "2026-11-22T01:51:30.250Z run start: Demo: logging pipeline (scenarios/demo.yaml), run r9z8y, 4 steps + 1 teardown
    <now> step 1 start: Start demo server [shell]
    <now> step 1 attempt 1 start
    <now> step 1 attempt 1 passed in 10ms
    <now> step 1 end: passed after 1 attempt in 10ms
    <now> step 2 start: Health endpoint answers [http, service api, tags US-001]
    <now> step 2 attempt 1 start
    <now> step 2 attempt 1 failed in 2ms
        error: connect ECONNREFUSED 127.0.0.1:8080
    <now> step 2 attempt 2 start
    2026-11-22T01:51:31.150Z interrupted: stopping
    <now> teardown step 1 start: compose down [compose]
    <now> teardown step 1 attempt 1 start
    <now> teardown step 1 attempt 1 failed in 30ms
        error: docker compose down exited 1:
        no such project\\x07
    <now> teardown step 1 end: failed after 1 attempt in 30ms
    2026-11-22T01:51:31.250Z summary:
          █ TOTAL RESULTS
        
            checks.....: 0.00% 0 out of 1, 1 failed
            steps......: 1 passed, 1 failed, 3 skipped
            attempts...: 4
        
          █ SERVICE api
        
            steps......: 0 passed, 2 skipped
            attempts...: 2
        
          █ SERVICE loki
        
            steps......: 0 passed, 1 skipped
            attempts...: 0
    2026-11-22T01:51:31.250Z run end: interrupted, 1 passed, 1 failed, 3 skipped in 1.00s
        cut short: step 2 (Health endpoint answers) during attempt 2
    "
  `);
});

test("lines logged when no run ever started still reach a file at finish", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  reporter.onEvent({ type: "log", at: now(), line: "preflight: docker not found" });
  const [path] = await reporter.finish();
  expect(path).toBe(join(dir, "integration_test_1795312800.log"));
  expect(await readFile(path!, "utf8")).toBe("2026-11-22T02:00:00.000Z preflight: docker not found\n");
});

test("multi-line texts: every line after the first indented, empty lines and a block's final newline kept as written", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const step = { index: 0, phase: "main" as const, name: "s", kind: "shell", service: undefined, tags: [] };
  reporter.onEvent({ type: "run-start", scenario: "m", file: "m.yaml", runId: "r", startedAt: now(), steps: [step] });
  reporter.onEvent({ type: "log", at: now(), line: "first\nsecond\n\nlast\n" });
  const result = {
    checks: [{ path: "exit_code", expected: "== 0", actual: 1, ok: false }],
    error: "boom\n  at x",
    observed: { exit_code: 1 },
    captures: {},
    details: [{ title: "stdout", body: "a\nb\n" }, { title: "empty", body: "" }, { title: "stderr", body: "c\n\n" }],
  };
  reporter.onEvent({ type: "attempt-end", step, attempt: 1, ok: false, durationMs: 3, result });
  reporter.onEvent({ type: "step-end", step, status: "failed", attempts: 1, durationMs: 3, result });
  const [path] = await reporter.finish();
  const text = masked(await readFile(path!, "utf8"));
  expect(text.slice(text.indexOf("\n") + 1).replaceAll("<now> ", "")).toBe([
    "first\n    second\n    \n    last\n    \n",
    "step 1 attempt 1 failed in 3ms\n",
    "    ✗ exit_code: expected == 0, actual 1\n",
    "    error: boom\n      at x\n",
    "    observed: exit_code=1\n",
    "    --- stdout ---\n    a\n    b\n    --- end of stdout ---\n",
    "    --- empty ---\n    \n    --- end of empty ---\n",
    "    --- stderr ---\n    c\n    \n    --- end of stderr ---\n",
    "step 1 end: failed after 1 attempt in 3ms\n",
  ].join(""));
});

test("what a step's end adds to its last attempt (a hold broken, a hold started over) is in its end's record, once", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const step = { index: 0, phase: "main" as const, name: "s", kind: "shell", service: undefined, tags: [] };
  reporter.onEvent({ type: "run-start", scenario: "m", file: "m.yaml", runId: "r", startedAt: now(), steps: [step, { ...step, index: 1 }] });
  const passedAttempt = { checks: [{ path: "exit_code", expected: "== 0", actual: 0, ok: true }], warnings: ["background ended"] };
  reporter.onEvent({ type: "attempt-end", step, attempt: 3, ok: true, durationMs: 3, result: passedAttempt });
  const flap = "it failed while held (attempt 2, 5ms into the hold of 10ms); the hold started over and was kept";
  reporter.onEvent({ type: "step-end", step, status: "passed", attempts: 3, durationMs: 9, result: { ...passedAttempt, warnings: ["background ended", flap] } });
  const failedAttempt = { checks: [], error: "connection refused" };
  const second = { ...step, index: 1 };
  reporter.onEvent({ type: "attempt-end", step: second, attempt: 2, ok: false, durationMs: 3, result: failedAttempt });
  reporter.onEvent({ type: "step-end", step: second, status: "failed", attempts: 2, durationMs: 9, result: { checks: [], error: "connection refused (it passed, then failed while held: attempt 2 failed 5ms into the hold of 10ms)" } });
  const text = masked(await readFile((await reporter.finish())[0]!, "utf8"));
  expect(text).toContain(`step 1 end: passed after 3 attempts in 9ms\n    warning: ${flap}\n`);
  expect(text.split("background ended")).toHaveLength(2);
  expect(text).toContain("step 2 end: failed after 2 attempts in 9ms\n    error: connection refused (it passed, then failed while held: attempt 2 failed 5ms into the hold of 10ms)\n");
});

test("an event handed over later (lib/report/deferred.ts) is stamped with the time it was emitted, not the time it arrived", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const events = failedRun();
  const at = events.findIndex((e) => e.type === "step-start");
  for (const e of events.slice(0, at)) reporter.onEvent(e);
  reporter.onEvent(events[at]!, Date.parse("2026-11-22T02:00:07.250Z"));
  const [file] = await reporter.finish();
  expect(await readFile(file!, "utf8")).toMatch(/^2026-11-22T02:00:07\.250Z step 1 start: /m);
});

test("records of every size reach the file whole and in order, as UTF-8, wherever the log's writes fall among them", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  reporter.onEvent({ type: "run-start", scenario: "big", file: "big.yaml", runId: "r", startedAt: now(), steps: [] });
  // Characters of one, two, three and four UTF-8 bytes (four: a surrogate pair); lines of up to 1,500 characters and one
  // of 40,000, so the writes the log makes each time it holds 64 Ki characters come after records of every size.
  const pieces = ["a", "é", "✓", "𝄞"];
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(pieces[i % 4]!.repeat((i * 997) % 1500) + `#${i}`);
  lines.push("→".repeat(40_000), "tail ✓");
  for (const line of lines) reporter.onEvent({ type: "log", at: now(), line });
  const [path] = await reporter.finish();
  const text = await readFile(path!, "utf8");
  const body = text.split("\n").filter((l) => l.startsWith("2026-11-22T02:00:00.000Z ") && !l.includes(" run start: ")).map((l) => l.slice(25));
  expect(body.slice(0, lines.length)).toEqual(lines);
});

test("every record's timestamp is its instant's ISO text: within a second, across seconds, before 1970 and past year 9999", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  reporter.onEvent({ type: "run-start", scenario: "t", file: "t.yaml", runId: "r", startedAt: now(), steps: [] });
  const rand = seededRandom(7);
  const instants = [0, 999, 1000, 1001, -1, -999, -1000, -1001, 253402300799999, 253402300800000, -62198755200000];
  let at = Date.parse("2026-11-22T02:00:00.000Z");
  for (let i = 0; i < 500; i++) instants.push((at += Math.floor(rand() * 1500))); // mostly the same second as the record before, sometimes the next ones
  for (let i = 0; i < 100; i++) instants.push(Math.floor(rand() * 2 ** 31) * 4096 - 2 ** 42); // anywhere, in any order
  for (const [i, ms] of instants.entries()) reporter.onEvent({ type: "log", at: new Date(ms), line: `#${i}` });
  const [path] = await reporter.finish();
  const stamps = new Map<string, string>();
  for (const line of (await readFile(path!, "utf8")).split("\n")) {
    const m = /^(\S+) #(\d+)$/.exec(line);
    if (m) stamps.set(m[2]!, m[1]!);
  }
  expect(instants.map((_, i) => stamps.get(String(i)))).toEqual(instants.map((ms) => new Date(ms).toISOString()));
});

test("a time handed over as `at` is stamped as toISOString stamps it: fractions dropped toward zero, before 1970 too", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  reporter.onEvent({ type: "run-start", scenario: "t", file: "t.yaml", runId: "r", startedAt: now(), steps: [] });
  const instants = [1.5, 999.999, -0.5, -1.5, -999.5, -1000.5, -1001.25, Date.parse("1960-01-01T00:00:01.000Z") - 0.75];
  for (const [i, ms] of instants.entries()) reporter.onEvent({ type: "info", key: `k${i}`, value: "v" }, ms);
  const [path] = await reporter.finish();
  const stamps = new Map<string, string>();
  for (const line of (await readFile(path!, "utf8")).split("\n")) {
    const m = /^(\S+) info: k(\d+) = v$/.exec(line);
    if (m) stamps.set(m[2]!, m[1]!);
  }
  expect(instants.map((_, i) => stamps.get(String(i)))).toEqual(instants.map((ms) => new Date(ms).toISOString()));
});

test("a time past the range of Date fails as toISOString fails, each time it comes: no record stamped with a made-up or earlier time", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  reporter.onEvent({ type: "run-start", scenario: "t", file: "t.yaml", runId: "r", startedAt: now(), steps: [] });
  const bad = 8.64e15 + 1;
  expect(() => new Date(bad).toISOString()).toThrow(RangeError);
  reporter.onEvent({ type: "info", key: "good", value: "v" }, 8.64e15);
  reporter.onEvent({ type: "info", key: "bad1", value: "v" }, bad);
  reporter.onEvent({ type: "info", key: "bad2", value: "v" }, bad);
  await expect(reporter.finish()).rejects.toThrow(RangeError);
  const [name] = await readdir(dir);
  const text = await readFile(join(dir, name!), "utf8");
  expect(text).toContain("+275760-09-13T00:00:00.000Z info: good = v\n");
  expect(text).not.toContain("info: bad");
});

test("control characters and terminal escape sequences reach the log as the console shows them (\\xNN, colours dropped), never raw", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const events = failedRun().map((e) => {
    if (e.type === "step-start" && e.step.index === 1) return { ...e, step: { ...e.step, name: "Health \x01 answers" } };
    if (e.type === "attempt-end" && e.step.index === 1) return { ...e, result: { ...e.result!, details: [{ title: "response", body: "HTTP 500\n\n<a>\x1B[31mred\x1B[0m\x07bell\rback" }] } };
    return e;
  });
  for (const e of events) reporter.onEvent(e);
  await reporter.finish();
  const text = await readFile(join(dir, FILE), "utf8");
  expect(text).toContain("step 2 start: Health \\x01 answers");
  expect(text).toContain("    <a>red\\x07bell\n    back\n");
  expect(text).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F]/);
});

test("a line break in a record's first line never starts a line at column 0: what follows goes under it, indented", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const forged = "2099-01-01T00:00:00.000Z step 7 end: passed";
  const step = { index: 0, phase: "main" as const, name: `s\r${forged}`, kind: "shell", service: undefined, tags: [] };
  reporter.onEvent({ type: "info", key: "command", value: `scenario run x.yaml --var X=a\r\n${forged}` });
  reporter.onEvent({ type: "run-start", scenario: "m", file: "m.yaml", runId: "r", startedAt: now(), steps: [step] });
  reporter.onEvent({ type: "step-start", step });
  reporter.onEvent({ type: "log", at: now(), line: `progress 10%\rprogress 100%\r${forged}\nnext` });
  const [path] = await reporter.finish();
  const text = await readFile(path!, "utf8");
  // Every line at column 0 is a record the reporter made, stamped with the run's time.
  for (const line of text.split("\n")) if (line !== "" && !line.startsWith(" ")) expect(line).toStartWith("2026-11-22T02:00:00.000Z ");
  expect(text).toContain(`info: command = scenario run x.yaml --var X=a\n    ${forged}\n`);
  expect(text).toContain(`progress 10%\n    progress 100%\n    ${forged}\n    next\n`);
});

test("the attempt an interrupt cut short is logged as interrupted, not failed, as its step is", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const events = failedRun().map((e) => (e.type === "attempt-end" && e.step.index === 2 && e.attempt === 2 ? { ...e, interrupted: true as const } : e));
  for (const e of events) reporter.onEvent(e);
  await reporter.finish();
  const text = await readFile(join(dir, FILE), "utf8");
  expect(text).toContain("step 3 attempt 1 failed in 3ms");
  expect(text).toContain("step 3 attempt 2 interrupted after 5ms: logs/api/*.jsonl matched 2 files");
});

test("a log whose folder a step deleted during the run is written again at its path, whole, with a note saying so", async () => {
  const directory = join(dir, ".context", "terminal");
  const reporter = new LogReporter({ directory, now });
  const events = failedRun();
  const cut = events.findIndex((e) => e.type === "diagnostics");
  for (const e of events.slice(0, cut + 1)) reporter.onEvent(e);
  await waitFor(async () => (await readdir(directory)).length > 0 && (await readFile(join(directory, FILE), "utf8")).includes("diagnostics"), "the first records in the file");
  await rm(join(dir, ".context"), { recursive: true });
  for (const e of events.slice(cut + 1)) reporter.onEvent(e);
  expect(await reporter.finish()).toEqual([join(directory, FILE)]);
  const text = await readFile(join(directory, FILE), "utf8");
  const whole = new LogReporter({ directory: join(dir, "whole"), now });
  for (const e of failedRun()) whole.onEvent(e);
  await whole.finish();
  expect(text).toStartWith(await readFile(join(dir, "whole", FILE), "utf8"));
  expect(masked(text.split("\n").at(-2)!)).toBe("<now> note: this file was deleted or moved during the run (a step removed or moved it or its folder) and is written again from the file the run kept open");
});

test("a log deleted during the run whose name another file took since is not written over: finish fails, naming it", async () => {
  const reporter = new LogReporter({ directory: dir, now });
  const events = failedRun();
  const started = events.findIndex((e) => e.type === "run-start") + 1;
  for (const e of events.slice(0, started)) reporter.onEvent(e);
  await waitFor(async () => (await readdir(dir)).includes(FILE), "the log opened");
  await rm(join(dir, FILE));
  await Bun.write(join(dir, FILE), "someone else's\n");
  for (const e of events.slice(started)) reporter.onEvent(e);
  await expect(reporter.finish()).rejects.toThrow(`${join(dir, FILE)} was deleted or moved during the run and another file now has its name`);
  expect(await readFile(join(dir, FILE), "utf8")).toBe("someone else's\n");
});
