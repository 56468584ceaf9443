// Tests of the tag (user story) × service view, and that every reporter carries the tags and names the broken ones.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reporter, RunEvent, StepStatus } from "../engine/events.ts";
import { ConsoleReporter } from "./console.ts";
import { runJson } from "./json.ts";
import { junitTree } from "./junit.ts";
import { MarkdownReporter } from "./markdown.ts";
import { type StepView, allStepViews } from "./run-record.ts";
import { recordRun } from "../../test/fixtures/report-runs.ts";
import { storyRun } from "../../test/fixtures/story-run.ts";
import { OTHER_SERVICE, brokenTagText, tagColumns, tagRows } from "./tags.ts";
import type { XmlElement } from "./xml.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tags-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function feed(reporter: Reporter, events: RunEvent[]): void {
  for (const e of events) reporter.onEvent(e);
}

test("rows per tag; a step with two tags counts in both; untagged steps are left out", () => {
  const rows = tagRows(allStepViews(recordRun(storyRun())));
  expect(rows.map((r) => [r.tag, r.status, r.totals, r.failedServices])).toEqual([
    ["us-001", "failed", { passed: 2, failed: 1, skipped: 0, interrupted: 0 }, ["vllm"]],
    ["us-002", "failed", { passed: 1, failed: 1, skipped: 0, interrupted: 0 }, ["vllm"]],
    ["us-003", "failed", { passed: 0, failed: 1, skipped: 1, interrupted: 0 }, ["vllm"]],
  ]);
  expect(Object.fromEntries(rows[0]!.services)).toEqual({
    [OTHER_SERVICE]: { passed: 1, failed: 0, skipped: 0, interrupted: 0 },
    vllm: { passed: 1, failed: 1, skipped: 0, interrupted: 0 },
  });
  expect(tagColumns(allStepViews(recordRun(storyRun())))).toEqual(["vllm", "loki", "grafana", OTHER_SERVICE]);
});

function view(index: number, tags: string[], status: StepStatus, service?: string): StepView {
  const step = { index, phase: "main" as const, name: `step ${index}`, kind: "http", service, tags };
  return { step, started: status !== "skipped", status, attempts: [], attemptCount: status === "skipped" ? 0 : 1, diagnostics: [], number: index + 1, cut: false };
}

test("a broken tag names its failing services; steps without a service read \"no service\", not \"((no service))\"", () => {
  const [setup, story] = tagRows([view(0, ["setup"], "failed"), view(1, ["us-001"], "failed", "vllm"), view(2, ["us-001"], "failed")]);
  expect(brokenTagText(setup!)).toBe("setup (no service)");
  expect(brokenTagText(story!, (t) => `\`${t}\``, (s) => s.toUpperCase())).toBe("`us-001` (VLLM, no service)");
});

test("rows are sorted by tag, numbers in numeric order", () => {
  const rows = tagRows([view(0, ["us-10"], "passed"), view(1, ["us-2", "setup"], "passed"), view(2, ["us-001"], "passed")]);
  expect(rows.map((r) => r.tag)).toEqual(["setup", "us-001", "us-2", "us-10"]);
});

test.each([
  ["every step passed", ["passed", "passed"], "passed"],
  ["a step skipped, none failed: not fully checked", ["passed", "skipped"], "skipped"],
  ["every step skipped", ["skipped", "skipped"], "skipped"],
  ["a step failed", ["passed", "failed", "skipped"], "failed"],
] as const)("a tag's status: %s", (_, statuses, status) => {
  const [row] = tagRows(statuses.map((s, i) => view(i, ["us-009"], s, "api")));
  expect(row!.status).toBe(status);
});

