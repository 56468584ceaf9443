// End-to-end (main() in-process): a secret captured during the run is in no file the run writes, although a step before the capture showed it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../lib/cli.ts";
import { tempDir, writeScenario } from "./helpers/cli.ts";

const TOKEN = "captured-Tok3n-XYZ987";
const KEY = "-----BEGIN KEY-----\nAbCdEfGh12345678\nZyXwVuTs87654321\n-----END KEY-----";
let server: ReturnType<typeof Bun.serve>;
// The server answers the token as a member whose name says nothing of a credential: only a capture tells the run it is one.
let base: string;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ id: TOKEN }) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Runs files with main() in-process; returns the exit code, the console and the text of every file written under dir. */
async function runFiles(dir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; written: [string, string][] }> {
  let out = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, env: { PATH: process.env.PATH, ...env }, handleSignals: false };
  const code = await main(["run", ...args, "--report", "md,log,junit,json,html", "--report-dir", "reports", "--verbose", "--no-color"], io);
  return { code, out, written: files(dir).filter((f) => !f.endsWith(".yaml")).map((f) => [f, readFileSync(f, "utf8")]) };
}

/** None of `values` is in the console output or in any of the written files (at least six: every report and the run log). */
function expectHidden(values: string[], out: string, written: [string, string][]): void {
  expect(written.length).toBeGreaterThanOrEqual(6);
  for (const [f, text] of written) expect({ f, found: values.filter((v) => text.includes(v)) }).toEqual({ f, found: [] });
  expect(values.filter((v) => out.includes(v))).toEqual([]);
}

test("a secret captured during the run, and each line of a secret of several lines, are in no report and not in the run log", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, `name: capture late
secrets: [TOK, KEY]
steps:
  - name: early look
    continue_on_failure: true
    http: { url: "${base}/id", expect: { json: { "$.id": nomatch } } }
  - name: print the key
    shell: { run: 'printf "%s\\\\n" "$KEY"' }
  - name: get token
    http: { url: "${base}/id", capture: { TOK: $.id } }
`);
  const { code, out, written } = await runFiles(dir, [file], { KEY });
  expect(code).toBe(1);
  expect(written.length).toBeGreaterThanOrEqual(6);
  for (const [f, text] of written) {
    expect({ f, token: text.includes(TOKEN), key: text.includes("AbCdEfGh12345678") || text.includes("ZyXwVuTs87654321") }).toEqual({ f, token: false, key: false });
  }
  // The key's lines were printed one by one; each is masked where the console shows them too.
  expect(out).not.toContain("AbCdEfGh12345678");
});

test.each([["wire"], ["fetch"]])("a session a response sets (Set-Cookie) is in no output, with the %s client; a short cookie value is masked in its cookie form", async (client) => {
  const SESSION = "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.Sig-Abc123";
  const cookies = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => {
      const headers = new Headers({ "content-type": "application/json" });
      headers.append("set-cookie", `session=${SESSION}; HttpOnly; Path=/`);
      headers.append("set-cookie", 'csrf="quoted-csrf-value-42"; Path=/');
      headers.append("set-cookie", "theme=dark; Path=/");
      // The session echoed in a later response's body, as a debugging endpoint may.
      return new Response(JSON.stringify({ ok: false, seen: new URL(req.url).pathname === "/echo" ? SESSION : null }), { status: 500, headers });
    },
  });
  const before = process.env.SCENARIO_HTTP_CLIENT;
  process.env.SCENARIO_HTTP_CLIENT = client;
  try {
    const dir = tempDir();
    const file = writeScenario(dir, `name: set-cookie
steps:
  - name: login
    continue_on_failure: true
    http: { url: "http://127.0.0.1:${cookies.port}/login", expect: { status: 200 } }
  - name: echo
    http: { url: "http://127.0.0.1:${cookies.port}/echo", expect: { status: 200 } }
`);
    const { code, out, written } = await runFiles(dir, [file]);
    expect(code).toBe(1);
    expect(written.length).toBeGreaterThanOrEqual(6);
    let shownAt = 0;
    for (const [f, text] of written) {
      expect({ f, session: text.includes(SESSION) || text.includes("c2Vzc2lvbg"), csrf: text.includes("quoted-csrf-value-42"), short: text.includes("theme=dark") }).toEqual({ f, session: false, csrf: false, short: false });
      if (text.includes("session=***") && text.includes("theme=***")) shownAt++;
    }
    // The response detail still shows which cookies were set.
    expect(shownAt).toBeGreaterThan(0);
    expect(out).not.toContain(SESSION);
  } finally {
    if (before === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
    else process.env.SCENARIO_HTTP_CLIENT = before;
    cookies.stop(true);
  }
});

