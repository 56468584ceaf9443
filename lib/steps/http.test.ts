// Tests of the http step against a local Bun.serve: every expectation passing and failing, captures, redirects, errors.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "./http.ts";
import { main } from "../cli.ts";
import { testContext, type TestContext } from "../../test/helpers/context.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import type { Check } from "../expect/matcher.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";
import { expectPassed } from "../../test/helpers/step-result.ts";
import { scriptedServer } from "../../test/helpers/scripted-server.ts";
import { raw, withClient } from "../../test/helpers/wire-diff.ts";

const MiB = 1024 * 1024;
/** A duration as formatDuration writes it: a loaded machine may take over a second ("1.05s"). */
const DURATION = String.raw`(?:\d+ms|\d+\.\d+s|\d+m\d\ds)`;

/** Bodies served as application/json at /raw/NAME, for the json_schema checks. */
const A34B = "a".repeat(34) + "b";
const RAW: Record<string, string> = {
  // ^(a|a)*c backtracks past the engine's limit on it before ^a*b matches.
  aab: JSON.stringify({ s: A34B }),
  aabKey: JSON.stringify({ [A34B]: 1 }),
  ab: '{"a":1,"b":2}',
  deep: '{"a":1,"d":' + "[".repeat(50_000) + "]".repeat(50_000) + "}",
  decimals: '{"a":0.07,"b":1.15,"c":0.3,"d":0.075,"e":1e20,"f":-0.3,"g":12345.6789}',
  nulls: '{"a":null,"b":"a-b"}',
};

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const u = new URL(req.url);
    switch (u.pathname) {
      case "/json":
        return Response.json({ data: [{ id: "m1", n: 1 }, { id: "m2", n: 2 }], total: 2 }, { headers: { "x-trace": "abc-123" } });
      case "/num-text":
        return new Response('{"tiny":"1e-400","long":"1.0000000000000001","huge":"1e999","inf":"+Inf"}', { headers: { "content-type": "application/json", "x-long": "1.0000000000000001" } });
      case "/text":
        return new Response("hello world\n", { headers: { "content-type": "text/plain" } });
      case "/not-json":
        return new Response("<html>oops</html>");
      case "/status":
        return new Response(`status ${u.searchParams.get("code")}`, { status: Number(u.searchParams.get("code")) });
      case "/redirect":
        return new Response(null, { status: 302, headers: { location: "/json" } });
      case "/echo":
        return Response.json({ method: req.method, query: [...u.searchParams], headers: Object.fromEntries(req.headers), body: await req.text() });
      case "/gzip2": {
        // Gzipped twice, as `Content-Encoding: gzip, gzip` says: neither client decodes stacked codings.
        const twice = Bun.gzipSync(Bun.gzipSync(JSON.stringify({ status: "ERROR", detail: "disk full" })));
        return new Response(twice, { headers: { "content-encoding": "gzip, gzip", "content-type": "application/json", "x-kind": "twice" } });
      }
      case "/hang":
        return new Promise<Response>(() => {}); // never answers
      case "/big": {
        const chunk = new Uint8Array(MiB).fill(97);
        let sent = 0;
        return new Response(new ReadableStream({ pull(c) { if (sent++ < 11) c.enqueue(chunk); else c.close(); } }));
      }
      case "/big-json": {
        // JSON in the first 10 MiB, then text: the whole body is no JSON.
        const head = new TextEncoder().encode('{"ok":true,"v":"x"}');
        const spaces = new Uint8Array(MiB).fill(32);
        let sent = 0;
        return new Response(new ReadableStream({ pull(c) { if (sent === 0) c.enqueue(head); if (sent++ < 11) c.enqueue(spaces); else { c.enqueue(new TextEncoder().encode("garbage")); c.close(); } } }), { headers: { "content-type": "application/json" } });
      }
      default:
        if (u.pathname.startsWith("/raw/") && Object.hasOwn(RAW, u.pathname.slice(5))) return new Response(RAW[u.pathname.slice(5)], { headers: { "content-type": "application/json" } });
        return new Response("not found", { status: 404 });
    }
  },
});
const base = `http://127.0.0.1:${server.port}`;
afterAll(() => server.stop(true));

async function run(input: Record<string, unknown>, ctx: TestContext = testContext()) {
  return step.run(step.schema.parse(input), ctx);
}

const failures = (checks: Check[]) => checks.filter((c) => !c.ok).map(({ path, expected, actual }) => ({ path, expected, actual }));

describe("a body neither client decodes", () => {
  test.each([["wire"], ["fetch"]])("stacked codings (gzip, gzip) fail a step that checks the body, saying why, with the %s client", (client) =>
    withClient(client, async () => {
      // `not_contains: ERROR` passed on the gzipped bytes of a body that says ERROR.
      const r = await run({ url: `${base}/gzip2`, expect: { status: 200, body: { not_contains: "ERROR" } } });
      expect(r.error).toBe("the body came encoded (Content-Encoding: gzip, gzip), which is not decoded (one coding of gzip, deflate, br or zstd is): its body, json and capture checks cannot be decided");
      // Status and headers need no body: such a step still passes.
      const head = await run({ url: `${base}/gzip2`, expect: { status: 200, headers: { "x-kind": "twice" } }, capture: { KIND: "header:x-kind" } });
      expect(head.error).toBeUndefined();
      expect(failures(head.checks)).toEqual([]);
      expectPassed(head, ["status", "headers.x-kind"]);
    }),
  );
});

describe("a connection reset mid-answer", () => {
  test("a close-delimited body that a reset (RST) cuts short fails the step, as curl fails it (built-in client)", () =>
    withClient("wire", async () => {
      // Neither a length nor chunks: only the connection's end ends the body, and a reset is no end. `not_contains: ERROR`
      // passed on "all good so far", whatever the server was still to send.
      const server = scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall good so far"], reset: true }));
      try {
        const r = await run({ url: `${server.base}/stream`, expect: { status: 200, body: { not_contains: "ERROR" } } });
        expect(r.error).toBe(`connection closed by the server before a full response: ${server.base}/stream`);
      } finally {
        server.stop();
      }
    }));
});

describe("a body still in a transfer coding", () => {
  test.each([["wire"], ["fetch"]])("Transfer-Encoding: gzip, chunked fails a step that checks the body, saying why, with the %s client", (client) =>
    withClient(client, async () => {
      // Neither client removes a transfer coding other than chunked: `not_contains: ERR` passed on the gzipped bytes of "ERROR".
      const gz = Bun.gzipSync("ERROR");
      const chunked = (te: string) => raw(`HTTP/1.1 200 OK\r\nTransfer-Encoding: ${te}\r\nX-Kind: te\r\n\r\n${gz.length.toString(16)}\r\n`, gz, "\r\n0\r\n\r\n");
      const server = scriptedServer((req) => chunked(req.target === "/x-gzip" ? "x-gzip, chunked" : req.target === "/deflate" ? "deflate ,Chunked" : "gzip, chunked"));
      try {
        for (const [path, te] of [["/gzip", "gzip, chunked"], ["/x-gzip", "x-gzip, chunked"], ["/deflate", "deflate ,Chunked"]]) {
          const r = await run({ url: `${server.base}${path}`, expect: { status: 200, body: { not_contains: "ERR" } } });
          expect(r.error).toBe(`the body came in a transfer coding (Transfer-Encoding: ${te}), which is not removed (only chunked is): its body, json and capture checks cannot be decided`);
          const captured = await run({ url: `${server.base}${path}`, capture: { B: "body" } });
          expect(captured.error).toBe(r.error);
        }
        // Status and headers need no body: such a step still passes.
        const head = await run({ url: `${server.base}/gzip`, expect: { status: 200, headers: { "x-kind": "te" } }, capture: { KIND: "header:x-kind" } });
        expect(head.error).toBeUndefined();
        expectPassed(head, ["status", "headers.x-kind"]);
      } finally {
        server.stop();
      }
    }),
  );
});

