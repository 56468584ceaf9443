// runWorker: the answer, a failure with its code, an abort that ends a thread still working, parts held back until taken; the thread budget.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { idleWorkers, releaseWorkers, runWorker, setWorkerBudget, takeWorkers, WORKER_BUDGET } from "./worker-threads.ts";

let dir = "";
const script = (name: string) => pathToFileURL(join(dir, name));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "worker-threads-"));
  const answer = JSON.stringify(join(import.meta.dir, "worker-threads.ts"));
  await writeFile(join(dir, "double.ts"), `import { answerJobs } from ${answer};\nanswerJobs(async (n: number) => ({ answer: n * 2 }));\n`);
  await writeFile(join(dir, "fail.ts"), `import { answerJobs } from ${answer};\nanswerJobs(async () => { throw Object.assign(new Error("no such file"), { code: "ENOENT" }); });\n`);
  // Posts five parts, each once the one before was taken; `posted[0]` counts the parts posted so far.
  await writeFile(
    join(dir, "parts.ts"),
    [
      `import { answerJobs } from ${answer};`,
      "answerJobs<Int32Array, string, number>(async (posted, post) => {",
      "  let previous = Promise.resolve();",
      "  for (let i = 0; i < 5; i++) {",
      "    await previous;",
      "    Atomics.add(posted, 0, 1);",
      "    previous = post(i);",
      "  }",
      "  await previous;",
      '  return { answer: "done" };',
      "});",
    ].join("\n"),
  );
  // Never answers: it works until terminated.
  await writeFile(join(dir, "busy.ts"), `import { answerJobs } from ${answer};\nanswerJobs(() => new Promise(() => setInterval(() => {}, 1000)));\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runWorker", () => {
  test("resolves with the thread's answer", async () => {
    expect(await runWorker<number, number>(script("double.ts"), 21)).toBe(42);
  });

  test("rejects with the thread's error message and code", async () => {
    const err = await runWorker(script("fail.ts"), null).catch((e: unknown) => e);
    expect((err as Error).message).toBe("no such file");
    expect((err as { code?: string }).code).toBe("ENOENT");
  });

  test("an abort while the thread works rejects with the signal's reason", async () => {
    const ac = new AbortController();
    const run = runWorker(script("busy.ts"), null, ac.signal);
    ac.abort(new Error("interrupted"));
    await expect(run).rejects.toThrow("interrupted");
  });

  test("a part's post resolves only once the receiver took it, so a thread awaiting it is at most one part ahead", async () => {
    const posted = new Int32Array(new SharedArrayBuffer(4));
    const ahead: number[] = [];
    const parts: number[] = [];
    const answer = await runWorker<Int32Array, string, number>(script("parts.ts"), posted, undefined, (part, taken) => {
      parts.push(part);
      ahead.push(Atomics.load(posted, 0) - part);
      queueMicrotask(taken);
    });
    expect(answer).toBe("done");
    expect(parts).toEqual([0, 1, 2, 3, 4]);
    expect(ahead).toEqual([1, 1, 1, 1, 1]);
  });

  test("an already aborted signal starts no thread", async () => {
    await expect(runWorker(script("double.ts"), 1, AbortSignal.abort(new Error("too late")))).rejects.toThrow("too late");
  });
});

describe("the thread budget", () => {
  test("hands out at most what is free and takes back what was given", () => {
    setWorkerBudget(2);
    try {
      expect(takeWorkers(5)).toBe(2);
      expect(takeWorkers(1)).toBe(0);
      releaseWorkers(2);
      expect(idleWorkers()).toBe(2);
    } finally {
      setWorkerBudget(WORKER_BUDGET);
    }
    expect(idleWorkers()).toBe(WORKER_BUDGET);
  });
});
