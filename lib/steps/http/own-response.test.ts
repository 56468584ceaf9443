// A step's verdict is about the response to its own request: bytes a server sends after a response that has no body
// (a HEAD's, a 204/205/304's), or on an idle kept-alive connection, are never read as the next step's response.
import { afterEach, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { waitFor } from "../../../test/helpers/cli.ts";

/** When the server sends the body it should not: in the head's own write, one event-loop turn later, or ~50 ms later. */
type Late = "with the head" | "a turn later" | "50 ms later";

/** A response of its own, which a client that misreads takes for the next request's answer. */
const STALE_500 = "HTTP/1.1 500 Stale\r\nContent-Length: 5\r\n\r\nstale";
const STALE_200 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale";

interface Seen {
  line: string;
  connection: number;
}

/**
 * A server that answers each connection's requests in order, as most do: a HEAD, and a GET of /empty, get `head` and then,
 * wrongly, `stale` (`late` says when); any other request gets `own` once everything before it on its connection is written.
 */
function hostileServer(head: string, stale: string, late: Late, own: string) {
  const seen: Seen[] = [];
  const closed = new Set<number>();
  let connections = 0;
  const server = Bun.listen<{ n: number; written: Promise<void> }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { n: ++connections, written: Promise.resolve() };
      },
      data(s, bytes) {
        const line = bytes.toString("latin1").split("\r\n")[0]!;
        seen.push({ line, connection: s.data.n });
        if (line.startsWith("HEAD ") || line.startsWith("GET /empty ")) {
          if (late === "with the head") return void s.write(head + stale);
          s.write(head);
          s.data.written = new Promise<void>((done) => {
            const send = () => {
              s.write(stale);
              done();
            };
            if (late === "a turn later") setImmediate(send);
            else setTimeout(send, 50);
          });
        } else void s.data.written.then(() => s.write(own));
      },
      close(s) {
        closed.add(s.data.n);
      },
    },
  });
  return { base: `http://127.0.0.1:${server.port}`, seen, closed, stop: () => server.stop(true) };
}

const saved = process.env.SCENARIO_HTTP_CLIENT;
afterEach(() => {
  if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
  else process.env.SCENARIO_HTTP_CLIENT = saved;
});

function useClient(client: "wire" | "fetch"): void {
  if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
  else delete process.env.SCENARIO_HTTP_CLIENT;
}

const run = (input: Record<string, unknown>) => step.run(step.schema.parse(input), testContext());

/** What decides a step's verdict: its error and its failed checks (path and actual value). */
async function verdict(input: Record<string, unknown>) {
  const r = await run(input);
  return { error: r.error, failed: r.checks.filter((c) => !c.ok).map((c) => [c.path, c.actual]) };
}

const PASSED = { error: undefined, failed: [] };
const TIMINGS: Late[] = ["with the head", "a turn later", "50 ms later"];