describe("a response that has no body whatever its head says", () => {
  test.each([["wire"], ["fetch"]])("a 204 or 304 with Transfer-Encoding: gzip, or Content-Encoding: gzip, gzip, passes body: \"\" (it has no body to decide), with the %s client", (client) =>
    withClient(client, async () => {
      const server = scriptedServer((req) => raw(`HTTP/1.1 ${req.target === "/304" ? "304 Not Modified" : "204 No Content"}\r\n${req.target === "/ce" ? "Content-Encoding: gzip, gzip" : "Transfer-Encoding: gzip, chunked"}\r\n\r\n`));
      try {
        for (const [path, status] of [["/204", 204], ["/304", 304], ["/ce", 204]] as const) {
          const r = await run({ url: `${server.base}${path}`, expect: { status, body: "" } });
          expect({ path, error: r.error }).toEqual({ path, error: undefined });
          expectPassed(r, ["status", "body"]);
        }
      } finally {
        server.stop();
      }
    }),
  );
});

describe("http schema", () => {
  test("accepts the format's example", () => {
    const r = step.schema.safeParse({
      url: "${VLLM_URL}/v1/models",
      headers: { Authorization: "Bearer ${API_KEY}" },
      expect: { status: 200, json: { "$.data[0].id": { exists: true } }, latency: { lt: "2s" } },
      capture: { MODEL_ID: "$.data[0].id" },
    });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ method: "GET", follow_redirects: true, insecure_tls: false });
  });

  test("accepts what ajv compiles: a list of items under draft-07, a $ref that resolves (escaped names too), true and false schemas", () => {
    for (const json_schema of [
      { $schema: "http://json-schema.org/draft-07/schema#", items: [{ type: "string" }], definitions: { a: { type: "string" } }, properties: { x: { $ref: "#/definitions/a" } } },
      { $defs: { "a/b": { type: "string" } }, properties: { x: { $ref: "#/$defs/a~1b" }, y: true, z: false }, prefixItems: [{ type: "number" }], enum: [1, "a"] },
    ]) {
      const input = { url: "http://127.0.0.1:1/", expect: { json_schema } };
      expect(step.schema.safeParse(input).error?.issues).toBeUndefined();
      expect(step.fastInput!(input)).toBeDefined();
    }
  });

  test("a request body may hold a key named expect, headers or status: when the step has its own expect, or when it is no expect's mapping", () => {
    for (const input of [
      { url: "http://127.0.0.1:1/", method: "POST", json: { expect: { status: 201 } }, expect: { status: 202 } },
      { url: "http://127.0.0.1:1/", method: "POST", json: { expect: "100-continue", status: "open" } },
      { url: "http://127.0.0.1:1/", method: "POST", json: { expect: { count: 3 } } },
      { url: "http://127.0.0.1:1/", method: "POST", json: [{ expect: { status: 201 } }] },
      // A property of the schema named so is no check of the step's: it is under properties.
      { url: "http://127.0.0.1:1/", expect: { json_schema: { type: "object", properties: { status: { type: "string" } }, required: ["status"] } } },
    ]) {
      expect(step.schema.safeParse(input).error?.issues).toBeUndefined();
      expect(step.fastInput!(input)).toBeDefined();
    }
  });

  test.each([
    ["Unrecognized key", { url: "x", expect: { statuscode: 200 } }],
    ["Unrecognized key", { url: "x", verb: "GET" }],
    ["either body (text) or json", { url: "x", body: "a", json: { a: 1 } }],
    ['"2xy" is not a status', { url: "x", expect: { status: "2xy" } }],
    ["99 is not an HTTP status code", { url: "x", expect: { status: 99 } }],
    ["an empty list allows no status", { url: "x", expect: { status: [] } }],
    ['unknown matcher operator "gte_"', { url: "x", expect: { status: { gte_: 200 } } }],
    ["method: an HTTP method", { url: "x", method: "GE T" }],
    ['unknown matcher operator "contain"', { url: "x", expect: { headers: { "content-type": { contain: "json" } } } }],
    ['a JSONPath starts with "$"', { url: "x", expect: { json: { "data[0]": 1 } } }],
    ["json_schema", { url: "x", expect: { json_schema: "object" } }],
    ["invalid duration", { url: "x", timeout: "soon" }],
    ["unknown capture source", { url: "x", capture: { A: "stdout" } }],
    ["give the address", { url: "" }],
    ["json: a GET request has no body: give method: POST (or PUT, PATCH), or leave json out", { url: "x", json: { a: 1 } }],
    ["body: a HEAD request has no body", { url: "x", method: "head", body: "a" }],
    // A HEAD response has no body: `not_contains` held on "" whatever the server had, and a capture took "".
    ["expect.body: a HEAD response has no body, so a body check would be about an empty body", { url: "x", method: "head", expect: { body: { not_contains: "error" } } }],
    ["expect.json: a HEAD response has no body", { url: "x", method: "HEAD", expect: { json: { "$.a": 1 } } }],
    ["expect.json_schema: a HEAD response has no body", { url: "x", method: "HEAD", expect: { json_schema: { type: "object" } } }],
    ["capture.B: a HEAD response has no body, so this capture would read an empty body", { url: "x", method: "HEAD", capture: { S: "status", L: "header:content-length", B: "body" } }],
    ["capture.R: a HEAD response has no body", { url: "x", method: "HEAD", capture: { R: { regex: "a" } } }],
    ['expect.latency: "fast" is not a number of milliseconds or a duration (2s)', { url: "x", expect: { latency: "fast" } }],
    ['expect.latency.lt: "1MiB" is a size, not a number of milliseconds or a duration (2s)', { url: "x", expect: { latency: { lt: "1MiB" } } }],
    // It checked nothing, and passed on a body that is not JSON at all.
    ["expect.json: json: {} checks nothing", { url: "x", expect: { json: {} } }],
    ["expect.headers: headers: {} checks nothing", { url: "x", expect: { headers: {} } }],
    // A latency is never below 0: the first held for every response, the second for none.
    ['expect.latency: {"gte":0} holds for every time, which is never below 0: it checks nothing', { url: "x", expect: { latency: { gte: 0 } } }],
    ["expect.latency.lt: lt: 0 holds for no time, which is never below 0: the check could never pass", { url: "x", expect: { latency: { lt: 0 } } }],
    // A schema that constrains nothing held for every JSON body ("just a string" passed json_schema: {}); false for none.
    ["expect.json_schema: json_schema: {} holds for every JSON body, so it checks only that the body is JSON", { url: "x", expect: { json_schema: {} } }],
    ["expect.json_schema: json_schema: true holds for every JSON body", { url: "x", expect: { json_schema: true } }],
    ["expect.json_schema: json_schema: {$schema, title, format} holds for every JSON body", { url: "x", expect: { json_schema: { $schema: "https://json-schema.org/draft/2020-12/schema", title: "T", format: "uuid" } } }],
    ["expect.json_schema: json_schema: {contentMediaType, contentSchema} holds for every JSON body", { url: "x", expect: { json_schema: { contentMediaType: "application/json", contentSchema: { type: "object" } } } }],
    ["expect.json_schema: json_schema: false holds for no body: the step could never pass", { url: "x", expect: { json_schema: false } }],
    // JSON Schema ignores a keyword it does not know: a misspelt one checked nothing and passed.
    ['expect.json_schema.requried: unknown JSON Schema keyword "requried" (did you mean "required"?)', { url: "x", expect: { json_schema: { type: "object", requried: ["id"] } } }],
    ['expect.json_schema.properties.id.tpye: unknown JSON Schema keyword "tpye" (did you mean "type"?)', { url: "x", expect: { json_schema: { properties: { id: { tpye: "string" } } } } }],
    // A value no JSON Schema takes: ajv refused the whole schema only when the step ran, after the steps before it.
    ['expect.json_schema.type: type takes one of null, boolean, object, array, number, string, integer, or a list of them; "objec" is none (did you mean "object"?): the schema is invalid', { url: "x", expect: { json_schema: { type: "objec" } } }],
    ['expect.json_schema.properties.a.required: required takes a list of property names; got "id": the schema is invalid', { url: "x", expect: { json_schema: { properties: { a: { required: "id" } } } } }],
    ['expect.json_schema.items.minimum: minimum takes a number; got "5": the schema is invalid', { url: "x", expect: { json_schema: { items: { minimum: "5" } } } }],
    ["expect.json_schema.anyOf: anyOf takes a non-empty list of schemas; got []: the schema is invalid", { url: "x", expect: { json_schema: { anyOf: [] } } }],
    ["expect.json_schema.pattern: pattern: invalid regular expression", { url: "x", expect: { json_schema: { pattern: "(" } } }],
    ["expect.json_schema.enum: enum takes a non-empty list of the allowed values; got []: the schema is invalid", { url: "x", expect: { json_schema: { enum: [] } } }],
    ["expect.json_schema.items: items takes one schema in JSON Schema 2020-12 (the default)", { url: "x", expect: { json_schema: { items: [{ type: "string" }] } } }],
    ['expect.json_schema.properties.a.$ref: $ref "#/$defs/nope" leads to nothing in the schema: the schema is invalid', { url: "x", expect: { json_schema: { $defs: { yes: {} }, properties: { a: { $ref: "#/$defs/nope" } } } } }],
    ['expect.json_schema.dependentRequired: dependentRequired takes a mapping of property names to lists of property names; got {"a":"b"}', { url: "x", expect: { json_schema: { dependentRequired: { a: "b" } } } }],
    // Known before the run, each could only fail the step when it ran (fetch refuses them), after the steps before it.
    ["url: unsupported URL scheme ftp: in ftp://***@127.0.0.1/: use http or https", { url: "ftp://u:p@127.0.0.1/" }],
    ['headers.bad name: "bad name" is no header name', { url: "http://127.0.0.1/", headers: { "bad name": "1" } }],
    ['headers.x:y: "x:y" is no header name', { url: "http://127.0.0.1/", headers: { "x:y": "1" } }],
    ['headers.: "" is no header name', { url: "http://127.0.0.1/", headers: { "": "1" } }],
    // A response header named so cannot be looked up: the step failed when it ran, "internal error: Invalid header name".
    ['expect.headers.bad name: "bad name" is no header name', { url: "http://127.0.0.1/", expect: { headers: { "bad name": { eq: "v" } } } }],
    ['expect.headers.x:y: "x:y" is no header name', { url: "http://127.0.0.1/", expect: { headers: { "x:y": { exists: false } } } }],
    // An `expect:` indented under the request's json: was sent in the body, and the step checked only that the status
    // was 2xx or 3xx: a 200 passed the `status: 201` and `$.id` meant for it.
    ["json.expect: this expect: is inside the request body (json:), so it is sent to the server and checks nothing: move it out to the indent of json:", { url: "x", method: "POST", json: { name: "w", expect: { status: 201, json: { "$.id": { exists: true } } } } }],
    ["json.expect: this expect: is inside the request body", { url: "x", method: "PUT", json: { expect: { body: { not_contains: "error" } } } }],
    // A check of the step's expect indented under json_schema: JSON Schema ignores a key it does not know.
    ["expect.json_schema.status: status is a check of the step's expect, not a JSON Schema keyword: JSON Schema ignores it, so it would check nothing: move it out of json_schema, to the indent of json_schema", { url: "x", expect: { json_schema: { type: "object", status: 201 } } }],
    ["expect.json_schema.json: json is a check of the step's expect, not a JSON Schema keyword", { url: "x", expect: { json_schema: { type: "object", json: { "$.id": { exists: true } } } } }],
    ["expect.json_schema.latency: latency is a check of the step's expect", { url: "x", expect: { json_schema: { required: ["id"], latency: { lt: "2s" } } } }],
  ])("rejects: %s", (message, input) => {
    // The loader's fast check leaves it to the schema, which refuses it.
    expect(step.fastInput(input)).toBeUndefined();
    const r = step.schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")).toContain(message);
  });

  test("describe is the method and URL", () => {
    expect(step.describe(step.schema.parse({ url: "http://x/health", method: "post" }))).toBe("POST http://x/health");
  });

  test("describe shows the query parameters as they are sent (the --dry-run line and the default name)", () => {
    expect(step.describe(step.schema.parse({ url: "http://127.0.0.1:1/x", query: { q: "x y", n: 3, tag: ["a", "b"] } }))).toBe("GET http://127.0.0.1:1/x?q=x%20y&n=3&tag=a&tag=b");
    expect(step.describe(step.schema.parse({ url: "http://127.0.0.1:1/x?a=1", query: { b: "2" } }))).toBe("GET http://127.0.0.1:1/x?a=1&b=2");
    expect(step.describe(step.schema.parse({ url: "http://127.0.0.1:1", query: {} }))).toBe("GET http://127.0.0.1:1");
  });
});

