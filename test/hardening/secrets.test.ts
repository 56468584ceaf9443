// Hardening: canary secrets passed every way a run can meet them never appear, in any common encoding, in anything the run prints or writes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario, type CliResult } from "../helpers/cli.ts";
import { findLeaks, readTree } from "./leaks.ts";
import { busyboxService, describeWithEngine, forceRemove } from "../helpers/compose.ts";

/** Distinct canaries with the characters encodings change: space, @ / & + quotes < > and non-ASCII. */
const id = crypto.randomUUID().slice(0, 8);
const CANARY = {
  ENV_CANARY: `Env-c4n@ry p/ss&x+"'<é>${id}`,
  CLI_CANARY: `Cli-c4n@ry p/ss&x+"'<é>${id}`,
  FILE_CANARY: `File-c4n@ry p/ss&x+'<é>${id}`,
  TOKEN: `Tok-c4n@ry p/ss&x+"'<é>${id}`,
};

let server: ReturnType<typeof Bun.serve>;
const seen: { auth?: string; query?: string } = {};
beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/token") return Response.json({ token: CANARY.TOKEN });
      seen.auth = req.headers.get("authorization") ?? undefined;
      seen.query = url.searchParams.get("p") ?? undefined;
      // The request's values come back in the forms a server commonly echoes them; the body is ASCII-only JSON.
      const p = url.searchParams.get("p") ?? "";
      const body = JSON.stringify({
        echoed: p,
        nested: JSON.stringify({ inner: p }),
        form: new URLSearchParams({ p }).toString(),
        lower: encodeURIComponent(p).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
        b64: Buffer.from(p).toString("base64"),
        html: Bun.escapeHTML(p),
        auth: req.headers.get("authorization"),
      });
      return new Response(body.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), { headers: { "content-type": "application/json" } });
    },
  });
});
afterAll(() => server.stop(true));

interface Written {
  result: CliResult;
  texts: Map<string, string>;
}

/** Runs a scenario with the canaries from every source and returns the console and every file written. */
async function runWithCanaries(yaml: string, extraArgs: string[] = []): Promise<Written> {
  const dir = tempDir("secrets-canary-");
  const file = writeScenario(dir, yaml);
  // The inputs that hold canaries live outside the directory the run writes to, which is searched whole.
  const envFile = join(tempDir("secrets-input-"), "canary.env");
  writeFileSync(envFile, `FILE_CANARY="${CANARY.FILE_CANARY}"\n`);
  const summary = join(dir, "step-summary.md");
  const doc = join(dir, "LOGGING.md");
  writeFileSync(summary, "");
  writeFileSync(doc, "# Logging\n");
  const result = await runCli(
    [file, "--var", `CLI_CANARY=${CANARY.CLI_CANARY}`, "--env-file", envFile, "--report", "junit,json,html", "--report-dir", join(dir, "reports"), "--update-doc", doc, ...extraArgs],
    { cwd: dir, env: { ENV_CANARY: CANARY.ENV_CANARY, GITHUB_STEP_SUMMARY: summary } },
  );
  const texts = readTree(dir);
  texts.set("stdout", result.stdout);
  texts.set("stderr", result.stderr);
  return { result, texts };
}