test("a credential captured during the run and then sent (Authorization, X-Api-Key, Cookie, a URL's password) is in no output, though no secrets: names it", async () => {
  const creds = { token: "tok-9f8e7d6c5b4a3210", key: "key-0a1b2c3d4e5f", sid: "sid-77aa88bb99cc", pass: "pw-Q1w2E3r4T5" };
  const api = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    // The login answers every credential in its body, as a token endpoint does; the API refuses, so every detail is shown.
    fetch: (req) => (new URL(req.url).pathname === "/login" ? Response.json(creds) : new Response(`denied ${req.headers.get("authorization")}`, { status: 401 })),
  });
  try {
    const dir = tempDir();
    const at = `127.0.0.1:${api.port}`;
    const file = writeScenario(dir, `name: captured credentials
steps:
  - name: log in
    http: { url: "http://${at}/login", capture: { TOKEN: $.token, KEY: $.key, SID: $.sid, PASS: $.pass } }
  - name: use them
    http:
      url: "http://bob:\${PASS}@${at}/api"
      headers: { Authorization: "Bearer \${TOKEN}", X-Api-Key: "\${KEY}", Cookie: "sid=\${SID}; theme=dark" }
      expect: { status: 200 }
`);
    const { code, out, written } = await runFiles(dir, [file]);
    expect(code).toBe(1);
    expect(written.length).toBeGreaterThanOrEqual(6);
    for (const [f, text] of written) {
      expect({ f, found: Object.values(creds).filter((v) => text.includes(v)) }).toEqual({ f, found: [] });
    }
    expect(Object.values(creds).filter((v) => out.includes(v))).toEqual([]);
    expect(written.find(([f]) => f.endsWith("latest.md"))![1]).toContain("Bearer ***");
  } finally {
    api.stop(true);
  }
});

test("a token a response body or a command's output hands over in JSON ({\"access_token\": …}) is in no output, captured or not", async () => {
  const TOKEN = "tok-9f8e7d6c5b4a3210";
  const REFRESH = "refresh-Zz0011223344";
  const api = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ access_token: TOKEN, refresh_token: REFRESH, token_type: "Bearer" }) });
  try {
    const dir = tempDir();
    const url = `http://127.0.0.1:${api.port}/token`;
    const file = writeScenario(dir, `name: token bodies
steps:
  - name: the token endpoint with curl, printed live under --verbose
    continue_on_failure: true
    shell: { run: "curl -s ${url}; echo; exit 1" }
  - name: the same through http
    continue_on_failure: true
    http: { url: "${url}", expect: { status: 201 } }
`);
    const { code, out, written } = await runFiles(dir, [file]);
    expect(code).toBe(1);
    expect(written.length).toBeGreaterThanOrEqual(6);
    for (const [f, text] of written) {
      expect({ f, token: text.includes(TOKEN), refresh: text.includes(REFRESH) }).toEqual({ f, token: false, refresh: false });
    }
    expect([out.includes(TOKEN), out.includes(REFRESH)]).toEqual([false, false]);
    // What the body held is still shown, its credentials masked.
    expect(out).toContain('"access_token":"***"');
  } finally {
    api.stop(true);
  }
});


const capturing = (before = "") => `name: captures
secrets: [TOK]
steps:${before}
  - name: get token
    http: { url: "${base}/id", capture: { TOK: $.id } }
`;

