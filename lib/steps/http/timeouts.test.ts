// A request that runs out of time says where it stood, over either transport: no connection made (a port that never
// answered), connected with no response headers (a server that took the connection and did not answer), or headers and
// part of the body. The connect that hangs is real: a loopback port whose backlog is full (test/helpers/full-backlog.ts).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { fullBacklog, fullBacklogAvailable } from "../../../test/helpers/full-backlog.ts";
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

    test.skipIf(!fullBacklogAvailable)("a port whose connect hangs: could not connect", async () => {
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
