// The loopback server the http benchmarks check: GET /items/N answers {"id": N, …}.
// Run as a script (`bun bench/items-server.ts`), it serves in a process of its own and prints its base URL.

/** Starts it on a free port; returns the server and its base URL. */
export function startItemsServer(): { server: ReturnType<typeof Bun.serve>; base: string } {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const id = Number(new URL(req.url).pathname.split("/").at(-1));
      return Response.json({ id, name: `item-${id}`, tags: ["a", "b"] });
    },
  });
  return { server, base: `http://127.0.0.1:${server.port}` };
}

/** How long startItemsServerProcess waits for the child's URL. */
const URL_WAIT_MS = 30_000;

/**
 * The same server in a process of its own, as a service under test runs: returns its base URL (once it serves) and how to
 * stop it. The process ends with this one: it exits when its standard input closes.
 */
export async function startItemsServerProcess(): Promise<{ base: string; stop: () => void }> {
  const child = Bun.spawn([process.execPath, import.meta.path], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  // A child that neither prints its URL nor exits would hang the bench: it is killed after URL_WAIT_MS, which ends the read.
  let late = false;
  const limit = setTimeout(() => {
    late = true;
    child.kill();
  }, URL_WAIT_MS);
  let text = "";
  try {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(late ? `the items server printed no URL within ${URL_WAIT_MS / 1000} s: killed` : `the items server exited (code ${await child.exited}) before it printed its URL`);
      text += new TextDecoder().decode(value);
    }
  } finally {
    clearTimeout(limit);
  }
  reader.releaseLock();
  return { base: text.trim(), stop: () => child.kill() };
}

if (import.meta.main) {
  const { server, base } = startItemsServer();
  console.log(base);
  // Stdin closed: the bench that started it ended (however it ended).
  (async () => {
    for await (const _ of Bun.stdin.stream()) {
      // nothing is sent; reading only waits for the end
    }
    server.stop(true);
    process.exit(0);
  })();
}
