// Tests of the JUnit reporter: the whole document, well-formedness (parsed back strictly), counts and escaping.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent, StepInfo } from "../engine/events.ts";
import { STARTED, failedRun, interruptedRun, trickyTextRun } from "../../test/fixtures/report-runs.ts";
import { JunitReporter } from "./junit.ts";
import { all, parseXml } from "../../test/helpers/xml.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "junit-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function junit(events: RunEvent[]): Promise<{ path: string; xml: string }> {
  const reporter = new JunitReporter({ reportDir: dir });
  for (const e of events) reporter.onEvent(e);
  const [path, latest, ...rest] = await reporter.finish();
  expect(latest).toBe(join(dir, "latest.xml"));
  expect(rest).toEqual([]);
  expect((await readdir(dir)).sort()).toEqual([path!.slice(dir.length + 1), "latest.xml"].sort()); // no temporary file left
  const xml = await readFile(path!, "utf8");
  expect(await readFile(latest!, "utf8")).toBe(xml);
  return { path: path!, xml };
}

test("a step that passed with a warning (a hold started over) says it in its system-out", async () => {
  const flap = "it failed while held (attempt 2, 5ms into the hold of 10ms); the hold started over and was kept";
  const events = failedRun().map((e) => (e.type === "step-end" && e.status === "passed" && e.step.index === 1 ? { ...e, result: { ...e.result!, warnings: [flap] } } : e));
  const { xml } = await junit(events);
  expect(xml).toContain(`<system-out>GET http://127.0.0.1:8080/health → 200 in 4ms\nwarning: ${flap}\nobserved: status=200 latency_ms=4</system-out>`);
});

