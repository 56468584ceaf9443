// Tests of the JSON reporter: the whole document of an interrupted run, and one file per run, written atomically.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent } from "../engine/events.ts";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { JsonReporter, jsonText, runJson } from "./json.ts";
import { RunCollector } from "./run-record.ts";
import { manyStepsRun } from "../../test/fixtures/many-steps-run.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "json-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function json(events: RunEvent[]): Promise<unknown> {
  const reporter = new JsonReporter({ reportDir: dir });
  for (const e of events) reporter.onEvent(e);
  const paths = await reporter.finish();
  expect(paths).toEqual([join(dir, "demo-logging-pipeline-20261122T015130Z.json"), join(dir, "latest.json")]);
  expect((await readdir(dir)).sort()).toEqual(["demo-logging-pipeline-20261122T015130Z.json", "latest.json"]);
  const text = await readFile(paths[0]!, "utf8");
  expect(await readFile(paths[1]!, "utf8")).toBe(text);
  return JSON.parse(text);
}

test("an interrupted run: the whole document", async () => {
  expect(await json(interruptedRun())).toMatchInlineSnapshot(`
    {
      "durationMs": 1000,
      "endedAt": "2026-11-22T01:51:31.250Z",
      "file": "scenarios/demo.yaml",
      "info": {},
      "runId": "r9z8y",
      "scenario": "Demo: logging pipeline",
      "startedAt": "2026-11-22T01:51:30.250Z",
      "status": "interrupted",
      "steps": [
        {
          "attemptCount": 1,
          "attempts": [
            {
              "attempt": 1,
              "checks": [],
              "durationMs": 10,
              "ok": true,
            },
          ],
          "checks": [],
          "details": [],
          "diagnostics": [],
          "durationMs": 10,
          "index": 0,
          "interrupted": false,
          "kind": "shell",
          "name": "Start demo server",
          "number": 1,
          "phase": "main",
          "started": true,
          "status": "passed",
          "tags": [],
        },
        {
          "attemptCount": 2,
          "attempts": [
            {
              "attempt": 1,
              "checks": [],
              "durationMs": 2,
              "error": "connect ECONNREFUSED 127.0.0.1:8080",
              "ok": false,
            },
            {
              "attempt": 2,
            },
          ],
          "checks": [],
          "details": [],
          "diagnostics": [],
          "error": "connect ECONNREFUSED 127.0.0.1:8080",
          "index": 1,
          "interrupted": true,
          "kind": "http",
          "name": "Health endpoint answers",
          "number": 2,
          "phase": "main",
          "reason": "interrupted during attempt 2",
          "service": "api",
          "started": true,
          "status": "skipped",
          "tags": [
            "US-001",
          ],
        },
        {
          "attemptCount": 0,
          "attempts": [],
          "checks": [],
          "details": [],
          "diagnostics": [],
          "index": 2,
          "interrupted": false,
          "kind": "files",
          "name": "API writes JSON logs",
          "number": 3,
          "phase": "main",
          "reason": "not run (the run was interrupted)",
          "service": "api",
          "started": false,
          "status": "skipped",
          "tags": [],
        },
        {
          "attemptCount": 0,
          "attempts": [],
          "checks": [],
          "details": [],
          "diagnostics": [],
          "index": 3,
          "interrupted": false,
          "kind": "logql",
          "name": "Logs reach Loki",
          "number": 4,
          "phase": "main",
          "reason": "not run (the run was interrupted)",
          "service": "loki",
          "started": false,
          "status": "skipped",
          "tags": [],
        },
        {
          "attemptCount": 1,
          "attempts": [
            {
              "attempt": 1,
              "checks": [],
              "durationMs": 30,
              "error": 
    "docker compose down exited 1:
    no such project\x07"
    ,
              "ok": false,
            },
          ],
          "checks": [],
          "details": [],
          "diagnostics": [],
          "durationMs": 30,
          "error": 
    "docker compose down exited 1:
    no such project\x07"
    ,
          "index": 4,
          "interrupted": false,
          "kind": "compose",
          "name": "compose down",
          "number": 1,
          "phase": "teardown",
          "started": true,
          "status": "failed",
          "tags": [],
        },
      ],
      "summary": {
        "durationMs": 1000,
        "services": [
          {
            "metrics": {
              "attempts": 2,
              "checks": {
                "failed": 0,
                "passed": 0,
              },
              "data_received": {
                "bytes": 0,
                "rate": 0,
              },
              "data_sent": {
                "bytes": 0,
                "rate": 0,
              },
              "http_req_failed": {
                "failed": 0,
              },
              "http_reqs": {
                "count": 0,
                "rate": 0,
              },
              "steps": {
                "failed": 0,
                "interrupted": 0,
                "passed": 0,
                "skipped": 2,
              },
            },
            "service": "api",
          },
          {
            "metrics": {
              "attempts": 0,
              "checks": {
                "failed": 0,
                "passed": 0,
              },
              "data_received": {
                "bytes": 0,
                "rate": 0,
              },
              "data_sent": {
                "bytes": 0,
                "rate": 0,
              },
              "http_req_failed": {
                "failed": 0,
              },
              "http_reqs": {
                "count": 0,
                "rate": 0,
              },
              "steps": {
                "failed": 0,
                "interrupted": 0,
                "passed": 0,
                "skipped": 1,
              },
            },
            "service": "loki",
          },
        ],
        "total": {
          "attempts": 4,
          "checks": {
            "failed": 1,
            "passed": 0,
            "rate": 0,
          },
          "data_received": {
            "bytes": 0,
            "rate": 0,
          },
          "data_sent": {
            "bytes": 0,
            "rate": 0,
          },
          "http_req_failed": {
            "failed": 0,
          },
          "http_reqs": {
            "count": 0,
            "rate": 0,
          },
          "steps": {
            "failed": 1,
            "interrupted": 0,
            "passed": 1,
            "skipped": 3,
          },
        },
      },
      "tags": [
        {
          "failed": 0,
          "failedServices": [],
          "interrupted": 0,
          "passed": 0,
          "services": {
            "api": {
              "failed": 0,
              "interrupted": 0,
              "passed": 0,
              "skipped": 1,
            },
          },
          "skipped": 1,
          "status": "skipped",
          "tag": "US-001",
        },
      ],
      "thresholds": [],
      "totals": {
        "failed": 1,
        "interrupted": 0,
        "passed": 1,
        "skipped": 3,
      },
      "version": 1,
    }
  `);
});

