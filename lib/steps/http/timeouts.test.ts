// A request that runs out of time says where it stood, over either transport: no connection made (a port that never
// answered), connected with no response headers (a server that took the connection and did not answer), or headers and
// part of the body. The connect that hangs is real: a loopback port whose backlog is full (test/helpers/full-backlog.ts).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { fullBacklog, fullBacklogAvailable, fullBacklogSkip } from "../../../test/helpers/full-backlog.ts";
import { scriptedServer } from "../../../test/helpers/scripted-server.ts";
import { waitFor } from "../../../test/helpers/cli.ts";
import type { StepResult } from "../../core/step-result.ts";

const saved = process.env.SCENARIO_HTTP_CLIENT;
beforeEach(() => void delete process.env.SCENARIO_HTTP_CLIENT);
afterEach(() => {
  if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
  else process.env.SCENARIO_HTTP_CLIENT = saved;
});

function run(input: Record<string, unknown>, signal?: AbortSignal): Promise<StepResult & { logs: string[] }> {
  const ctx = testContext(signal ? { signal } : {});
  return Promise.resolve(step.run(step.schema.parse(input), ctx)).then((r) => ({ ...r, logs: ctx.logs }));
}

/** A server that takes the connection and the request and never answers. */
const silent = () => scriptedServer(() => undefined);
/** A server that sends the headers and 5 bytes of a 100-byte body, then nothing more. */
const halfBody = () => scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"] }));

// The wire client knows whether it connected; fetch does not, so after its deadline a connection made to check tells.
for (const client of ["wire", "fetch"] as const) {
  describe(`over ${client === "wire" ? "the wire client" : "fetch"}`, () => {
    beforeEach(() => void (client === "fetch" && (process.env.SCENARIO_HTTP_CLIENT = "fetch")));

    test("a server that accepts and never answers: connected, no response headers", async () => {
      const server = silent();
      try {
        const url = `${server.base}/hang`;
        const r = await run({ url, timeout: "100ms" });
        // fetch's own connection is not known to be made: its words say only what the check found.
        expect(r.error).toBe(
          client === "wire"
            ? `connected, no response headers after 100ms: GET ${url} — 127.0.0.1:${server.port} accepted the connection and did not answer`
            : `no response headers after 100ms: GET ${url} — a connection made to 127.0.0.1:${server.port} to check was accepted at once: the server is up and did not answer`,
        );
        // The run log has the same words (console, Markdown and JSON show r.error itself).
        expect(r.logs.at(-1)).toBe(`✗ GET ${url}: ${r.error}`);
      } finally {
        server.stop();
      }
    });

    test.skipIf(!fullBacklogAvailable)(`a port whose connect hangs: could not connect${fullBacklogSkip}`, async () => {
      const port = await fullBacklog();
      try {
        const url = `http://127.0.0.1:${port.port}/`;
        const r = await run({ url, timeout: "100ms" });
        expect(r.error).toBe(
          client === "wire"
            ? `could not connect within 100ms: GET ${url} — nothing accepted the connection at 127.0.0.1:${port.port} (a firewall dropping packets, or a host or container not up?)`
            : `could not connect within 100ms, it seems: GET ${url} — a connection made to 127.0.0.1:${port.port} to check was not accepted either (a firewall dropping packets, or a host or container not up?)`,
        );
      } finally {
        port.close();
      }
    });

    test("an informational head (1xx) and nothing after it: the wire client says it answered only with that", async () => {
      // `HTTP/1.1 199 X` and no final response: "accepted the connection and did not answer" sent one looking at a
      // server that did not start, where it answered and never finished.
      const server = scriptedServer(() => ({ segments: ["HTTP/1.1 199 X\r\nX-A: 1\r\n\r\n"] }));
      try {
        const url = `${server.base}/early`;
        const r = await run({ url, timeout: "1s" });
        // fetch says nothing of the 1xx heads it skips: its words are those of a server that did not answer.
        expect(r.error).toBe(
          client === "wire"
            ? `connected, no final response headers after 1.00s: GET ${url} — 127.0.0.1:${server.port} answered only with an informational 199 head (1xx), and no final response followed it`
            : `no response headers after 1.00s: GET ${url} — a connection made to 127.0.0.1:${server.port} to check was accepted at once: the server is up and did not answer`,
        );
      } finally {
        server.stop();
      }
    });

    test("a request with no response counts its time to a tenth of a millisecond, as one answered does (what thresholds compare)", async () => {
      const server = silent();
      try {
        const timedOut = await run({ url: `${server.base}/hang`, timeout: "100ms" });
        // Nothing listens on port 9 (discard) on loopback: refused at once.
        const refused = await run({ url: "http://127.0.0.1:9/" });
        for (const r of [timedOut, refused]) {
          expect(r.http).toHaveLength(1);
          const { durationMs } = r.http![0]!;
          expect(durationMs).toBe(Math.round(durationMs * 10) / 10);
        }
      } finally {
        server.stop();
      }
    });

    test("headers and part of the body, then nothing: the body not complete", async () => {
      const server = halfBody();
      try {
        const url = `${server.base}/half`;
        const r = await run({ url, timeout: "100ms" });
        // fetch does not count the bytes of a body it has not handed over.
        const read = client === "wire" ? " (5 B of it read)" : "";
        expect(r.error).toBe(`connected, response headers received (HTTP 200), the body not complete after 100ms${read}: GET ${url}`);
      } finally {
        server.stop();
      }
    });

    test("the step's deadline says where the request stood too; an interrupt only says interrupted", async () => {
      const server = silent();
      try {
        const url = `${server.base}/hang`;
        const deadline = new AbortController();
        const running = run({ url }, deadline.signal);
        await waitFor(() => server.requests.length === 1, "the request to arrive");
        deadline.abort(new Error("timed out after 2s"));
        expect((await running).error).toStartWith(`timed out after 2s: ${client === "wire" ? "connected, " : ""}no response headers: GET ${url} — `);
        const interrupt = new AbortController();
        const stopped = run({ url }, interrupt.signal);
        await waitFor(() => server.requests.length === 2, "the second request to arrive");
        interrupt.abort();
        expect((await stopped).error).toBe("interrupted");
      } finally {
        server.stop();
      }
    });
  });
}