describe("expectations", () => {
  test.each([
    ["status literal", "/json", { status: 200 }, []],
    ["status literal fails", "/json", { status: 201 }, [{ path: "status", expected: "== 201", actual: 200 }]],
    ["status class", "/json", { status: "2xx" }, []],
    ["status class fails", "/json", { status: "4XX" }, [{ path: "status", expected: "4xx", actual: 200 }]],
    ["status list", "/json", { status: [200, 204] }, []],
    ["status list fails", "/json", { status: [201, "3xx"] }, [{ path: "status", expected: "one of 201, 3xx", actual: 200 }]],
    ["status matcher", "/status?code=503", { status: { gte: 500 } }, []],
    ["no status expectation: 4xx fails", "/status?code=404", {}, [{ path: "status", expected: "2xx or 3xx (no status expected explicitly)", actual: 404 }]],
    ["an expected 404 passes", "/status?code=404", { status: 404 }, []],
    ["headers, any case", "/json", { headers: { "X-Trace": "abc-123", "content-type": { contains: "json" }, "x-missing": { exists: false } } }, []],
    ["headers fail", "/json", { headers: { "x-trace": "nope" } }, [{ path: "headers.x-trace", expected: '== "nope"', actual: "abc-123" }]],
    ["a missing header fails", "/json", { headers: { "X-Missing": { exists: true } } }, [{ path: "headers.x-missing", expected: "exists", actual: undefined }]],
    ["body literal (trailing newline removed)", "/text", { body: "hello world" }, []],
    ["body fails", "/text", { body: { contains: "bye" } }, [{ path: "body", expected: 'contains "bye"', actual: "hello world" }]],
    ["json paths", "/json", { json: { "$.data[0].id": "m1", "$.data[*].id": ["m1", "m2"], "$.missing": { exists: false }, "$.data": { length: 2 } } }, []],
    ["json fails", "/json", { json: { "$.total": { gt: 5 }, "$.data[1].id": "m1" } }, [
      { path: "json $.total", expected: "> 5", actual: 2 },
      { path: "json $.data[1].id", expected: '== "m1"', actual: "m2" },
    ]],
    ["latency", "/json", { latency: { lt: "10s" } }, []],
    ["latency fails", "/json", { latency: { lt: 0.001 } }, [{ path: "latency", expected: "< 0.001ms" }]],
    ["json_schema", "/json", { json_schema: { type: "object", required: ["data", "total"], properties: { total: { type: "integer" }, data: { type: "array", items: { required: ["id"] } } } } }, []],
    ["json_schema violations", "/json", {
      json_schema: {
        type: "object",
        required: ["data", "next"],
        additionalProperties: false,
        properties: { total: { type: "string" }, extra: {}, data: { type: "array", items: { type: "object", properties: { n: { maximum: 1 } } } } },
      },
    }, [
      { path: "json_schema /", expected: "must have required property 'next'" },
      { path: "json_schema /total", expected: "must be string", actual: 2 },
      { path: "json_schema /data/1/n", expected: "must be <= 1", actual: 2 },
    ]],
    // Only the body's own keys count: Object.prototype's constructor met required, and failed type: string.
    ["json_schema: keys named as Object.prototype's members are absent", "/json", { json_schema: { type: "object", required: ["constructor"], properties: { toString: { type: "string" } }, dependentRequired: { valueOf: ["nope"] } } }, [
      { path: "json_schema /", expected: "must have required property 'constructor'" },
    ]],
    ["json_schema additional property", "/json", { json_schema: { type: "object", properties: { data: {} }, additionalProperties: false } }, [
      { path: "json_schema /", expected: 'must NOT have additional properties ("total")' },
    ]],
  ])("%s", async (_name, path, expectation, expected) => {
    const r = await run({ url: `${base}${path}`, expect: expectation });
    expect(r.error).toBeUndefined();
    const got = failures(r.checks);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e));
  });

  // A text its double does not hold passed `0` ("1e-400"), `1` ("1.0000000000000001") and `.inf` ("1e999"), as a JSON
  // number beyond 2^53 would have passed on its rounded value: each fails as undecided, saying so.
  test("a JSON text that reads as a number its double does not hold is undecided next to the number it reads as", async () => {
    const undecided = { "$.tiny": 0, "$.long": 1, "$.huge": Infinity };
    const r = await run({ url: `${base}/num-text`, expect: { json: { ...undecided, "$.inf": Infinity }, headers: { "x-long": 1 } } });
    expect(r.error).toBeUndefined();
    expect(failures(r.checks).map((f) => [f.path, String(f.actual).includes("cannot be decided")])).toEqual([
      ["headers.x-long", true], ["json $.tiny", true], ["json $.long", true], ["json $.huge", true],
    ]);
    // What stays true whatever the lost digits passes: "1e999" > 5, "1e-400" < 1, "1.0000000000000001" > 0.5.
    const decided = await run({ url: `${base}/num-text`, expect: { json: { "$.huge": { gt: 5 }, "$.tiny": { lt: 1 }, "$.long": { gt: 0.5 }, "$.inf": { gt: 1e300 } }, headers: { "x-long": { lt: 2 } } } });
    expect(failures(decided.checks)).toEqual([]);
  });

  test("json on a body that is not JSON fails, naming the body", async () => {
    const r = await run({ url: `${base}/not-json`, expect: { json: { "$.a": 1 }, json_schema: { type: "object" } } });
    expect(failures(r.checks).map((f) => f.path)).toEqual(["json", "json_schema"]);
    expect(String(r.checks[1]!.actual)).toContain("the response body is not JSON");
    expect(String(r.checks[1]!.actual)).toContain("<html>oops</html>");
  });

  test("a JSON schema ajv refuses to compile is refused with the input, not an error of the step when it runs", () => {
    for (const [json_schema, message] of [
      [{ $ref: "other.json#/x" }, "expect.json_schema: the schema is invalid: can't resolve reference other.json#/x"],
      // `validate` passed it, and the step failed when it ran.
      [{ properties: { a: { nullable: true, minLength: 1 } } }, 'expect.json_schema.properties.a.nullable: nullable (OpenAPI\'s) adds null to the types of a type beside it: give type too'],
      [{ type: "null", nullable: false }, "expect.json_schema.nullable: type: null contradicts nullable: false"],
    ] as const) {
      const input = { url: `${base}/json`, expect: { json_schema } };
      expect(step.fastInput!(input)).toBeUndefined();
      const r = step.schema.safeParse(input);
      expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")).toContain(message);
    }
  });

  test("the latency check's values carry their unit, milliseconds", async () => {
    const r = await run({ url: `${base}/json`, expect: { latency: { gte: 0, lt: "2s" } } });
    const checks = r.checks.filter((c) => c.path === "latency");
    expect(checks.map((c) => c.expected)).toEqual([">= 0ms", "< 2s"]);
    expect(checks[0]!.actual).toMatch(/^\d+(\.\d)?ms$/);
    expect(r.observed!.latency_ms).toBe(Math.round(parseFloat(checks[0]!.actual as string)));
  });
});

