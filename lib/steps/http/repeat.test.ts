// `repeat`/`concurrency` on the http step against a local Bun.serve: every response checked, the bound held, abort stops it.
import { afterAll, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { waitFor } from "../../../test/helpers/cli.ts";
import { interruptReason } from "../../core/abort-text.ts";

let served = 0;
let inFlight = 0;
let maxInFlight = 0;
/** Requests held by /gate until `k` of them are in flight at once: only a pool that really runs k at a time gets answers. */
let gate: (() => void)[] = [];

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const u = new URL(req.url);
    const n = ++served;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      switch (u.pathname) {
        case "/gate": {
          const k = Number(u.searchParams.get("k"));
          await new Promise<void>((resolve) => {
            gate.push(resolve);
            if (gate.length === k) {
              for (const open of gate) open();
              gate = [];
            }
          });
          return Response.json({ n });
        }
        case "/every-third-fails":
          return n % 3 === 0 ? new Response("no", { status: 500 }) : Response.json({ n });
        case "/hang":
          return await new Promise<Response>(() => {});
        case "/three-then-hang":
          return n <= 3 ? Response.json({ n }) : await new Promise<Response>(() => {});
        default:
          return new Response(await req.text());
      }
    } finally {
      inFlight--;
    }
  },
});
const base = `http://127.0.0.1:${server.port}`;
afterAll(() => server.stop(true));

function reset() {
  served = 0;
  inFlight = 0;
  maxInFlight = 0;
}

const run = (input: Record<string, unknown>, ctx = testContext()) => step.run(step.schema.parse(input), ctx);

describe("http repeat", () => {
  test("sends N requests, K at a time, never more; checks every response; one sample per request", async () => {
    reset();
    const r = await run({ url: `${base}/gate?k=4`, repeat: 12, concurrency: 4, expect: { status: 200, json: { "$.n": { gte: 1 } } } });
    expect(r.error).toBeUndefined();
    expect(served).toBe(12);
    expect(maxInFlight).toBe(4);
    expect(r.checks).toHaveLength(24);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.checks.slice(0, 2).map((c) => c.path)).toEqual(["#1 status", "#1 json $.n"]);
    expect(r.http).toHaveLength(12);
    expect(r.http!.every((s) => s.status === 200 && s.receivedBytes > 0 && s.durationMs >= 0)).toBe(true);
    expect(r.observed).toMatchObject({ requests: 12, status: { "200": 12 } });
    expect(r.summary).toMatch(new RegExp(`^GET ${base}/gate\\?k=4 ×12, 4 at once → 12 × 200, p\\(95\\) `));
  });

  test("without concurrency the requests go one at a time", async () => {
    reset();
    const r = await run({ url: `${base}/echo`, method: "POST", body: "abc", repeat: 5 });
    expect(served).toBe(5);
    expect(maxInFlight).toBe(1);
    expect(r.http!.map((s) => [s.sentBytes, s.receivedBytes])).toEqual(Array(5).fill([3, 3]));
  });

  test("failures are named by iteration, and the first failing response is in the details", async () => {
    reset();
    const r = await run({ url: `${base}/every-third-fails`, repeat: 7, expect: { status: 200 } });
    expect(r.checks.filter((c) => !c.ok).map((c) => [c.path, c.actual])).toEqual([["#3 status", 500], ["#6 status", 500]]);
    expect(r.observed).toMatchObject({ requests: 7, status: { "200": 5, "500": 2 } });
    expect(r.details!.map((d) => d.title)).toEqual(["request", "response of #3 (the first failing iteration)"]);
    expect(r.error).toBeUndefined();
  });

  test("requests that get no response are failed checks; when all fail it is the step's error", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${closed.port}/`;
    closed.stop(true);
    const r = await run({ url, repeat: 3, concurrency: 3 });
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["#1", false], ["#2", false], ["#3", false]]);
    expect(r.error).toStartWith("all 3 requests failed; the first: connection refused");
    expect(r.http!.map((s) => s.status)).toEqual([undefined, undefined, undefined]);
  });

  test("the step's signal stops the pool: no new request starts", async () => {
    reset();
    const ac = new AbortController();
    const pending = run({ url: `${base}/hang`, repeat: 10, concurrency: 2 }, testContext({ signal: ac.signal }));
    await waitFor(() => served === 2, "two requests in flight");
    ac.abort();
    const r = await pending;
    expect(served).toBe(2);
    expect(r.error).toBe("interrupted after 2 of 10 requests");
    expect(r.observed).toMatchObject({ requests: 2, not_sent: 8 });
  });

  test("requests the run's interrupt cuts short are counted apart: no failed check, no status, not in the latency", async () => {
    reset();
    const step = new AbortController();
    const interrupt = new AbortController();
    const pending = run({ url: `${base}/three-then-hang`, repeat: 10, concurrency: 2, expect: { status: 200 } }, testContext({ signal: step.signal, interrupt: interrupt.signal }));
    await waitFor(() => served === 5, "three answered, two in flight");
    interrupt.abort(interruptReason());
    step.abort(interruptReason());
    const r = await pending;
    expect(r.error).toBe("interrupted after 5 of 10 requests, 2 of them cut short");
    // Two at a time, the third answer goes to whichever of requests 3 and 4 reached the server first: three answered
    // requests, each with a passed status check, and two cut short, in either order.
    expect(r.checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(r.checks.map((c) => c.path).every((p) => /^#[1-5] status$/.test(p))).toBe(true);
    expect(new Set(r.checks.map((c) => c.path)).size).toBe(3);
    expect(r.observed).toMatchObject({ requests: 5, cut_short: 2, not_sent: 5, status: { "200": 3 } });
    expect(r.summary).toMatch(/ ×10, 2 at once → 3 × 200, 2 cut short by the interrupt, p\(95\) /);
    expect(r.http!.map((s) => `${s.status}:${s.cut}`).sort()).toEqual(["200:undefined", "200:undefined", "200:undefined", "undefined:true", "undefined:true"]);
  });

  test("a step's own deadline is no interrupt: the requests it stops are failed, not cut short", async () => {
    reset();
    const step = new AbortController();
    const pending = run({ url: `${base}/hang`, repeat: 4, concurrency: 2 }, testContext({ signal: step.signal }));
    await waitFor(() => served === 2, "two requests in flight");
    step.abort(new Error("timed out after 1s"));
    const r = await pending;
    expect(r.http!.map((s) => s.cut)).toEqual([undefined, undefined]);
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["#1", false], ["#2", false]]);
    expect(r.observed).toMatchObject({ requests: 2, status: { "no response": 2 } });
  });

  test.each([
    [{ url: "x", repeat: 0 }, "Too small"],
    [{ url: "x", repeat: 10_001 }, "Too big"],
    [{ url: "x", repeat: 5, concurrency: 101 }, "Too big"],
    [{ url: "x", concurrency: 4 }, "concurrency limits the requests of repeat: give repeat: N too"],
    [{ url: "x", repeat: 1.5 }, "expected int"],
  ])("%j is invalid", (input, message) => {
    const r = step.schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join("; ")).toContain(message);
  });
});
