// The sequencer with scripted fake steps: retries, eventually, hold, skipping, teardown, cleanup, interrupts, masking.
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { runScenario, type RunConfig } from "./run-scenario.ts";
import type { Scenario, StepSpec } from "./spec.ts";
import type { RunEvent } from "./events.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step } from "../steps/types.ts";
import { VarScope } from "../vars/scope.ts";
import { Masker } from "../vars/mask.ts";
import { pathWithBun } from "./runtime-path.ts";
import { step as sleepStep } from "../steps/sleep.ts";
import { abortText, INTERRUPTED } from "../core/abort-text.ts";

/** A step whose attempts return scripted results; records the inputs it saw. */
function scripted(results: (StepResult | "hang")[], seen: unknown[] = []): Step {
  let i = 0;
  return {
    kind: "fake", checks: true,
    schema: z.object({ value: z.string().optional() }).strict(),
    describe: () => "fake",
    run: async (input, ctx) => {
      seen.push(input);
      const r = results[Math.min(i++, results.length - 1)]!;
      if (r === "hang") {
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
        return { checks: [], error: `stopped: ${(ctx.signal.reason as Error).message}` };
      }
      return r;
    },
  };
}

const PASS: StepResult = { checks: [{ path: "x", expected: "== 1", actual: 1, ok: true }] };
const FAIL: StepResult = { checks: [{ path: "x", expected: "== 1", actual: 2, ok: false }] };

let nextIndex = 0;
function spec(impl: Step, over: Partial<StepSpec> = {}): StepSpec {
  return { index: nextIndex++, phase: "main", kind: impl.kind, impl, name: over.name ?? `step ${nextIndex}`, tags: [], continueOnFailure: false, always: false, setup: false, input: {}, ...over };
}

async function run(steps: StepSpec[], teardown: StepSpec[] = [], over: Partial<RunConfig> & { secrets?: string[]; defaults?: Scenario["defaults"] } = {}) {
  const { secrets, defaults, ...rest } = over;
  const scenario: Scenario = {
    file: "t.yaml", dir: "/tmp", name: "t", vars: {}, secrets: secrets ?? [],
    defaults: defaults ?? { timeoutMs: 5000, intervalMs: 1 }, steps, teardown: teardown.map((t) => ({ ...t, phase: "teardown" })),
  };
  const events: RunEvent[] = [];
  const outcome = await runScenario({
    scenario,
    scope: new VarScope({ cli: {}, envFile: {}, env: {}, vars: { TOKEN: "tok-123456" }, builtins: {} }),
    masker: new Masker(),
    runId: "r1",
    startedAt: new Date(),
    emit: (e) => events.push(e),
    interrupt: new AbortController().signal,
    ...rest,
  });
  const ends = events.filter((e): e is Extract<RunEvent, { type: "step-end" }> => e.type === "step-end");
  return { outcome, events, ends, status: ends.map((e) => `${e.step.name}:${e.status}`) };
}

