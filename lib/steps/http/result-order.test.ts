// The http step's result on its synchronous check path (status, body, JSONPath of names, latency) equals the asynchronous one (captures, JSON Schema, library JSONPath), key order included: reports serialize it.
import { afterAll, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import type { StepResult } from "../../core/step-result.ts";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/redirect") return new Response(null, { status: 302, headers: { location: "/item" } });
    return Response.json({ id: 7, name: "seven", tags: ["a", "b"] });
  },
});
const base = `http://127.0.0.1:${server.port}`;
afterAll(() => server.stop(true));

function run(input: Record<string, unknown>): Promise<StepResult> {
  return step.run(step.schema.parse(input), testContext());
}

/** The parts of a result that do not depend on timing, with the order of every key. */
function shape(r: StepResult) {
  return {
    keys: Object.keys(r),
    observedKeys: Object.keys(r.observed ?? {}),
    checks: r.checks.map(({ path, expected, actual, ok }) => ({ path, expected, actual: path === "latency" ? "(timed)" : actual, ok })),
    error: r.error,
    status: r.observed?.status,
    titles: r.details?.map((d) => d.title),
    samples: r.http?.map((s) => [s.status, s.sentBytes, s.receivedBytes]),
  };
}

const EXPECT = { status: 200, body: { contains: "seven" }, json: { "$.id": 7, "$.tags[1]": "b" }, latency: { lt: 60_000 } };

describe("http result: synchronous and asynchronous check paths agree", () => {
  test("the plain path's keys: checks, summary, observed, details, http", async () => {
    const r = await run({ url: `${base}/item`, expect: EXPECT });
    expect(Object.keys(r)).toEqual(["checks", "summary", "observed", "details", "http"]);
    expect(Object.keys(r.observed!)).toEqual(["status", "latency_ms", "bytes"]);
    expect(r.checks.map((c) => c.path)).toEqual(["status", "body", "json $.id", "json $.tags[1]", "latency"]);
    expect(r.checks.every((c) => c.ok)).toBe(true);
  });

  test("a capture (asynchronous) adds its key after the checks and changes nothing else", async () => {
    const plain = shape(await run({ url: `${base}/item`, expect: EXPECT }));
    const captured = await run({ url: `${base}/item`, expect: EXPECT, capture: { NAME: "$.name" } });
    expect(captured.captures).toEqual({ NAME: "seven" });
    expect(shape(captured)).toEqual({ ...plain, keys: ["checks", "captures", ...plain.keys.slice(1)] });
  });

  test("a JSON Schema (asynchronous) puts its checks between the JSONPath and latency checks", async () => {
    const plain = shape(await run({ url: `${base}/item`, expect: EXPECT }));
    const schema = shape(await run({ url: `${base}/item`, expect: { ...EXPECT, json_schema: { type: "object", required: ["id"] } } }));
    expect(schema.keys).toEqual(plain.keys);
    expect(schema.checks.filter((c) => !c.path.startsWith("json_schema"))).toEqual(plain.checks);
    expect(schema.checks.map((c) => c.path).indexOf("latency")).toBe(schema.checks.length - 1);
  });

  test("a JSONPath that searches gives the checks a plain path gives, in order", async () => {
    const plain = shape(await run({ url: `${base}/item`, expect: { status: 200, json: { "$.id": 7, "$.name": "seven" }, latency: { lt: 60_000 } } }));
    // `$..name` searches: its answer is the list of the matches, one here.
    const library = shape(await run({ url: `${base}/item`, expect: { status: 200, json: { "$.id": 7, "$..name": ["seven"] }, latency: { lt: 60_000 } } }));
    expect(library.checks.map((c) => c.path)).toEqual(["status", "json $.id", "json $..name", "latency"]);
    expect(library.checks.map((c) => c.ok)).toEqual(plain.checks.map((c) => c.ok));
    expect(library.checks[2]!.actual).toEqual(["seven"]);
    expect(library.keys).toEqual(plain.keys);
  });

  test("a redirect followed adds final_url last to observed", async () => {
    const r = await run({ url: `${base}/redirect`, follow_redirects: true, expect: { status: 200 } });
    expect(Object.keys(r.observed!)).toEqual(["status", "latency_ms", "bytes", "final_url"]);
    expect(r.observed!.final_url).toBe(`${base}/item`);
  });
});

test("a request that cannot be built settles the step's promise (as an async run did), never throws synchronously", async () => {
  const input = { ...step.schema.parse({ url: `${base}/item` }), headers: { "bad name": "x" } };
  let promise: Promise<StepResult> | undefined;
  let thrown: unknown;
  try {
    promise = step.run(input, testContext());
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeUndefined();
  const result = await promise!;
  expect(result.error).toContain('"bad name" is no header name');
});