// Behind a proxy, fetch's connection goes to the proxy: a request that stalled there says so, and the connection made
// to check goes to the proxy too; the server (which works here) is not blamed. NO_PROXY's hosts go direct as before.
describe("through a proxy (HTTP_PROXY)", () => {
  const VARS = ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];
  const kept = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  afterEach(() => {
    for (const v of VARS) {
      if (kept[v] === undefined) delete process.env[v];
      else process.env[v] = kept[v];
    }
  });

  test("a proxy that accepts and never answers: the words name the proxy, and the check went to it", async () => {
    const proxy = silent();
    const server = scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"] }));
    try {
      for (const v of VARS) delete process.env[v];
      process.env.HTTP_PROXY = proxy.base;
      process.env.NO_PROXY = "";
      const url = `${server.base}/c`;
      const r = await run({ url, timeout: "100ms" });
      expect(r.error).toBe(
        `no response headers after 100ms: GET ${url} — through the proxy 127.0.0.1:${proxy.port}: a connection made to the proxy to check was accepted at once: the proxy is up, and it (or the server behind it) did not answer`,
      );
      // The request and the check both went to the proxy; nothing reached the server.
      await waitFor(() => proxy.connections() === 2, "the check's connection to the proxy");
      expect(server.connections()).toBe(0);
    } finally {
      proxy.stop();
      server.stop();
    }
  });

  test("a proxy that is not there: the error says the proxy refused, not the service", async () => {
    const gone = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = gone.port;
    gone.stop(true);
    const server = silent();
    try {
      for (const v of VARS) delete process.env[v];
      process.env.http_proxy = `127.0.0.1:${port}`;
      const url = `${server.base}/c`;
      const r = await run({ url, timeout: "100ms" });
      expect(r.error).toBe(`connection refused: ${url} — through the proxy 127.0.0.1:${port}, which refused it (or is unreachable): is the proxy up?`);
      expect(server.connections()).toBe(0);
    } finally {
      server.stop();
    }
  });

  test("a host NO_PROXY names goes direct: the words are about the server again", async () => {
    const proxy = silent();
    const server = silent();
    try {
      for (const v of VARS) delete process.env[v];
      process.env.HTTP_PROXY = proxy.base;
      process.env.NO_PROXY = "localhost,127.0.0.1";
      const url = `${server.base}/c`;
      const r = await run({ url, timeout: "100ms" });
      expect(r.error).toBe(`no response headers after 100ms: GET ${url} — a connection made to 127.0.0.1:${server.port} to check was accepted at once: the server is up and did not answer`);
      expect(proxy.connections()).toBe(0);
    } finally {
      proxy.stop();
      server.stop();
    }
  });
});

// A Ctrl-C after the step's deadline (or the request's timeout) reaches the step only through ctx.interrupt: the check it
// is making then ends at once and the step says only "interrupted", not what a check cut short would have found.
describe("a Ctrl-C while the timeout's check is made", () => {
  beforeEach(() => void (process.env.SCENARIO_HTTP_CLIENT = "fetch"));

  test.skipIf(!fullBacklogAvailable)(`after the step's deadline: interrupted${fullBacklogSkip}`, async () => {
    const port = await fullBacklog();
    try {
      const deadline = new AbortController();
      const interrupt = new AbortController();
      const ctx = testContext({ signal: deadline.signal, interrupt: interrupt.signal });
      const running = Promise.resolve(step.run(step.schema.parse({ url: `http://127.0.0.1:${port.port}/` }), ctx));
      deadline.abort(new Error("timed out after 2s"));
      // The check to a port whose connect hangs would wait its whole second; the Ctrl-C comes while it does (or before).
      setTimeout(() => interrupt.abort(), 10);
      expect((await running).error).toBe("interrupted");
    } finally {
      port.close();
    }
  });

  test.skipIf(!fullBacklogAvailable)(`after the request's own timeout: interrupted${fullBacklogSkip}`, async () => {
    const port = await fullBacklog();
    try {
      const interrupt = new AbortController();
      const ctx = testContext({ interrupt: interrupt.signal });
      const running = Promise.resolve(step.run(step.schema.parse({ url: `http://127.0.0.1:${port.port}/`, timeout: "50ms" }), ctx));
      setTimeout(() => interrupt.abort(), 60);
      expect((await running).error).toBe("interrupted");
    } finally {
      port.close();
    }
  });
});