describe("runScenario", () => {
  test("passes when every step passes", async () => {
    const r = await run([spec(scripted([PASS]), { name: "a" }), spec(scripted([PASS]), { name: "b" })]);
    expect(r.outcome).toEqual({ status: "passed", totals: { passed: 2, failed: 0, skipped: 0, interrupted: 0 }, kept: [], stopped: [], ended: [], unremoved: [] });
    expect(r.events[0]!.type).toBe("run-start");
    expect(r.events.at(-1)!.type).toBe("run-end");
  });

  test("a failure skips the rest, except `always` steps; teardown still runs", async () => {
    const r = await run(
      [spec(scripted([FAIL]), { name: "a" }), spec(scripted([PASS]), { name: "b" }), spec(scripted([PASS]), { name: "c", always: true })],
      [spec(scripted([PASS]), { name: "down" })],
    );
    expect(r.status).toEqual(["a:failed", "b:skipped", "c:passed", "down:passed"]);
    expect(r.outcome.status).toBe("failed");
  });

  test("continue_on_failure lets later steps run", async () => {
    const r = await run([spec(scripted([FAIL]), { name: "a", continueOnFailure: true }), spec(scripted([PASS]), { name: "b" })]);
    expect(r.status).toEqual(["a:failed", "b:passed"]);
  });

  test("--bail skips even always steps", async () => {
    const r = await run([spec(scripted([FAIL]), { name: "a", continueOnFailure: true }), spec(scripted([PASS]), { name: "b", always: true })], [], { bail: true });
    expect(r.status).toEqual(["a:failed", "b:skipped"]);
  });

  test("retries re-run until a pass and count attempts", async () => {
    const r = await run([spec(scripted([FAIL, FAIL, PASS]), { name: "a", retries: 5 })]);
    expect(r.ends[0]!.attempts).toBe(3);
    expect(r.ends[0]!.status).toBe("passed");
  });

  test("retries give up after the count", async () => {
    const r = await run([spec(scripted([FAIL]), { name: "a", retries: 2 })]);
    expect(r.ends[0]!.attempts).toBe(3);
    expect(r.ends[0]!.result).toEqual(FAIL);
  });

  test("eventually retries until it passes", async () => {
    const r = await run([spec(scripted([FAIL, FAIL, FAIL, PASS]), { name: "a", eventually: { timeoutMs: 10_000, intervalMs: 1 } })]);
    expect(r.ends[0]).toMatchObject({ status: "passed", attempts: 4 });
    expect(r.events.filter((e) => e.type === "attempt-end").length).toBe(4);
  });

  test("eventually fails with the last observed result at its deadline", async () => {
    const r = await run([spec(scripted([FAIL]), { name: "a", eventually: { timeoutMs: 50, intervalMs: 5, backoff: 1 } })]);
    expect(r.ends[0]!.status).toBe("failed");
    expect(r.ends[0]!.attempts).toBeGreaterThan(1);
    expect(r.ends[0]!.result).toEqual(FAIL);
  });

  test("a final failure (a query the server refused) is not tried again, under eventually or retries", async () => {
    const REFUSED: StepResult = { checks: [], error: "Loki at http://x refused the query (400 Bad Request): parse error", final: true };
    const seen: unknown[] = [];
    const r = await run([
      spec(scripted([REFUSED, PASS], seen), { name: "a", eventually: { timeoutMs: 10_000, intervalMs: 1 }, continueOnFailure: true }),
      spec(scripted([REFUSED, PASS], seen), { name: "b", retries: 5 }),
    ]);
    expect(r.ends.map((e) => [e.status, e.attempts])).toEqual([["failed", 1], ["failed", 1]]);
    expect(r.ends[0]!.result?.error).toBe(REFUSED.error);
    expect(seen).toHaveLength(2);
  });

  test("hold: a step that stops passing during hold fails", async () => {
    const r = await run([spec(scripted([PASS, PASS, FAIL]), { name: "a", holdMs: 10_000 })]);
    expect(r.ends[0]!.status).toBe("failed");
    expect(r.ends[0]!.attempts).toBe(3);
  });

  test("hold: an interrupt during the wait between attempts ends the step there, without one more attempt cut short", async () => {
    const ctl = new AbortController();
    let attempts = 0;
    const step: Step = {
      ...scripted([PASS]),
      run: async () => {
        // Due before the engine's 50 ms wait that follows: the abort lands during the wait.
        if (++attempts === 2) setTimeout(() => ctl.abort(), 10);
        return PASS;
      },
    };
    const r = await run([spec(step, { name: "a", holdMs: 10_000 })], [], { interrupt: ctl.signal, defaults: { timeoutMs: 5000, intervalMs: 50 } });
    expect(attempts).toBe(2);
    expect(r.ends[0]).toMatchObject({ status: "interrupted", attempts: 2 });
    expect(r.events.filter((e) => e.type === "attempt-start").length).toBe(2);
    // Every attempt passed: the cause says it was stopped, and how far into the hold (it said "did not keep passing", a failure's words).
    expect(r.ends[0]!.result?.error).toMatch(/^stopped by Ctrl-C or SIGTERM \d+ms into its hold of 10\.0s$/);
  });

  test("hold: a step that keeps passing passes after several attempts", async () => {
    const r = await run([spec(scripted([PASS]), { name: "a", holdMs: 30 })]);
    expect(r.ends[0]!.status).toBe("passed");
    expect(r.ends[0]!.attempts).toBeGreaterThan(1);
  });

  test("hold: a step that passed and then failed while held says so, and how far into the hold (it said only the failed check)", async () => {
    const once = await run([spec(scripted([PASS, PASS, FAIL]), { name: "a", holdMs: 10_000 })]);
    expect(once.ends[0]).toMatchObject({ status: "failed", attempts: 3 });
    expect(once.ends[0]!.result?.error).toMatch(/^it passed, then failed while held: attempt 3 failed \d+ms into the hold of 10\.0s$/);
    expect(once.ends[0]!.result?.checks).toEqual(FAIL.checks);
    // An error of its own comes first; with eventually, the attempts after the broken hold are said too.
    const error: StepResult = { checks: [], error: "connection refused" };
    const ev = await run([spec(scripted([PASS, error]), { name: "b", holdMs: 10_000, eventually: { timeoutMs: 200, intervalMs: 20 } })]);
    expect(ev.ends[0]!.status).toBe("failed");
    expect(ev.ends[0]!.result?.error).toMatch(/^connection refused \(it passed, then failed while held: attempt 2 failed \d+ms into the hold of 10\.0s; the \d+ attempts after it did not pass before the eventually deadline \(200ms\)\)$/);
    // A step that fails without ever passing says nothing of a hold.
    const never = await run([spec(scripted([FAIL]), { name: "c", holdMs: 10_000 })]);
    expect(never.ends[0]!.result?.error).toBeUndefined();
  });

  test("hold with eventually: an attempt while held gets the step's own timeout, not what is left of eventually (a slow, steady service failed at 1 s)", async () => {
    // Attempt 1 passes before eventually's 20 ms are over; attempt 2, held past them, hangs until its deadline stops it.
    const r = await run([spec(scripted([PASS, "hang"]), { name: "a", holdMs: 60_000, timeoutMs: 1500, eventually: { timeoutMs: 20, intervalMs: 1 } })]);
    expect(r.ends[0]!.status).toBe("failed");
    expect(r.ends[0]!.result?.error).toMatch(/^stopped: timed out after 1\.50s \(it passed, then failed while held: attempt 2 failed/);
  });

  test("hold with retries: a failure during the hold starts it over, and the step that then passes carries a warning saying so", async () => {
    // It passed with no word of the flap: the run log alone said attempt 2 failed.
    const r = await run([spec(scripted([PASS, FAIL, PASS]), { name: "a", holdMs: 30, retries: 3 })], [], { defaults: { timeoutMs: 5000, intervalMs: 10 } });
    expect(r.ends[0]!.status).toBe("passed");
    expect(r.ends[0]!.result?.warnings).toEqual([expect.stringMatching(/^it failed while held \(attempt 2, \d+ms into the hold of 30ms\); the hold started over and was kept$/)]);
    // Held without a break: no warning.
    const steady = await run([spec(scripted([PASS]), { name: "b", holdMs: 30, retries: 3 })], [], { defaults: { timeoutMs: 5000, intervalMs: 10 } });
    expect(steady.ends[0]!.result?.warnings).toBeUndefined();
  });

  test("a timeout aborts the attempt and fails the step", async () => {
    const r = await run([spec(scripted(["hang"]), { name: "a", timeoutMs: 20 })]);
    expect(r.ends[0]!.status).toBe("failed");
    expect(r.ends[0]!.result?.error).toBe("stopped: timed out after 20ms");
  });

  test("an attempt's deadline other than the step's timeout says where it comes from (\"timed out after 1.00s\" named a number the scenario never wrote)", async () => {
    // Less than 1 s of eventually left: the attempt gets 1 s all the same, and says so.
    const floor = await run([spec(scripted(["hang"]), { name: "a", eventually: { timeoutMs: 300, intervalMs: 5 } })]);
    expect(floor.ends[0]).toMatchObject({ status: "failed", attempts: 1, result: { error: "stopped: timed out after 1.00s (each attempt gets at least 1 s, even with less of eventually's 300ms left)" } });
    // More than 1 s left but less than the step's timeout: the attempt gets what is left.
    const rest = await run([spec(scripted(["hang"]), { name: "b", eventually: { timeoutMs: 1500, intervalMs: 5 } })]);
    expect(rest.ends[0]!.result?.error).toMatch(/^stopped: timed out after 1\.[45]\ds \(what was left of eventually's 1\.50s\)$/);
    // Stopped at the deadline, it is the last attempt (a timer firing a hair early started one more of a whole second).
    expect(rest.ends[0]!.attempts).toBe(1);
    // The step's own timeout is named as it is written.
    const own = await run([spec(scripted(["hang"]), { name: "c", timeoutMs: 20, eventually: { timeoutMs: 100, intervalMs: 200 } })]);
    expect(own.ends[0]!.result?.error).toBe("stopped: timed out after 20ms");
  });

  // The last attempt, cut by what was left of eventually, said only "timed out … did not answer": what the attempts
  // before it got (a server's 503) was in the run log alone.
  test("a last attempt cut short by what was left of eventually also says what the attempt before it got", async () => {
    const answered: StepResult = { checks: [], error: "Prometheus at http://p:9090 answered 503 Service Unavailable: timeout: query timed out in expression evaluation" };
    const error = await run([spec(scripted([answered, "hang"]), { name: "a", eventually: { timeoutMs: 1200, intervalMs: 5 } })]);
    expect(error.ends[0]!.attempts).toBe(2);
    expect(error.ends[0]!.result?.error).toMatch(/^stopped: timed out after 1\.\d\ds \(what was left of eventually's 1\.20s\); the attempt before got: Prometheus at http:\/\/p:9090 answered 503 Service Unavailable: timeout: query timed out in expression evaluation$/);
    // A failed check, as the console shows it.
    const checks = await run([spec(scripted([FAIL, FAIL, "hang"]), { name: "b", eventually: { timeoutMs: 1200, intervalMs: 5 } })]);
    expect(checks.ends[0]!.result?.error).toMatch(/\(what was left of eventually's 1\.20s\); the attempt before got: x: expected == 1, actual 2$/);
  });

  test("an attempt before that timed out itself got nothing to add: the cut last attempt says only that it timed out", async () => {
    const answered: StepResult = { checks: [], error: "boom" };
    // Attempts 2 on time out at the step's own 1.1s; the last one, cut by what is left of eventually or not, says only that.
    const r = await run([spec(scripted([answered, "hang"]), { name: "c", timeoutMs: 1100, eventually: { timeoutMs: 2500, intervalMs: 5 } })]);
    expect(r.ends[0]!.attempts).toBeGreaterThan(2);
    expect(r.ends[0]!.result?.error).toMatch(/^stopped: timed out after \d\.\d+s( \([^()]*\))?$/);
  });

  test("a step whose every attempt was cut short, or whose one attempt was, says only that", async () => {
    const floor = await run([spec(scripted(["hang"]), { name: "a", eventually: { timeoutMs: 300, intervalMs: 5 } })]);
    expect(floor.ends[0]!.result?.error).toBe("stopped: timed out after 1.00s (each attempt gets at least 1 s, even with less of eventually's 300ms left)");
    // Passed before (a hold): no failure of the attempt before to say (and a held attempt gets the step's own timeout).
    const held = await run([spec(scripted([PASS, "hang"]), { name: "b", holdMs: 5000, timeoutMs: 1200, eventually: { timeoutMs: 1200, intervalMs: 5 } })]);
    expect(held.ends[0]!.result?.error).toMatch(/^stopped: timed out after 1\.20s \(it passed, then failed while held: /);
    expect(held.ends[0]!.result?.error).not.toContain("the attempt before got");
  });

  test("a sleep longer than defaults.timeout sleeps its whole duration; its own timeout still cuts it", async () => {
    const defaults = { timeoutMs: 20, intervalMs: 1 };
    const whole = await run([spec(sleepStep, { name: "nap", input: 60, staticInput: 60 }), spec(scripted([PASS]), { name: "b" })], [], { defaults });
    expect(whole.status).toEqual(["nap:passed", "b:passed"]);
    const cut = await run([spec(sleepStep, { name: "nap", input: 60, staticInput: 60, timeoutMs: 20 })], [], { defaults });
    expect(cut.ends[0]!.result?.error).toBe("timed out after 20ms");
  });

  test("a step that ignores its signal is given up on after a grace period, with the timeout as its error", async () => {
    const deaf: Step = { kind: "deaf", checks: true, schema: z.object({}), describe: () => "deaf", run: () => new Promise<StepResult>(() => {}) };
    const r = await run([spec(deaf, { name: "a", timeoutMs: 20 }), spec(scripted([PASS]), { name: "b", always: true })]);
    expect(r.status).toEqual(["a:failed", "b:passed"]);
    expect(r.ends[0]!.result?.error).toBe("timed out after 20ms");
  });

  test("an exception in a step is an internal error result, not a crash", async () => {
    const boom: Step = { kind: "boom", checks: true, schema: z.object({}), describe: () => "boom", run: async () => { throw new Error("kaput"); } };
    const r = await run([spec(boom, { name: "a" })]);
    expect(r.ends[0]!.result?.error).toBe("internal error in the boom step: kaput");
  });

  test("a step that throws before returning a promise is an internal error result too", async () => {
    const boom: Step = { kind: "boom", checks: true, schema: z.object({}), describe: () => "boom", run: () => { throw new Error("kaput"); } };
    const r = await run([spec(boom, { name: "a" })]);
    expect(r.ends[0]!.result?.error).toBe("internal error in the boom step: kaput");
  });

  test("an interrupt reaches the attempt running after earlier steps and attempts under the same run signal finished", async () => {
    const ctl = new AbortController();
    const hangAfterTwo = scripted([FAIL, FAIL, "hang"]);
    const run3 = hangAfterTwo.run;
    hangAfterTwo.run = (input, ctx) => {
      if (ctx.attempt === 3) queueMicrotask(() => ctl.abort());
      return run3(input, ctx);
    };
    const r = await run([spec(scripted([PASS]), { name: "a" }), spec(hangAfterTwo, { name: "b", retries: 5 })], [], { interrupt: ctl.signal });
    expect(r.status).toEqual(["a:passed", "b:interrupted"]);
    expect(r.ends[1]!.attempts).toBe(3);
  });

  test("captures flow into later steps' inputs", async () => {
    const seen: unknown[] = [];
    const r = await run([
      spec(scripted([{ checks: [], captures: { ID: "abc" } }]), { name: "cap" }),
      spec(scripted([PASS], seen), { name: "use", input: { value: "id=${ID} tok=${TOKEN}" } }),
    ]);
    expect(r.outcome.status).toBe("passed");
    expect(seen).toEqual([{ value: "id=abc tok=tok-123456" }]);
  });

  test("a held step keeps the captures of its last attempt, the one that ends the hold (as docs/format.md says)", async () => {
    const seen: unknown[] = [];
    let n = 0;
    const counting: Step = { kind: "fake", checks: true, schema: z.object({}), describe: () => "fake", run: async () => ({ checks: PASS.checks, captures: { N: String(++n) } }) };
    const r = await run([spec(counting, { name: "held", holdMs: 30 }), spec(scripted([PASS], seen), { name: "use", input: { value: "${N}" } })]);
    expect(r.outcome.status).toBe("passed");
    expect(n).toBeGreaterThan(1);
    expect(seen).toEqual([{ value: String(n) }]);
  });

  test("a step's environment holds the variables and the captures of the steps before it, as they are when it runs", async () => {
    const seenEnv: Record<string, string>[] = [];
    const envReader: Step = { kind: "env", checks: true, schema: z.object({}), describe: () => "env", run: async (_, ctx) => (seenEnv.push(ctx.env), { checks: [] }) };
    const r = await run([spec(envReader, { name: "before" }), spec(scripted([{ checks: [], captures: { ID: "abc" } }]), { name: "cap" }), spec(envReader, { name: "after" })]);
    expect(r.outcome.status).toBe("passed");
    expect(seenEnv.map((e) => [e.TOKEN, e.ID])).toEqual([["tok-123456", undefined], ["tok-123456", "abc"]]);
    expect(seenEnv[1]!.PATH).toBe(pathWithBun(""));
  });

  test("a key a captured value makes __proto__ fails its step, named, instead of vanishing from the input", async () => {
    const seen: unknown[] = [];
    const keyed: Step = { kind: "keyed", checks: true, schema: z.object({ env: z.record(z.string(), z.string()) }), describe: () => "keyed", run: async (input) => (seen.push(input), PASS) };
    const r = await run([spec(scripted([{ checks: [], captures: { K: "__proto__" } }]), { name: "cap" }), spec(keyed, { name: "use", input: { env: { "${K}": "v" } } })]);
    expect(r.ends[1]!.result?.error).toBe('invalid input after interpolating variables: the key "${K}" becomes "__proto__", which cannot be used: JavaScript reads it as an object\'s prototype, and its value would be dropped without a word');
    expect(seen).toEqual([]);
  });

  test("two keys a captured value makes one fail their step, both named: the value of one was dropped and its check with it", async () => {
    const seen: unknown[] = [];
    const keyed: Step = { kind: "keyed", checks: true, schema: z.object({ env: z.record(z.string(), z.string()) }), describe: () => "keyed", run: async (input) => (seen.push(input), PASS) };
    const r = await run([spec(scripted([{ checks: [], captures: { K: "A" } }]), { name: "cap" }), spec(keyed, { name: "use", input: { env: { A: "1", "${K}": "2" } } })]);
    expect(r.ends[1]!.result?.error).toBe('invalid input after interpolating variables: the keys "A" and "${K}" both become "A" once their variables are filled in: a mapping holds a key once, and the value of one would be dropped without a word');
    expect(seen).toEqual([]);
  });

  test("an env: key a captured value makes BASH_ENV fails the shell step before it runs: bash ran the file an answer named", async () => {
    const seen: unknown[] = [];
    const shellLike: Step = { kind: "shell", checks: true, schema: z.object({ env: z.record(z.string(), z.string()) }), describe: () => "shell", run: async (input) => (seen.push(input), PASS) };
    const r = await run([spec(scripted([{ checks: [], captures: { K: "BASH_ENV" } }]), { name: "cap" }), spec(shellLike, { name: "use", input: { env: { "${K}": "/tmp/evil.sh", PATH: "/bin" } } })]);
    expect(r.ends[1]!.result?.error).toBe('env: the key "${K}" becomes BASH_ENV: a variable may not make an env: key BASH_ENV (nor may a capture take that name): bash runs the file it names before each script; write the key itself, with a value of your own');
    expect(seen).toEqual([]);
    // Written so, the key is the author's: PATH beside a key a capture makes another name passes.
    const ok = await run([spec(scripted([{ checks: [], captures: { K: "MY_FILE" } }]), { name: "cap" }), spec(shellLike, { name: "use", input: { env: { "${K}": "x", PATH: "/bin" } } })]);
    expect(ok.ends[1]!.result?.error).toBeUndefined();
  });

  test("a captured value outside quotes in a query or JSONPath is one literal, or its step fails (the run goes on), naming it, its step, the value masked", async () => {
    const seen: unknown[] = [];
    const query: Step = { kind: "q", checks: true, queryFields: ["query"], jsonPathFields: { keysAt: [["expect", "json"]], valuesAt: [] }, schema: z.object({ query: z.string().optional(), expect: z.object({ json: z.record(z.string(), z.unknown()) }).optional() }), describe: () => "q", run: async (input) => (seen.push(input), PASS) };
    const r = await run([
      spec(scripted([{ checks: [], captures: { R: "5m", SVC: "api", SP: "5m] or vector(1", ID: "7", TOKEN: "1 || true" } }]), { name: "cap" }),
      spec(query, { name: "range", input: { query: "rate(${SVC}_total[${R}])" } }),
      spec(query, { name: "space", input: { query: "rate(x[${SP}])" }, continueOnFailure: true }),
      spec(query, { name: "quoted", input: { query: '{job="${SP}"}', expect: { json: { "$[?@.id == ${ID}]": 1, "$[?@.id == '${SP}']": 1 } } } }),
      spec(query, { name: "secret", input: { expect: { json: { "$[?@.id == ${TOKEN}]": 1 } } }, continueOnFailure: true }),
      spec(scripted([PASS]), { name: "after" }),
    ], [], { secrets: ["TOKEN"] });
    expect(r.status).toEqual(["cap:passed", "range:passed", "space:failed", "quoted:passed", "secret:failed", "after:passed"]);
    expect(seen).toEqual([{ query: "rate(api_total[5m])" }, { query: '{job="5m] or vector(1"}', expect: { json: { "$[?@.id == 7]": 1, "$[?@.id == '5m] or vector(1']": 1 } } }]);
    expect(r.ends[2]!.result?.error).toBe('invalid input after interpolating variables: ${SP} (captured by step "cap") stands outside quotes in the query "rate(x[${SP}])", and its value "5m] or vector(1" is not one number, duration (5m, 1h30m) or name: a value from the run would be read as query text, and could change what the query selects; quote it ("${SP}") to take it as text');
    // TOKEN is secret (vars: gave it before; the capture replaced it): its value is shown as every report masks it.
    expect(r.ends[4]!.result?.error).toContain('${TOKEN} (captured by step "cap") stands outside quotes in the JSONPath "$[?@.id == ${TOKEN}]", and its value "***" is not one');
    expect(JSON.stringify(r.events)).not.toContain("1 || true");
  });

  test("an input that fails validation after interpolation is a failed step", async () => {
    const r = await run([spec(scripted([PASS]), { name: "a", input: { bogus: 1 } })]);
    expect(r.ends[0]!.result?.error).toContain("invalid input after interpolating variables");
  });

  test("an interpolated input goes to the kind's fast check first, and to zod when the check is unsure", async () => {
    const seen: unknown[] = [];
    const impl: Step = {
      ...scripted([PASS], seen),
      // Vouches only for values starting "ok"; marks its output so the test sees which path parsed the input.
      fastInput: (raw) => {
        const value = (raw as { value?: unknown }).value;
        return typeof value === "string" && value.startsWith("ok") ? { value: { value: `fast:${value}` } } : undefined;
      },
    };
    const r = await run([
      spec(impl, { name: "fast", input: { value: "ok ${TOKEN}" } }),
      spec(impl, { name: "zod", input: { value: "no ${TOKEN}" } }),
      spec(impl, { name: "bad", input: { value: "${TOKEN}", bogus: 1 } }),
    ]);
    expect(seen).toEqual([{ value: "fast:ok tok-123456" }, { value: "no tok-123456" }]);
    expect(r.status).toEqual(["fast:passed", "zod:passed", "bad:failed"]);
    expect(r.ends[2]!.result?.error).toMatch(/^invalid input after interpolating variables: .*bogus/);
  });

  test("an input its values make invalid is not tried again under eventually or retries: the same values fail the same", async () => {
    const seen: unknown[] = [];
    for (const how of [{ eventually: { timeoutMs: 60_000, intervalMs: 1 } }, { retries: 5 }]) {
      const r = await run([spec(scripted([PASS], seen), { name: "a", input: { value: "${TOKEN}", bogus: 1 }, ...how })]);
      expect([how, r.status, r.ends[0]!.attempts]).toEqual([how, ["a:failed"], 1]);
    }
    expect(seen).toEqual([]);
  });

  test("secret values are masked in every event", async () => {
    const leak = scripted([{ checks: [{ path: "x", expected: "tok-123456", actual: "Bearer tok-123456", ok: false }], error: "saw tok-123456" }]);
    const r = await run([spec(leak, { name: "a" })], [], { secrets: ["TOKEN"] });
    expect(JSON.stringify(r.events)).not.toContain("tok-123456");
    expect(r.ends[0]!.result?.error).toBe("saw ***");
  });

  test("a captured secret is masked from the capturing attempt's own events on", async () => {
    const login = scripted([{ checks: [], captures: { SESSION: "sess-abcdef123" }, details: [{ title: "response", body: '{"session":"sess-abcdef123"}' }] }]);
    const seen: unknown[] = [];
    const r = await run([spec(login, { name: "login" }), spec(scripted([PASS], seen), { name: "use", input: { value: "${SESSION}" } })], [], { secrets: ["SESSION"] });
    expect(r.outcome.status).toBe("passed");
    expect(seen).toEqual([{ value: "sess-abcdef123" }]);
    expect(JSON.stringify(r.events)).not.toContain("sess-abcdef123");
  });

  test("a step capturing a secret has its log lines held until the value is masked (a shell logs its output as it comes)", async () => {
    const echo: Step = {
      kind: "echo", checks: true, schema: z.object({ capture: z.record(z.string(), z.string()) }), describe: () => "echo",
      run: async (_, ctx) => {
        ctx.log('{"id":"id-42","v":"tok-abcdef123"}');
        return { checks: [], captures: { ID: "id-42", TOKEN: "tok-abcdef123" } };
      },
    };
    // The secret alone, or beside a capture that is no secret (in either order): one secret among them holds the lines. The
    // key `v` names no credential, so only the capture masks its value.
    for (const capture of [{ TOKEN: "$.v" }, { ID: "$.id", TOKEN: "$.v" }, { TOKEN: "$.v", ID: "$.id" }]) {
      const r = await run([spec(echo, { name: "login", input: { capture } })], [], { secrets: ["TOKEN"] });
      expect(JSON.stringify(r.events)).not.toContain("tok-abcdef123");
      // Still logged, masked, in its place: after the attempt's start, before its end.
      const kinds = r.events.map((e) => (e.type === "log" ? `log ${e.line}` : e.type)).filter((k) => k !== "info");
      expect(kinds.slice(kinds.indexOf("attempt-start"), kinds.indexOf("attempt-end") + 1)).toEqual(["attempt-start", 'log {"id":"id-42","v":"***"}', "attempt-end"]);
    }
  });

  test("diagnostics the failing step already carries (by title) are not repeated", async () => {
    const starter: Step = {
      kind: "start", checks: true, schema: z.object({}), describe: () => "start",
      run: async (_, ctx) => {
        ctx.addResource({ name: "stack", cleanup: async () => {}, diagnostics: async () => [{ title: "compose ps", body: "Up 3 seconds" }, { title: "logs of api", body: "boom" }] });
        return { checks: [], error: "api exited", details: [{ title: "compose ps", body: "Up 2 seconds" }] };
      },
    };
    const r = await run([spec(starter, { name: "up" })]);
    const diag = r.events.filter((e) => e.type === "diagnostics");
    expect(diag).toEqual([expect.objectContaining({ details: [{ title: "logs of api", body: "boom" }] })]);
  });

  test("resources: diagnostics on failure, cleanup at the end in reverse order, keep honoured", async () => {
    const order: string[] = [];
    const starter: Step = {
      kind: "start", checks: true, schema: z.object({}), describe: () => "start",
      run: async (_, ctx) => {
        ctx.addResource({ name: "one", cleanup: async () => void order.push("one") });
        ctx.addResource({ name: "kept", keep: true, cleanup: async () => void order.push("kept"), leftBehind: () => "kept: remove it with: rm -r kept" });
        ctx.addResource({ name: "kept too", keep: true, cleanup: async () => void order.push("kept too") });
        ctx.addResource({ name: "two", cleanup: async () => void order.push("two"), diagnostics: async () => [{ title: "ps", body: "svc exited 1" }] });
        return PASS;
      },
    };
    const r = await run([spec(starter, { name: "s" }), spec(scripted([FAIL]), { name: "f" })], [spec(scripted([PASS]), { name: "td" })]);
    expect(order).toEqual(["two", "one"]);
    // What is kept is named with how to remove it, newest first, for the CLI to print.
    expect(r.outcome.kept).toEqual(["kept too", "kept: remove it with: rm -r kept"]);
    const diag = r.events.find((e) => e.type === "diagnostics");
    expect(diag).toMatchObject({ step: { name: "f" }, details: [{ title: "ps", body: "svc exited 1" }] });
    const names = r.events.map((e) => (e.type === "step-end" ? `end:${e.step.name}` : e.type === "log" ? e.line : "")).filter(Boolean);
    expect(names.indexOf("end:td")).toBeLessThan(names.indexOf("cleanup: two"));
  });

  test("a resource its cleanup could not remove is said, with the command that removes it (it was only in the run log); the status stays the steps'", async () => {
    const order: string[] = [];
    const starter: Step = {
      kind: "start", checks: true, schema: z.object({}), describe: () => "start",
      run: async (_, ctx) => {
        ctx.addResource({ name: "compose project p-1", cleanup: async () => { throw new Error("project p-1 still has 1 container(s)"); }, leftBehind: () => "compose project p-1: docker compose -p p-1 down --volumes --remove-orphans" });
        ctx.addResource({ name: "bg", cleanup: async () => { throw new Error("still running"); } });
        ctx.addResource({ name: "fine", cleanup: async () => void order.push("fine") });
        return PASS;
      },
    };
    const r = await run([spec(starter, { name: "s" })]);
    // The others are still cleaned up: one failure does not stop the cleanup.
    expect(order).toEqual(["fine"]);
    expect(r.outcome.status).toBe("passed");
    const said = [
      "the run's cleanup could not remove bg (still running)",
      "the run's cleanup could not remove compose project p-1 (project p-1 still has 1 container(s)); left behind (remove with the command shown): compose project p-1: docker compose -p p-1 down --volumes --remove-orphans",
    ];
    expect(r.outcome.unremoved).toEqual(said);
    const infos = r.events.flatMap((e) => (e.type === "info" ? [[e.key, e.value]] : []));
    expect(infos).toEqual([["warning: cleanup 1", said[0]!], ["warning: cleanup 2", said[1]!]]);
  });

  test("an interrupt during the wait between two failed attempts: the cause is the interrupt, with what the last attempt got", async () => {
    const ctl = new AbortController();
    let attempts = 0;
    const refused: Step = {
      ...scripted([FAIL]),
      run: async () => {
        attempts++;
        // Fires once the engine waits for the next attempt: its pause (10 minutes) ends only by the abort.
        setTimeout(() => ctl.abort(), 0);
        return { checks: [], error: "connection refused: http://127.0.0.1:1/health — is the service up?" };
      },
    };
    const r = await run([spec(refused, { name: "a", retries: 5 })], [], { interrupt: ctl.signal, defaults: { timeoutMs: 5000, intervalMs: 600_000 } });
    expect(attempts).toBe(1);
    expect(r.ends[0]).toMatchObject({ status: "interrupted", attempts: 1 });
    expect(r.ends[0]!.result?.error).toBe("stopped by Ctrl-C or SIGTERM before it finished (between attempts; attempt 1 got: connection refused: http://127.0.0.1:1/health — is the service up?)");
  });

  test("an interrupt stops the running step (interrupted: neither passed nor failed), skips the rest, runs teardown and cleanup", async () => {
    const ctl = new AbortController();
    let cleaned = false;
    const hang: Step = {
      kind: "hang", checks: true, schema: z.object({}), describe: () => "hang",
      run: async (_, ctx) => {
        ctx.addResource({ name: "bg", cleanup: async () => void (cleaned = true) });
        queueMicrotask(() => ctl.abort());
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
        return { checks: [], error: "interrupted" };
      },
    };
    const r = await run([spec(hang, { name: "h" }), spec(scripted([PASS]), { name: "next" })], [spec(scripted([PASS]), { name: "td" })], { interrupt: ctl.signal });
    expect(r.status).toEqual(["h:interrupted", "next:skipped", "td:passed"]);
    expect(r.outcome.status).toBe("interrupted");
    expect(r.outcome.totals).toEqual({ passed: 1, failed: 0, skipped: 1, interrupted: 1 });
    expect(cleaned).toBe(true);
    // The cut attempt says so, so no report calls it failed; the teardown's attempt, which ran to its end, does not.
    const attempts = r.events.flatMap((e) => (e.type === "attempt-end" ? [[e.step.name, e.ok, e.interrupted ?? false]] : []));
    expect(attempts).toEqual([["h", false, true], ["td", true, false]]);
  });

  test.each([["SIGINT", true], ["SIGTERM", true], ["SIGINT", false]] as const)(
    "a step stopped by %s says \"interrupted\" (step words the abort itself: %p)",
    async (sig, wordsItself) => {
      const ctl = new AbortController();
      const stopped: Step = {
        kind: "stopped", checks: true, schema: z.object({}), describe: () => "stopped",
        run: async (_, ctx) => {
          queueMicrotask(() => ctl.abort(new Error(sig)));
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
          return wordsItself ? { checks: [], error: abortText(ctx.signal) } : FAIL;
        },
      };
      const r = await run([spec(stopped, { name: "s" })], [], { interrupt: ctl.signal });
      expect(r.ends[0]).toMatchObject({ status: "interrupted", result: { error: INTERRUPTED } });
      expect(INTERRUPTED).toBe("interrupted");
    },
  );

  test("a step past its deadline says how long it had, whether it words the abort itself or leaves it to the engine", async () => {
    for (const wordsItself of [true, false]) {
      const slow: Step = {
        kind: "slow", checks: true, schema: z.object({}), describe: () => "slow",
        run: async (_, ctx) => {
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
          return wordsItself ? { checks: [], error: abortText(ctx.signal) } : FAIL;
        },
      };
      const r = await run([spec(slow, { name: "s", timeoutMs: 20 })]);
      expect(r.ends[0]).toMatchObject({ status: "failed", result: { error: "timed out after 20ms" } });
    }
  });

  test("selection by tag and step name", async () => {
    const r = await run(
      [spec(scripted([PASS]), { name: "a", tags: ["x"] }), spec(scripted([PASS]), { name: "b", tags: ["y"] }), spec(scripted([PASS]), { name: "c", id: "cid" })],
      [],
      { selection: { tags: ["x"], skipTags: [], steps: [] } },
    );
    expect(r.status).toEqual(["a:passed", "b:skipped", "c:skipped"]);
    const r2 = await run([spec(scripted([PASS]), { name: "a" }), spec(scripted([PASS]), { name: "c", id: "cid" })], [], { selection: { tags: [], skipTags: [], steps: ["cid"] } });
    expect(r2.status).toEqual(["a:skipped", "c:passed"]);
  });

  test("a run in which no step that checks anything ran is never green", async () => {
    const sleepOnly: Step = { kind: "sleep", checks: false, schema: z.object({}), describe: () => "sleep", run: async () => ({ checks: [] }) };
    const none = await run([spec(scripted([PASS]), { name: "a", tags: ["x"] })], [spec(scripted([PASS]), { name: "td" })], { selection: { tags: ["nope"], skipTags: [], steps: [] } });
    expect(none.status).toEqual(["a:skipped", "td:passed"]);
    expect(none.outcome.status).toBe("failed");
    const slept = await run([spec(sleepOnly, { name: "nap" })]);
    expect(slept.outcome.status).toBe("failed");
    expect(slept.events.some((e) => e.type === "log" && e.line.includes("no step that checks anything ran"))).toBe(true);
  });

  test("whether a step checks something is its kind's declaration, not its kind's name", async () => {
    const quiet: Step = { kind: "wait-for-nothing", checks: false, schema: z.object({}), describe: () => "quiet", run: async () => ({ checks: [] }) };
    const r = await run([spec(quiet, { name: "q" })]);
    expect(r.status).toEqual(["q:passed"]);
    expect(r.outcome.status).toBe("failed");
    const checking: Step = { kind: "sleep", checks: true, schema: z.object({}), describe: () => "sleep", run: async () => ({ checks: [] }) };
    expect((await run([spec(checking, { name: "c" })])).outcome.status).toBe("passed");
  });
});
