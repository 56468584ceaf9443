// Drives a real headless Chromium over the DevTools protocol (Bun's WebSocket, no extra package) for tests of rendered pages.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser binary (CHROMIUM_BIN, then the usual paths), or a sentence saying why there is none. */
export function findChromium(): { bin?: string; missing?: string } {
  const env = process.env.CHROMIUM_BIN;
  if (env) return existsSync(env) ? { bin: env } : { missing: `CHROMIUM_BIN=${env} does not exist` };
  const bin = CANDIDATES.find((p) => existsSync(p));
  return bin ? { bin } : { missing: `no Chromium at ${CANDIDATES.join(", ")}: apt-get install chromium (scripts/setup-chromium.sh)` };
}

export interface Page {
  /** Loads a URL and resolves when its load event fired. */
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its value (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Launches Chromium headless on loopback with no network of its own, and opens one page. */
export async function openPage(bin: string): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), "scenario-chromium-"));
  const proc = Bun.spawn(
    [
      bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", `--user-data-dir=${profile}`,
      "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
    ],
    { stdout: "ignore", stderr: "pipe", stdin: "ignore" },
  );
  const endpoint = await devtoolsEndpoint(proc.stderr);
  const ws = new WebSocket(endpoint);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${endpoint}`)), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const listeners: ((msg: any) => void)[] = [];
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(String(e.data));
    const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (waiter) {
      pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(`${msg.error.message}`));
      else waiter.resolve(msg.result);
    } else for (const l of listeners) l(msg);
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);

  return {
    async goto(url) {
      const loaded = new Promise<void>((resolve) => {
        const l = (msg: any) => {
          if (msg.sessionId === sessionId && msg.method === "Page.loadEventFired") {
            listeners.splice(listeners.indexOf(l), 1);
            resolve();
          }
        };
        listeners.push(l);
      });
      const r = await send("Page.navigate", { url }, sessionId);
      if (r.errorText) throw new Error(`cannot load ${url}: ${r.errorText}`);
      await loaded;
    },
    async evaluate(expression) {
      const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
      if (r.exceptionDetails) throw new Error(`page error: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value;
    },
    async close() {
      ws.close();
      proc.kill();
      await proc.exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Reads Chromium's stderr until it prints its DevTools WebSocket address. */
async function devtoolsEndpoint(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  const reader = stderr.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Chromium exited before it listened:\n${seen}`);
    seen += decoder.decode(value, { stream: true });
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
    if (m) {
      // Keep draining stderr so the browser never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read()).done);
      })();
      return m[1]!;
    }
  }
}
