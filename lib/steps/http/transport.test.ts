// Which transport the http step uses: SCENARIO_HTTP_CLIENT=fetch and proxy variables select fetch; idle connections never hold a process open.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { runWithin } from "../../../test/helpers/bounded-spawn.ts";
import { REPO, waitFor } from "../../../test/helpers/cli.ts";
import { scriptedServer, type Answer } from "../../../test/helpers/scripted-server.ts";
import { always, ok } from "../../../test/helpers/wire-diff.ts";

const realFetch = globalThis.fetch;
const saved = { ...process.env };

/** Runs one http step with fetch wrapped to count its calls. */
async function runCounting(input: Record<string, unknown>): Promise<{ fetchCalls: number; error?: string; status?: unknown }> {
  let fetchCalls = 0;
  globalThis.fetch = Object.assign((...args: Parameters<typeof fetch>) => {
    fetchCalls++;
    return realFetch(...args);
  }, realFetch);
  try {
    const parsed = step.schema.parse(input);
    const r = await step.run(parsed, testContext());
    return { fetchCalls, error: r.error, status: r.observed?.status };
  } finally {
    globalThis.fetch = realFetch;
  }
}

// Each test starts with SCENARIO_HTTP_CLIENT unset (the suite may run with it set) and ends with the environment as it was.
beforeEach(() => void delete process.env.SCENARIO_HTTP_CLIENT);
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe("transport choice", () => {
  test("inside the envelope the wire client sends (fetch is not called); SCENARIO_HTTP_CLIENT=fetch sends with fetch", async () => {
    const server = scriptedServer(always(ok()));
    try {
      expect(await runCounting({ url: `${server.base}/a` })).toEqual({ fetchCalls: 0, error: undefined, status: 200 });
      process.env.SCENARIO_HTTP_CLIENT = "fetch";
      expect(await runCounting({ url: `${server.base}/b` })).toEqual({ fetchCalls: 1, error: undefined, status: 200 });
      expect(server.requests.map((r) => r.target)).toEqual(["/a", "/b"]);
    } finally {
      server.stop();
    }
  });

  test("a host name, https, a user in the URL, a content-length header or an unusual method go to fetch", async () => {
    const server = scriptedServer(always(ok()));
    try {
      expect((await runCounting({ url: `http://localhost:${server.port}/` })).fetchCalls).toBe(1);
      expect((await runCounting({ url: `http://u:p@127.0.0.1:${server.port}/` })).fetchCalls).toBe(1);
      expect((await runCounting({ url: `${server.base}/`, headers: { "Content-Length": "0" } })).fetchCalls).toBe(1);
      expect((await runCounting({ url: `${server.base}/`, headers: { "x-latin1": "café" } })).fetchCalls).toBe(1);
      expect((await runCounting({ url: `${server.base}/`, method: "TRACE" })).fetchCalls).toBe(1);
      expect((await runCounting({ url: "https://127.0.0.1:1/" })).fetchCalls).toBe(1);
    } finally {
      server.stop();
    }
  });

  for (const name of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"])
    test(`with ${name} set every request goes to fetch`, async () => {
      const origin = scriptedServer(always(ok()));
      const proxy = scriptedServer(always(ok("proxy")));
      try {
        process.env[name] = proxy.base;
        const got = await runCounting({ url: `${origin.base}/x` });
        expect(got.fetchCalls).toBe(1);
        // Bun's fetch sends an http:// request through HTTP_PROXY or ALL_PROXY (either case), loopback included.
        const viaProxy = !name.toLowerCase().startsWith("https");
        expect([origin.requests.length, proxy.requests.length]).toEqual(viaProxy ? [0, 1] : [1, 0]);
      } finally {
        origin.stop();
        proxy.stop();
      }
    });
});

describe("connections", () => {
  test("repeat with concurrency opens several connections at once and reuses them", async () => {
    const waiting: (() => void)[] = [];
    const server = scriptedServer(() => {
      return new Promise<Answer>((resolve) => {
        waiting.push(() => resolve(ok()));
        if (waiting.length === 4) for (const go of waiting.splice(0)) go();
      });
    });
    try {
      const r = await step.run(step.schema.parse({ url: `${server.base}/`, repeat: 12, concurrency: 4 }), testContext());
      expect(r.error).toBeUndefined();
      expect(r.observed?.status).toEqual({ 200: 12 });
      expect(server.connections()).toBe(4);
    } finally {
      server.stop();
    }
  });

  test("an idle pooled connection does not keep a process alive", async () => {
    const server = scriptedServer(always(ok()));
    try {
      const script = [
        `import { step } from ${JSON.stringify(join(REPO, "lib/steps/http.ts"))};`,
        `import { testContext } from ${JSON.stringify(join(REPO, "test/helpers/context.ts"))};`,
        `const input = step.schema.parse({ url: ${JSON.stringify(`${server.base}/`)} });`,
        `const first = await step.run(input, testContext());`,
        `const second = await step.run(input, testContext());`,
        `console.log(first.observed.status, second.observed.status);`,
      ].join("\n");
      const child = await runWithin([process.execPath, "-e", script], { cwd: REPO, env: { ...process.env, SCENARIO_HTTP_CLIENT: "" } }, 20_000);
      expect(child.stdout.trim()).toBe("200 200");
      expect(child.code).toBe(0);
      // Both requests on one connection: it was pooled between them and after the second, and the child ended anyway.
      expect(server.requests.map((r) => r.connection)).toEqual([1, 1]);
    } finally {
      server.stop();
    }
  });

  for (const how of ["the step's signal", "the request's timeout"])
    test(`${how} ends the connection of an unanswered request at once, with the step's usual text`, async () => {
      const server = scriptedServer(() => undefined);
      try {
        const ac = new AbortController();
        const ctx = testContext({ signal: ac.signal });
        const input = step.schema.parse({ url: `${server.base}/hang`, ...(how === "the request's timeout" ? { timeout: "50ms" } : {}) });
        const running = step.run(input, ctx);
        await waitFor(() => server.requests.length === 1, "the request to arrive");
        if (how === "the step's signal") ac.abort();
        const r = await running;
        expect(r.error).toBe(how === "the step's signal" ? "interrupted" : `connected, no response headers after 50ms: GET ${server.base}/hang — 127.0.0.1:${server.port} accepted the connection and did not answer`);
        await waitFor(() => server.open() === 0, "the client to close the connection", 5_000);
      } finally {
        server.stop();
      }
    });
});

