// The demo service of scenarios/demo.yaml: a tiny HTTP API on 127.0.0.1 that writes JSON-lines logs under logs/demo/.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const port = Number(process.env.DEMO_PORT ?? 18080);
const logDir = process.env.DEMO_LOG_DIR ?? join(import.meta.dir, "..", "logs", "demo");
const token = process.env.DEMO_TOKEN ?? "";
mkdirSync(logDir, { recursive: true });
const logFile = join(logDir, "demo.jsonl");
// Each start begins a fresh file, so a run's checks see only that run's lines.
writeFileSync(logFile, "");

function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  appendFileSync(logFile, JSON.stringify({ timestamp: new Date().toISOString(), level, service: "demo", message, ...fields }) + "\n");
}

const items = [
  { id: "m-001", name: "tiny-llama", status: "ready" },
  { id: "m-002", name: "whisper-small", status: "ready" },
  { id: "m-003", name: "bge-base", status: "loading" },
];

const server = Bun.serve({
  hostname: "127.0.0.1",
  port,
  fetch(req) {
    const started = performance.now();
    const url = new URL(req.url);
    const respond = (status: number, body: unknown) => {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      log(status >= 500 ? "error" : status >= 400 ? "warn" : "info", `${req.method} ${url.pathname} ${status}`, { method: req.method, path: url.pathname, status, duration_ms: ms });
      return Response.json(body, { status });
    };
    // The run that started it (scenario variables reach the command's environment): a check can tell this run's
    // service from one an earlier run left on the port.
    if (url.pathname === "/health") return respond(200, { status: "ok", items: items.length, run: process.env.RUN_ID ?? null });
    if (token && req.headers.get("authorization") !== `Bearer ${token}`) return respond(401, { error: "missing or wrong bearer token" });
    if (url.pathname === "/v1/items") return respond(200, { items });
    const m = /^\/v1\/items\/([\w-]+)$/.exec(url.pathname);
    if (m) {
      const item = items.find((i) => i.id === m[1]);
      return item ? respond(200, item) : respond(404, { error: `no item ${m[1]}` });
    }
    return respond(404, { error: "not found" });
  },
});

log("info", `demo service listening on 127.0.0.1:${server.port}`, { port: server.port });
const stop = () => {
  log("info", "demo service stopping");
  server.stop(true);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