test("several files: a secret one file captures is masked in a later file's console, reports, run log and the combined summary", async () => {
  const dir = tempDir();
  writeScenario(dir, capturing(), "a.yaml");
  // b.yaml names no secret: it shows the token in its response, its check and the verbose console.
  writeScenario(dir, `name: shows\nsteps:\n  - name: look\n    http: { url: "${base}/id", expect: { json: { "$.id": nomatch } } }\n`, "b.yaml");
  const r = await runFiles(dir, ["a.yaml", "b.yaml"]);
  expect(r.code).toBe(1);
  expect(r.written.length).toBeGreaterThanOrEqual(15);
  expect(r.written.filter(([, text]) => text.includes(TOKEN)).map(([f]) => f)).toEqual([]);
  expect(r.out).not.toContain(TOKEN);
  expect(r.out).toContain("***");
});

test("--jobs 2: a secret one file captures while another runs is masked in that one's held console, reports, run log and the summary", async () => {
  const dir = tempDir();
  const printed = join(dir, "printed");
  const captured = join(dir, "captured");
  const wait = (flag: string) => `\n  - name: wait for ${flag.slice(dir.length + 1)}\n    timeout: 60s\n    shell: { run: 'while [ ! -e "${flag}" ]; do sleep 0.05; done' }`;
  // a.yaml captures the token only once b.yaml has shown it; b.yaml ends only after the capture.
  writeScenario(dir, `${capturing(wait(printed))}  - name: say so\n    shell: { run: 'touch "${captured}"' }\n`, "a.yaml");
  writeScenario(dir, `name: shows
steps:
  - name: look
    continue_on_failure: true
    http: { url: "${base}/id", expect: { json: { "$.id": nomatch } } }
  - name: say so
    shell: { run: 'touch "${printed}"' }${wait(captured)}
`, "b.yaml");
  const r = await runFiles(dir, ["a.yaml", "b.yaml", "--jobs", "2"]);
  expect(r.code).toBe(1);
  expect(r.written.length).toBeGreaterThanOrEqual(15);
  expect(r.written.filter(([, text]) => text.includes(TOKEN)).map(([f]) => f)).toEqual([]);
  expect(r.out).not.toContain(TOKEN);
});

