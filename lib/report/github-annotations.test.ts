// Tests of the GitHub Actions annotations: one `::error` per failing step with file, line and title, escaped as GitHub requires.
import { expect, test } from "bun:test";
import { failedRun, interruptedRun, trickyTextRun } from "../../test/fixtures/report-runs.ts";
import { GithubAnnotations } from "./github-annotations.ts";
import type { RunEvent } from "../engine/events.ts";
import type { StepInfo } from "../engine/events.ts";

async function annotate(events: RunEvent[]): Promise<string> {
  let out = "";
  const reporter = new GithubAnnotations({ stream: { write: (t: string) => (out += t) } });
  for (const e of events) reporter.onEvent(e);
  expect(await reporter.finish()).toEqual([]);
  return out;
}

test("each failing step is one ::error line naming the repository path, the step's line and a title", async () => {
  const events = failedRun().map((e): RunEvent => ("step" in e && e.step.index === 2 ? { ...e, step: { ...e.step, line: 17 } } : e));
  events.unshift({ type: "info", key: "path in repository", value: "scenarios/demo.yaml" });
  const out = await annotate(events);
  const lines = out.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toStartWith("::error file=scenarios/demo.yaml,line=17,title=Demo%3A logging pipeline%3A step 3 API writes JSON logs failed::logs/api/*.jsonl matched 2 files (1.2 KiB)%0Acontains: expected contains \"level|error\", actual ");
  expect(lines[0]).toEndWith("%0Arequired_fields.message: expected exists, actual (missing)%0Aafter 2 attempts");
});

test("a failed teardown step is annotated too; without a recorded line there is no line property", async () => {
  const out = await annotate(interruptedRun());
  expect(out).toBe(
    "::error file=scenarios/demo.yaml,title=Demo%3A logging pipeline%3A teardown step 1 compose down failed::docker compose down exited 1:%0Ano such project\\x07\n" +
      // Its step 2 never ended: the run is interrupted, which no step's annotation says.
      "::warning file=scenarios/demo.yaml,title=Demo%3A logging pipeline%3A interrupted::interrupted (Ctrl-C or SIGTERM): 1 step was cut short before it ended\n",
  );
});

test("a passing run writes nothing", async () => {
  const events = failedRun().filter((e) => !(e.type === "step-end" && e.status === "failed"));
  expect(await annotate(events.map((e) => (e.type === "run-end" ? { ...e, status: "passed" as const } : e)))).toBe("");
});

test("a crossed threshold is one ::error on the scenario file, with the expression and the value observed; one that held writes nothing", async () => {
  const events = failedRun().filter((e) => !(e.type === "step-end" && e.status === "failed"));
  const end = events.findIndex((e) => e.type === "run-end");
  events.splice(end, 0, {
    type: "thresholds",
    results: [
      { key: "http_req_duration{service:api}", expression: "p(95)<300", metric: "http_req_duration", method: "p", p: 95, ok: false, observed: 344.5, samples: 6 },
      { key: "checks", expression: "rate>0.9", metric: "checks", method: "rate", ok: true, observed: 1, samples: 6 },
    ],
  });
  events.unshift({ type: "info", key: "path in repository", value: "scenarios/demo.yaml" });
  expect(await annotate(events)).toBe("::error file=scenarios/demo.yaml,title=Demo%3A logging pipeline%3A threshold http_req_duration{service%3Aapi} crossed::'p(95)<300' p(95)=344.50ms\n");
});

test("a crossed threshold's annotation is on the line and column of its expression, as a step's is on its line", async () => {
  const events = failedRun().filter((e) => !(e.type === "step-end" && e.status === "failed"));
  events.splice(events.findIndex((e) => e.type === "run-end"), 0, {
    type: "thresholds",
    results: [
      { key: "http_req_duration", expression: "p(95)<250", metric: "http_req_duration", method: "p", p: 95, ok: false, observed: 302.02, samples: 6, line: 14, col: 23 },
      { key: "checks", expression: "rate>0.9", metric: "checks", method: "rate", ok: true, observed: 1, samples: 6, line: 15, col: 12 },
    ],
  });
  expect(await annotate(events)).toBe("::error file=scenarios/demo.yaml,line=14,col=23,title=Demo%3A logging pipeline%3A threshold http_req_duration crossed::'p(95)<250' p(95)=302.02ms\n");
});

test("a run interrupted while no step was running is one ::warning on the scenario file: no step carried it", async () => {
  const { SKIPPED_BY_INTERRUPT } = await import("../core/abort-text.ts");
  const step = { index: 0, phase: "main" as const, name: "s", kind: "shell", tags: [] };
  const out = await annotate([
    { type: "run-start", scenario: "pre", file: "pre.yaml", runId: "r", startedAt: new Date(0), steps: [step] },
    { type: "step-end", step, status: "skipped", attempts: 0, durationMs: 0, reason: SKIPPED_BY_INTERRUPT },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 0, failed: 0, skipped: 1, interrupted: 0 }, endedAt: new Date(1) },
  ]);
  expect(out).toBe("::warning file=pre.yaml,title=pre%3A interrupted::interrupted (Ctrl-C or SIGTERM) while no step was running: 1 step did not run\n");
});

test("a run interrupted after its steps had run (during teardown or the cleanup) is one ::warning too: it exits 130", async () => {
  const step: StepInfo = { index: 0, phase: "main", name: "s", kind: "shell", tags: [] };
  const out = await annotate([
    { type: "run-start", scenario: "late", file: "late.yaml", runId: "r", startedAt: new Date(0), steps: [step] },
    { type: "step-end", step, status: "passed", attempts: 1, durationMs: 1, result: { checks: [] } },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 1, failed: 0, skipped: 0, interrupted: 0 }, endedAt: new Date(1) },
  ]);
  expect(out).toBe("::warning file=late.yaml,title=late%3A interrupted::interrupted (Ctrl-C or SIGTERM) after its steps had run (during teardown or the cleanup): the run ends as interrupted, exit code 130\n");
});

test("characters that reorder or hide text are shown as \\uXXXX in an annotation's title and message, as control characters are shown as \\xNN", async () => {
  const out = await annotate(trickyTextRun());
  // Before: the pull request's annotation named the step "API log logs @bob" (U+202E reversed "gol").
  expect(out).toStartWith("::error file=scenarios/demo.yaml,title=Deploy for @alice%3A step 3 API \\u202Egol\\u202C logs @bob\\u200B\\uFEFF failed::logs/api/*.jsonl matched 2 files (1.2 KiB)%0Adenied for @carol \\u202E%0Acontains: ");
  expect(out).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
});
