// End-to-end (main() in-process): what a run names in its Markdown, GitHub annotations, --verbose, --dry-run, list and --quiet.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../lib/cli.ts";
import { tempDir, writeScenario } from "./helpers/cli.ts";

let server: ReturnType<typeof Bun.serve>;
let base: string;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => (new URL(req.url).pathname === "/ok" ? new Response("fine") : new Response("down", { status: 503 })) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

const SECRET = "s3cr3t-value-42";

function scenarioText(): string {
  return `name: reports
vars: { BASE: "${base}" }
secrets: [TOKEN]
steps:
  - name: Healthy
    id: healthy
    tags: [smoke]
    http: { url: "\${BASE}/ok?t=\${TOKEN}", expect: { status: 200 } }
  - name: Broken
    tags: [slow]
    http: { url: "\${BASE}/broken", expect: { status: 200 } }
    continue_on_failure: true
  - name: Echo
    shell: { run: "echo token=\${TOKEN}" }
`;
}

async function cli(argv: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const file = writeScenario(dir, scenarioText());
  let out = "";
  let err = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: dir, env: { PATH: process.env.PATH, ...env }, handleSignals: false };
  const code = await main([...argv.map((a) => (a === "FILE" ? file : a)), "--var", `TOKEN=${SECRET}`, "--no-color"], io);
  return { code, out, err, dir };
}

test("the Markdown report names the command (masked), the version, and the failing step's file:line", async () => {
  const r = await cli(["run", "FILE", "--report-dir", "reports"]);
  expect(r.code).toBe(1);
  const md = readFileSync(join(r.dir, "reports", "latest.md"), "utf8");
  expect(md).toMatch(/\| command \| `scenario run \/\S+\/scenario.yaml --report-dir reports --var TOKEN=\*\*\* --no-color` \|/);
  expect(md).toMatch(/\| version \| scenario \d+\.\d+\.\d+/);
  expect(md).toContain("At `scenario.yaml:9`.");
  expect(md).not.toContain(SECRET);
});

test("with GITHUB_ACTIONS=true the failing step is an ::error annotation on stdout", async () => {
  const r = await cli(["run", "FILE", "--report-dir", "reports"], { GITHUB_ACTIONS: "true" });
  const lines = r.out.split("\n").filter((l) => l.startsWith("::error "));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toStartWith("::error file=scenario.yaml,line=9,title=reports%3A step 2 Broken failed::");
  expect(lines[0]).toContain("status: expected == 200, actual 503");
  expect(r.out).not.toContain(SECRET);
  expect((await cli(["run", "FILE", "--report-dir", "reports"])).out).not.toContain("::error");
});

test("--verbose prints requests, responses and command output as they happen, masked", async () => {
  const r = await cli(["run", "FILE", "--verbose", "--report-dir", "reports"]);
  expect(r.out).toContain(`  │ → GET ${base}/ok?t=***`);
  expect(r.out).toMatch(/ {2}│ ← 503 Service Unavailable/);
  expect(r.out).toContain("token=***");
  expect(r.out).not.toContain(SECRET);
  expect((await cli(["run", "FILE", "--report-dir", "reports"])).out).not.toContain("│ →");
});

test("--dry-run shows only the selected steps with their resolved URLs and commands, masked, and runs nothing", async () => {
  const r = await cli(["run", "FILE", "--dry-run", "--tag", "smoke"]);
  expect(r.code).toBe(0);
  expect(r.out).toBe(`reports (scenario.yaml): dry run, nothing is run
   1. Healthy  [http id=healthy tags=smoke]  line 5
        GET ${base}/ok?t=***
  (2 steps not selected)
`);
  const all = await cli(["run", "FILE", "--dry-run", "--step", "Echo"]);
  expect(all.out).toContain("   3. Echo  [shell]  line 13\n        $ echo token=***\n");
  expect(all.out).not.toContain(SECRET);
});