test("--jobs 2: a file that ended before another captured a secret keeps it in its own reports and console; the combined summary masks it", async () => {
  const dir = tempDir();
  // a.yaml captures the token once b.yaml's reports are written (its JSON report is written after its record is final).
  const wait = `\n  - name: wait for b's reports\n    timeout: 60s\n    shell: { run: 'until ls "${dir}"/reports/shows-*.json >/dev/null 2>&1; do sleep 0.05; done' }`;
  writeScenario(dir, capturing(wait), "a.yaml");
  writeScenario(dir, `name: shows\nsteps:\n  - name: look\n    http: { url: "${base}/id", expect: { json: { "$.id": nomatch } } }\n`, "b.yaml");
  const r = await runFiles(dir, ["a.yaml", "b.yaml", "--jobs", "2"]);
  expect(r.code).toBe(1);
  const holding = r.written.filter(([, text]) => text.includes(TOKEN)).map(([f]) => f.slice(dir.length + 1));
  // Written before the secret was known (docs/command-line.md, "Secrets"): b.yaml's own reports and run log.
  expect(holding.length).toBeGreaterThan(0);
  expect(holding.filter((f) => !/^reports\/(shows-|latest\.)|^\.context\/terminal\//.test(f))).toEqual([]);
  expect(r.written.filter(([f]) => /summary/.test(f)).length).toBe(6);
  expect(holding.filter((f) => /summary/.test(f))).toEqual([]);
});

test("a credential a service's log line holds, as JSON or as text (token=…, password: …, Authorization: Bearer …), is in no output: a LogQL answer, a files step, a command's output", async () => {
  const creds = { json: "JsonTok3n-abcdef12", token: "PlainTok3n-abcdefgh", pass: "Pl4inPass-word99", bearer: "eyJhbGciOi.J9x-Y8z", envPass: "DbPa55-w0rd-xyz" };
  const dir = tempDir();
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const now = new Date().toISOString();
  writeFileSync(
    join(logs, "api.log"),
    [
      JSON.stringify({ ts: now, msg: "login", access_token: creds.json }),
      `${now} level=info msg="issued" token=${creds.token}`,
      `${now} config password: ${creds.pass}`,
      `${now} upstream call Authorization: Bearer ${creds.bearer}`,
    ].join("\n") + "\n",
  );
  const file = writeScenario(dir, `name: log credentials
steps:
  - name: the answer holds them
    continue_on_failure: true
    logql: { files: { "logs/*.log": { service: api } }, query: '{service="api"}', since: 1h, expect: { lines: 0 } }
  - name: the files step quotes them
    continue_on_failure: true
    files: { glob: logs/*.log, expect: { not_contains: "login" } }
  - name: a command prints them
    continue_on_failure: true
    shell: { run: 'echo "DB_PASSWORD=${creds.envPass}"; exit 1' }
`);
  const { code, out, written } = await runFiles(dir, [file]);
  expect(code).toBe(1);
  const reports = written.filter(([f]) => !f.startsWith(logs));
  expectHidden(Object.values(creds), out, reports);
  // The lines are still shown, their credentials masked.
  const md = written.find(([f]) => f.endsWith("latest.md"))![1];
  expect(md).toContain("token=***");
  expect(md).toContain("Authorization: Bearer ***");
  expect(md).toContain("DB_PASSWORD=***");
});

test("the credentials a stack's environment prints under well-known names (AWS_SECRET_ACCESS_KEY, PGPASSWORD, MYSQL_PWD, …) are in no output; PWD stays shown", async () => {
  const dir = tempDir();
  const creds = { aws: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY", pg: "Pg5ecretPassw0rd", mysql: "My5qlPwd-Hunter2", session: "FwoGZXIvYXdzEJr1x9Q", minio: "Minio-R00t-Pass" };
  const file = writeScenario(dir, `name: env dump
steps:
  - name: a service's environment, as env prints it
    continue_on_failure: true
    shell: { run: 'printf "%s\\n" PWD=/srv/app2 AWS_SECRET_ACCESS_KEY=${creds.aws} AWS_SESSION_TOKEN=${creds.session} PGPASSWORD=${creds.pg} MYSQL_PWD=${creds.mysql} MINIO_ROOT_PASSWORD=${creds.minio}; exit 1' }
`);
  const { code, out, written } = await runFiles(dir, [file]);
  expect(code).toBe(1);
  expectHidden(Object.values(creds), out, written);
  const md = written.find(([f]) => f.endsWith("latest.md"))![1];
  expect(md).toContain("PGPASSWORD=***");
  expect(md).toContain("MYSQL_PWD=***");
  expect(md).toContain("PWD=/srv/app2");
});

test("cookies a service logs in other forms are in no output: a Cookie header joined with \", \", Go's map[Set-Cookie:[…]] print", async () => {
  const dir = tempDir();
  const values = ["Zq7wSess", "Kp9xCsrf", "S3cr1Go", "S3cr2Go", "Rq4tGoReq"];
  const file = writeScenario(dir, `name: cookie forms
steps:
  - name: a Go service's log of a request and its answer
    continue_on_failure: true
    shell: { run: 'echo "proxy: Cookie: sid=${values[0]}, csrf=${values[1]}"; echo "resp map[Set-Cookie:[a=${values[2]}; Path=/ b=${values[3]}; HttpOnly] X:[1]]"; echo "req map[Cookie:[t=${values[4]}]]"; exit 1' }
`);
  const { code, out, written } = await runFiles(dir, [file]);
  expect(code).toBe(1);
  expectHidden(values, out, written);
  const md = written.find(([f]) => f.endsWith("latest.md"))![1];
  expect(md).toContain("Set-Cookie:[a=***; Path=/ b=***; HttpOnly]");
});

test("a short cookie value, sent in a Cookie header or set by a response, is in no output in its cookie form: the request detail, the response, a service's echo", async () => {
  const api = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => {
      const headers = new Headers({ "set-cookie": "sid=Zq7w; Path=/" });
      // The service echoes the request's cookies, as a debugging endpoint (or its log) does.
      return new Response(`you sent Cookie: ${req.headers.get("cookie")}`, { status: 500, headers });
    },
  });
  try {
    const dir = tempDir();
    const file = writeScenario(dir, `name: short cookies
steps:
  - name: with a short session
    http: { url: "http://127.0.0.1:${api.port}/", headers: { Cookie: "sid=ab12; lang=en" }, expect: { status: 200 } }
`);
    const { code, out, written } = await runFiles(dir, [file]);
    expect(code).toBe(1);
    expectHidden(["sid=ab12", "sid=Zq7w", "lang=en"], out, written);
    const md = written.find(([f]) => f.endsWith("latest.md"))![1];
    expect(md).toContain("cookie: sid=***; lang=***");
    expect(md).toContain("set-cookie: sid=***; Path=/");
  } finally {
    api.stop(true);
  }
});

test("validate of several files: each file's secret is masked in the lines every file's load error quotes", async () => {
  const dir = tempDir();
  writeScenario(dir, 'name: a\nsecrets: [MYKEY]\nvars: { MYKEY: "lit-Secr3t-123" }\nsteps:\n  - shell: { run: "echo lit-Secr3t-123", tiemout: 1 }\n', "a.yaml");
  writeScenario(dir, 'name: b\nsteps:\n  - shell: { run: "echo lit-Secr3t-123", tiemout: 1 }\n', "b.yaml");
  let out = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, env: { PATH: process.env.PATH }, handleSignals: false };
  expect(await main(["validate", "a.yaml", "b.yaml"], io)).toBe(2);
  expect(out).toContain('a.yaml:5:42: steps[0].shell: unknown key "tiemout"');
  expect(out.match(/run: "echo \*\*\*", tiemout/g)?.length).toBe(2);
  expect(out).not.toContain("Secr3t");
});