describe("secrets canary", () => {
  test("http header and query, a capture, shell and background output, step names: no form of a canary anywhere", async () => {
    const { result, texts } = await runWithCanaries(`name: secrets canary
vars: { BASE: "http://127.0.0.1:${server.port}" }
secrets: [ENV_CANARY, CLI_CANARY, FILE_CANARY, TOKEN]
steps:
  - name: "Header and query carry \${ENV_CANARY}"
    http:
      url: \${BASE}/echo
      headers: { Authorization: "Bearer \${ENV_CANARY}", X-Cli: "\${CLI_CANARY}" }
      query: { p: "\${ENV_CANARY}", f: "\${FILE_CANARY}" }
      expect: { status: 200, body: { contains: "never there" } }
    continue_on_failure: true
  - name: Capture a token
    http: { url: "\${BASE}/token", capture: { TOKEN: $.token } }
  - name: The shell prints every canary, raw and encoded
    shell:
      run: |
        printf '%s\\n' "\${ENV_CANARY}" "$CLI_CANARY" \${FILE_CANARY} '\${TOKEN}' >&2
        printf %s "\${TOKEN}" | base64 -w0; echo
        echo "\${CLI_CANARY}"
        exit 3
    continue_on_failure: true
  - name: A background process prints them
    shell: { run: 'printf "%s\\n" "\${ENV_CANARY}" "$TOKEN" "\${FILE_CANARY}"; exec sleep 30', background: true }
  - name: The background output has arrived
    shell: { run: "true" }
    eventually: 5s
teardown:
  - name: "Cleanup as \${CLI_CANARY}"
    shell: { run: 'echo "\${TOKEN}" "\${CLI_CANARY}"' }
`);
    expect(result.code).toBe(1);
    // The canaries really went through: the server saw them, and the masked forms are in the reports.
    // The header went as UTF-8 bytes (Bun.serve reads a header's bytes as Latin-1, so é arrives as "Ã©", and is echoed so).
    expect(Buffer.from(seen.auth!, "latin1").toString("utf8")).toBe(`Bearer ${CANARY.ENV_CANARY}`);
    expect(seen.query).toBe(CANARY.ENV_CANARY);
    const files = [...texts.keys()];
    for (const suffix of [".md", ".xml", ".json", ".html", ".log", "step-summary.md", "LOGGING.md"]) expect(files.some((f) => f.endsWith(suffix))).toBe(true);
    expect([...texts].find(([f]) => f.endsWith("step-summary.md"))![1]).toContain("secrets canary");
    expect([...texts].find(([f]) => f.endsWith("LOGGING.md"))![1]).toContain("scenario:secrets-canary:begin");
    const log = [...texts].find(([f]) => f.endsWith(".log"))![1];
    expect(log).toContain("[bg ");
    expect(log.match(/\*\*\*/g)!.length).toBeGreaterThan(10);
    expect(findLeaks(texts, CANARY)).toEqual([]);
  }, 60_000);

  test("a secret beyond ASCII that a server echoes back, as bytes, read as Latin-1 or sent back as Latin-1, is masked in every output", async () => {
    const secret = `pässwörd-Secret-42-${id}`;
    const received: string[] = [];
    const echo = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        // Bun.serve reads a header's bytes as Latin-1: Buffer.from(…, "latin1") gives the bytes as they came.
        const auth = req.headers.get("authorization") ?? "";
        received.push(auth);
        const path = new URL(req.url).pathname;
        const body =
          path === "/bytes" ? Buffer.from(auth, "latin1") // the bytes as received, as Python's http.server echoes them
          : path === "/as-latin1" ? Buffer.from(auth, "utf8") // the bytes read as Latin-1, echoed as UTF-8 (pÃ¤sswÃ¶rd)
          : Buffer.from(Buffer.from(auth, "latin1").toString("utf8"), "latin1"); // the text echoed in Latin-1 bytes, no charset said
        return new Response(body, { headers: { "content-type": "text/plain" } });
      },
    });
    try {
      const dir = tempDir("secrets-echo-");
      const file = writeScenario(dir, `name: echoed header
vars: { BASE: "http://127.0.0.1:${echo.port}" }
secrets: [API_KEY]
steps:
${["bytes", "as-latin1", "in-latin1"].map((p) => `  - { name: ${p}, continue_on_failure: true, http: { url: "\${BASE}/${p}", headers: { Authorization: "Bearer \${API_KEY}" }, expect: { body: "never this" } } }`).join("\n")}
`);
      const r = await runCli([file, "--report", "junit,json,html", "--report-dir", join(dir, "reports")], { cwd: dir, env: { API_KEY: secret } });
      expect(r.code).toBe(1);
      // The server got the secret's UTF-8 bytes (before, ä went as the byte E4 and came back as U+FFFD, unmasked).
      expect(received.map((a) => Buffer.from(a, "latin1").toString("utf8"))).toEqual([`Bearer ${secret}`, `Bearer ${secret}`, `Bearer ${secret}`]);
      const texts = readTree(dir);
      texts.set("stdout", r.stdout);
      texts.set("stderr", r.stderr);
      for (const suffix of [".md", ".xml", ".json", ".html", ".log"]) expect([...texts.keys()].some((f) => f.endsWith(suffix))).toBe(true);
      expect(findLeaks(texts, { API_KEY: secret })).toEqual([]);
      // No part of it either: the ASCII end of the secret shows nowhere.
      expect([...texts].filter(([, t]) => t.includes(`Secret-42-${id}`)).map(([f]) => f)).toEqual([]);
      expect(r.stdout.match(/actual "Bearer \*\*\*"/g)?.length).toBe(3);
    } finally {
      echo.stop(true);
    }
  });

  test("a secret too short to mask, an empty one and an undefined one are warnings at load time and in every report's header", async () => {
    const dir = tempDir("secrets-short-");
    const file = writeScenario(dir, `name: short secrets
vars: { PIN: "123", EMPTY: "" }
secrets: [PIN, EMPTY, NEVER_SET]
steps:
  - shell: { run: "true" }
`);
    const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    // Each at the file:line:col of its name in `secrets:`, as a load error would be.
    expect(r.stderr).toContain("warning: scenario.yaml:3:11: secret PIN: its value is 3 characters long, too short to mask (minimum 4)");
    expect(r.stderr).toContain("warning: scenario.yaml:3:16: secret EMPTY: its value is empty");
    expect(r.stderr).toContain("warning: scenario.yaml:3:23: secret NEVER_SET: no source defines it");
    const texts = readTree(dir);
    const md = [...texts].find(([f]) => f.endsWith("latest.md"))![1];
    const json = JSON.parse([...texts].find(([f]) => f.endsWith(".json"))![1]) as { info: Record<string, string> };
    const log = [...texts].find(([f]) => f.endsWith(".log"))![1];
    expect(md).toContain("warning: secret PIN");
    expect(json.info["warning: secret PIN"]).toContain("too short to mask");
    expect(json.info["warning: secret EMPTY"]).toContain("empty");
    expect(log).toContain("info: warning: secret NEVER_SET = no source defines it");
  });

  test("the list and --dry-run plans mask secrets in step names", async () => {
    const dir = tempDir("secrets-plan-");
    const file = writeScenario(dir, `name: plan
secrets: [ENV_CANARY]
steps:
  - name: "Log in as \${ENV_CANARY}"
    shell: { run: 'echo "\${ENV_CANARY}"' }
  - shell: { run: 'echo "\${ENV_CANARY}"' }
`);
    for (const args of [["list", file], [file, "--dry-run"]]) {
      const r = await runCli(args, { cwd: dir, env: { ENV_CANARY: CANARY.ENV_CANARY } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Log in as ***");
      expect(findLeaks(new Map([["stdout", r.stdout], ["stderr", r.stderr]]), { ENV_CANARY: CANARY.ENV_CANARY })).toEqual([]);
    }
  });

  test("a captured secret too short to mask is a line in the report header", async () => {
    const dir = tempDir("secrets-short-");
    const file = writeScenario(dir, `name: short capture
secrets: [CODE]
steps:
  - shell: { run: echo 42, capture: { CODE: stdout } }
`);
    const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { info: Record<string, string> };
    expect(json.info["warning: secret CODE"]).toContain("2 characters long, too short to mask");
  });
});