describe("a server that sends a body after its response to HEAD", () => {
  for (const client of ["wire", "fetch"] as const)
    for (const late of TIMINGS) {
      test(`${client}: the next step's GET reads its own response, not that body (sent ${late}): a pass is not made a fail`, async () => {
        useClient(client);
        const server = hostileServer(`HTTP/1.1 200 OK\r\nContent-Length: ${STALE_500.length}\r\n\r\n`, STALE_500, late, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nown");
        try {
          for (let i = 0; i < 2; i++) {
            expect(await verdict({ url: `${server.base}/h`, method: "HEAD", expect: { status: 200 } })).toEqual(PASSED);
            expect(await verdict({ url: `${server.base}/own`, expect: { status: 200, body: "own" } })).toEqual(PASSED);
          }
          // Each GET went on a connection no HEAD had used.
          const headConnections = new Set(server.seen.filter((s) => s.line.startsWith("HEAD ")).map((s) => s.connection));
          expect(server.seen.filter((s) => s.line.startsWith("GET ") && headConnections.has(s.connection))).toEqual([]);
        } finally {
          server.stop();
        }
      });

      test(`${client}: a failing server is not made to pass by that body (sent ${late})`, async () => {
        useClient(client);
        const server = hostileServer(`HTTP/1.1 200 OK\r\nContent-Length: ${STALE_200.length}\r\n\r\n`, STALE_200, late, "HTTP/1.1 503 Down\r\nContent-Length: 4\r\n\r\ndown");
        try {
          expect(await verdict({ url: `${server.base}/h`, method: "HEAD" })).toEqual(PASSED);
          expect(await verdict({ url: `${server.base}/own`, expect: { status: 200 } })).toEqual({ error: undefined, failed: [["status", 503]] });
        } finally {
          server.stop();
        }
      });
    }
});

describe("the built-in client and a 204, 205 or 304 whose head announces a body the server then sends", () => {
  const HEADS: [string, string][] = [
    ["204 with a length", `HTTP/1.1 204 No Content\r\nContent-Length: ${STALE_500.length}\r\n\r\n`],
    ["304 with a length", `HTTP/1.1 304 Not Modified\r\nContent-Length: ${STALE_500.length}\r\n\r\n`],
    ["205 chunked", "HTTP/1.1 205 Reset Content\r\nTransfer-Encoding: chunked\r\n\r\n"],
  ];
  for (const [what, head] of HEADS)
    for (const late of TIMINGS)
      test(`${what}, the body sent ${late}: the next step reads its own response`, async () => {
        useClient("wire");
        const stale = what.endsWith("chunked") ? `${STALE_500.length.toString(16)}\r\n${STALE_500}\r\n0\r\n\r\n` : STALE_500;
        const server = hostileServer(head, stale, late, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nown");
        try {
          expect(await verdict({ url: `${server.base}/empty`, expect: { status: Number(what.slice(0, 3)) } })).toEqual(PASSED);
          expect(await verdict({ url: `${server.base}/own`, expect: { status: 200, body: "own" } })).toEqual(PASSED);
          expect(server.seen.map((s) => s.connection)).toEqual([1, 2]);
        } finally {
          server.stop();
        }
      });
});

describe("bytes a server sends on an idle kept-alive connection", () => {
  for (const client of ["wire", "fetch"] as const)
    test(`${client}: the connection is closed and not reused; the next step reads its own response`, async () => {
      useClient(client);
      let idle: Socket<{ n: number }> | undefined;
      let connections = 0;
      const closed = new Set<number>();
      const seen: number[] = [];
      const server = Bun.listen<{ n: number }>({
        hostname: "127.0.0.1",
        port: 0,
        socket: {
          open(s) {
            s.data = { n: ++connections };
          },
          data(s) {
            seen.push(s.data.n);
            idle = s;
            s.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nown");
          },
          close(s) {
            closed.add(s.data.n);
          },
        },
      });
      const base = `http://127.0.0.1:${server.port}`;
      try {
        expect(await verdict({ url: `${base}/a`, expect: { body: "own" } })).toEqual(PASSED);
        idle!.write(STALE_500);
        await waitFor(() => closed.has(1), "the client to close the connection that sent bytes unasked");
        expect(await verdict({ url: `${base}/b`, expect: { status: 200, body: "own" } })).toEqual(PASSED);
        expect(seen).toEqual([1, 2]);
      } finally {
        server.stop(true);
      }
    });
});

describe("fetch and a 204 or 304 whose head announces a body the server then sends", () => {
  const HEADS: [string, string][] = [
    ["204 with a length", `HTTP/1.1 204 No Content\r\nContent-Length: ${STALE_500.length}\r\n\r\n`],
    ["304 with a length", `HTTP/1.1 304 Not Modified\r\nContent-Length: ${STALE_500.length}\r\n\r\n`],
  ];
  for (const [what, head] of HEADS)
    for (const late of TIMINGS)
      test(`${what}, the body sent ${late}: the next steps read their own responses (that origin is asked without keep-alive from then on)`, async () => {
        useClient("fetch");
        const server = hostileServer(head, STALE_500, late, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nown");
        try {
          expect(await verdict({ url: `${server.base}/empty`, expect: { status: Number(what.slice(0, 3)) } })).toEqual(PASSED);
          for (let i = 0; i < 3; i++) expect(await verdict({ url: `${server.base}/own`, expect: { status: 200, body: "own" } })).toEqual(PASSED);
          // No request went on the connection of the response that announced a body.
          expect(server.seen.filter((s) => s.connection === server.seen[0]!.connection).length).toBe(1);
        } finally {
          server.stop();
        }
      });
});