test("a secret holding a \" or a \\ written inside a query's quoted string is in no output: escaped for the query language, then percent-encoded in its URL", async () => {
  // What the step sends: the query with the secret Go-quoted (`pa\"ssword2`), percent-encoded (`pa%5C%22ssword2`).
  const QUOTE = 'pa"ssword2';
  const SLASH = "pa\\ssword3";
  const seen: string[] = [];
  const stream = { stream: { app: "api" }, values: [[`${Date.now()}000000`, "a line"]] };
  const api = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => {
      const u = new URL(req.url);
      seen.push(req.url);
      const now = Date.now() / 1000;
      if (u.pathname === "/api/v1/query") return Response.json({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [now, "1"] }] } });
      if (u.pathname === "/loki/api/v1/query_range") return Response.json({ status: "success", data: { resultType: "streams", result: [stream] } });
      if (u.pathname === "/api/v1/series" || u.pathname === "/loki/api/v1/series") return Response.json({ status: "success", data: [] });
      return new Response("404 page not found", { status: 404 });
    },
  });
  try {
    const dir = tempDir();
    const file = writeScenario(dir, `name: escaped secrets
vars: { P: "http://127.0.0.1:${api.port}" }
secrets: [K1, K2]
steps:
  - name: promql
    continue_on_failure: true
    promql: { url: "\${P}", query: 'h_requests_total{token="\${K1}", key="\${K2}"} or vector(1)', expect: { value: 2 } }
  - name: logql
    logql: { url: "\${P}", query: '{app="\${K1}", key="\${K2}"}', expect: { lines: 0 } }
`);
    const { code, out, written } = await runFiles(dir, [file], { K1: QUOTE, K2: SLASH });
    expect(code).toBe(1);
    // Both steps asked with the secrets escaped, so the masker had them to mask.
    expect(seen.some((s) => s.includes("/api/v1/query?") && s.includes("pa%5C%22ssword2") && s.includes("pa%5C%5Cssword3"))).toBe(true);
    expect(seen.some((s) => s.includes("/loki/api/v1/query_range?") && s.includes("pa%5C%22ssword2"))).toBe(true);
    expect(out).toContain("***");
    const forms = [QUOTE, SLASH].flatMap((v) => {
      const escaped = v.replace(/[\\"]/g, "\\$&");
      return [v, escaped, encodeURIComponent(escaped), new URLSearchParams({ q: escaped }).toString().slice(2), JSON.stringify(escaped).slice(1, -1)];
    });
    // And no part of one either: `ssword` stands in every form.
    expectHidden([...forms, "ssword"], out, written);
  } finally {
    api.stop(true);
  }
});
