// End-to-end: one lookup order for a variable, whether the scenario reads it as ${NAME} or a child process as $NAME.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

describe("variable precedence", () => {
  // [sources, what both ${FOO} and $FOO must be]
  const table: [string, { env?: string; vars?: string; envFile?: string; cli?: string }, string][] = [
    ["the environment beats vars:", { env: "from-env", vars: "from-vars" }, "from-env"],
    ["--env-file beats the environment", { env: "from-env", vars: "from-vars", envFile: "from-file" }, "from-file"],
    ["--var beats everything before a capture", { env: "from-env", vars: "from-vars", envFile: "from-file", cli: "from-cli" }, "from-cli"],
    ["vars: alone", { vars: "from-vars" }, "from-vars"],
  ];
  for (const [title, src, want] of table) {
    test(title, async () => {
      const dir = tempDir();
      const file = writeScenario(dir, `name: precedence
${src.vars ? `vars: { FOO: ${src.vars} }` : ""}
steps:
  - shell:
      run: 'printf "%s|%s" "\${FOO}" "$FOO"'
      expect: { stdout: "${want}|${want}" }
  - name: a capture beats every other source, on both sides too
    shell: { run: echo captured, capture: { FOO: stdout } }
  - shell:
      run: 'printf "%s|%s" "\${FOO}" "$FOO"'
      expect: { stdout: "captured|captured" }
`);
      const args = [file, "--report", "md", "--report-dir", join(dir, "reports")];
      if (src.envFile) {
        writeFileSync(join(dir, "vars.env"), `FOO=${src.envFile}\n`);
        args.push("--env-file", join(dir, "vars.env"));
      }
      if (src.cli) args.push("--var", `FOO=${src.cli}`);
      const r = await runCli(args, { cwd: dir, env: src.env ? { FOO: src.env } : {} });
      expect(`${r.stdout}${r.stderr}`).not.toContain("✗");
      expect(r.code).toBe(0);
    });
  }
});

describe("a captured value in a field that must be a duration", () => {
  const scenario = (said: string) => `name: captured duration
steps:
  - shell: { run: echo ${said}, capture: { WAIT: stdout } }
  - sleep: \${WAIT}
  - shell: { run: "true" }
`;

  test("is used once captured", async () => {
    const dir = tempDir();
    const r = await runCli([writeScenario(dir, scenario("5ms")), "--report-dir", join(dir, "reports")], { cwd: dir });
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: expect.stringContaining("✓ sleep 5ms") });
  });

  test("that is not one fails its step with the reason, and the steps after it are skipped", async () => {
    const dir = tempDir();
    const r = await runCli([writeScenario(dir, scenario("soon")), "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ sleep soon");
    expect(r.stdout).toContain('error: invalid input after interpolating variables: sleep: invalid duration "soon"');
    expect(r.stdout).toContain("(skipped: an earlier step failed)");
  });
});

test("RUN_LOG_DIR is where this run's log is written: .context/terminal under the directory the command runs in, wherever the scenario is", async () => {
  const dir = tempDir();
  const elsewhere = join(dir, "elsewhere");
  mkdirSync(elsewhere);
  const file = writeScenario(dir, `name: run log
steps:
  - name: the run log is being written
    files:
      root: \${RUN_LOG_DIR}
      glob: integration_test_\${START_EPOCH}.log
      expect: { count: 1, contains: "run start: run log" }
  - shell:
      run: 'printf "%s" "$RUN_LOG_DIR"'
      expect: { stdout: "${join(elsewhere, ".context", "terminal")}" }
`);
  const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: elsewhere });
  expect(`${r.stdout}${r.stderr}`).not.toContain("✗");
  expect(r.code).toBe(0);
  expect(existsSync(join(dir, ".context"))).toBe(false);
});

