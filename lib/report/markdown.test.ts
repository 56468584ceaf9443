// Tests of the Markdown reporter: whole reports, the files it writes, the step summary and the doc block.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent } from "../engine/events.ts";
import { STARTED, failedRun, interruptedRun, trickyTextRun } from "../../test/fixtures/report-runs.ts";
import { MarkdownReporter, type MarkdownReporterOptions } from "./markdown.ts";
import { PartlyWritten } from "./multiplexer.ts";
import { mdCode, mdFence, mdText } from "./markdown-text.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "md-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(events: RunEvent[], options: Partial<MarkdownReporterOptions> = {}): Promise<string[]> {
  const reporter = new MarkdownReporter({ reportDir: join(dir, "reports"), ...options });
  for (const e of events) reporter.onEvent(e);
  return reporter.finish();
}

test("a service with a skipped step is not marked passed: not all of its checks ran", async () => {
  const events = failedRun().flatMap((e): RunEvent[] => {
    if (e.type === "diagnostics" || ("step" in e && e.step.index === 2 && e.type !== "step-end")) return [];
    if (e.type === "step-end" && e.step.index === 2) return [{ type: "step-end", step: e.step, status: "skipped", attempts: 0, durationMs: 0, reason: "not selected" }];
    return [e];
  });
  await run(events);
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toContain("| ⏭️ api | 1 | 0 | 1 |");
});

test("a failed run: report file and latest.md, identical, and no temporary file", async () => {
  const paths = await run(failedRun());
  const file = join(dir, "reports", "demo-logging-pipeline-20261122T015130Z.md");
  expect(paths).toEqual([file, join(dir, "reports", "latest.md")]);
  expect((await readdir(join(dir, "reports"))).sort()).toEqual(["demo-logging-pipeline-20261122T015130Z.md", "latest.md"]);
  const text = await readFile(file, "utf8");
  expect(await readFile(join(dir, "reports", "latest.md"), "utf8")).toBe(text);
  expect(text).toMatchInlineSnapshot(`
    "## ❌ Demo: logging pipeline — failed

    > Starts a tiny API and checks its logs.

    | status | ❌ failed |
    | --- | --- |
    | steps | 3 passed, 1 failed, 1 skipped (5 in all) |
    | duration | 2.35s |
    | run id | \`r1a2b\` |
    | started | 2026-11-22T01:51:30Z |
    | file | \`scenarios/demo.yaml\` |
    | compose engine | docker compose 2.26.1 |
    | bun | 1.4.5 |

    ### Services

    | service | passed | failed | skipped |
    | --- | ---: | ---: | ---: |
    | ❌ api | 1 | 1 | 0 |
    | ⏭️ loki | 0 | 0 | 1 |

    ### User stories (tags) × services

    | tag | api |
    | --- | --- |
    | ✅ \`US-001\` | ✅ 1/1 |

    Each cell: steps passed / steps with that tag and service.

    ### Steps

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | Start demo server |  | ✅ passed | 1 | 12ms |
    | 2 | Health endpoint answers \`US-001\` | api | ✅ passed | 1 | 4ms |
    | 3 | API writes JSON logs | api | ❌ failed | 2 | 1.51s |
    | 4 | Logs reach Loki | loki | ⏭️ skipped: an earlier step failed |  |  |

    ### Teardown

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | compose down |  | ✅ passed | 1 | 800ms |

    ### Summary

    |  | checks | steps | attempts |
    | --- | ---: | --- | ---: |
    | all steps | 50.00% (2/4) | 3 passed, 1 failed, 1 skipped | 5 |
    | api | 50.00% (2/4) | 1 passed, 1 failed | 3 |
    | loki |  | 0 passed, 1 skipped | 0 |

    ### Problems found

    #### ❌ 3. API writes JSON logs (api)

    Failed after 2 attempts in 1.51s.

    **Cause:** \`\`contains: expected contains "level|error", actual "a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (114 more chars) (and 1 more)\`\`

    \`logs/api/*.jsonl matched 2 files (1.2 KiB)\`

    | path | expected | actual |
    | --- | --- | --- |
    | \`contains\` | \`contains "level\\|error"\` | \`\`"a \\| b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (114 more chars)\`\` |
    | \`required_fields.message\` | \`exists\` | \`(missing)\` |

    **Observed:** \`files=2 bytes=1234\`

    <details><summary>first lines of logs/api/app.jsonl</summary>

    \`\`\`text
    {"level":"info","msg":"<ready> & \\"set\\""}
    {"level":"info"}
    \`\`\`

    </details>

    **Diagnostics**

    <details><summary>compose ps</summary>

    \`\`\`text
    NAME   STATUS
    api    running
    \`\`\`

    </details>

    <details><summary>logs of api</summary>

    \`\`\`\`text
    api  | ready
    api  | \`\`\`oops\`\`\`
    \`\`\`\`

    </details>
    "
  `);
});

