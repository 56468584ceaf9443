// The connection made to check a port: accepted, refused, or not accepted within its bound; never left open.
import { expect, test } from "bun:test";
import { probeConnect } from "./connect-probe.ts";
import { fullBacklog, fullBacklogAvailable, fullBacklogSkip } from "../../test/helpers/full-backlog.ts";
import { waitFor } from "../../test/helpers/cli.ts";

test("a listening port accepts, and the connection is closed again", async () => {
  let opened = 0;
  let closed = 0;
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { open: () => void opened++, close: () => void closed++, data() {} } });
  try {
    expect(await probeConnect("127.0.0.1", server.port)).toBe("accepted");
    await waitFor(() => closed === 1, "the check to close its connection");
    expect(opened).toBe(1);
  } finally {
    server.stop(true);
  }
});

test("a port nothing listens on refuses", async () => {
  const gone = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = gone.port;
  gone.stop(true);
  expect(await probeConnect("127.0.0.1", port)).toBe("refused");
});

test.skipIf(!fullBacklogAvailable)(`a port whose connect hangs gives no answer within the bound${fullBacklogSkip}`, async () => {
  const port = await fullBacklog();
  try {
    expect(await probeConnect("127.0.0.1", port.port, 100)).toBe("no answer");
  } finally {
    port.close();
  }
});

test.skipIf(!fullBacklogAvailable)(`the run's interrupt ends a check that waits, at once, with no outcome${fullBacklogSkip}`, async () => {
  const port = await fullBacklog();
  try {
    const interrupt = new AbortController();
    // A bound of a minute: only the interrupt can end this wait within the test's time.
    const checking = probeConnect("127.0.0.1", port.port, 60_000, interrupt.signal);
    setTimeout(() => interrupt.abort(), 10);
    expect(await checking).toBeUndefined();
    expect(await probeConnect("127.0.0.1", port.port, 60_000, interrupt.signal)).toBeUndefined();
  } finally {
    port.close();
  }
});
