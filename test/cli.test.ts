// End-to-end: inline scenarios through the real CLI against a local Bun.serve: exit codes, errors, reports, interrupts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, REPO, runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { SAME_INTERRUPT_MS } from "../lib/cli/interrupts.ts";
import { alive } from "./helpers/processes.ts";
import { ENTRY_PATH } from "./helpers/entries.ts";

let server: ReturnType<typeof Bun.serve>;
let base: string;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/models") return Response.json({ data: [{ id: "llama-3" }, { id: "mistral" }] });
      if (url.pathname === "/echo-auth") return new Response(req.headers.get("authorization") ?? "");
      return new Response("nope", { status: 404 });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

function readAll(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath, d.name), "utf8"))
    .join("\n");
}

describe("scenario CLI", () => {
  test("a passing scenario exits 0 and captures flow between steps", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: pass
vars: { BASE: ${base} }
steps:
  - name: List models
    service: vllm
    http:
      url: \${BASE}/models
      expect:
        status: 200
        json:
          "$.data[0].id": { exists: true }
      capture:
        MODEL_ID: $.data[0].id
  - name: Use the capture
    shell:
      run: echo "model=\${MODEL_ID}"
      expect:
        stdout: { contains: "model=llama-3" }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
  });

  test("a failed expectation exits 1 and says expected and actual", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: fail
steps:
  - http:
      url: ${base}/models
      expect:
        json:
          "$.data": { length: 5 }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("json $.data.length: expected == 5, actual 2");
  });

  test("an invalid scenario exits 2 with file:line:col, runs nothing and writes nothing", async () => {
    const dir = tempDir();
    const marker = join(dir, "ran");
    const file = writeScenario(dir, `name: bad
steps:
  - shell: { run: "touch ${marker}" }
  - http:
      url: ${base}/models
      expect:
        staus: 200
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scenario.yaml:7:9:");
    expect(r.stderr).toContain('unknown key "staus" (did you mean "status"?)');
    expect(r.stderr).not.toContain("    at ");
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
    expect(existsSync(join(dir, ".context"))).toBe(false);
  });

  test("bad command lines exit 2 with the error and one hint line, not the whole usage; --help prints the usage", async () => {
    const dir = tempDir();
    const help = 'run "scenario --help" for the options';
    for (const [args, stderr] of [
      [["--bogus", "x.yaml"], `scenario: unknown option --bogus\n${help}\n`],
      [["run", "--reprot-dir", "out", "x.yaml"], "scenario: unknown option --reprot-dir\ndid you mean --report-dir?\n"],
      [["run"], `scenario: which scenario? e.g. scenario run demo.yaml\n${help}\n`],
      [["--report", "pdf", "x.yaml"], `scenario: unknown report format "pdf": use junit,json,html (md and log are always written: naming them changes nothing)\n${help}\n`],
      [["--var", "novalue", "x.yaml"], `scenario: --var takes KEY=VALUE: the argument has no =\n${help}\n`],
    ] as [string[], string][]) {
      const r = await runCli(args, { cwd: dir });
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stderr, stdout: "" });
    }
    const usage = await runCli(["--help"], { cwd: dir });
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain("Usage:");
    expect(usage.stdout).toContain("--report-dir DIR");
    const missing = await runCli(["missing.yaml"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such scenario file");
  });

  test("an empty --report, --report-dir or file argument is a usage error naming it, exit 2, nothing run or written", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: x\nsteps:\n  - name: a\n    http: { url: "${base}/ok" }\n`, "x.yaml");
    for (const [args, says] of [
      [["x.yaml", "--report", ""], `--report needs a value, got ""`],
      [["x.yaml", "--report-dir="], `--report-dir needs a value, got ""`],
      [["run", "x.yaml", ""], `a scenario file argument is empty ("")`],
    ] as const) {
      const r = await runCli([...args], { cwd: dir });
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
      expect(r.stderr).toStartWith(`scenario: ${says}`);
    }
    expect(readdirSync(dir)).toEqual(["x.yaml"]);
  });

  test("validate, list and --dry-run run nothing", async () => {
    const dir = tempDir();
    const marker = join(dir, "ran");
    const file = writeScenario(dir, `name: plan
steps:
  - name: Touch
    tags: [a]
    shell: { run: "touch ${marker}" }
`);
    const v = await runCli(["validate", file], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(": ok (1 step, 0 teardown)");
    const l = await runCli(["list", file], { cwd: dir });
    expect(l.stdout).toContain("1. Touch  [shell tags=a]");
    const d = await runCli([file, "--dry-run"], { cwd: dir });
    expect(d.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  test("a matcher that can never pass on a count, a size or an exit code is refused at load with file:line:col, exit 2", async () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      ["files: { glob: '*.log', expect: { count: { contains: x } } }", "contains"],
      ["files: { glob: '*.log', expect: { lines: { type: string } } }", "type"],
      ["files: { glob: '*.log', expect: { size: { length: 1 } } }", "length"],
      ["shell: { run: 'true', expect: { exit_code: { exists: false } } }", "exists"],
      ["files: { glob: '*.log', expect: { count: { not: { type: number } } } }", "not"],
    ];
    for (const [step, key] of cases) {
      const file = writeScenario(dir, `name: t\nsteps:\n  - ${step}\n`);
      const v = await runCli(["validate", file], { cwd: dir });
      expect(v.code).toBe(2);
      expect(v.stderr).toContain(`scenario.yaml:3:${5 + step.indexOf(`${key}: `) + key.length + 2}: `);
      expect(v.stderr).toContain("the check could never pass");
    }
    // What can pass loads: an exit code matched as text.
    const ok = writeScenario(dir, "name: t\nsteps:\n  - shell: { run: 'exit 1', expect: { exit_code: { matches: '^1$' } } }\n");
    expect((await runCli(["validate", ok], { cwd: dir })).code).toBe(0);
  });

  test("a JSONPath that can match several with length: 0 (never passes: no match is missing) is refused at load, pointing to exists: false", async () => {
    const dir = tempDir();
    for (const kind of ["shell: { run: 'true', expect: { json: ", "http: { url: 'http://127.0.0.1:9/', expect: { json: "]) {
      const step = `${kind}{ "$.items[?(@.level=='error')]": { length: 0 } } } }`;
      const file = writeScenario(dir, `name: t\nsteps:\n  - ${step}\n`);
      const v = await runCli(["validate", file], { cwd: dir });
      expect(v.code).toBe(2);
      expect(v.stderr).toContain(`scenario.yaml:3:${5 + step.indexOf("length: ") + 8}: `);
      expect(v.stderr).toContain("write {exists: false}");
    }
    const ok = writeScenario(dir, `name: t\nsteps:\n  - shell: { run: 'true', expect: { json: { "$.items[?(@.level=='error')]": { exists: false } } } }\n`);
    expect((await runCli(["validate", ok], { cwd: dir })).code).toBe(0);
  });

  test("--dry-run shows the setup steps a --tag selection keeps, as the run does", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: plan-setup
steps:
  - name: Bring up
    setup: true
    shell: { run: "echo up" }
  - name: Check logs
    tags: [logs]
    shell: { run: "echo logs" }
  - name: Late setup
    setup: true
    shell: { run: "echo late" }
`);
    const d = await runCli([file, "--dry-run", "--tag", "logs"], { cwd: dir });
    expect(d.code).toBe(0);
    expect(d.stdout).toContain("1. Bring up  [shell]");
    expect(d.stdout).toContain("2. Check logs  [shell tags=logs]");
    expect(d.stdout).not.toContain("Late setup");
    expect(d.stdout).toContain("(1 step not selected)");
    const r = await runCli([file, "--tag", "logs", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.stdout).toContain("✓ Bring up");
    expect(r.stdout).toContain("Late setup (skipped: not selected)");
  });

  test("--dry-run shows a value an earlier selected step captures as ${NAME}, not the default or vars: value it replaces at run time", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: plan-capture
vars: { W: from-vars }
steps:
  - name: Captures
    tags: [cap]
    shell: { run: "echo v=42 w=43", capture: { V: { regex: 'v=(\\d+)' }, W: { regex: 'w=(\\d+)' } } }
  - name: Uses \${V:-none}
    tags: [use]
    shell: { run: "echo got \${V:-none} \${W}" }
teardown:
  - name: Cleans \${V:-none}
    shell: { run: "echo bye \${V:-none}" }
`);
    const d = await runCli([file, "--dry-run"], { cwd: dir });
    expect(d.code).toBe(0);
    expect(d.stdout).toContain("2. Uses ${V}  [shell tags=use]");
    expect(d.stdout).toContain("$ echo got ${V} ${W}");
    expect(d.stdout).toContain("$ echo bye ${V}");
    expect(d.stdout).not.toContain("none");
    expect(d.stdout).not.toContain("from-vars");
    // The run uses the captures, as the plan said.
    const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ Uses 42");
    // Without the capturing step the default is what runs, and what the plan shows.
    const t = await runCli([file, "--dry-run", "--tag", "use"], { cwd: dir });
    expect(t.stdout).toContain("$ echo got none from-vars");
    expect(t.stdout).toContain("$ echo bye none");
    const l = await runCli(["list", file], { cwd: dir });
    expect(l.stdout).toContain("2. Uses ${V}  [shell tags=use]");
  });

  test("a capture whose step failed is not stood in for by the environment's or vars:' value (a stale token); one left out by --step is", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: stale
vars: { SESSION: from-vars }
steps:
  - name: login
    continue_on_failure: true
    shell: { run: "echo 'TOKEN=fresh SESSION=s1'; exit 1", capture: { TOKEN: { regex: "TOKEN=(\\\\w+)" }, SESSION: { regex: "SESSION=(\\\\w+)" } } }
  - name: use
    shell: { run: 'echo "using \${TOKEN}"' }
  - name: session
    always: true
    shell: { run: 'echo "session \${SESSION}"' }
  - name: "child sees \${SESSION}"
    always: true
    shell: { run: [sh, -c, 'echo "child [$TOKEN] [$SESSION]"'], expect: { stdout: "child [] []" } }
teardown:
  - name: td
    shell: { run: 'echo "td \${TOKEN:-none}"', expect: { stdout: "td none" } }
`);
    const r = await runCli([file], { cwd: dir, env: { TOKEN: "stale_from_env" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('${TOKEN} has no value: step "login", which captures it, has not passed (the value the environment gives is not taken in its place; ${TOKEN:-…} would take a default)');
    expect(r.stdout).toContain('${SESSION} has no value: step "login", which captures it, has not passed (the value vars: gives is not taken in its place; ${SESSION:-…} would take a default)');
    expect(r.stdout).not.toContain("using stale_from_env");
    // Nor in a child's environment ($TOKEN, $SESSION), nor in a step's name: a script reading $TOKEN passed with it.
    expect(r.stdout).toContain("✓ child sees ${SESSION} (");
    expect(r.stdout).not.toContain("from-vars");
    expect(r.stdout).toContain("✓ teardown: td");
    // Left out by the selection, the step made no capture to miss: the environment's value is the user's choice.
    const chosen = await runCli([file, "--step", "use"], { cwd: dir, env: { TOKEN: "stale_from_env" } });
    expect(chosen.stdout).toContain("✓ use (");
    expect(chosen.stdout).not.toContain("has no value");
  });

  test("a step that uses a capture the run never made fails, instead of running with ${NAME} as text or empty", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: no-capture
steps:
  - name: Breaks
    shell: { run: "exit 1" }
  - name: Captures
    shell: { run: "echo '{\\"n\\": \\"5\\"}'", capture: { N: $.n } }
  - name: Always list
    always: true
    shell: { run: [echo, "n=\${N}"], expect: { stdout: { contains: "n=" } } }
  - name: Always default
    always: true
    shell: { run: "echo \${N:-none}", expect: { stdout: none } }
  - name: Always eventually
    always: true
    eventually: 10s
    shell: { run: "echo \${N}" }
teardown:
  - name: Teardown string
    shell: { run: "echo n=\${N}", expect: { stdout: { contains: "n=" } } }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ Always list");
    expect(r.stdout).toContain("✓ Always default");
    expect(r.stdout).toContain("✗ teardown: Teardown string");
    expect(r.stdout).toContain('${N} has no value: step "Captures", which captures it, has not passed');
    // No later attempt could have the value: eventually does not spend its 10 s asking again.
    expect(r.stdout).toMatch(/✗ Always eventually \(\d+ms, 1 attempt\)/);
    expect(r.stdout).toContain("1 passed, 4 failed, 1 skipped");
  });

  test("a run removes the latest copies of formats it did not write: they showed an earlier run as the latest", async () => {
    const dir = tempDir();
    const failing = writeScenario(dir, "name: cof\nsteps:\n  - shell: { run: 'false' }\n", "cof.yaml");
    const passing = writeScenario(dir, "name: ok\nsteps:\n  - shell: { run: 'true' }\n", "ok.yaml");
    const first = await runCli([failing, "--report", "json,junit,html"], { cwd: dir });
    expect(first.code).toBe(1);
    for (const ext of ["md", "json", "xml", "html"]) expect(existsSync(join(dir, "reports", `latest.${ext}`))).toBe(true);
    // Several files write latest-summary.*; a later run of one file leaves no summary of its own.
    const both = await runCli([failing, passing], { cwd: dir });
    expect(both.code).toBe(1);
    expect(existsSync(join(dir, "reports", "latest-summary.xml"))).toBe(true);
    const second = await runCli([passing], { cwd: dir });
    expect(second.code).toBe(0);
    expect(readdirSync(join(dir, "reports")).filter((f) => f.startsWith("latest")).sort()).toEqual(["latest.md"]);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("ok");
    expect(second.stdout).toContain("removed reports/latest-summary.json, reports/latest-summary.md, reports/latest-summary.xml: an earlier run's, which this one did not write\n");
    // A run of several files keeps its own copies, and removes the earlier ones it did not write.
    await runCli([failing, "--report", "junit"], { cwd: dir });
    const many = await runCli([failing, passing], { cwd: dir });
    expect(many.stdout).toContain("removed reports/latest.xml: an earlier run's, which this one did not write\n");
    expect(readdirSync(join(dir, "reports")).filter((f) => f.startsWith("latest")).sort()).toEqual(["latest-summary.json", "latest-summary.md", "latest-summary.xml", "latest.md"]);
  });

  test("a run refused before it starts (exit 2) removes the latest copies an earlier run left: a CI step reading them took the run before for this one", async () => {
    const dir = tempDir();
    const passing = writeScenario(dir, "name: ok\nsteps:\n  - shell: { run: 'true' }\n", "ok.yaml");
    expect((await runCli([passing, "--report", "json"], { cwd: dir })).code).toBe(0);
    const latest = () => readdirSync(join(dir, "reports")).filter((f) => f.startsWith("latest")).sort();
    expect(latest()).toEqual(["latest.json", "latest.md"]);
    // validate, list and --dry-run are not runs: an earlier run's copies stay.
    const broken = writeScenario(dir, "name: ok\nsteps:\n  - shell: { run: 'true', nope: 1 }\n", "broken.yaml");
    for (const args of [["validate", broken], ["list", passing], [broken, "--dry-run"]]) await runCli(args, { cwd: dir });
    expect(latest()).toEqual(["latest.json", "latest.md"]);
    // A command misspelt (`valdate`) is taken for a file that is not there: the command meant may have been validate.
    const typo = await runCli(["valdate", broken], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "scenario validate"?');
    expect(typo.stderr).not.toContain("Removed");
    expect(latest()).toEqual(["latest.json", "latest.md"]);
    const refused = await runCli([broken], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toEndWith("Removed reports/latest.json, reports/latest.md: they showed an earlier run as the latest\n");
    expect(latest()).toEqual([]);
    // The stamped reports of the earlier run stay.
    expect(readdirSync(join(dir, "reports")).some((f) => /^ok-.*\.md$/.test(f))).toBe(true);
    // A refusal after loading (here --strict-vars) does the same.
    expect((await runCli([passing], { cwd: dir })).code).toBe(0);
    const strict = await runCli([passing, "--var", "NOBODY=1", "--strict-vars"], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("Removed reports/latest.md: it showed an earlier run as the latest\n");
    expect(latest()).toEqual([]);
  });

  test("a multi-line step name is shown on one line in list, the console and every report", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: lines
steps:
  - name: "first line\\nsecond line"
    shell: { run: "true" }
`);
    const shown = "first line ↵ second line";
    const l = await runCli(["list", file], { cwd: dir });
    expect(l.stdout).toContain(`1. ${shown}  [shell]`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`✓ ${shown} (`);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain(shown);
    const logs = readdirSync(join(dir, ".context", "terminal"));
    const log = readFileSync(join(dir, ".context", "terminal", logs[0]!), "utf8");
    expect(log).toContain(`step 1 start: ${shown} [shell]`);
    expect(log).not.toContain("\nsecond line");
  });

  test("a multi-line service or tag is shown on one line as step names are (list, --dry-run, the console, its summary, the run log); the value itself is kept", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: lines
steps:
  - name: fails
    service: "svc|a\\nb"
    tags: ["g\\nh"]
    shell: { run: "false" }
thresholds:
  "checks{service:svc|a\\nb}": ["rate==1"]
`);
    const plan = "[shell service=svc|a ↵ b tags=g ↵ h]";
    expect((await runCli(["list", file], { cwd: dir })).stdout).toContain(`1. fails  ${plan}`);
    expect((await runCli([file, "--dry-run"], { cwd: dir })).stdout).toContain(`1. fails  ${plan}`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--report", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ fails [svc|a ↵ b] #g ↵ h (");
    expect(r.stdout).toContain("  █ SERVICE svc|a ↵ b\n");
    expect(r.stdout).toContain("    broken: g ↵ h (svc|a ↵ b)\n");
    // The threshold on the service as written matched the step's checks: its value is not the one shown.
    const key = "checks{service:svc|a\nb}";
    expect(r.stdout).toContain(`${key}\n    ✗ 'rate==1' rate=0.00%`);
    const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
    expect(JSON.stringify(json)).toContain('"service":"svc|a\\nb"');
    const logs = readdirSync(join(dir, ".context", "terminal"));
    const log = readFileSync(join(dir, ".context", "terminal", logs[0]!), "utf8");
    expect(log).toContain("step 1 start: fails [shell, service svc|a ↵ b, tags g ↵ h]\n");
    expect(log).toContain("  █ SERVICE svc|a ↵ b\n");
    // No line starts with the text after a break (but the threshold's key's "b}": its own text, shown as written).
    for (const text of [r.stdout, log]) expect(text).not.toMatch(/\n\s*(b|h)\b(?!\})/);
  });

  test("a failed step's diagnostics line is printed under that step, not under the step before it", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: diag
steps:
  - name: background
    shell: { run: "sleep 30", background: true }
  - name: passes
    shell: { run: "true" }
  - name: fails
    shell: { run: "false" }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const fails = lines.findIndex((l) => l.startsWith("✗ fails"));
    const diag = lines.findIndex((l) => l.includes("diagnostics in the reports:"));
    expect(fails).toBeGreaterThan(lines.findIndex((l) => l.startsWith("✓ passes")));
    expect(diag).toBeGreaterThan(fails);
  });

  test("schema prints the JSON Schema", async () => {
    const r = await runCli(["schema"], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).title).toBe("Scenario");
  });

  test("secrets never reach the console or any report", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: secret
vars: { API_KEY: placeholder }
secrets: [API_KEY]
steps:
  - http:
      url: ${base}/echo-auth
      headers: { Authorization: "Bearer \${API_KEY}" }
      expect:
        body: "nothing like this"
  - shell:
      run: echo "key is \${API_KEY}"
    always: true
`);
    const r = await runCli([file, "--var", "API_KEY=sk-live-9f8e7d6c", "--report", "md,log,junit,json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    const everything = r.stdout + r.stderr + readAll(join(dir, "reports")) + readAll(join(dir, ".context"));
    expect(everything).toContain("***");
    expect(everything).not.toContain("sk-live-9f8e7d6c");
  });

  test("a --var whose name is a misspelt secret's (--var API_KY=…) is masked as that secret, in the command line of every report and in output", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: typo-secret
vars: { API_KEY: placeholder-Key1 }
secrets: [API_KEY, DB_PASSWORD]
steps:
  - shell:
      run: env | grep -i '^api_\\|^db_' | sort
      expect: { stdout: "nothing like this" }
`);
    const r = await runCli([file, "--var", "API_KY=sk-live-9f8e7d6c", "--var", "db_password=Hunter2Hunter2", "--report", "md,log,junit,json,html", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--var API_KY: no ${API_KY} or $API_KY in the scenario or its compose files, only a program a shell step runs could see it, in its environment (did you mean "API_KEY"?)');
    const everything = r.stdout + r.stderr + readAll(join(dir, "reports")) + readAll(join(dir, ".context"));
    expect(everything).toContain("--var API_KY=***");
    expect(everything).not.toContain("sk-live-9f8e7d6c");
    expect(everything).not.toContain("Hunter2Hunter2");
  });

  test("several files run in turn; the exit code is the worst; each gets its reports", async () => {
    const dir = tempDir();
    const ok = writeScenario(dir, "name: first\nsteps:\n  - shell: { run: \"true\" }\n", "first.yaml");
    const bad = writeScenario(dir, "name: second\nsteps:\n  - shell: { run: \"false\" }\n", "second.yaml");
    const r = await runCli([ok, bad, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    const files = readdirSync(join(dir, "reports"));
    expect(files.some((f) => f.startsWith("first-"))).toBe(true);
    expect(files.some((f) => f.startsWith("second-"))).toBe(true);
  });

  test("report paths are printed from the working directory when below it, in full when not", async () => {
    const dir = tempDir();
    const elsewhere = tempDir("scenario-reports-");
    const file = writeScenario(dir, "name: paths\nsteps:\n  - shell: { run: \"true\" }\n");
    const r = await runCli([file, "--report-dir", elsewhere], { cwd: dir });
    expect(r.code).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("reports: "))!;
    expect(line).toContain(`reports: ${join(elsewhere, "paths-")}`);
    expect(line).toContain(`${join(elsewhere, "latest.md")}, .context/terminal/integration_test_`);
    expect(line).not.toContain("../");
  });

  test("--env-file and --var set variables; --var wins", async () => {
    const dir = tempDir();
    const out = join(dir, "out.txt");
    const envFile = join(dir, "test.env");
    await Bun.write(envFile, "# comment\nA=from-file\nexport B='quoted value'\n");
    const file = writeScenario(dir, `name: env
steps:
  - shell: { run: "echo \${A} \${B} > ${out}" }
`);
    const r = await runCli([file, "--env-file", envFile, "--var", "A=from-var", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("from-var quoted value\n");
    const missing = await runCli([file, "--env-file", join(dir, "nope.env")], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read --env-file: no such file");
  });

  test("an --env-file that is not UTF-8 is refused where its first such byte stands (exit 2, nothing run or written); a real U+FFFD is a value", async () => {
    // Saved as Latin-1, `BAD=caf\xe9` was read as "caf\ufffd", which no output holds: `not_contains: "${BAD}"` passed on "café".
    const dir = tempDir();
    const envFile = join(dir, "latin.env");
    writeFileSync(envFile, Buffer.concat([Buffer.from("# the words no output may hold\nBAD=caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    const file = writeScenario(dir, `name: latin env\nsteps:\n  - shell: { run: "echo 'error in café'", expect: { stdout: { not_contains: "\${BAD}" } } }\n`);
    const r = await runCli([file, "--env-file", envFile], { cwd: dir });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr).toBe(`${envFile}:2:8: the file is not UTF-8 text (a byte here is none): save it as UTF-8\n1 error: nothing was run.\n`);
    expect(existsSync(join(dir, "reports"))).toBe(false);
    expect(existsSync(join(dir, ".context"))).toBe(false);
    // `validate` refuses it the same way; a U+FFFD written as UTF-8 is a character like any other.
    expect((await runCli(["validate", file, "--env-file", envFile], { cwd: dir })).code).toBe(2);
    writeFileSync(envFile, "BAD=caf\ufffd\n");
    const ok = await runCli([file, "--env-file", envFile], { cwd: dir });
    expect(ok.code).toBe(0);
  });

  test("--update-doc replaces only the scenario's block; $GITHUB_STEP_SUMMARY gets the report", async () => {
    const dir = tempDir();
    const doc = join(dir, "LOGGING.md");
    const summary = join(dir, "summary.md");
    await Bun.write(doc, "# Logging\n\nKept by hand.\n");
    await Bun.write(summary, "");
    const file = writeScenario(dir, "name: Doc check\nsteps:\n  - shell: { run: \"true\" }\n");
    for (let i = 0; i < 2; i++) {
      const r = await runCli([file, "--update-doc", doc, "--report-dir", join(dir, "reports")], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
      expect(r.code).toBe(0);
    }
    const text = readFileSync(doc, "utf8");
    expect(text.startsWith("# Logging\n\nKept by hand.\n")).toBe(true);
    expect(text.split("<!-- scenario:doc-check:begin -->").length).toBe(2);
    expect(text).toContain("<!-- scenario:doc-check:end -->");
    expect(readFileSync(summary, "utf8").split("Doc check").length).toBeGreaterThan(2);
  });

  test("an --update-doc file it cannot update is refused before anything runs, and so is a report directory that is a file; a report that cannot be written fails after the run, exit 2", async () => {
    const dir = tempDir();
    const doc = join(dir, "LOGGING.md");
    // A begin marker without its end: the block cannot be replaced without guessing where it ends. Found after the run,
    // it cost the whole run (a full stack's) and then said "invalid".
    await Bun.write(doc, "# Logging\n\n<!-- scenario:broken-doc:begin -->\nold\n");
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: Broken doc\nsteps:\n  - shell: { run: "touch ${ran}" }\n`);
    const r = await runCli([file, "--update-doc", doc, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scenario: --update-doc: ${doc}:3: <!-- scenario:broken-doc:begin --> has no matching <!-- scenario:broken-doc:end -->; fix the document before updating it\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
    expect(readFileSync(doc, "utf8")).toBe("# Logging\n\n<!-- scenario:broken-doc:begin -->\nold\n");
    // A report directory that is a file: nothing of the reports could be written, so nothing runs (it ran, then failed).
    const blocked = join(dir, "blocked");
    await Bun.write(blocked, "a file");
    const r2 = await runCli([file, "--report-dir", blocked], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe(`scenario: --report-dir ${blocked}: ${blocked} is a file, not a folder\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    // A report that cannot be written once the run is done (latest.md is a folder): the run says so by its code.
    const reports = join(dir, "reports");
    mkdirSync(join(reports, "latest.md"), { recursive: true });
    const r3 = await runCli([file, "--report-dir", reports], { cwd: dir });
    expect(r3.code).toBe(2);
    expect(existsSync(ran)).toBe(true);
    // The stamped report was written and is listed; the words name the file that was not.
    expect(r3.stderr).toContain("scenario: latest.md could not be written: EISDIR");
    const stamped = readdirSync(reports).filter((f) => f.endsWith(".md") && f !== "latest.md");
    expect(stamped).toHaveLength(1);
    expect(r3.stdout + r3.stderr).toContain(stamped[0]!);
  });

  test("--update-doc with two files of one scenario name: refused before anything runs (one block, each run over the last)", async () => {
    const dir = tempDir();
    const a = writeScenario(dir, "name: Mix one\nsteps:\n  - shell: { run: \"exit 1\" }\n", "a.yaml");
    const c = writeScenario(dir, "name: Mix one\nsteps:\n  - shell: { run: \"true\" }\n", "c.yaml");
    const r = await runCli([a, c, "--update-doc", join(dir, "doc.md")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("scenario: --update-doc: a.yaml, c.yaml would write one block (<!-- scenario:mix-one:begin -->), each over the last: give the scenarios different names\nnothing was run.\n");
    expect(existsSync(join(dir, "doc.md"))).toBe(false);
    // Without --update-doc the two run, each with its own reports.
    expect((await runCli([a, c, "--report-dir", join(dir, "reports")], { cwd: dir })).code).toBe(1);
  });

  test("--update-doc with --step, --tag or --skip-tag is refused: exit 2, nothing run, the document untouched", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: partial\nsteps:\n  - { name: one, tags: [t], shell: { run: "touch ${ran}" } }\n  - { name: two, shell: { run: "true" } }\n`);
    const doc = join(dir, "LOGGING.md");
    writeFileSync(doc, "# Logging\n");
    for (const flags of [["--step", "one"], ["--tag", "t"], ["--skip-tag", "t"]]) {
      const r = await runCli([file, ...flags, "--update-doc", doc], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--update-doc records a whole run, and --step, --tag or --skip-tag run part of it");
    }
    expect(existsSync(ran)).toBe(false);
    expect(readFileSync(doc, "utf8")).toBe("# Logging\n");
  });

  test("--step and --skip-tag select steps; unselected ones are reported as skipped", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: select
steps:
  - { name: one, tags: [slow], shell: { run: "true" } }
  - { name: two, shell: { run: "true" } }
  - { name: three, shell: { run: "true" } }
`);
    const r = await runCli([file, "--skip-tag", "slow", "--step", "two", "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- one #slow (skipped: not selected)");
    expect(r.stdout).toContain("✓ two");
    expect(r.stdout).toContain("- three (skipped: not selected)");
  });

  test("--step takes a step's name as the console shows it (variables filled in) as well as written; a name an earlier capture changes only as written", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: select-shown
vars: { API_PORT: "8080" }
steps:
  - { name: "port \${API_PORT}", shell: { run: "true" } }
  - { name: "default \${MISSING:-x}", shell: { run: "true" } }
  - name: take
    shell: { run: "echo 7", capture: { N: { regex: "[0-9]+" } } }
  - { name: "item \${N}", shell: { run: "true" } }
`);
    const shown = await runCli([file, "--step", "port 8080", "--step", "default x"], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("✓ port 8080");
    expect(shown.stdout).toContain("✓ default x");
    expect(shown.stdout).toContain("- take (skipped: not selected)");
    const written = await runCli([file, "--step", "port ${API_PORT}"], { cwd: dir });
    expect(written.code).toBe(0);
    expect(written.stdout).toContain("✓ port 8080");
    // "item 7" is known only once the step before it ran: not a name --step can give before the run.
    const captured = await runCli([file, "--step", "item 7"], { cwd: dir });
    expect(captured.code).toBe(2);
    expect(captured.stderr).toContain(`--step "item 7" names no step of scenario.yaml; its steps: "port 8080", "default x", "take", "item \${N}"`);
  });

  test("a scenario whose steps only sleep is refused at its first step's file:line:col, exit 2, as the loader refuses bad input", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, "name: z\n\nsteps:\n    - sleep: 1ms\n    - { name: nap, sleep: 1ms }\n", "z2.yaml");
    for (const args of [[file], ["validate", file], [file, "--dry-run"]]) {
      const r = await runCli(args, { cwd: dir });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: "scenario: z2.yaml:4:7: the steps only sleep: nothing would be checked\nnothing was run.\n" });
    }
    // A selection that runs only sleeps is the command line's doing: said of the selection, without a position.
    const selected = await runCli([file, "--step", "nap"], { cwd: dir });
    expect(selected.code).toBe(2);
    expect(selected.stderr).toContain("scenario: the steps of z2.yaml that the selection runs only sleep: nothing would be checked\n");
  });

  test("a --step that names no step lists the steps with every secret masked, its did-you-mean too", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: select-secret
secrets: [PW]
steps:
  - { id: login, name: "login as \${PW}", shell: { run: "true" } }
  - { name: "second \${PW}", shell: { run: "true" } }
`);
    for (const step of ["logn", "login as Zq8pass-wor", "second Zq8pass-wor"]) {
      const r = await runCli([file, "--step", step], { cwd: dir, env: { PW: "Zq8pass-word" } });
      expect(r.code).toBe(2);
      // Zq8pass, a part of the secret a parser could quote alone, is masked wherever it stands as a word (format.md).
      expect(r.stderr).toContain(`--step "${step.replace("Zq8pass", "***")}" names no step of scenario.yaml`);
      expect(r.stderr).toContain(`login ("login as ***")`);
      expect(r.stderr).not.toContain("Zq8pass");
    }
  });

  test("a selection that matches nothing, or leaves out a capture it needs, is a command-line error: exit 2, nothing run or written", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: select-errors
steps:
  - id: first
    shell:
      run: "touch ${ran}; echo 42"
      capture: { FIRST_ID: { regex: "[0-9]+" } }
  - id: item
    tags: [api]
    http: { url: "${base}/items/\${FIRST_ID}" }
`);
    const reports = join(dir, "reports");
    const cases: [string[], string][] = [
      [["--step", "nope"], `scenario: --step "nope" names no step of scenario.yaml; its steps: first ("$ touch`],
      [["--tag", "apo"], `scenario: --tag "apo" matches no step of scenario.yaml (did you mean "api"?); its tags: api`],
      [["--step", "item"], `scenario: step "item" uses \${FIRST_ID}, which step "first" captures, but this run leaves that step out (--step does not name it): add --step first`],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli([file, ...flags, "--report-dir", reports], { cwd: dir });
      expect({ code: r.code, stderr: r.stderr.split("\n")[0]!.slice(0, message.length) }).toEqual({ code: 2, stderr: message });
      expect(r.stderr).toContain("nothing was run.");
    }
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(reports)).toBe(false);
  });

  test("a selection leaving out a capture a shell step reads as $NAME, or a step --step names, is refused: exit 2, nothing run", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: sel3
steps:
  - name: get state
    tags: [cap]
    shell: { run: "touch ${ran}; echo error", capture: { STATE: stdout } }
  - name: use state
    tags: [use]
    shell: { run: '[ "$STATE" != "error" ]' }
  - { id: other, shell: { run: "touch ${ran}" } }
teardown:
  - name: td
    shell: { run: '[ "$STATE" != "error" ]' }
`);
    const cases: [string[], string][] = [
      [["--tag", "use"], `scenario: step "use state" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out (it has none of the tags use): add --tag cap`],
      [["--skip-tag", "cap"], `scenario: step "use state" reads $STATE in its run:, which step "get state" captures, but this run leaves that step out (--skip-tag cap skips it): drop --skip-tag cap`],
      [["--step", "other", "--step", "use state", "--tag", "use"], `scenario: --tag "use" leaves out the step that --step "other" names in scenario.yaml`],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli([file, ...flags], { cwd: dir });
      expect({ code: r.code, stderr: r.stderr.split("\n")[0]!.slice(0, message.length) }).toEqual({ code: 2, stderr: message });
      expect(r.stderr).toContain("nothing was run.");
    }
    expect(existsSync(ran)).toBe(false);
  });

  test("a --var the scenario never reads warns once on stderr and in the report header; the run goes on", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: typo
vars: { STACK: local }
steps:
  - shell: { run: "echo \${STACK}" }
`);
    const r = await runCli([file, "--var", "STAK=prod", "--var", "STACK=ci", "--report", "md,json", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    const warning = 'warning: scenario.yaml: --var STAK: no ${STAK} or $STAK in the scenario or its compose files, only a program a shell step runs could see it, in its environment (did you mean "STACK"?)';
    expect(r.stderr.split("\n").filter((l) => l.includes("--var"))).toEqual([warning]);
    const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { info: Record<string, string> };
    expect(Object.keys(json.info).filter((k) => k.includes("--var"))).toEqual(["warning: --var STAK"]);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("warning: --var STAK");
  });

  test("the trial's case: full-stack.yaml --var STAK=local warns (its compose paths are built from ${STACK}); the real names do not", async () => {
    const typo = await runCli(["validate", "scenarios/full-stack.yaml", "--var", "STAK=local"], { cwd: REPO });
    expect(typo.stderr).toContain('warning: scenarios/full-stack.yaml: --var STAK: no ${STAK} or $STAK in the scenario or its compose files, only a program a shell step runs could see it, in its environment (did you mean "STACK"?)');
    const real = await runCli(["validate", "scenarios/full-stack.yaml", "--var", "STACK=local", "--var", "FAULT=mlflow-down", "--var", "LOKI_PORT=13100"], { cwd: REPO });
    expect(real.stderr).not.toContain("--var");
  });

  test("--strict-vars: a --var the scenario never reads is an error, nothing runs; a name it reads runs", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: strict
vars: { STACK: local }
steps:
  - shell: { run: "touch ${ran}; echo \${STACK}" }
`);
    const reports = join(dir, "reports");
    const bad = await runCli([file, "--strict-vars", "--var", "STAK=prod", "--report-dir", reports], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'scenario: scenario.yaml: --var STAK: no ${STAK} or $STAK in the scenario or its compose files, only a program a shell step runs could see it, in its environment (did you mean "STACK"?)\n--strict-vars: nothing was run.\n',
    );
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(reports)).toBe(false);
    const good = await runCli([file, "--strict-vars", "--var", "STACK=prod", "--report-dir", reports], { cwd: dir });
    expect(good.code).toBe(0);
    expect(existsSync(ran)).toBe(true);
  });

  test("SIGINT: the running step stops, teardown runs, background processes are gone, exit 130", async () => {
    const dir = tempDir();
    const pidFile = join(dir, "bg.pid");
    const started = join(dir, "long-started");
    const tornDown = join(dir, "teardown-ran");
    const file = writeScenario(dir, `name: interrupt
steps:
  - name: Background worker
    shell:
      run: "echo $$ > ${pidFile}; exec sleep 300"
      background: true
  - name: Long step
    shell:
      run: "touch ${started}; sleep 300"
    timeout: 10m
  - name: Never reached
    shell: { run: "true" }
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    const doc = join(dir, "LOGGING.md");
    writeFileSync(doc, "# Logging\n");
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports"), "--update-doc", doc], { cwd: dir });
    await waitFor(() => existsSync(started) && existsSync(pidFile), "the long step to start");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(existsSync(tornDown)).toBe(true);
    // The document keeps what it had (the last finished run's block), and says so.
    expect(readFileSync(doc, "utf8")).toBe("# Logging\n");
    expect(r.stderr).toContain(`--update-doc ${doc}: left as it was: the run was interrupted`);
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    await waitFor(() => !alive(pid), "the background process to be gone", 5000);
    const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
    expect(md.toLowerCase()).toContain("interrupted");
  });

  test("a SIGINT and its forwarded copy (what bun run and npx add to a terminal's Ctrl-C) are one interrupt", async () => {
    const dir = tempDir();
    const started = join(dir, "long-started");
    const tornDown = join(dir, "teardown-ran");
    const file = writeScenario(dir, `name: one-keypress
steps:
  - shell: { run: "touch ${started}; sleep 300" }
    timeout: 10m
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    // A window long enough that the copy surely falls in it on a loaded machine; the default is SAME_INTERRUPT_MS.
    const { proc, done, stderrSoFar } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir, env: { SCENARIO_INTERRUPT_WINDOW_MS: "600000" } });
    await waitFor(() => existsSync(started), "the long step to start");
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: stopping"), "the first SIGINT to be handled");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.stderr).not.toContain("killed every child process");
    expect(r.code).toBe(130);
    expect(existsSync(tornDown)).toBe(true);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8").toLowerCase()).toContain("interrupted");
  });

  test("a SIGINT during teardown says teardown continues; it finishes, exit 130, report interrupted", async () => {
    const dir = tempDir();
    const tdStarted = join(dir, "td-started");
    const go = join(dir, "go");
    const tdDone = join(dir, "td-done");
    const file = writeScenario(dir, `name: interrupt-in-teardown
steps:
  - shell: { run: "true" }
teardown:
  - shell: { run: "touch ${tdStarted}; while [ ! -f ${go} ]; do sleep 0.05; done; touch ${tdDone}" }
    timeout: 10m
`);
    const { proc, done, stderrSoFar } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    await waitFor(() => existsSync(tdStarted), "the teardown step to start");
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the SIGINT to be handled");
    writeFileSync(go, "");
    const r = await done;
    expect(r.stderr).toContain("SIGINT: teardown is running and continues, then cleanup and reports (press Ctrl-C again to kill it and exit without reports)");
    expect(r.stderr).not.toContain("stopping the running step");
    expect(r.code).toBe(130);
    expect(existsSync(tdDone)).toBe(true);
    // Every step passed, and the interrupt stopped none: the Markdown report says so under Problems found, where it said "None.".
    const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
    expect(md).toContain("### Problems found\n\n- the run was interrupted (Ctrl-C or SIGTERM) after its steps had run (during teardown or the cleanup)");
    expect(md).not.toContain("None.");
  });

  test("SIGTERM is an interrupt like SIGINT: exit 130, teardown ran, report written", async () => {
    const dir = tempDir();
    const started = join(dir, "long-started");
    const tornDown = join(dir, "teardown-ran");
    const file = writeScenario(dir, `name: sigterm
steps:
  - shell: { run: "touch ${started}; sleep 300" }
    timeout: 10m
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    await waitFor(() => existsSync(started), "the long step to start");
    proc.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(130);
    // Said for the signal received (no Ctrl-C was pressed), and from the first line of stderr (no terminal echoed a ^C).
    expect(r.stderr).toStartWith("SIGTERM: stopping the running step, then teardown, cleanup and reports (send SIGTERM again to kill everything now)\n");
    expect(existsSync(tornDown)).toBe(true);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8").toLowerCase()).toContain("interrupted");
  });

  test("a SIGINT that arrives while the scenario is still loading starts no step: every step is skipped, teardown runs, exit 130", async () => {
    const dir = tempDir();
    const ran = join(dir, "first-ran");
    const tornDown = join(dir, "teardown-ran");
    const content = join(dir, "content.yaml");
    writeFileSync(content, `name: interrupt-while-loading
steps:
  - name: First
    shell: { run: "touch ${ran}" }
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    // The scenario is a FIFO: the tool blocks reading it (loading) until the writer, which signals it first, writes it.
    const fifo = join(dir, "scenario.yaml");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    const { proc, done, stderrSoFar } = startCli([fifo, "--report-dir", join(dir, "reports"), "--report", "json"], { cwd: dir });
    // Opening the FIFO for writing returns once the tool has opened it to read; then the signal comes, then the text
    // (again for each later read of the file, until the test ends the writer). After each text the writer waits until
    // the tool has closed the FIFO: a writer opening it again before the tool read the end would hand it the text twice.
    const closed = 'while readlink /proc/"$2"/fd/* 2>/dev/null | grep -qxF "$1"; do sleep 0.005; done';
    const writer = Bun.spawn(["bash", "-c", `exec 3>"$1"; kill -INT "$2"; cat "$3" >&3; exec 3>&-; ${closed}; while cat "$3" > "$1"; do ${closed}; done`, "writer", fifo, String(proc.pid), content], { stdio: ["ignore", "ignore", "inherit"], detached: true });
    try {
      const r = await done;
      expect(r.stderr).toContain("SIGINT: no step has started: the steps will be skipped; teardown, cleanup and reports still run");
      expect(stderrSoFar()).not.toContain("stopping the running step");
      expect(r.code).toBe(130);
      expect(existsSync(ran)).toBe(false);
      expect(existsSync(tornDown)).toBe(true);
      const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
      expect(json.steps.map((s: { status: string }) => s.status)).toEqual(["skipped", "passed"]);
    } finally {
      // Its own process group: the shell and the copy of it that waits to open the FIFO.
      process.kill(-writer.pid, "SIGKILL");
    }
  });

  test("SIGHUP (the terminal closed) is an interrupt like SIGINT: the shell step's process group ends, teardown runs, reports written, exit 130", async () => {
    const dir = tempDir();
    const pidFile = join(dir, "long.pid");
    const tornDown = join(dir, "teardown-ran");
    const file = writeScenario(dir, `name: sighup
steps:
  - shell: { run: "echo $$ > ${pidFile}; sleep 300 & sleep 301" }
    timeout: 10m
  - shell: { run: "true" }
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    const { proc, done } = startCli([file, "--report-dir", join(dir, "reports"), "--report", "json"], { cwd: dir });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"), "the long step to start");
    const group = Number(readFileSync(pidFile, "utf8").trim());
    proc.kill("SIGHUP");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toStartWith("SIGHUP: stopping the running step, skipping the 1 step after it, then teardown, cleanup and reports (send SIGHUP again to kill everything now)\n");
    expect(existsSync(tornDown)).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
    expect(json.steps.map((s: { status: string }) => s.status)).toEqual(["interrupted", "skipped", "passed"]);
    await waitFor(() => !alive(group), "the step's process group to be gone", 5000);
  });

  test("a SIGHUP the tool was started ignoring (nohup, trap '' HUP) stays ignored: the run goes on to the end", async () => {
    const dir = tempDir();
    const after = join(dir, "second-step-ran");
    const file = writeScenario(dir, `name: nohup
steps:
  - shell: { run: "kill -HUP $PPID" }
  - shell: { run: "touch ${after}" }
`);
    // The shell's own step: bash's parent is the tool; sh leaves SIGHUP ignored across exec, as nohup does.
    const proc = Bun.spawn(["sh", "-c", `trap '' HUP; exec "$0" "$@"`, process.execPath, BIN, file, "--report-dir", join(dir, "reports")], {
      cwd: dir, env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" }, stdout: "pipe", stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("2 passed");
    expect(existsSync(after)).toBe(true);
  });

  test("a SIGHUP sent to npx's PID alone is not passed on (npm forwards SIGINT and SIGTERM only): npx exits 129, the tool runs on to the end, teardown and reports included", async () => {
    const dir = tempDir();
    const toolPid = join(dir, "tool.pid");
    const go = join(dir, "go");
    const tornDown = join(dir, "teardown-ran");
    const file = writeScenario(dir, `name: npx-hup
steps:
  - shell: { run: "echo $PPID > ${toolPid}; while [ ! -e ${go} ]; do sleep 0.05; done" }
    timeout: 10m
  - shell: { run: "true" }
teardown:
  - shell: { run: "touch ${tornDown}" }
`);
    const proc = Bun.spawn(["npx", "scenario", file, "--report-dir", join(dir, "reports"), "--report", "json"], {
      cwd: REPO, env: { ...process.env, PATH: ENTRY_PATH, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" }, stdout: "ignore", stderr: "ignore",
    });
    try {
      await waitFor(() => existsSync(toolPid) && readFileSync(toolPid, "utf8").endsWith("\n"), "the first step to start");
      const tool = Number(readFileSync(toolPid, "utf8").trim());
      expect(tool).not.toBe(proc.pid);
      proc.kill("SIGHUP");
      expect(await proc.exited).toBe(129);
      expect(alive(tool)).toBe(true);
      writeFileSync(go, "");
      await waitFor(() => !alive(tool), "the tool to end its run", 60_000);
      const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
      expect(json.status).toBe("passed");
      expect(json.steps.map((s: { status: string }) => s.status)).toEqual(["passed", "passed", "passed"]);
      expect(existsSync(tornDown)).toBe(true);
    } finally {
      writeFileSync(go, "");
    }
  }, 120_000);

  test("a later second SIGINT during teardown kills every child process, exits 130 at once and says what it killed", async () => {
    const dir = tempDir();
    const bgPid = join(dir, "bg.pid");
    const tdPid = join(dir, "td.pid");
    const started = join(dir, "long-started");
    const file = writeScenario(dir, `name: interrupt-twice
steps:
  - shell:
      run: "echo $$ > ${bgPid}; exec sleep 300"
      background: true
  - shell:
      run: "touch ${started}; sleep 300"
    timeout: 10m
teardown:
  - shell:
      run: "echo $$ > ${tdPid}; exec sleep 300"
    timeout: 10m
`);
    // An earlier run's copies of its reports: left in place, they would show its pass as the latest verdict.
    mkdirSync(join(dir, "reports"));
    const earlier = new Date(Date.now() - 3_600_000);
    for (const name of ["latest.md", "latest.json", "latest.xml", "interrupt-twice-20261204T100000Z.md"]) {
      writeFileSync(join(dir, "reports", name), "passed\n");
      utimesSync(join(dir, "reports", name), earlier, earlier);
    }
    const { proc, done, stderrSoFar } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    await waitFor(() => existsSync(started) && existsSync(bgPid), "the long step to start");
    proc.kill("SIGINT");
    // The CLI opens the window when it handles the signal, which a loaded machine can delay: count from its message.
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the first SIGINT to be handled");
    const handledAt = performance.now();
    await waitFor(() => existsSync(tdPid), "the teardown step to start");
    // A person presses again later: after the window in which copies of the first Ctrl-C count as that one.
    await waitFor(() => performance.now() - handledAt > SAME_INTERRUPT_MS, "the first Ctrl-C's window to pass");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("killed every child process");
    const bg = Number(readFileSync(bgPid, "utf8").trim());
    expect(r.stderr).toContain(`background process group ${bg} (`);
    expect(r.stderr).toContain(`kill -9 -- -${bg}`);
    // No report is written, and the earlier run's latest copies are gone: only its own stamped report is left.
    expect(r.stderr).toContain("Removed reports/latest.json, reports/latest.md, reports/latest.xml: they showed an earlier run as the latest\n");
    expect(readdirSync(join(dir, "reports"))).toEqual(["interrupt-twice-20261204T100000Z.md"]);
    // The run log is written on exit: everything up to the teardown step that was killed.
    const logs = readdirSync(join(dir, ".context", "terminal"));
    expect(logs).toHaveLength(1);
    const log = readFileSync(join(dir, ".context", "terminal", logs[0]!), "utf8");
    expect(log).toContain("step 2 attempt 1 start\n");
    expect(log).toContain("teardown step 1 attempt 1 start\n");
    // It says what happened: both interrupts, and a last record with the state of each step that did not end.
    expect(log).toMatch(/Z SIGINT: the run is interrupted\n[^]*step 2 end: interrupted/);
    expect(log).toMatch(/Z SIGINT again: killed every child process; teardown and reports abandoned\n\S+Z run end: killed by a second SIGINT, 1 passed, 1 interrupted, teardown abandoned\n {4}cut short: teardown step 1 \(\$ echo \$\$ > \S+ exec sleep 300\) during attempt 1\n {4}left behind: /);
    // And what is left behind, as the console lists it: a closed terminal loses the console, not the log.
    expect(log.slice(log.indexOf("    left behind: "))).toBe(`    left behind: ${r.stderr.split("\n").find((l) => l.includes(`background process group ${bg} (`))!.trim()}\n`);
    for (const pidFile of [bgPid, tdPid]) {
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      await waitFor(() => !alive(pid), `process ${pid} to be gone`, 5000);
    }
  });

  test("a second SIGINT still masks in the run log a secret captured after a step showed it", async () => {
    const dir = tempDir();
    const started = join(dir, "long-started");
    const tdStarted = join(dir, "td-started");
    const file = writeScenario(dir, `name: interrupt-twice-secret
secrets: [TOKEN]
steps:
  - name: show
    shell:
      run: "echo '{\\"token\\":\\"zq9Xk2LmP4secret\\"}'"
  - name: login
    shell:
      run: "echo '{\\"token\\":\\"zq9Xk2LmP4secret\\"}'"
      capture: {TOKEN: $.token}
  - shell:
      run: "touch ${started}; sleep 300"
    timeout: 10m
teardown:
  - shell:
      run: "touch ${tdStarted}; exec sleep 300"
    timeout: 10m
`);
    const { proc, done, stderrSoFar } = startCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    await waitFor(() => existsSync(started), "the long step to start");
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the first SIGINT to be handled");
    const handledAt = performance.now();
    await waitFor(() => existsSync(tdStarted), "the teardown step to start");
    await waitFor(() => performance.now() - handledAt > SAME_INTERRUPT_MS, "the first Ctrl-C's window to pass");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    const logs = readdirSync(join(dir, ".context", "terminal"));
    expect(logs).toHaveLength(1);
    const log = readFileSync(join(dir, ".context", "terminal", logs[0]!), "utf8");
    expect(log).toContain("run end: killed by a second SIGINT");
    // The step before the capture showed the value, and so did the capturing step's output.
    expect(log).toContain('{"token":"***"}');
    expect(log).not.toContain("zq9Xk2LmP4secret");
    expect(r.stderr + r.stdout).not.toContain("zq9Xk2LmP4secret");
  });
});