test("an interrupted run says so; steps that never ran are skipped, the cut one shows its last attempt", async () => {
  await run(interruptedRun());
  expect(await readFile(join(dir, "reports", "latest.md"), "utf8")).toMatchInlineSnapshot(`
    "## ⚠️ Demo: logging pipeline — interrupted

    > [!WARNING]
    > **Interrupted**: the run was stopped before it finished. A step it stopped is shown as interrupted, steps that did not run as skipped.

    | status | ⚠️ interrupted |
    | --- | --- |
    | steps | 1 passed, 1 failed, 3 skipped (5 in all) |
    | duration | 1.00s |
    | run id | \`r9z8y\` |
    | started | 2026-11-22T01:51:30Z |
    | file | \`scenarios/demo.yaml\` |

    ### Services

    | service | passed | failed | skipped |
    | --- | ---: | ---: | ---: |
    | ⏭️ api | 0 | 0 | 2 |
    | ⏭️ loki | 0 | 0 | 1 |

    ### User stories (tags) × services

    | tag | api |
    | --- | --- |
    | ⏭️ \`US-001\` | ⏭️ 0/1 |

    Each cell: steps passed / steps with that tag and service.

    ### Steps

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | Start demo server |  | ✅ passed | 1 | 10ms |
    | 2 | Health endpoint answers \`US-001\` | api | ⏭️ skipped: interrupted during attempt 2 | 2 |  |
    | 3 | API writes JSON logs | api | ⏭️ skipped: not run (the run was interrupted) |  |  |
    | 4 | Logs reach Loki | loki | ⏭️ skipped: not run (the run was interrupted) |  |  |

    ### Teardown

    | # | step | service | status | attempts | duration |
    | ---: | --- | --- | --- | ---: | ---: |
    | 1 | compose down |  | ❌ failed | 1 | 30ms |

    ### Summary

    |  | checks | steps | attempts |
    | --- | ---: | --- | ---: |
    | all steps | 0.00% (0/1) | 1 passed, 1 failed, 3 skipped | 4 |
    | api |  | 0 passed, 2 skipped | 2 |
    | loki |  | 0 passed, 1 skipped | 0 |

    ### Problems found

    #### ⏭️ 2. Health endpoint answers (api) \`US-001\`

    Skipped: interrupted during attempt 2.

    Last finished attempt:

    **Error:** \`connect ECONNREFUSED 127.0.0.1:8080\`

    #### ❌ teardown 1. compose down

    Failed after 1 attempt in 30ms.

    **Cause:** \`docker compose down exited 1:\`

    **Error:**

    \`\`\`text
    docker compose down exited 1:
    no such project\\x07
    \`\`\`
    "
  `);
});

test("a run that never reported its end counts as interrupted, measured up to now", async () => {
  const events = interruptedRun().filter((e) => e.type !== "run-end");
  await run(events, { now: () => new Date(STARTED.getTime() + 65_000) });
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toStartWith("## ⚠️ Demo: logging pipeline — interrupted\n");
  expect(text).toContain("| duration | 1m05s |");
});

test("the GitHub step summary gets the report appended, after what was there", async () => {
  const summary = join(dir, "step-summary.md");
  await writeFile(summary, "previous step\n");
  const paths = await run(failedRun(), { githubStepSummary: summary, files: false });
  expect(paths).toEqual([summary]);
  const text = await readFile(summary, "utf8");
  expect(text).toStartWith("previous step\n## ❌ Demo: logging pipeline — failed\n");
  expect(text).toEndWith("</details>\n\n");
  expect(await readdir(dir)).toEqual(["step-summary.md"]); // files: false wrote no report files
});

test("a step summary that cannot be written is named as such; the report files written are still listed", async () => {
  await writeFile(join(dir, "a-file"), "");
  const summary = join(dir, "a-file", "step-summary.md");
  const error = await run(failedRun(), { githubStepSummary: summary }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PartlyWritten);
  const { message, written } = error as PartlyWritten;
  expect(message).toStartWith(`the GitHub step summary (GITHUB_STEP_SUMMARY ${summary}) could not be written: `);
  expect(written).toEqual([join(dir, "reports", "demo-logging-pipeline-20261122T015130Z.md"), join(dir, "reports", "latest.md")]);
  expect(await readFile(join(dir, "reports", "latest.md"), "utf8")).toStartWith("## ❌ Demo: logging pipeline — failed\n");
});