test("list shows every step's id and tags; --quiet still prints the report paths", async () => {
  const list = await cli(["list", "FILE"]);
  expect(list.out).toContain("   1. Healthy  [http id=healthy tags=smoke]  line 5\n   2. Broken  [http tags=slow]  line 9\n");
  const quiet = await cli(["run", "FILE", "--quiet", "--report-dir", "reports"]);
  expect(quiet.out).toMatch(/reports: reports\/reports-\d{8}T\d{6}Z\.md, reports\/latest\.md, \.context\/terminal\/\S+\.log/);
});

test("the run log and JUnit say a capture of an attempt or step that did not pass was read, not captured: no later step has it", async () => {
  // Both said `captured: X="…"` though the step failed and a later step's ${X} had no value.
  const dir = tempDir();
  const file = writeScenario(dir, `name: not kept
steps:
  - name: Reads then fails
    shell: { run: "echo value-1; exit 1", capture: { X: stdout } }
    continue_on_failure: true
  - name: Reads and passes
    shell: { run: "echo value-2", capture: { Y: stdout } }
`);
  const io = { stdout: { write: () => {} }, stderr: { write: () => {} }, cwd: dir, env: { PATH: process.env.PATH }, handleSignals: false };
  expect(await main(["run", file, "--report", "junit", "--report-dir", "reports", "--no-color"], io)).toBe(1);
  const terminal = join(dir, ".context", "terminal");
  const log = readFileSync(join(terminal, readdirSync(terminal)[0]!), "utf8");
  expect(log).toContain('    read, not captured (it did not pass): X="value-1"\n');
  expect(log).toContain('    captured: Y="value-2"\n');
  expect(log).not.toContain('captured: X=');
  const xml = readFileSync(join(dir, "reports", "latest.xml"), "utf8");
  expect(xml).toContain("read, not captured (it did not pass): X=\"value-1\"");
  expect(xml).toContain('captured: Y="value-2"');
});

test("a secret that is part of a status word (fail, pass, step) leaves the statuses and counts as they are, in every report", async () => {
  for (const secret of ["fail", "pass", "step", "aile"]) {
    const dir = tempDir();
    const file = writeScenario(dir, "name: words\nsecrets: [TOK]\nsteps:\n  - name: ok\n    shell: { run: 'echo fine' }\n  - name: bad\n    shell: { run: 'exit 1' }\n");
    let out = "";
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, env: { PATH: process.env.PATH, TOK: secret }, handleSignals: false };
    const code = await main(["run", file, "--report", "junit,json", "--report-dir", "reports", "--no-color"], io);
    expect([secret, code]).toEqual([secret, 1]);
    expect([secret, out]).toEqual([secret, expect.stringContaining("steps......: 1 passed, 1 failed")]);
    expect(out).toContain("✗ words: failed · 1 passed, 1 failed");
    const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { status: string; steps: { status: string }[] };
    expect([secret, json.status, json.steps.map((s) => s.status)]).toEqual([secret, "failed", ["passed", "failed"]]);
    const xml = readFileSync(join(dir, "reports", "latest.xml"), "utf8");
    expect([secret, xml.match(/failures="\d+"/)?.[0], xml.split("<failure").length - 1]).toEqual([secret, 'failures="1"', 1]);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("1 passed, 1 failed");
  }
});

