// A StepContext for unit tests that run one step directly, without the engine.
import type { Resource } from "../../lib/core/resource.ts";
import type { StepContext } from "../../lib/steps/types.ts";
import { interpolate } from "../../lib/vars/interpolate.ts";
import { newMark } from "../../lib/util/marked-processes.ts";

let marks = 0;

export interface TestContext extends StepContext {
  logs: string[];
  info: Record<string, string>;
  live: Resource[];
}

export function testContext(overrides: Partial<StepContext> = {}): TestContext {
  const logs: string[] = [];
  const info: Record<string, string> = {};
  const live: Resource[] = [];
  const vars: Record<string, string> = { ...(overrides.env ?? {}) };
  const ctx: TestContext = {
    signal: new AbortController().signal,
    interrupt: new AbortController().signal,
    scenarioDir: process.cwd(),
    scenarioName: "test",
    runId: "test0001",
    startedAt: new Date(),
    env: vars,
    interpolate: (text) => interpolate(text, (n) => vars[n]),
    lookup: (n) => vars[n],
    log: (line) => void logs.push(line),
    addResource: (r) => void live.push(r),
    removeResource: (r) => {
      const i = live.indexOf(r);
      if (i >= 0) live.splice(i, 1);
    },
    resources: () => live,
    processMark: () => newMark(`test-${++marks}`),
    stepLabel: "step 1 (test)",
    setInfo: (k, v) => void (info[k] = v),
    attempt: 1,
    options: { keepStack: false },
    ...overrides,
    logs,
    info,
    live,
  };
  return ctx;
}
