// End-to-end (main() in-process): a value the scenario puts where a credential goes (an Authorization, X-Api-Key,
// Proxy-Authorization or Cookie header, a URL's password or user name) is masked whether or not the request goes out:
// a step refused for what the value makes of its input (a line break in a header, a URL its password breaks), or
// before it fills its input in, showed it nowhere itself, but the step that captured it did (its captured line, the
// response body), in plain text in the run log, JUnit and JSON reports. Every output is read: the console (with GitHub
// annotations), every report, the run log and the GitHub step summary.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli.ts";

const dir = mkdtempSync(join(tmpdir(), "refused-credentials-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What /values answers, set by each test. */
let answer: Record<string, string> = {};
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/values") return Response.json(answer);
    // The basic credential it got, under no name that says it is one (as a service's "logged in as …" line shows it).
    if (path === "/whoami") return new Response(`you are ${(req.headers.get("authorization") ?? "").replace(/^Basic /, "")}\n`);
    return Response.json({ url: req.url, headers: Object.fromEntries(req.headers) });
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;
const hostPort = `127.0.0.1:${server.port}`;

/** Every file under `under`, recursively. */
function files(under: string): string[] {
  return readdirSync(under, { recursive: true, encoding: "utf8" }).map((f) => join(under, f)).filter((f) => statSync(f).isFile());
}

interface Run {
  code: number;
  /** The console, GitHub annotations included. */
  out: string;
  /** [path, text] of every file the run wrote: the reports, the run log, the step summary. */
  written: [string, string][];
  steps: { name: string; status: string; error?: string }[];
}

/** Runs the steps `after` holds after a step capturing `values` (names as keys) from /values, under GitHub Actions, with every report. */
async function runScenario(name: string, values: Record<string, string>, after: string): Promise<Run> {
  answer = values;
  const work = join(dir, name);
  mkdirSync(work);
  const capture = Object.keys(values).map((k) => `${k}: $.${k}`).join(", ");
  writeFileSync(join(work, "scenario.yaml"), `name: ${name}
steps:
  - { name: login, http: { url: '${base}/values', capture: { ${capture} } } }
${after}`);
  let out = "";
  const summary = join(work, "summary.md");
  const io = {
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (out += s) },
    cwd: work,
    env: { PATH: process.env.PATH, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    handleSignals: false,
  };
  const code = await main(["run", "scenario.yaml", "--report", "md,log,junit,json,html", "--report-dir", "reports", "--verbose", "--no-color"], io);
  const written = files(work).filter((f) => !f.endsWith("scenario.yaml")).map((f) => [f, readFileSync(f, "utf8")] as [string, string]);
  const json = written.find(([f]) => f.endsWith("latest.json"));
  const steps = json ? (JSON.parse(json[1]) as { steps: Run["steps"] }).steps.map((s) => ({ name: s.name, status: s.status, error: s.error })) : [];
  return { code, out, written, steps };
}

/** None of `parts` is in the console or a written file: the Markdown, JUnit, JSON and HTML reports, the run log and the step summary at least. */
function expectHidden(parts: readonly string[], run: Run): void {
  for (const ext of [".md", ".xml", ".json", ".html", ".log"]) expect(run.written.some(([f]) => f.endsWith(ext))).toBe(true);
  expect(run.written.some(([f]) => f.endsWith("summary.md"))).toBe(true);
  for (const [f, text] of [["console", run.out] as [string, string], ...run.written]) expect({ f, found: parts.filter((p) => text.includes(p)) }).toEqual({ f, found: [] });
}

/** The text of the JUnit report. */
const junit = (run: Run) => run.written.find(([f]) => f.endsWith("latest.xml"))![1];

describe("a captured value in a credential place, whether or not the request goes out", () => {
  test("a bearer token holding a line break, and a URL password holding / and #: masked in every output, the login step's captured line and body too", async () => {
    const run = await runScenario("leak4", { T: "tokLive12345678\nX-Injected: 1", P: "Pw12345678/x#y" }, `  - { name: use-auth, continue_on_failure: true, http: { url: '${base}/echo', headers: { Authorization: "Bearer \${T}" } } }
  - { name: use-pass, continue_on_failure: true, http: { url: 'http://bob:\${P}@${hostPort}/echo' } }
`);
    expect(run.code).toBe(1);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([["login", "passed"], ["use-auth", "failed"], ["use-pass", "failed"]]);
    // Both are refused before anything is sent, and say why.
    expect(run.steps[1]!.error).toContain("headers.Authorization: its value holds a line break or NUL");
    expect(run.steps[2]!.error).toContain(`invalid URL "http://***@${hostPort}/echo"`);
    // The login step's captured line shows both, masked.
    expect(junit(run)).toContain('captured: T="***" P="***"');
    expectHidden(["tokLive", "12345678", "X-Injected", "Pw1234", "x#y"], run);
  });

  test("an X-Api-Key, a Proxy-Authorization after its scheme and a Cookie's value, each holding a line break", async () => {
    const run = await runScenario("headers", { K: "keyLive87654321\nX-Leak-K: 1", B: "basicLive7654321\nX-Leak-B: 1", C: "ckLive76543210\nX-Leak-C: 1" }, `  - { name: key, continue_on_failure: true, http: { url: '${base}/echo', headers: { X-Api-Key: "\${K}" } } }
  - { name: proxy, continue_on_failure: true, http: { url: '${base}/echo', headers: { Proxy-Authorization: "Basic \${B}" } } }
  - { name: cookie, continue_on_failure: true, http: { url: '${base}/echo', headers: { Cookie: "theme=dark; sid=\${C}" } } }
`);
    expect(run.steps.map((s) => s.status)).toEqual(["passed", "failed", "failed", "failed"]);
    expect(junit(run)).toContain('captured: K="***" B="***" C="***"');
    expectHidden(["keyLive", "basicLive", "ckLive", "87654321", "7654321", "76543210", "X-Leak"], run);
  });

  test("a URL password or user name its value takes out of its place (the step refused while filling it in)", async () => {
    // p@ss/W0rd987 makes `bob:p@ss` the userinfo and `/W0rd987@…` the path; tok/Live24681357 makes `tok` the host.
    const run = await runScenario("splice", { P: "p@ss/W0rd987", U: "tok/Live24681357" }, `  - { name: use-pass, continue_on_failure: true, http: { url: 'http://bob:\${P}@${hostPort}/echo' } }
  - { name: use-user, continue_on_failure: true, http: { url: 'http://\${U}@${hostPort}/echo' } }
`);
    expect(run.steps.map((s) => s.status)).toEqual(["passed", "failed", "failed"]);
    expect(run.steps[1]!.error).toContain("(not shown: it stands in a user name or password, which are secrets)");
    expect(junit(run)).toContain('captured: P="***" U="***"');
    expectHidden(["W0rd987", "p@ss", "Live24681357"], run);
  });

  test("a request that fails before it is sent (nothing listens on the port): masked too, as one sent", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const port = closed.port;
    closed.stop(true);
    const run = await runScenario("unsent", { T: "tokUnsent13572468", P: "PwUnsent86421357" }, `  - { name: use-auth, continue_on_failure: true, http: { url: 'http://bob:\${P}@127.0.0.1:${port}/echo', headers: { Authorization: "Bearer \${T}" } } }
`);
    expect(run.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(junit(run)).toContain('captured: T="***" P="***"');
    expectHidden(["tokUnsent", "PwUnsent", "13572468", "86421357"], run);
  });

  test("a step that fails before it fills in its input (a text check an empty capture widens): masked too", async () => {
    const run = await runScenario("widened", { T: "tokEarly24681357", E: "" }, `  - { name: use-auth, continue_on_failure: true, http: { url: '${base}/echo', headers: { Authorization: "Bearer \${T}" }, expect: { body: { contains: "id=\${E}" } } } }
`);
    expect(run.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(run.steps[1]!.error).toContain("${E}");
    expect(junit(run)).toContain('captured: T="***" E=""');
    expectHidden(["tokEarly", "24681357"], run);
  });
});

describe("the whole value a variable gives a credential place, a query string's credential and a short URL password", () => {
  test("a Cookie header that is one variable: its whole value is masked, sent or refused (the variable's captured line shows ***)", async () => {
    const run = await runScenario("cookie-whole", { D: "session=abc123def456; csrftoken=zzz999yyy", R: "session=rrr111sss222; csrftoken=qqq888ppp\nX-Leak-R: 1" }, `  - { name: sent, continue_on_failure: true, http: { url: '${base}/echo', headers: { Cookie: "\${D}" } } }
  - { name: refused, continue_on_failure: true, http: { url: '${base}/echo', headers: { Cookie: "\${R}" } } }
`);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([["login", "passed"], ["sent", "passed"], ["refused", "failed"]]);
    expect(run.steps[2]!.error).toContain("headers.Cookie: its value holds a line break or NUL");
    expect(junit(run)).toContain('captured: D="***" R="***"');
    // The echo of the header sent is the variable's value, masked whole.
    expect(junit(run)).toContain('"cookie":"***"');
    expectHidden(["csrftoken", "abc123def456", "zzz999yyy", "rrr111", "qqq888", "X-Leak-R"], run);
  });

  test("a query parameter named as a credential (access_token, api_key, apikey, token, password, secret): its value masked, from a variable or literal, however it looks", async () => {
    // Values a credential written as text would not be taken for: small letters only, or short.
    const run = await runScenario("query-token", { F: "abcdefghijkl", G: "mnop", H: "qrstuvwxyzab", R: "tokenvalue\nX-Leak-Q: 1" }, `  - { name: url, continue_on_failure: true, http: { url: '${base}/echo?access_token=\${F}&api_key=\${G}&apikey=zy&page=2', expect: { status: 500 } } }
  - { name: query, continue_on_failure: true, http: { url: '${base}/echo', query: { token: "\${H}", password: literalpasswd, secret: ab, key: shownvalue }, expect: { status: 500 } } }
  - { name: refused, continue_on_failure: true, http: { url: '${base}/echo?token=\${R}' } }
`);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([["login", "passed"], ["url", "failed"], ["query", "failed"], ["refused", "failed"]]);
    expect(run.steps[3]!.error).toContain("url: its value holds a line break");
    expect(junit(run)).toContain('captured: F="***" G="***" H="***" R="***"');
    const xml = junit(run);
    expect(xml).toContain("/echo?access_token=***&amp;api_key=***&amp;apikey=***&amp;page=2");
    expect(xml).toContain("/echo?token=***&amp;password=***&amp;secret=***&amp;key=shownvalue");
    expectHidden(["abcdefghijkl", "mnop", "apikey=zy", "qrstuvwxyzab", "literalpasswd", "secret=ab", "tokenvalue", "X-Leak-Q"], run);
  });

  test("a URL password of 1 to 3 characters, literal or from a variable: masked in its URL, and its basic credential a service echoes masked everywhere", async () => {
    const run = await runScenario("short-password", { P: "xy" }, `  - { name: literal, continue_on_failure: true, http: { url: 'http://bob:a b@${hostPort}/whoami', expect: { status: 500 } } }
  - { name: captured, continue_on_failure: true, http: { url: 'http://bob:\${P}@${hostPort}/whoami', expect: { status: 500 } } }
`);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([["login", "passed"], ["literal", "failed"], ["captured", "failed"]]);
    const basic = (pair: string) => Buffer.from(pair).toString("base64");
    expect(junit(run)).toContain("you are ***");
    expectHidden([basic("bob:a b"), basic("bob:a b").replace(/=+$/, ""), basic("bob:xy"), "bob:a b@", "bob:a%20b@", "bob:xy@"], run);
  });

  test("list and --dry-run show a short URL password, and a query string's credential, masked", async () => {
    const work = join(dir, "plan");
    mkdirSync(work);
    writeFileSync(join(work, "scenario.yaml"), `name: plan
steps:
  - http: { url: 'http://bob:a b@${hostPort}/x' }
  - http: { url: 'http://bob:x;y@${hostPort}/y' }
  - http: { url: '${base}/z?access_token=plainlowercase' }
`);
    for (const args of [["list", "scenario.yaml"], ["run", "scenario.yaml", "--dry-run"]]) {
      let out = "";
      const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (out += s) }, cwd: work, env: { PATH: process.env.PATH }, handleSignals: false };
      expect(await main([...args, "--no-color"], io)).toBe(0);
      expect({ args, out }).toEqual({ args, out: expect.stringContaining(`GET http://bob:***@${hostPort}/y`) });
      for (const shown of ["a b", "x;y", "plainlowercase"]) expect({ args, shown, found: out.includes(shown) }).toEqual({ args, shown, found: false });
    }
  });
});