test("the Markdown report: the tag × service table, and problems found with the broken stories, causes and diagnostics", async () => {
  const reporter = new MarkdownReporter({ reportDir: dir });
  feed(reporter, storyRun());
  const [file] = await reporter.finish();
  expect(await readFile(file!, "utf8")).toMatchInlineSnapshot(`
    "## ❌ Full stack — failed

    | status | ❌ failed |
    | --- | --- |
    | steps | 4 passed, 2 failed, 1 skipped (7 in all) |
    | duration | 9.80s |
    | run id | \`r5t0r\` |
    | started | 2026-11-29T23:00:00Z |
    | file | \`scenarios/full-stack.yaml\` |

    ### Services

    | service | passed | failed | skipped |
    | --- | ---: | ---: | ---: |
    | ❌ vllm | 1 | 2 | 0 |
    | ✅ loki | 1 | 0 | 0 |
    | ⏭️ grafana | 0 | 0 | 1 |

    ### User stories (tags) × services

    | tag | vllm | loki | grafana | (no service) |
    | --- | --- | --- | --- | --- |
    | ❌ \`us-001\` | ❌ 1/2 |  |  | ✅ 1/1 |
    | ❌ \`us-002\` | ❌ 0/1 | ✅ 1/1 |  |  |
    | ❌ \`us-003\` | ❌ 0/1 |  | ⏭️ 0/1 |  |

    Each cell: steps passed / steps with that tag and service.

    ### Steps

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | Serving file up \`us-001\` |  | ✅ passed | 1 | 9.00s |
    | 2 | vLLM writes a fresh log \`us-001\` | vllm | ❌ failed | 1 | 2ms |
    | 3 | GET /v1/models \`us-001\` | vllm | ✅ passed | 1 | 5ms |
    | 4 | Loki has the service label \`us-002\` | loki | ✅ passed | 1 | 3ms |
    | 5 | vLLM lines in Loki \`us-002\` \`us-003\` | vllm | ❌ failed | 1 | 4ms |
    | 6 | Grafana answers \`us-003\` | grafana | ⏭️ skipped: an earlier step failed |  |  |

    ### Teardown

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | compose down |  | ✅ passed | 1 | 700ms |

    ### Summary

    |  | checks | steps | attempts |
    | --- | ---: | --- | ---: |
    | all steps | 33.33% (1/3) | 4 passed, 2 failed, 1 skipped | 6 |
    | vllm | 33.33% (1/3) | 1 passed, 2 failed | 3 |
    | loki |  | 1 passed | 1 |
    | grafana |  | 0 passed, 1 skipped | 0 |

    ### Problems found

    **Broken:** \`us-001\` (vllm), \`us-002\` (vllm), \`us-003\` (vllm).

    #### ❌ 2. vLLM writes a fresh log (vllm) \`us-001\`

    Failed after 1 attempt in 2ms.

    **Cause:** \`count: expected >= 1, actual 0\`

    \`vllm/*.log matched 0 files\`

    | path | expected | actual |
    | --- | --- | --- |
    | \`count\` | \`>= 1\` | \`0\` |

    **Observed:** \`files=0\`

    **Diagnostics**

    <details><summary>logs of vllm</summary>

    \`\`\`text
    INFO: Loading model weights took 0.1 GB
    \`\`\`

    </details>

    #### ❌ 5. vLLM lines in Loki (vllm) \`us-002\` \`us-003\`

    Failed after 1 attempt in 4ms.

    **Cause:** \`lines: expected >= 1, actual 0\`

    \`{service="vllm"} returned 0 lines\`

    | path | expected | actual |
    | --- | --- | --- |
    | \`lines\` | \`>= 1\` | \`0\` |
    "
  `);
});

test("a run without problems says so under problems found", async () => {
  const events = storyRun().flatMap((e): RunEvent[] => {
    if (e.type === "diagnostics") return [];
    if (e.type === "step-end") return [{ ...e, status: "passed", attempts: 1, result: { checks: [] } }];
    if (e.type === "attempt-end") return [{ ...e, ok: true, result: { checks: [] } }];
    if (e.type === "run-end") return [{ ...e, status: "passed" }];
    return [e];
  });
  const reporter = new MarkdownReporter({ reportDir: dir });
  feed(reporter, events);
  const [file] = await reporter.finish();
  const text = await readFile(file!, "utf8");
  expect(text).toContain("| ✅ `us-001` | ✅ 2/2 |  |  | ✅ 1/1 |");
  expect(text).toEndWith("### Problems found\n\nNone.\n");
});

