// A Loki or Prometheus request that runs out of time says where it stood: a port that never took the connection, a
// server that took it and did not answer, or one that sent the headers and not the whole body. These clients use fetch,
// which does not say whether it connected: before the headers a connection made to check tells whether the port takes one.
import { expect, test } from "bun:test";
import { getText } from "./http.ts";
import { fullBacklog, fullBacklogAvailable, fullBacklogSkip } from "../../test/helpers/full-backlog.ts";
import { scriptedServer } from "../../test/helpers/scripted-server.ts";
import { waitFor } from "../../test/helpers/cli.ts";

async function failure(url: string, opts: { timeoutMs?: number; signal?: AbortSignal; interrupt?: AbortSignal } = {}): Promise<string> {
  const lines: string[] = [];
  const err = await getText({ url, server: "Loki", timeoutMs: 100, log: (l) => lines.push(l), ...opts }, "/ready").then(
    () => undefined,
    (e: Error) => e,
  );
  // The run log has the same words as the step's error.
  expect(lines.at(-1)).toEndWith(`→ ${err?.message}`);
  return err?.message ?? "no error";
}

test("a server that accepts and never answers: no response headers, and the server is up", async () => {
  const server = scriptedServer(() => undefined);
  try {
    expect(await failure(server.base)).toBe(
      `Loki at ${server.base}: no response headers after 100ms — a connection made to 127.0.0.1:${server.port} to check was accepted at once: the server is up and did not answer`,
    );
  } finally {
    server.stop();
  }
});

test.skipIf(!fullBacklogAvailable)(`a port whose connect hangs: could not connect${fullBacklogSkip}`, async () => {
  const port = await fullBacklog();
  try {
    const url = `http://127.0.0.1:${port.port}`;
    expect(await failure(url)).toBe(
      `Loki at ${url}: could not connect within 100ms, it seems — a connection made to 127.0.0.1:${port.port} to check was not accepted either (a firewall dropping packets, or a host or container not up?)`,
    );
  } finally {
    port.close();
  }
});

test("headers and part of the body, then nothing: the body not complete, with the bytes read", async () => {
  const server = scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", "hello"] }));
  try {
    const message = await failure(server.base);
    // fetch may hand over the 5 bytes before the deadline or not: either count is what was read.
    expect(message).toMatch(new RegExp(`^Loki at ${server.base}: connected, response headers received \\(HTTP 200\\), the body not complete after 100ms( \\(5 B of it read\\))?$`));
  } finally {
    server.stop();
  }
});

test("the step's deadline says where the request stood; an interrupt only says interrupted", async () => {
  const server = scriptedServer(() => undefined);
  try {
    const deadline = new AbortController();
    const running = failure(server.base, { timeoutMs: 60_000, signal: deadline.signal });
    await waitFor(() => server.requests.length === 1, "the request to arrive");
    deadline.abort(new Error("timed out after 30s"));
    expect(await running).toStartWith(`Loki at ${server.base}: timed out after 30s: no response headers — a connection made to`);
    const interrupt = new AbortController();
    const stopped = failure(server.base, { timeoutMs: 60_000, signal: interrupt.signal });
    await waitFor(() => server.requests.length === 2, "the second request to arrive");
    interrupt.abort();
    expect(await stopped).toBe(`Loki at ${server.base}: interrupted`);
  } finally {
    server.stop();
  }
});

test("behind a proxy that accepts and never answers: the words name the proxy, and the check goes to it, not to Loki", async () => {
  const proxy = scriptedServer(() => undefined);
  const loki = scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nready"] }));
  const kept = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy, http_proxy: process.env.http_proxy };
  try {
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    process.env.HTTP_PROXY = proxy.base;
    process.env.NO_PROXY = "";
    expect(await failure(loki.base)).toBe(
      `Loki at ${loki.base}: no response headers after 100ms — through the proxy 127.0.0.1:${proxy.port}: a connection made to the proxy to check was accepted at once: the proxy is up, and it (or the server behind it) did not answer`,
    );
    await waitFor(() => proxy.connections() === 2, "the check's connection to the proxy");
    expect(loki.connections()).toBe(0);
  } finally {
    for (const [k, v] of Object.entries(kept)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    proxy.stop();
    loki.stop();
  }
});

test.skipIf(!fullBacklogAvailable)(`a Ctrl-C during the check made after the step's deadline ends it: only interrupted${fullBacklogSkip}`, async () => {
  const port = await fullBacklog();
  try {
    const url = `http://127.0.0.1:${port.port}`;
    const deadline = new AbortController();
    const interrupt = new AbortController();
    const running = failure(url, { timeoutMs: 60_000, signal: deadline.signal, interrupt: interrupt.signal });
    deadline.abort(new Error("timed out after 30s"));
    // The check of a port whose connect hangs would wait its whole second; the Ctrl-C comes while it does (or before).
    setTimeout(() => interrupt.abort(), 10);
    expect(await running).toBe(`Loki at ${url}: interrupted`);
  } finally {
    port.close();
  }
});
