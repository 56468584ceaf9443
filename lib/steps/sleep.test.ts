// Tests of the sleep step: schema (a bare duration), completion, and early end on abort.
import { describe, expect, test } from "bun:test";
import { step } from "./sleep.ts";
import { testContext } from "../../test/helpers/context.ts";

describe("sleep schema", () => {
  test.each([
    ["2s", 2000],
    ["1m30s", 90_000],
    [3, 3000],
    ["250ms", 250],
  ] as const)("%p → %p ms", (value, ms) => {
    expect(step.schema.parse(value)).toBe(ms);
  });

  test.each([["soon"], [{ duration: "2s" }], [-1]])("rejects %p", (value) => {
    const r = step.schema.safeParse(value);
    expect(r.success).toBe(false);
  });
});

describe("sleep run", () => {
  test("waits and passes", async () => {
    const ctx = testContext();
    const r = await step.run(step.schema.parse("20ms"), ctx);
    expect(r.error).toBeUndefined();
    expect(r.summary).toBe("slept 20ms");
    expect(ctx.logs).toEqual(["sleep 20ms"]);
  });

  test("an abort ends it early with 'interrupted'", async () => {
    const ac = new AbortController();
    const ctx = testContext({ signal: ac.signal });
    const running = step.run(step.schema.parse("10m"), ctx);
    ac.abort();
    const r = await running;
    expect(r.error).toBe("interrupted");
    expect(r.summary).toContain("of 10m00s");
  });

  test("the engine's timeout reason is reported", async () => {
    const ac = new AbortController();
    ac.abort(new Error("timed out after 1s"));
    const r = await step.run(step.schema.parse("10m"), testContext({ signal: ac.signal }));
    expect(r.error).toBe("timed out after 1s");
  });

  test("describe", () => {
    expect(step.describe(90_000)).toBe("sleep 1m30s");
  });
});