test("--update-doc naming the scenario file itself is refused before the run: the report appended to it made it invalid YAML", async () => {
  const r = await cli(["run", "FILE", "--update-doc", "scenario.yaml"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("is the scenario file");
  expect(r.err).toContain("nothing was run");
  expect(readFileSync(join(r.dir, "scenario.yaml"), "utf8")).toBe(scenarioText());
});

test("a run whose log found its plain name taken (a run started in the same second) names its reports with its run id too: log and reports pair up", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, "name: pair\nsteps:\n  - shell: { run: 'echo fine' }\n");
  // Another run's logs for every second of the next minute: this run's log takes its run id's name.
  const logs = join(dir, ".context", "terminal");
  mkdirSync(logs, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  for (let s = now - 1; s < now + 60; s++) writeFileSync(join(logs, `integration_test_${s}.log`), "another run\n");
  let out = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, env: { PATH: process.env.PATH }, handleSignals: false };
  expect(await main(["run", file, "--report", "json", "--report-dir", "reports", "--no-color"], io)).toBe(0);
  const runLog = readdirSync(logs).find((n) => /^integration_test_\d+_[0-9a-f]+\.log$/.test(n));
  expect(runLog).toBeDefined();
  const runId = /_([0-9a-f]+)\.log$/.exec(runLog!)![1]!;
  expect(readdirSync(join(dir, "reports")).filter((n) => n.startsWith("pair-")).map((n) => n.endsWith(`-${runId}.md`) || n.endsWith(`-${runId}.json`))).toEqual([true, true]);
});

test("the command the reports name, pasted into bash, gives the run's argv: control and hidden characters as $'…' escapes, secrets masked", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, `name: command
vars: { B: x, C: x, D: x, E: x }
secrets: [TOKEN, LONG]
steps:
  - shell: { run: "true" }
`);
  // A secret holding a tab, an escape sequence and a line break: masked in the escaped form the command shows it in;
  // and a long one (past 64 characters the masker looks for fewer forms of it, and none of them is \x1B or \').
  const secret = "Zq8k\tVx7w\x1b[1mMm3p\nRr9t";
  const long = `Ll0ng\x1b'${"w".repeat(70)}`;
  const argv = [
    "run", file, "--report-dir", "reports", "--report", "junit,json",
    "--var", "B=l1\nl2", "--var", "C=\x1b[31mred", "--var", "D=deploy \u202Eyrt\u202C \u200B",
    "--var", "E=tab\there 'q' back\\slash \x01\x7f\u0085 \r\u2028 é", "--var", `TOKEN=${secret}`, "--var", `LONG=${long}`, "--no-color",
  ];
  const io = { stdout: { write: (_: string) => true }, stderr: { write: (_: string) => true }, cwd: dir, env: { PATH: process.env.PATH }, handleSignals: false };
  expect(await main(argv, io)).toBe(0);
  const read = (name: string) => readFileSync(join(dir, "reports", name), "utf8");
  const logDir = join(dir, ".context", "terminal");
  const shown: Record<string, string> = {
    json: JSON.parse(read("latest.json")).info.command,
    markdown: /^\| command \| (`+) ?(.*?) ?\1 \|$/m.exec(read("latest.md"))![2]!.replaceAll("\\|", "|"),
    junit: /<property name="command" value="([^"]*)"\/>/.exec(read("latest.xml"))![1]!
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replaceAll("&apos;", "'").replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&"),
    log: /info: command = (.*)$/m.exec(readFileSync(join(logDir, readdirSync(logDir)[0]!), "utf8"))![1]!,
  };
  const expected = argv.map((a) => (a.startsWith("TOKEN=") ? "TOKEN=***" : a.startsWith("LONG=") ? "LONG=***" : a));
  for (const [report, command] of Object.entries(shown)) {
    expect({ report, start: command.slice(0, 13) }).toEqual({ report, start: "scenario run " });
    expect({ report, leaked: ["Zq8k", "Vx7w", "Mm3p", "Rr9t", "Ll0ng", "www"].filter((part) => command.includes(part)) }).toEqual({ report, leaked: [] });
    // Pasted into bash (in a UTF-8 locale, as \u escapes need), with `scenario` a function printing its arguments.
    const bash = Bun.spawnSync(["bash", "-c", `scenario() { printf '%s\\0' "$@"; }\n${command}`], { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: "C.UTF-8" } });
    expect({ report, stderr: bash.stderr.toString(), argv: bash.stdout.toString().split("\0").slice(0, -1) }).toEqual({ report, stderr: "", argv: expected });
  }
  // A word without such characters is quoted as before.
  expect(shown.json).toContain(" --report junit,json ");
});
