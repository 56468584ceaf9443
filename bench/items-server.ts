// The loopback server the http benchmarks check: GET /items/N answers {"id": N, …}.

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