describe("json_schema", () => {
  const one = (r: { checks: Check[] }) => r.checks.filter((c) => c.path.startsWith("json_schema"));

  test("a pattern the regex engine may have given up on fails as not known: under not, in patternProperties and propertyNames", async () => {
    // ^(a|a)*c|^a*b matches the text by its second branch, but Bun's engine gives up in the first and answers no match:
    // `not: {pattern}` passed.
    const pattern = "^(a|a)*c|^a*b";
    for (const [path, json_schema] of [
      ["/raw/aab", { properties: { s: { not: { pattern } } } }],
      ["/raw/aabKey", { patternProperties: { [pattern]: { type: "string" } } }],
      ["/raw/aabKey", { propertyNames: { not: { pattern } } }],
    ] as const) {
      const r = await run({ url: `${base}${path}`, expect: { json_schema } });
      expect(r.error).toBeUndefined();
      const got = one(r).filter((c) => !c.ok);
      expect(got.length).toBeGreaterThan(0);
      const lost = got.find((c) => String(c.actual).includes(`/${pattern}/ answered "no match" only after a long search`));
      expect(lost).toMatchObject({ path: "json_schema", expected: "matches the JSON schema", ok: false });
      expect(String(lost!.actual)).toStartWith(`not known on the text "${A34B}": /${pattern}/`);
    }
    // A pattern that may give up but answers at once is taken as it is.
    const quick = await run({ url: `${base}/raw/aab`, expect: { json_schema: { properties: { s: { pattern: "^(a|b)+$" } } } } });
    expectPassed(quick, ["status", "json_schema"]);
  });

  test("a body nested too deeply for the validator is a failed check saying so; the step's other checks are made", async () => {
    const r = await run({
      url: `${base}/raw/deep`,
      expect: { json: { "$.a": 1 }, json_schema: { $defs: { n: { type: "array", items: { $ref: "#/$defs/n" } } }, properties: { d: { $ref: "#/$defs/n" } } } },
    });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["status", true], ["json $.a", true], ["json_schema", false]]);
    expect(r.checks[2]!.actual).toBe("not known: the body is nested too deeply to check against the schema (the validator ran out of stack)");
  });

  test("multipleOf: a decimal multiple passes (0.07 and 1.15 of 0.01, 0.3 of 0.1); one that is not fails", async () => {
    const ok = await run({ url: `${base}/raw/decimals`, expect: { json_schema: { properties: { a: { multipleOf: 0.01 }, b: { multipleOf: 0.01 }, c: { multipleOf: 0.1 }, f: { multipleOf: 0.1 }, g: { multipleOf: 0.0001 }, e: { multipleOf: 4 } } } } });
    expect(failures(ok.checks)).toEqual([]);
    const bad = await run({ url: `${base}/raw/decimals`, expect: { json_schema: { properties: { d: { multipleOf: 0.01 }, e: { multipleOf: 3 }, g: { multipleOf: 0.001 }, a: { multipleOf: 0.02 } } } } });
    expect(failures(bad.checks)).toEqual([
      { path: "json_schema /d", expected: "must be multiple of 0.01", actual: 0.075 },
      // 1e20 is no multiple of 3, though 1e20 / 3 reads as a whole number in a double.
      { path: "json_schema /e", expected: "must be multiple of 3", actual: 1e20 },
      { path: "json_schema /g", expected: "must be multiple of 0.001", actual: 12345.6789 },
      { path: "json_schema /a", expected: "must be multiple of 0.02", actual: 0.07 },
    ]);
  });

  test("OpenAPI's nullable beside type allows null too; a pattern's \\- is the character -", async () => {
    const r = await run({ url: `${base}/raw/nulls`, expect: { json_schema: { properties: { a: { type: "string", nullable: true }, b: { type: "string", pattern: "^a\\-b$" } } } } });
    expectPassed(r, ["status", "json_schema"]);
    const bad = await run({ url: `${base}/raw/nulls`, expect: { json_schema: { properties: { a: { type: "string", nullable: false }, b: { pattern: "^a\\-c$" } } } } });
    expect(failures(bad.checks).map((f) => f.path)).toEqual(["json_schema /a", "json_schema /b"]);
  });

  test.each([
    // draft-07 ignores the keywords of later drafts: unevaluatedProperties: false passed on {"a":1,"b":2}.
    ['expect.json_schema.unevaluatedProperties: unevaluatedProperties is a keyword of JSON Schema 2019-09 and 2020-12: draft-07 (named in $schema) ignores it, so it would check nothing; name 2020-12 in $schema (or leave $schema out)', { $schema: "http://json-schema.org/draft-07/schema#", properties: { a: {} }, unevaluatedProperties: false }],
    ["expect.json_schema.items.unevaluatedItems: unevaluatedItems is a keyword of JSON Schema 2019-09 and 2020-12: draft-07 (named in $schema)", { $schema: "http://json-schema.org/draft-07/schema", items: { unevaluatedItems: false } }],
    ["expect.json_schema.$defs.x.dependentRequired: dependentRequired is a keyword of JSON Schema 2019-09 and 2020-12: draft-06 (named in $schema)", { $schema: "http://json-schema.org/draft-06/schema#", $defs: { x: { dependentRequired: { a: ["b"] } } }, properties: { a: { $ref: "#/$defs/x" } } }],
    ["expect.json_schema.prefixItems: prefixItems is a keyword of JSON Schema 2020-12: draft-07 (named in $schema)", { $schema: "http://json-schema.org/draft-07/schema#", prefixItems: [{ type: "string" }] }],
    ["expect.json_schema.$recursiveRef: $recursiveRef is a keyword of JSON Schema 2019-09: draft-07 (named in $schema)", { $schema: "http://json-schema.org/draft-07/schema#", $recursiveRef: "#" }],
    ["expect.json_schema.minContains: minContains is a keyword of JSON Schema 2019-09 and 2020-12: draft-07", { $schema: "http://json-schema.org/draft-07/schema#", contains: { type: "string" }, minContains: 2 }],
    ["expect.json_schema.prefixItems: prefixItems is a keyword of JSON Schema 2020-12: 2019-09 (named in $schema) ignores it", { $schema: "https://json-schema.org/draft/2019-09/schema", prefixItems: [{ type: "string" }] }],
    ["expect.json_schema.properties.a.$dynamicRef: $dynamicRef is a keyword of JSON Schema 2020-12: 2019-09 (named in $schema)", { $schema: "https://json-schema.org/draft/2019-09/schema", $dynamicAnchor: "n", properties: { a: { $dynamicRef: "#n" } } }],
    ["expect.json_schema.$dynamicAnchor: $dynamicAnchor is a keyword of JSON Schema 2020-12: 2019-09", { $schema: "https://json-schema.org/draft/2019-09/schema", $dynamicAnchor: "n", type: "object" }],
    ["expect.json_schema.$defs.a.$anchor: $anchor is a keyword of JSON Schema 2019-09 and 2020-12: draft-07 (named in $schema)", { $schema: "http://json-schema.org/draft-07/schema#", $defs: { a: { $anchor: "a", type: "string" } }, properties: { x: { $ref: "#a" } } }],
    ["expect.json_schema.properties.a.$recursiveRef: $recursiveRef is a keyword of JSON Schema 2019-09: 2020-12 (the default) ignores it", { properties: { a: { $recursiveRef: "#" } } }],
    ["expect.json_schema.$schema: unsupported $schema \"http://json-schema.org/draft-04/schema#\": use draft-07 (or 06), 2019-09 or 2020-12 (the default)", { $schema: "http://json-schema.org/draft-04/schema#", type: "object" }],
    ['expect.json_schema.patternProperties.a(: the pattern "a(": invalid regular expression (JSON Schema patterns are compiled in Unicode mode, the u flag)', { patternProperties: { "a(": { type: "string" } } }],
    ["expect.json_schema.pattern: pattern: invalid regular expression (JSON Schema patterns are compiled in Unicode mode, the u flag)", { pattern: "\\1" }],
    ["expect.json_schema.if: if is a keyword of JSON Schema draft-07 and later: draft-06 (named in $schema) ignores it", { $schema: "http://json-schema.org/draft-06/schema#", if: { type: "string" }, then: { maxLength: 1 } }],
    // draft-06 and -07 ignore every keyword beside $ref; ajv applied them.
    ["expect.json_schema.properties.a.maxLength: draft-07 (named in $schema) ignores every keyword beside $ref, so maxLength would check nothing: wrap them in allOf: [{$ref: …}, {maxLength: …}]", { $schema: "http://json-schema.org/draft-07/schema#", definitions: { i: { type: "string" } }, properties: { a: { $ref: "#/definitions/i", maxLength: 0 } } }],
    // Numbers a double cannot hold: 1e401 reads as Infinity, which equals a body's 1e400.
    ["expect.json_schema.properties.a.const: Infinity is no number a JSON body holds (a number beyond a double's range, about 1.8e308, reads as Infinity, as .inf does): the schema would check Infinity, not the number written", { properties: { a: { const: Infinity } } }],
    ["expect.json_schema.enum.1: -Infinity is no number", { enum: [1, -Infinity] }],
    ["expect.json_schema.maximum: NaN is no number", { maximum: NaN }],
    ["expect.json_schema.examples.0.n: Infinity is no number", { type: "object", examples: [{ n: Infinity }] }],
  ])("refused at load: %s", (message, json_schema) => {
    const input = { url: `${base}/raw/ab`, expect: { json_schema } };
    expect(step.fastInput!(input)).toBeUndefined();
    const r = step.schema.safeParse(input);
    expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")).toContain(message);
  });

  test("loads: $defs reached by a pointer in draft-07, annotations beside $ref, draft-06, a later draft's keywords in a later draft", () => {
    for (const json_schema of [
      { $schema: "http://json-schema.org/draft-07/schema#", $defs: { x: { type: "string" } }, properties: { a: { $ref: "#/$defs/x", title: "A", description: "d", $comment: "c" } } },
      { $schema: "http://json-schema.org/draft-06/schema#", definitions: { x: { type: "string" } }, properties: { a: { $ref: "#/definitions/x" } }, dependencies: { a: ["b"] } },
      { $schema: "https://json-schema.org/draft/2019-09/schema", properties: { a: { $ref: "#/$defs/x", maxLength: 3 } }, $defs: { x: { type: "string" } }, unevaluatedProperties: false, dependentRequired: { a: ["b"] } },
      { prefixItems: [{ type: "string" }], unevaluatedItems: false, minContains: 1, contains: { type: "string" } },
      { properties: { a: { type: "string", pattern: "^a\\-b$" } } },
    ]) {
      const input = { url: `${base}/raw/ab`, expect: { json_schema } };
      expect(step.schema.safeParse(input).error?.issues).toBeUndefined();
      expect(step.fastInput!(input)).toBeDefined();
    }
  });

  test("a schema holding a ${…} is compiled when the step runs: what ajv refuses then is the step's error", async () => {
    const input = { url: `${base}/raw/ab`, expect: { json_schema: { $ref: "${DOC}#/x" } } };
    expect(step.schema.safeParse(input).error).toBeUndefined();
    const r = await run(input);
    expect(r.error).toStartWith("invalid json_schema: can't resolve reference ${DOC}#/x");
  });

  test("draft-06 schemas run (ajv knew no draft-06 meta-schema: the step failed)", async () => {
    const r = await run({ url: `${base}/raw/ab`, expect: { json_schema: { $schema: "http://json-schema.org/draft-06/schema#", type: "object", required: ["a", "c"] } } });
    expect(r.error).toBeUndefined();
    expect(failures(r.checks)).toEqual([{ path: "json_schema /", expected: "must have required property 'c'", actual: { a: 1, b: 2 } }]);
  });

  test("through the CLI: what the schema gets wrong is refused at its file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-json-schema-"));
    try {
      const file = join(dir, "s.yaml");
      const validate = async (lines: string[]) => {
        await Bun.write(file, ["name: schema", "steps:", "  - http:", `      url: ${base}/raw/ab`, "      expect:", "        json_schema:", ...lines.map((l) => `          ${l}`), ""].join("\n"));
        const out: string[] = [];
        const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
        return { code: await main(["validate", file, "--no-color"], io), out: out.join("") };
      };
      const refused = await validate([
        '$schema: "http://json-schema.org/draft-07/schema#"',
        "properties:",
        "  a: { nullable: true, minLength: 1 }",
        "  b: { const: 1e401 }",
        "  c: { const: 1e-400 }",
        "  d: { enum: [1, .inf] }",
        "unevaluatedProperties: false",
      ]);
      expect(refused.code).toBe(2);
      expect(refused.out).toContain("s.yaml:9:28: steps[0].http.expect.json_schema.properties.a.nullable: nullable (OpenAPI's) adds null to the types of a type beside it");
      expect(refused.out).toContain("s.yaml:10:25: steps[0].http.expect.json_schema.properties.b.const: Infinity is no number");
      expect(refused.out).toContain("s.yaml:11:25: steps[0].http.expect.json_schema.properties.c.const: 1e-400 is too small for a double: YAML reads it as 0, so the schema would check 0, not the number written: write 0");
      expect(refused.out).toContain("s.yaml:12:28: steps[0].http.expect.json_schema.properties.d.enum[1]: Infinity is no number");
      expect(refused.out).toContain("s.yaml:13:34: steps[0].http.expect.json_schema.unevaluatedProperties: unevaluatedProperties is a keyword of JSON Schema 2019-09 and 2020-12");
      // Alone in a valid file (the fast parse keeps no written text): refused the same.
      const tiny = await validate(["properties: { c: { const: 1e-400 } }"]);
      expect(tiny.code).toBe(2);
      expect(tiny.out).toContain("s.yaml:7:37: steps[0].http.expect.json_schema.properties.c.const: 1e-400 is too small for a double: YAML reads it as 0");
      // ajv's own refusals: at the schema.
      expect((await validate(["$ref: other.json#/x"])).out).toContain("s.yaml:7:11: steps[0].http.expect.json_schema: the schema is invalid: can't resolve reference other.json#/x");
      // 0 written as 0, and small numbers a double holds, load.
      expect((await validate(["properties: { a: { const: 0.0 }, b: { minimum: 1e-300 }, c: { const: -0 } }"])).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("captures", () => {
  test("JSONPath, header, body, status and regex", async () => {
    const r = await run({
      url: `${base}/json`,
      capture: { ID: "$.data[0].id", IDS: "$.data[*].id", TRACE: "header:X-Trace", STATUS: "status", BODY: "body", NUM: { regex: '"id":"m(\\d)"' }, WHOLE: { regex: "m\\d" } },
    });
    expect(failures(r.checks)).toEqual([]);
    expectPassed(r, ["status"]);
    expect(r.captures).toEqual({
      ID: "m1",
      IDS: '["m1","m2"]',
      TRACE: "abc-123",
      STATUS: "200",
      BODY: '{"data":[{"id":"m1","n":1},{"id":"m2","n":2}],"total":2}',
      NUM: "1",
      WHOLE: "m1",
    });
  });

  test("captures that match nothing are failed checks", async () => {
    const r = await run({ url: `${base}/json`, capture: { A: "$.nothing", B: "header:x-nothing", C: { regex: "zzz" } } });
    expect(r.captures).toEqual({});
    expect(failures(r.checks).map((f) => f.path)).toEqual(["capture A", "capture B", "capture C"]);
  });
});

describe("the request", () => {
  test("query: parameters are appended to the URL's own query as written (%20 stays %20, a bare flag stays bare)", () => {
    const parsed = step.schema.parse({ url: "http://127.0.0.1:1/x?a=b%20c&flag&sig=A%2Bb", query: { z: "1 2", "k&": "v=w" } });
    expect(step.describe(parsed)).toBe("GET http://127.0.0.1:1/x?a=b%20c&flag&sig=A%2Bb&z=1%202&k%26=v%3Dw");
  });

  test("method, headers, query and a JSON body", async () => {
    const r = await run({
      url: `${base}/echo?keep=1`,
      method: "post",
      headers: { "X-Api-Key": "k1" },
      query: { a: 1, b: ["x", "y z"] },
      json: { hello: "world" },
      expect: {
        json: {
          "$.method": "POST",
          "$.query": [["keep", "1"], ["a", "1"], ["b", "x"], ["b", "y z"]],
          "$.headers['x-api-key']": "k1",
          "$.headers['content-type']": "application/json",
          "$.body": '{"hello":"world"}',
        },
      },
    });
    expect(failures(r.checks)).toEqual([]);
    expectPassed(r, ["status", "json $.method", "json $.query", "json $.headers['x-api-key']", "json $.headers['content-type']", "json $.body"]);
    expect(r.details![0]).toEqual({
      title: "request",
      body: `POST ${base}/echo?keep=1&a=1&b=x&b=y%20z\ncontent-type: application/json\nx-api-key: k1\n\n{"hello":"world"}`,
    });
  });

  test("a url holding a line break, a tab or NUL is refused, not sent with them removed (/${P} with P=\"nu\\nl.json\" requested /nul.json)", async () => {
    const message = "its value holds a line break, a tab or NUL, which a URL does not allow (URL parsing drops line breaks and tabs, so another URL would be requested); it was not sent";
    for (const bad of ["nu\nl.json", "nu\rl.json", "nu\tl.json", "nu\0l.json", "json\n"]) {
      expect(step.schema.safeParse({ url: `${base}/${bad}` }).error?.issues.map((i) => [i.path, i.message])).toEqual([[["url"], message]]);
      expect(step.fastInput!({ url: `${base}/${bad}` })).toBeUndefined();
      // A caller that skips the schema still gets the refusal, and no request.
      const r = await step.run({ ...step.schema.parse({ url: `${base}/json` }), url: `${base}/${bad}` }, testContext());
      expect([r.error, r.checks]).toEqual([`url: ${message}`, []]);
    }
  });

  test("a value spliced into url: is used as written (a # ends the path, a & adds a parameter); query: encodes it", async () => {
    const spliced = await run({ url: `${base}/echo?v=a#b&must=1`, expect: { json: { "$.query": [["v", "a"]] } } });
    expect(failures(spliced.checks)).toEqual([]);
    const amp = await run({ url: `${base}/echo?v=a&x=1`, expect: { json: { "$.query": [["v", "a"], ["x", "1"]] } } });
    expect(failures(amp.checks)).toEqual([]);
    const r = await run({ url: `${base}/echo?must=1`, query: { v: "a#b&x=1 %41/é" }, expect: { json: { "$.query": [["must", "1"], ["v", "a#b&x=1 %41/é"]] } } });
    expect(failures(r.checks)).toEqual([]);
    expect(r.details![0]!.body.split("\n")[0]).toBe(`GET ${base}/echo?must=1&v=a%23b%26x%3D1%20%2541%2F%C3%A9`);
  });

  test("a text body keeps the content-type it was given", async () => {
    const r = await run({ url: `${base}/echo`, method: "PUT", headers: { "content-type": "text/csv" }, body: "a,b\n1,2", expect: { json: { "$.body": "a,b\n1,2", "$.headers['content-type']": "text/csv" } } });
    expect(failures(r.checks)).toEqual([]);
    expectPassed(r, ["status", "json $.body", "json $.headers['content-type']"]);
  });

  test("summary, observed, details and one log line per request and response", async () => {
    const ctx = testContext();
    const r = await run({ url: `${base}/json` }, ctx);
    expect(r.summary).toMatch(new RegExp(`^GET ${base}/json → 200 in ${DURATION}$`));
    expect(r.observed).toMatchObject({ status: 200, bytes: 56 });
    expect(r.details![1]!.title).toBe("response");
    expect(r.details![1]!.body).toStartWith("HTTP 200 OK\n");
    expect(r.details![1]!.body).toContain("x-trace: abc-123");
    expect(r.details![1]!.body).toEndWith('\n\n{"data":[{"id":"m1","n":1},{"id":"m2","n":2}],"total":2}');
    expect(ctx.logs).toHaveLength(2);
    expect(ctx.logs[0]).toBe(`→ GET ${base}/json`);
    expect(ctx.logs[1]).toMatch(new RegExp(`^← 200 OK 56 B in ${DURATION}$`));
  });

  test("a body over 10 MiB is read up to the bound and said to be cut", async () => {
    const r = await run({ url: `${base}/big`, expect: { body: { contains: "aaaa" } } });
    expect(failures(r.checks)).toEqual([]);
    expectPassed(r, ["status", "body"]);
    expect(r.observed!.bytes).toBe(10 * MiB);
    expect(r.details![1]!.title).toBe("response (body cut at 10.0 MiB)");
    expect(r.details![1]!.body.length).toBeLessThan(8192);
  });

  test("a header value with a line break (a captured one, say) is not sent, and the step says why", async () => {
    // Written in the file it is refused at load (schema.test.ts); a `${V}` captured during the run is filled in after.
    const parsed = step.schema.parse({ url: `${base}/json`, headers: { "X-Val": "${V}" } });
    const r = await step.run({ ...parsed, headers: { "X-Val": "a\r\nInjected: 1" } }, testContext());
    expect(r.error).toBe("header X-Val: its value holds a line break or NUL, which HTTP does not allow in a header; it was not sent");
  });

  test("on a cut body, a check the unread rest could fail is not passed: not_contains, an anchored match, equality", async () => {
    for (const body of [{ not_contains: "TAIL" }, { matches: "^a+$" }, { length: { lt: 11 * MiB } }]) {
      const r = await run({ url: `${base}/big`, expect: { body } });
      expect(r.checks.filter((c) => c.path.startsWith("body")).map((c) => [c.ok, c.actual])).toEqual([[false, "not known: the body was cut at 10.0 MiB and the rest not read"]]);
    }
  });

  test("on a cut body, a latency pass that the time to the last byte could fail is not known; a lower bound holds; the sample says it was cut", async () => {
    // The clock stopped at the cut: `lt: 1s` passed on an 11 MiB body whose last MiB came 2.5 s later.
    const r = await run({ url: `${base}/big`, expect: { latency: { lt: 3600000 } } });
    const latency = r.checks.find((c) => c.path === "latency")!;
    expect([latency.ok, latency.actual]).toEqual([false, expect.stringMatching(/^not known: the body was cut at 10\.0 MiB and the rest not read, so its time to the last byte was not measured \([\d.]+ms to the cut\)$/)]);
    const lower = await run({ url: `${base}/big`, expect: { latency: { gt: 0.000001 } } });
    expect(lower.checks.find((c) => c.path === "latency")!.ok).toBe(true);
    expect(r.http![0]!.bodyCut).toBe(true);
    expect((await run({ url: `${base}/json`, expect: { latency: { lt: 3600000 } } })).http![0]!.bodyCut).toBeUndefined();
  });

  test("on a cut body, a capture of the body or a {regex} on it fails as not known; status and headers are captured", async () => {
    // The first 10 MiB were captured as the whole body, and a regex match the cut went through as the whole match.
    const r = await run({ url: `${base}/big`, capture: { ALL: "body", A: { regex: "(a+)" }, CODE: "status", CODING: "header:transfer-encoding" } });
    const why = "not known: the body was cut at 10.0 MiB and the rest not read";
    expect(r.checks.filter((c) => c.path.startsWith("capture")).map((c) => [c.path, c.ok, c.actual])).toEqual([
      ["capture ALL", false, why],
      ["capture A", false, why],
    ]);
    expect(Object.keys(r.captures ?? {}).sort()).toEqual(["CODE", "CODING"]);
  });

  test("on a cut body whose first 10 MiB parse as JSON, json, json_schema and a JSONPath capture fail as not known", async () => {
    // They passed on the head as if it were the body, which is no JSON once its rest is read.
    const why = "not known: the body was cut at 10.0 MiB and the rest not read";
    const r = await run({ url: `${base}/big-json`, expect: { json: { "$.ok": true }, json_schema: { type: "object", required: ["ok"] } }, capture: { V: "$.v" } });
    expect(r.checks.filter((c) => c.path !== "status").map((c) => [c.path, c.ok, c.actual])).toEqual([
      ["json", false, why],
      ["json_schema", false, why],
      ["capture V", false, why],
    ]);
    expect(r.captures ?? {}).toEqual({});
  });

  test.each([["wire"], ["fetch"]])("a user name or password holding a space or an @ is read as fetch reads it, and sent as written, with the %s client", (client) =>
    withClient(client, async () => {
      for (const [userinfo, sent] of [["bob:a b", "bob:a b"], ["bob:a@b", "bob:a@b"], ["bob:a%20b", "bob:a b"]] as const) {
        const input = { url: `http://${userinfo}@127.0.0.1:${server.port}/echo`, capture: { AUTH: "$.headers.authorization" } };
        expect(step.schema.safeParse(input).error).toBeUndefined();
        const r = await run(input);
        expect(r.error).toBeUndefined();
        expect(r.captures).toEqual({ AUTH: `Basic ${btoa(sent)}` });
      }
    }),
  );

  test("a json body's -0 is sent as 0, as JSON.stringify writes it (the same number)", async () => {
    const r = await run({ url: `${base}/echo`, method: "POST", json: { a: -0, b: [-0.0, 1.10] }, capture: { BODY: "$.body" } });
    expect(r.captures).toEqual({ BODY: '{"a":0,"b":[0,1.1]}' });
  });
});

describe("redirects", () => {
  test("followed by default", async () => {
    const r = await run({ url: `${base}/redirect`, expect: { status: 200, json: { "$.total": 2 } } });
    expect(failures(r.checks)).toEqual([]);
    expectPassed(r, ["status", "json $.total"]);
    expect(r.observed!.final_url).toBe(`${base}/json`);
  });

  test("follow_redirects: false returns the 3xx, which passes without a status expectation", async () => {
    const r = await run({ url: `${base}/redirect`, follow_redirects: false, capture: { NEXT: "header:Location" } });
    expect(r.error).toBeUndefined();
    expect(r.checks).toEqual([{ path: "status", expected: "2xx or 3xx (no status expected explicitly)", actual: 302, ok: true }]);
    expect(r.captures).toEqual({ NEXT: "/json" });
  });
});

describe("errors", () => {
  test("connection refused names the URL", async () => {
    const gone = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const url = `http://127.0.0.1:${gone.port}/`;
    gone.stop(true);
    const ctx = testContext();
    const r = await run({ url, expect: { status: 200 } }, ctx);
    expect(r.error).toBe(`connection refused: ${url} — is the service up?`);
    expect(r.checks).toEqual([]);
    expect(ctx.logs[1]).toBe(`✗ GET ${url}: connection refused: ${url} — is the service up?`);
  });

  test.each([["wire"]])("a redirect's target that fails is named, reached by a redirect from the step's URL (it blamed the step's URL), with the %s client", (client) =>
    withClient(client, async () => {
      const gone = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
      const closed = `http://127.0.0.1:${gone.port}/x`;
      gone.stop(true);
      // Accepts every connection and never answers.
      const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      const hang = `http://127.0.0.1:${silent.port}/y`;
      const hop = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => Response.redirect(new URL(req.url).pathname === "/to-closed" ? closed : hang, 302) });
      const first = `http://127.0.0.1:${hop.port}`;
      try {
        const refused = await run({ url: `${first}/to-closed` });
        expect(refused.error).toBe(`connection refused: ${closed} (reached by a redirect from GET ${first}/to-closed) — is the service up?`);
        const stalled = await run({ url: `${first}/to-hang`, timeout: "300ms" });
        // fetch does not say whether it connected: the connection made to check goes to the target, not the first host.
        expect(stalled.error).toBe(
          client === "fetch"
            ? `no response headers after 300ms: ${hang} (reached by a redirect from GET ${first}/to-hang) — a connection made to 127.0.0.1:${silent.port} to check was accepted at once: the server is up and did not answer`
            : `connected, no response headers after 300ms: ${hang} (reached by a redirect from GET ${first}/to-hang) — 127.0.0.1:${silent.port} accepted the connection and did not answer`,
        );
      } finally {
        hop.stop(true);
        silent.stop(true);
      }
    }),
  );

  test("a request timeout ends a request that gets no answer", async () => {
    const r = await run({ url: `${base}/hang`, timeout: "100ms" });
    // The built-in client knows it connected; fetch (CI runs this file with SCENARIO_HTTP_CLIENT=fetch too) checks.
    if (process.env.SCENARIO_HTTP_CLIENT === "fetch") {
      expect(r.error).toBe(`no response headers after 100ms: GET ${base}/hang — a connection made to ${new URL(base).host} to check was accepted at once: the server is up and did not answer`);
    } else expect(r.error).toStartWith(`connected, no response headers after 100ms: GET ${base}/hang — `);
  });

  test("the step's signal ends a request that gets no answer", async () => {
    const ac = new AbortController();
    const ctx = testContext({ signal: ac.signal });
    const running = run({ url: `${base}/hang` }, ctx);
    await waitFor(() => ctx.logs.length > 0, "the request to start");
    ac.abort();
    expect((await running).error).toBe("interrupted");
  });

  test("ftp://127.0.0.1/file is refused at load; filled in during the run, it fails the step", async () => {
    expect(step.schema.safeParse({ url: "ftp://127.0.0.1/file" }).error?.issues.map((i) => i.message)).toEqual(["unsupported URL scheme ftp: in ftp://127.0.0.1/file: use http or https"]);
    const input = { ...step.schema.parse({ url: "${U}" }), url: "ftp://127.0.0.1/file" };
    const r = await step.run(input as never, testContext());
    expect(r.error).toContain("unsupported URL scheme ftp:");
  });

  test("a header name filled in during the run that no header may have fails the step, naming it; nothing is sent", async () => {
    const input = { ...step.schema.parse({ url: `${base}/item`, headers: { "${H}": "1" } }), headers: { "bad name": "1" } };
    const r = await step.run(input as never, testContext());
    expect(r.error).toBe(`header "bad name" is no header name: a name is letters, digits and !#$%&'*+-.^_\`|~, with no space or colon; it was not sent`);
  });

  test("a URL no parser reads is refused at load; filled in during the run (a capture), it fails the step, its credentials unshown", async () => {
    expect(step.schema.safeParse({ url: "not a url" }).error?.issues.map((i) => i.message)).toEqual(['invalid URL "not a url": write it in full, e.g. http://127.0.0.1:8080/health']);
    // What the engine hands over once a captured value is filled in (the schema saw `${…}` and left it to the run).
    const input = { ...step.schema.parse({ url: "${U}" }), url: "http://bob:Hunter2/xyzzy@127.0.0.1:1/x" };
    const r = await step.run(input, testContext());
    expect(r.error).toBe('invalid URL "http://***@127.0.0.1:1/x": a user name or password holding /, ? or # must be percent-encoded (%2F, %3F, %23)');
  });
});