test("update-doc replaces the scenario's block and keeps the rest of the document", async () => {
  const doc = join(dir, "LOGGING.md");
  await writeFile(doc, "# Logging\n\n<!-- scenario:other:begin -->\nkeep me\n<!-- scenario:other:end -->\n");
  await run(failedRun(), { updateDoc: doc, files: false });
  const first = await readFile(doc, "utf8");
  await run(failedRun().map((e) => (e.type === "run-start" ? { ...e, runId: "second" } : e)), { updateDoc: doc, files: false });
  const text = await readFile(doc, "utf8");
  // The line after the begin marker names the scenario whose report the block holds (another scenario of the same block name is refused).
  expect(text).toStartWith('# Logging\n\n<!-- scenario:other:begin -->\nkeep me\n<!-- scenario:other:end -->\n\n<!-- scenario:demo-logging-pipeline:begin -->\n<!-- scenario-name: "Demo: logging pipeline" -->\n## ❌');
  expect(text.match(/scenario:demo-logging-pipeline:begin/g)).toHaveLength(1);
  expect(text).toContain("`second`");
  expect(text).not.toContain("`r1a2b`");
  expect(text).toEndWith("<!-- scenario:demo-logging-pipeline:end -->\n");
  expect(text).not.toBe(first);
});

test("update-doc leaves the block of the last finished run when a run is interrupted; its own report is still written", async () => {
  const doc = join(dir, "LOGGING.md");
  await writeFile(doc, "# Logging\n");
  await run(failedRun(), { updateDoc: doc, files: false });
  const finished = await readFile(doc, "utf8");
  const paths = await run(interruptedRun(), { updateDoc: doc });
  expect(await readFile(doc, "utf8")).toBe(finished);
  expect(paths).not.toContain(doc);
  expect(await readFile(join(dir, "reports", "latest.md"), "utf8")).toStartWith("## ⚠️");
});

describe("markdown text helpers", () => {
  test("pipes are escaped only in table cells", () => {
    expect(mdCode("a|b", true)).toBe("`a\\|b`");
    expect(mdCode("a|b")).toBe("`a|b`");
  });

  test.each([
    ["plain", "`plain`"],
    ["has `tick`", "`` has `tick` ``"],
    ["`starts", "`` `starts ``"],
    ["two\nlines", "`two⏎lines`"],
    ["\x1b[31mred\x1b[0m\x07", "`red\\x07`"],
  ])("mdCode(%p) = %p", (text, code) => {
    expect(mdCode(text)).toBe(code);
  });

  test("mdText neutralises markup", () => {
    expect(mdText("*a* _b_ [c](d) <b> x|y\nz #1 \\")).toBe("\\*a\\* \\_b\\_ \\[c\\](d) \\<b\\> x\\|y z \\#<!-- -->1 \\\\");
  });

  test("mdFence outgrows any fence inside", () => {
    expect(mdFence("a\n````\nb\n")).toEqual(["`````text", "a\n````\nb", "`````"]);
  });
});

test("a diagnostics block the failing step already carries is shown once", async () => {
  const events = failedRun();
  const end = events.find((e): e is Extract<RunEvent, { type: "step-end" }> => e.type === "step-end" && e.status === "failed")!;
  const diag = events.find((e): e is Extract<RunEvent, { type: "diagnostics" }> => e.type === "diagnostics")!;
  end.result = { ...end.result!, details: [...(end.result!.details ?? []), diag.details[0]!] };
  const [file] = await run(events);
  const text = await readFile(file!, "utf8");
  const title = diag.details[0]!.title;
  expect(text.split(`<summary>${title}</summary>`).length - 1).toBe(1);
});

test("a run interrupted while no step was running says so under Problems found, not None.", async () => {
  const { SKIPPED_BY_INTERRUPT } = await import("../core/abort-text.ts");
  const steps = [0, 1].map((index) => ({ index, phase: "main" as const, name: `s${index}`, kind: "shell", tags: [] }));
  await run([
    { type: "run-start", scenario: "pre", file: "pre.yaml", runId: "r", startedAt: STARTED, steps },
    ...steps.map((step): RunEvent => ({ type: "step-end", step, status: "skipped", attempts: 0, durationMs: 0, reason: SKIPPED_BY_INTERRUPT })),
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 0, failed: 0, skipped: 2, interrupted: 0 }, endedAt: STARTED },
  ]);
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toContain("### Problems found\n\n- the run was interrupted (Ctrl-C or SIGTERM) while no step was running: 2 steps did not run\n");
  expect(text).not.toContain("None.");
});