test("a failed run keeps every attempt, the last result's captures and details, and diagnostics", async () => {
  const doc = (await json(failedRun())) as { status: string; totals: unknown; info: unknown; steps: Record<string, unknown>[] };
  expect(doc.status).toBe("failed");
  expect(doc.totals).toEqual({ passed: 3, failed: 1, skipped: 1, interrupted: 0 });
  expect(doc.info).toEqual({ "compose engine": "docker compose 2.26.1", bun: "1.4.5" });
  const logs = doc.steps[2]!;
  expect(logs).toMatchObject({ name: "API writes JSON logs", status: "failed", attemptCount: 2, observed: { files: 2, bytes: 1234 } });
  expect((logs.attempts as unknown[]).length).toBe(2);
  expect(logs.checks).toContainEqual({ path: "required_fields.message", expected: "exists", ok: false }); // a missing actual has no key
  expect(logs.details).toEqual([{ title: "first lines of logs/api/app.jsonl", body: '{"level":"info","msg":"<ready> & \\"set\\""}\n{"level":"info"}' }]);
  expect((logs.diagnostics as { title: string }[]).map((d) => d.title)).toEqual(["compose ps", "logs of api"]);
  expect(doc.steps[3]).toMatchObject({ status: "skipped", reason: "an earlier step failed", started: false, attempts: [] });
});

test("an actual NaN or ±Infinity is written by name, not as JSON's null (a value the server never sent)", async () => {
  const inf = [{ path: "json $.v", expected: "== 5", actual: Infinity, ok: false }, { path: "json $.w", expected: "> 0", actual: -Infinity, ok: false }, { path: "x", expected: "== 1", actual: NaN, ok: false }];
  const events = failedRun().map((e) => (e.type === "step-end" && e.step.index === 1 ? { ...e, result: { ...e.result!, checks: inf } } : e));
  const doc = (await json(events)) as { steps: { checks: { actual: unknown }[] }[] };
  expect(doc.steps[1]!.checks.map((c) => c.actual)).toEqual(["Infinity", "-Infinity", "NaN"]);
});

test("a check with nothing to look for is a failed check, without the engine's own mark for not", async () => {
  const empty = { path: "stdout", expected: "matches //", actual: "nothing to look for: an empty pattern matches every text", ok: false, empty: true as const };
  const events = failedRun().map((e) => (e.type === "step-end" && e.step.index === 1 || e.type === "attempt-end" && e.step.index === 1 ? { ...e, result: { ...e.result!, checks: [empty] } } : e));
  const doc = (await json(events)) as { steps: { checks: unknown[]; attempts: { checks: unknown[] }[] }[] };
  const { empty: _, ...shown } = empty;
  expect([doc.steps[1]!.checks, doc.steps[1]!.attempts[0]!.checks]).toEqual([[shown], [shown]]);
});

test("jsonText: the text a big-integer replacer gives, with and without big integers; a cycle throws as it did", () => {
  const replacer = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);
  const runs = [runJson(collected(failedRun())), runJson(collected(manyStepsRun(50)))];
  const withBig = { ...runs[0], steps: [{ actual: 12345678901234567890n, nested: [1n, { n: -2n }] }] };
  for (const value of [...runs, withBig, { date: new Date(0), undef: undefined, list: [undefined, () => 1] }, 1n, "x", null]) {
    expect(jsonText(value)).toBe(JSON.stringify(value, replacer, 2));
  }
  expect(jsonText(withBig)).toContain('"actual": "12345678901234567890"');
  const cycle: Record<string, unknown> = { big: 1n };
  cycle.self = cycle;
  expect(() => jsonText(cycle)).toThrow(((): Error => {
    try {
      JSON.stringify(cycle, replacer, 2);
    } catch (error) {
      return error as Error;
    }
    throw new Error("no cycle error");
  })().message);
});

function collected(events: RunEvent[]) {
  const runs = new RunCollector();
  for (const e of events) runs.onEvent(e);
  return runs.current!;
}
