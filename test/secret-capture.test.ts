// End-to-end (main() in-process): a secret captured during the run is in no file the run writes, although a step before the capture showed it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { main } from "../lib/cli.ts";
import { tempDir, writeScenario } from "./helpers/cli.ts";

const TOKEN = "captured-Tok3n-XYZ987";
const KEY = "-----BEGIN KEY-----\nAbCdEfGh12345678\nZyXwVuTs87654321\n-----END KEY-----";
let server: ReturnType<typeof Bun.serve>;
let base: string;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ token: TOKEN }) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

test("a secret captured during the run, and each line of a secret of several lines, are in no report and not in the run log", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, `name: capture late
secrets: [TOK, KEY]
steps:
  - name: early look
    continue_on_failure: true
    http: { url: "${base}/token", expect: { json: { "$.token": nomatch } } }
  - name: print the key
    shell: { run: 'printf "%s\\\\n" "$KEY"' }
  - name: get token
    http: { url: "${base}/token", capture: { TOK: $.token } }
`);
  let out = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, env: { PATH: process.env.PATH, KEY }, handleSignals: false };
  const code = await main(["run", file, "--report", "md,log,junit,json,html", "--report-dir", "reports", "--verbose", "--no-color"], io);
  expect(code).toBe(1);
  const written = files(dir).filter((f) => !f.endsWith(".yaml"));
  expect(written.length).toBeGreaterThanOrEqual(6);
  for (const f of written) {
    const text = readFileSync(f, "utf8");
    expect({ f, token: text.includes(TOKEN), key: text.includes("AbCdEfGh12345678") || text.includes("ZyXwVuTs87654321") }).toEqual({ f, token: false, key: false });
  }
  // The key's lines were printed one by one; each is masked where the console shows them too.
  expect(out).not.toContain("AbCdEfGh12345678");
});