test("a run interrupted after its steps had run (during teardown or the cleanup) says so under Problems found, not None.", async () => {
  const step = { index: 0, phase: "main" as const, name: "s", kind: "shell", tags: [] };
  await run([
    { type: "run-start", scenario: "late", file: "late.yaml", runId: "r", startedAt: STARTED, steps: [step] },
    { type: "step-start", step },
    { type: "step-end", step, status: "passed", attempts: 1, durationMs: 1, result: { checks: [] } },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 1, failed: 0, skipped: 0, interrupted: 0 }, endedAt: STARTED },
  ]);
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toEndWith(
    "### Problems found\n\n- the run was interrupted (Ctrl-C or SIGTERM) after its steps had run (during teardown or the cleanup): the run ends as interrupted, exit code 130\n",
  );
  expect(text).not.toContain("None.");
});

test("a run interrupted between steps, with the steps after the interrupt skipped for another reason, says so under Problems found, not None.", async () => {
  const steps = [0, 1].map((index) => ({ index, phase: "main" as const, name: `s${index}`, kind: "shell", tags: [] }));
  await run([
    { type: "run-start", scenario: "between", file: "between.yaml", runId: "r", startedAt: STARTED, steps },
    { type: "step-start", step: steps[0]! },
    { type: "step-end", step: steps[0]!, status: "passed", attempts: 1, durationMs: 1, result: { checks: [] } },
    { type: "step-end", step: steps[1]!, status: "skipped", attempts: 0, durationMs: 0, reason: "not selected" },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 1, failed: 0, skipped: 1, interrupted: 0 }, endedAt: STARTED },
  ]);
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toContain("### Problems found\n\n- the run was interrupted (Ctrl-C or SIGTERM)");
  expect(text).not.toContain("None.");
});

test("a run interrupted between steps after a step failed names the interrupt under Problems found too, as JUnit and the annotations do", async () => {
  const steps = [0, 1].map((index) => ({ index, phase: "main" as const, name: `s${index}`, kind: "shell", tags: [] }));
  const { SKIPPED_BY_INTERRUPT } = await import("../core/abort-text.ts");
  await run([
    { type: "run-start", scenario: "between", file: "between.yaml", runId: "r", startedAt: STARTED, steps },
    { type: "step-start", step: steps[0]! },
    { type: "step-end", step: steps[0]!, status: "failed", attempts: 1, durationMs: 1, result: { checks: [], error: "exit code 1" } },
    { type: "step-end", step: steps[1]!, status: "skipped", attempts: 0, durationMs: 0, reason: SKIPPED_BY_INTERRUPT },
    { type: "run-end", status: "interrupted", durationMs: 1, totals: { passed: 0, failed: 1, skipped: 1, interrupted: 0 }, endedAt: STARTED },
  ]);
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(text).toContain("### Problems found\n\n- the run was interrupted (Ctrl-C or SIGTERM) while no step was running: 1 step did not run\n\n#### ❌ 1. s0");
});

test("mentions, issue references and characters that reorder or hide text in names, reasons and messages: shown as written, pinging and linking nothing", async () => {
  await run(trickyTextRun());
  const text = await readFile(join(dir, "reports", "latest.md"), "utf8");
  // Before: the pasted report notified @alice, @acme/sre, @bob, @dave and @erin, linked issues 12 and 7, and showed step
  // 3's name as "API log logs @bob" (U+202E reversed "gol"), with a zero-width space and a BOM nobody saw.
  expect(text).toStartWith("## ❌ Deploy for @<!-- -->alice — failed\n\n> Asks @<!-- -->acme/sre about \\#<!-- -->12.\n");
  expect(text).toContain("| 3 | API \\\\u202Egol\\\\u202C logs @<!-- -->bob\\\\u200B\\\\uFEFF | api | ❌ failed |");
  expect(text).toContain("| 4 | Logs reach Loki | loki \\\\u2066@<!-- -->erin\\\\u2069 | ⏭️ skipped: waiting on @<!-- -->dave \\#<!-- -->7 |");
  expect(text).toContain("#### ❌ 3. API \\\\u202Egol\\\\u202C logs @<!-- -->bob\\\\u200B\\\\uFEFF (api)\n");
  // Code is not read for mentions: it is left as it is, but for the characters that reorder text.
  expect(text).toContain("**Error:** `denied for @carol \\u202E`");
  expect(text).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
  expect(text).not.toMatch(/@(alice|acme|bob|dave|erin)|#(12|7)\b/);
});