test("the JSON report: every step's tags, and per tag its status, counts and failed services", () => {
  const doc = runJson(recordRun(storyRun()));
  expect(doc.steps.map((s) => [s.name, s.tags])).toEqual([
    ["Serving file up", ["us-001"]],
    ["vLLM writes a fresh log", ["us-001"]],
    ["GET /v1/models", ["us-001"]],
    ["Loki has the service label", ["us-002"]],
    ["vLLM lines in Loki", ["us-002", "us-003"]],
    ["Grafana answers", ["us-003"]],
    ["compose down", []],
  ]);
  expect(doc.tags).toMatchInlineSnapshot(`
    [
      {
        "failed": 1,
        "failedServices": [
          "vllm",
        ],
        "interrupted": 0,
        "passed": 2,
        "services": {
          "(no service)": {
            "failed": 0,
            "interrupted": 0,
            "passed": 1,
            "skipped": 0,
          },
          "vllm": {
            "failed": 1,
            "interrupted": 0,
            "passed": 1,
            "skipped": 0,
          },
        },
        "skipped": 0,
        "status": "failed",
        "tag": "us-001",
      },
      {
        "failed": 1,
        "failedServices": [
          "vllm",
        ],
        "interrupted": 0,
        "passed": 1,
        "services": {
          "loki": {
            "failed": 0,
            "interrupted": 0,
            "passed": 1,
            "skipped": 0,
          },
          "vllm": {
            "failed": 1,
            "interrupted": 0,
            "passed": 0,
            "skipped": 0,
          },
        },
        "skipped": 0,
        "status": "failed",
        "tag": "us-002",
      },
      {
        "failed": 1,
        "failedServices": [
          "vllm",
        ],
        "interrupted": 0,
        "passed": 0,
        "services": {
          "grafana": {
            "failed": 0,
            "interrupted": 0,
            "passed": 0,
            "skipped": 1,
          },
          "vllm": {
            "failed": 1,
            "interrupted": 0,
            "passed": 0,
            "skipped": 0,
          },
        },
        "skipped": 1,
        "status": "failed",
        "tag": "us-003",
      },
    ]
  `);
});

test("the JUnit report: each test case lists its tags as properties", () => {
  const cases = (junitTree([recordRun(storyRun())]).children as XmlElement[])[0]!.children as XmlElement[];
  const tagsOf = (c: XmlElement) =>
    ((c.children as XmlElement[]).find((x) => x.name === "properties")?.children as XmlElement[] | undefined)?.map((p) => `${p.attrs!.name}=${p.attrs!.value}`) ?? [];
  expect(cases.filter((c) => c.name === "testcase").map((c) => [c.attrs!.name, tagsOf(c)])).toEqual([
    ["Serving file up", ["tag=us-001"]],
    ["vLLM writes a fresh log", ["tag=us-001"]],
    ["GET /v1/models", ["tag=us-001"]],
    ["Loki has the service label", ["tag=us-002"]],
    ["vLLM lines in Loki", ["tag=us-002", "tag=us-003"]],
    ["Grafana answers", ["tag=us-003"]],
    ["teardown: compose down", []],
  ]);
});

test("the console: tags beside each step, and the broken tags with their services at the end", () => {
  let out = "";
  const reporter = new ConsoleReporter({ stream: { write: (t: string) => (out += t) }, color: false });
  feed(reporter, storyRun());
  expect(out).toContain("✗ vLLM lines in Loki [vllm] #us-002 #us-003 (4ms, 1 attempt)");
  expect(out.trimEnd().split("\n").at(-1)).toBe("    broken: us-001 (vllm), us-002 (vllm), us-003 (vllm)");
});