describe("TLS", () => {
  const dir = mkdtempSync(join(tmpdir(), "http-step-tls-"));
  let tlsServer: ReturnType<typeof Bun.serve> | undefined;
  const openssl = Bun.which("openssl");
  beforeAll(() => {
    if (!openssl) return;
    const made = Bun.spawnSync([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1"], { stderr: "pipe", ...SYNC_CHILD_LIMIT });
    if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    tlsServer = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { cert: Bun.file(join(dir, "cert.pem")), key: Bun.file(join(dir, "key.pem")) }, fetch: () => new Response("secure") });
  });
  afterAll(() => {
    tlsServer?.stop(true);
    rmSync(dir, { recursive: true, force: true });
  });

  // Skipped only where the openssl CLI (used to make a self-signed certificate) is not installed.
  test.skipIf(!openssl)(`a self-signed certificate fails unless insecure_tls is set${openssl ? "" : " (skipped: no openssl binary to make the certificate)"}`, async () => {
    const url = `https://127.0.0.1:${tlsServer!.port}/`;
    const refused = await run({ url });
    expect(refused.error).toContain("insecure_tls: true");
    const accepted = await run({ url, insecure_tls: true, expect: { body: "secure" } });
    expect(accepted.error).toBeUndefined();
    expect(failures(accepted.checks)).toEqual([]);
    expectPassed(accepted, ["status", "body"]);
  });

  // The plain-HTTP hop goes over the built-in client (an IP literal), the https:// hop it redirects to over fetch: insecure_tls must reach it.
  test.skipIf(!openssl)(`insecure_tls holds for an https:// hop a plain-HTTP redirect leads to${openssl ? "" : " (skipped: no openssl binary to make the certificate)"}`, async () => {
    const plain = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.redirect(`https://127.0.0.1:${tlsServer!.port}/`, 302) });
    try {
      const accepted = await run({ url: `http://127.0.0.1:${plain.port}/`, insecure_tls: true, expect: { body: "secure" } });
      expect(accepted.error).toBeUndefined();
      expect(failures(accepted.checks)).toEqual([]);
      expectPassed(accepted, ["status", "body"]);
      const refused = await run({ url: `http://127.0.0.1:${plain.port}/` });
      expect(refused.error).toContain("insecure_tls: true");
    } finally {
      plain.stop(true);
    }
  });

  test("TLS to a plain-HTTP port is a clear error", async () => {
    const r = await run({ url: `https://127.0.0.1:${server.port}/json` });
    expect(r.error).toContain("TLS failed");
  });
});