test("with several files at once (--jobs 2), each run finds its own log under RUN_LOG_DIR by its run id", async () => {
  const dir = tempDir();
  const files = ["one", "two"].map((name) =>
    writeScenario(dir, `name: ${name}
steps:
  - name: this run's log is being written
    files:
      root: \${RUN_LOG_DIR}
      glob: integration_test_\${START_EPOCH}*.log
      expect: { count: { gte: 1 }, fresh: true, contains: ["run start: ${name} (", "run \${RUN_ID}, "] }
`, `${name}.yaml`),
  );
  const r = await runCli([...files, "--jobs", "2", "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(`${r.stdout}${r.stderr}`).not.toContain("✗");
  expect(r.code).toBe(0);
});

test("a captured value holding a NUL byte is not captured, saying why; the shell and background steps after it run (every variable is exported to them)", async () => {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response('{"v":"a\\u0000b"}', { headers: { "content-type": "application/json" } }) });
  try {
    const dir = tempDir();
    const file = writeScenario(dir, `name: nul capture
steps:
  - name: capture
    continue_on_failure: true
    http: { url: "http://127.0.0.1:${server.port}/", capture: { V: $.v } }
  - shell: { run: printf shell-ran, expect: { stdout: shell-ran } }
  - shell: { run: [printf, ran-as-argv], expect: { stdout: ran-as-argv } }
  - shell: { run: "echo bg-ran; exec sleep 30", background: true }
  - name: the background process printed
    shell: { run: "true" }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    // Before, every later shell step failed: "cannot run bash: The property 'options.env['V']' must be a string without null bytes".
    expect(r.stdout).toContain(`capture V: expected $.v in the response body, without a NUL byte, actual "a NUL byte at character 2 of 3, which no command's environment or argument can carry`);
    expect(`${r.stdout}${r.stderr}`).not.toContain("null bytes");
    expect(r.stdout).toContain("1 failed");
    expect(r.stdout).toContain("4 passed");
    expect(r.code).toBe(1);
  } finally {
    server.stop(true);
  }
});

describe("a variable empty in a text check (captured so, or known so before the run)", () => {
  const scenario = (said: string) => `name: empty capture
steps:
  - name: get id
    shell: { run: "echo 'id=${said}'", capture: { X: { regex: "id=(\\\\d*)" } } }
  - name: check id
    eventually: { timeout: 1m, interval: 10ms }
    shell:
      run: echo id=42
      expect: { stdout: { contains: "id=\${X}" } }
  - name: the same value stays fine where it is compared whole
    always: true
    shell:
      run: echo
      expect: { stdout: "\${X}" }
`;

  test("fails the step at once, naming the variable, the step that captured it and what the check became; equality still holds", async () => {
    const dir = tempDir();
    const r = await runCli([writeScenario(dir, scenario("")), "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ check id");
    expect(r.stdout).toContain("1 attempt)");
    expect(r.stdout).toContain('error: ${X} is empty (captured by step "get id"): contains "id=" would match more than meant');
    expect(r.stdout).toContain("✓ the same value stays fine where it is compared whole");
  });

  test("a value known before the run, empty, is refused at load where it is referred to (exit 2, nothing run); ${X:-} allows it; a capture of the name wins", async () => {
    const dir = tempDir();
    const marker = join(dir, "ran");
    const file = writeScenario(dir, `name: empty known
steps:
  - shell: { run: "touch ${marker}" }
  - shell:
      run: echo id=42
      expect: { stdout: { matches: "id=\${X}$", not_contains: "x\${X}", contains: "id=\${X:-}" } }
`);
    const r = await runCli([file, "--var", "X=", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenario.yaml:6:40: ${X} is empty (from --var): matches /id=$/ would match more than meant');
    expect(r.stderr).toContain("1 error: nothing was run.");
    expect(existsSync(marker)).toBe(false);
    const env = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir, env: { X: "" } });
    expect(env.stderr).toContain("${X} is empty (from the environment)");
    const captured = writeScenario(dir, `name: captured over it
steps:
  - shell: { run: echo 4, capture: { X: stdout } }
  - shell:
      run: echo id=42
      expect: { stdout: { contains: "id=\${X}" } }
`, "captured.yaml");
    const c = await runCli([captured, "--var", "X=", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect({ code: c.code, stderr: c.stderr }).toEqual({ code: 0, stderr: "" });
  });

  test("a LogQL query: an empty `or` alternative of a line filter fails the step; an empty label value (`svc=\"\"` also selects lines without svc) is refused at load", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "app.log"), '{"svc":"api","msg":"GET /a"}\n{"msg":"boot"}\n');
    const query = (q: string) => `name: empty in a query
steps:
  - name: get word
    shell: { run: "echo", capture: { W: stdout } }
  - name: count lines
    logql:
      files: { "logs/*.log": { app: demo } }
      query: '${q}'
      expect: { lines: { eq: 1 } }
`;
    const run = await runCli([writeScenario(dir, query('{app="demo"} |= "GET" or "\${W}"')), "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error: ${W} is empty (captured by step "get word"): the line filter |= "GET" or "" would match more than meant');
    const known = writeScenario(dir, query('{app="demo"} | json | svc="\${SVC}"'), "known.yaml");
    const load = await runCli([known, "--var", "SVC=", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(load.code).toBe(2);
    expect(load.stderr).toContain('known.yaml:8:42: ${SVC} is empty (from --var): the label matcher svc="" would match more than meant');
    const given = await runCli([known, "--var", "SVC=api", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(given.code).toBe(0);
  });

  test("a {regex} capture's pattern shortened by an empty value: refused at load when known, the step fails when captured so", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: capture pattern
steps:
  - name: get prefix
    shell: { run: "echo", capture: { P: stdout } }
  - name: get the order's id
    shell:
      run: "echo 'user=7 order=42'"
      capture: { ID: { regex: "\${P}(\\\\d+)" } }
  - shell: { run: "echo \${ID}" }
`);
    const captured = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(captured.code).toBe(1);
    expect(captured.stdout).toContain(`error: \${P} is empty (captured by step "get prefix"): the capture ID's regex /(\\d+)/ would match more than meant`);
    const known = writeScenario(dir, `name: capture pattern
steps:
  - shell:
      run: "echo 'user=7 order=42'"
      capture: { ID: { regex: "\${P}(\\\\d+)" } }
  - shell: { run: "echo \${ID}" }
`, "known.yaml");
    const load = await runCli([known, "--var", "P=", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(load.code).toBe(2);
    expect(load.stderr).toContain(`known.yaml:5:32: \${P} is empty (from --var): the capture ID's regex /(\\d+)/ would match more than meant`);
    const given = await runCli([known, "--var", "P=order=", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(given.code).toBe(0);
  });

  test("with a value captured, the check runs as written", async () => {
    const dir = tempDir();
    const r = await runCli([writeScenario(dir, scenario("42")), "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.stdout).toContain("✓ check id");
  });
});