describeWithEngine("secrets canary in a compose service's logs", (engine) => {
  const project = `trust-shell-canary-${id}`;
  afterAll(() => forceRemove(engine.cli, project));

  test("compose logs and failure diagnostics mask what the service printed", async () => {
    const dir = tempDir("secrets-compose-");
    writeFileSync(
      join(dir, "stack.yml"),
      `services:\n  talker:\n${busyboxService('echo "canary=$$ENV_CANARY"; echo "$$ENV_CANARY" | base64; echo "cli=$$CLI_CANARY"; echo "$$ENCODED"; sleep 1; exit 3', [
        // ENCODED: the service also logs the canaries percent- and JSON-encoded, as services log URLs and JSON.
        `    environment: { ENV_CANARY: "\${ENV_CANARY}", CLI_CANARY: "\${CLI_CANARY}", ENCODED: ${JSON.stringify(`url=/?q=${encodeURIComponent(CANARY.CLI_CANARY)} json=${JSON.stringify({ c: CANARY.ENV_CANARY })}`)} }`,
      ].join("\n"))}\n`,
    );
    const { result, texts } = await runWithCanaries(`name: compose canary
secrets: [ENV_CANARY, CLI_CANARY]
steps:
  - compose: { action: up, files: [${join(dir, "stack.yml")}], project: ${project} }
  - name: The service exits with 3 within the hold, so the report shows its logs
    compose: { action: ps, project: ${project}, expect: { running: [talker] } }
    hold: 20s
teardown:
  - name: Its logs
    compose: { action: logs, project: ${project} }
`);
    expect(result.code).toBe(1);
    const md = [...texts].find(([f]) => f.endsWith("latest.md"))![1];
    const log = [...texts].find(([f]) => f.endsWith(".log"))![1];
    expect(md).toContain("canary=***");
    expect(log).toContain("cli=***");
    expect(findLeaks(texts, { ENV_CANARY: CANARY.ENV_CANARY, CLI_CANARY: CANARY.CLI_CANARY })).toEqual([]);
  }, 120_000);
});