test("a failed run: the whole document", async () => {
  const { path, xml } = await junit(failedRun());
  expect(path).toBe(join(dir, "demo-logging-pipeline-20261122T015130Z.xml"));
  expect(xml).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="scenario" tests="5" failures="1" errors="0" skipped="1" time="2.345">
      <testsuite name="Demo: logging pipeline" tests="5" failures="1" errors="0" skipped="1" time="2.345" timestamp="2026-11-22T01:51:30Z" file="scenarios/demo.yaml">
        <properties>
          <property name="status" value="failed"/>
          <property name="run id" value="r1a2b"/>
          <property name="file" value="scenarios/demo.yaml"/>
          <property name="description" value="Starts a tiny API and checks its logs."/>
          <property name="compose engine" value="docker compose 2.26.1"/>
          <property name="bun" value="1.4.5"/>
          <property name="checks" value="50.00% 2 out of 4, 2 failed"/>
          <property name="steps" value="3 passed, 1 failed, 1 skipped"/>
          <property name="attempts" value="5"/>
        </properties>
        <testcase name="Start demo server" classname="shell" time="0.012">
          <system-out>started bun demo/server.ts (pid 4242)</system-out>
        </testcase>
        <testcase name="Health endpoint answers" classname="api" time="0.004">
          <properties>
            <property name="tag" value="US-001"/>
          </properties>
          <system-out>GET http://127.0.0.1:8080/health → 200 in 4ms
    observed: status=200 latency_ms=4</system-out>
        </testcase>
        <testcase name="API writes JSON logs" classname="api" time="1.510">
          <failure message="contains: expected contains &quot;level|error&quot;, actual &quot;a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (114 more chars) (and 1 more)" type="expectation">contains: expected contains "level|error", actual "a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    required_fields.message: expected exists, actual (missing)
    after 2 attempts</failure>
          <system-out>logs/api/*.jsonl matched 2 files (1.2 KiB)
    observed: files=2 bytes=1234
    --- first lines of logs/api/app.jsonl ---
    {"level":"info","msg":"&lt;ready&gt; &amp; \\"set\\""}
    {"level":"info"}
    --- compose ps ---
    NAME   STATUS
    api    running
    --- logs of api ---
    api  | ready
    api  | \`\`\`oops\`\`\`</system-out>
        </testcase>
        <testcase name="Logs reach Loki" classname="loki" time="0.000">
          <skipped message="an earlier step failed"/>
        </testcase>
        <testcase name="teardown: compose down" classname="compose" time="0.800">
          <system-out>docker compose down</system-out>
        </testcase>
      </testsuite>
    </testsuites>
    "
  `);
});

test("parsed back: one suite, a testcase per step, failures and skips where the run had them", async () => {
  const root = parseXml((await junit(failedRun())).xml);
  expect(root.name).toBe("testsuites");
  const [suite, ...more] = all(root, "testsuite");
  expect(more).toEqual([]);
  expect(suite!.attrs).toMatchObject({ tests: "5", failures: "1", skipped: "1", errors: "0", time: "2.345" });
  const cases = all(root, "testcase");
  expect(cases.map((c) => [c.attrs.name, c.attrs.classname])).toEqual([
    ["Start demo server", "shell"],
    ["Health endpoint answers", "api"],
    ["API writes JSON logs", "api"],
    ["Logs reach Loki", "loki"],
    ["teardown: compose down", "compose"],
  ]);
  const [failure, ...otherFailures] = all(root, "failure");
  expect(otherFailures).toEqual([]);
  expect(failure!.attrs.message).toStartWith('contains: expected contains "level|error", actual "a | b `tick` xxx');
  expect(failure!.attrs.message).toEndWith("(and 1 more)");
  expect(failure!.text).toContain("required_fields.message: expected exists, actual (missing)");
  expect(all(root, "skipped").map((s) => s.attrs.message)).toEqual(["an earlier step failed"]);
  const out = all(cases[2]!, "system-out")[0]!.text;
  expect(out).toContain('--- first lines of logs/api/app.jsonl ---\n{"level":"info","msg":"<ready> & \\"set\\""}');
  expect(out).toContain("--- compose ps ---\nNAME   STATUS");
});

test("an interrupted run: the suite says so and unrun steps are skipped", async () => {
  const root = parseXml((await junit(interruptedRun())).xml);
  const props = Object.fromEntries(all(root, "property").map((p) => [p.attrs.name, p.attrs.value]));
  expect(props.status).toBe("interrupted");
  expect(all(root, "skipped").map((s) => s.attrs.message)).toEqual([
    "interrupted during attempt 2",
    "not run (the run was interrupted)",
    "not run (the run was interrupted)",
  ]);
  expect(all(root, "failure")[0]!.text).toBe("error: docker compose down exited 1:\nno such project\\x07");
});

test("markup, quotes, control characters and broken surrogates are escaped into well-formed XML", async () => {
  const nasty = `a<b>&c"d'e \u0000\u0001\u001b[31mred\u001b[0m\u000b\ud800 end\ttab`;
  const step: StepInfo = { index: 0, phase: "main", name: nasty, kind: "shell", service: `svc"&'`, tags: [] };
  const result = { checks: [{ path: "stdout", expected: `contains "<&>"`, actual: nasty, ok: false }], details: [{ title: "out]]>", body: `]]> ${nasty}` }] };
  const { xml } = await junit([
    { type: "info", key: "k<&>", value: `v"'\u0002` },
    { type: "run-start", scenario: nasty, file: "x.yaml", runId: "r", startedAt: STARTED, steps: [step] },
    { type: "step-start", step },
    { type: "attempt-end", step, attempt: 1, ok: false, durationMs: 1, result },
    { type: "step-end", step, status: "failed", attempts: 1, durationMs: 1, result },
    { type: "run-end", status: "failed", durationMs: 5, totals: { passed: 0, failed: 1, skipped: 0, interrupted: 0 }, endedAt: STARTED },
  ]);
  const root = parseXml(xml);
  const shown = `a<b>&c"d'e \\x00\\x01red\\x0B\uFFFD end\ttab`;
  expect(all(root, "testsuite")[0]!.attrs.name).toBe(shown);
  const tc = all(root, "testcase")[0]!;
  expect(tc.attrs).toMatchObject({ name: shown, classname: `svc"&'` });
  expect(all(root, "property").find((p) => p.attrs.name === "k<&>")?.attrs.value).toBe(`v"'\\x02`);
  expect(all(tc, "failure")[0]!.text).toBe(`stdout: expected contains "<&>", actual ${JSON.stringify(nasty)}`); // JSON-quoted: already printable
  expect(all(tc, "system-out")[0]!.text).toBe(`--- out]]> ---\n]]> ${shown}`);
});

test("the strict parser used here rejects what is not well-formed", () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  for (const bad of ["<a>&</a>", "<a>&foo;</a>", '<a b="<"/>', "<a><b></a></b>", "<a>\u0001</a>", "<a>&#1;</a>", "<a/><b/>", '<a b="1" b="2"/>']) {
    expect(() => parseXml(head + bad)).toThrow();
  }
  expect(parseXml(`${head}<a x='&apos;'>t&amp;&#233;</a>`)).toEqual({ name: "a", attrs: { x: "'" }, children: [], text: "t&é" });
});

test("steps of one name are test cases of distinct names: GitLab keys a case by class name and name, and took two failed ones for one", async () => {
  const steps: StepInfo[] = [0, 1, 2].map((index) => ({ index, phase: "main", name: "check", kind: "shell", tags: [] }));
  const result = { checks: [{ path: "exit_code", expected: "== 0", actual: 1, ok: false }] };
  const { xml } = await junit([
    { type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: STARTED, steps },
    ...steps.flatMap((step): RunEvent[] => [
      { type: "step-start", step },
      { type: "attempt-end", step, attempt: 1, ok: false, durationMs: 1, result },
      { type: "step-end", step, status: "failed", attempts: 1, durationMs: 1, result },
    ]),
    { type: "run-end", status: "failed", durationMs: 5, totals: { passed: 0, failed: 3, skipped: 0, interrupted: 0 }, endedAt: STARTED },
  ]);
  const cases = all(parseXml(xml), "testcase");
  expect(cases.map((c) => c.attrs.name)).toEqual(["check", "check (2)", "check (3)"]);
  expect(cases.every((c) => all(c, "failure").length === 1)).toBe(true);
});

test("a run interrupted while no step was running has a test case in error: its suite read 0 failures, 0 errors", async () => {
  const { SKIPPED_BY_INTERRUPT } = await import("../core/abort-text.ts");
  const steps: StepInfo[] = [0, 1].map((index) => ({ index, phase: "main", name: `s${index}`, kind: "shell", tags: [] }));
  const { xml } = await junit([
    { type: "run-start", scenario: "pre", file: "pre.yaml", runId: "r", startedAt: STARTED, steps },
    ...steps.map((step): RunEvent => ({ type: "step-end", step, status: "skipped", attempts: 0, durationMs: 0, reason: SKIPPED_BY_INTERRUPT })),
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 0, failed: 0, skipped: 2, interrupted: 0 }, endedAt: STARTED },
  ]);
  const root = parseXml(xml);
  expect(all(root, "testsuite")[0]!.attrs).toMatchObject({ tests: "3", failures: "0", errors: "1", skipped: "2" });
  expect(root.attrs).toMatchObject({ tests: "3", errors: "1" });
  const error = all(root, "error");
  expect(error.map((e) => [e.attrs.type, e.attrs.message])).toEqual([["interrupted", "interrupted (Ctrl-C or SIGTERM) while no step was running: 2 steps did not run"]]);
});

test("a run interrupted after its steps ended (during teardown or the cleanup) has such a test case too: it exits 130 as interrupted", async () => {
  const step: StepInfo = { index: 0, phase: "main", name: "s", kind: "shell", tags: [] };
  const { xml } = await junit([
    { type: "run-start", scenario: "late", file: "late.yaml", runId: "r", startedAt: STARTED, steps: [step] },
    { type: "step-start", step },
    { type: "step-end", step, status: "passed", attempts: 1, durationMs: 1, result: { checks: [] } },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 1, failed: 0, skipped: 0, interrupted: 0 }, endedAt: STARTED },
  ]);
  const root = all(parseXml(xml), "testsuite")[0]!;
  expect(root.attrs).toMatchObject({ tests: "2", errors: "1" });
  expect(all(root, "error").map((e) => [e.attrs.type, e.attrs.message])).toEqual([
    ["interrupted", "interrupted (Ctrl-C or SIGTERM) after its steps had run (during teardown or the cleanup): the run ends as interrupted, exit code 130"],
  ]);
});

test("characters that reorder or hide text are shown as \\uXXXX in names and messages, as control characters are shown as \\xNN", async () => {
  const { xml } = await junit(trickyTextRun());
  // Before: a CI page showing the test case named it "API log logs @bob" (U+202E reversed "gol"), and its error hid U+202E.
  expect(xml).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
  const root = parseXml(xml);
  const cases = all(root, "testcase");
  expect(cases[2]!.attrs.name).toBe("API \\u202Egol\\u202C logs @bob\\u200B\\uFEFF");
  expect(cases[3]!.attrs.classname).toBe("loki \\u2066@erin\\u2069");
  expect(all(cases[2]!, "failure")[0]!.text).toContain("denied for @carol \\u202E");
});
