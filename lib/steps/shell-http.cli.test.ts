// End-to-end: scenarios using shell (background too), http, captures and sleep, run through the real CLI in-process.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import { readProcStat } from "../util/proc-stat.ts";

const dir = mkdtempSync(join(tmpdir(), "steps-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A service that picks a free port and writes it to a file, as a scenario's background process.
writeFileSync(
  join(dir, "server.ts"),
  `const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (r) => Response.json({ msg: "hi", path: new URL(r.url).pathname }) });
await Bun.write(process.env.PORT_FILE!, String(s.port));
console.log("listening on " + s.port);
`,
);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    handleSignals: false,
  });
  return { code, stdout, stderr };
}

function jsonReport(reportDir: string): { steps: { name: string; status: string; checks: { path: string; expected: string; actual: unknown; ok: boolean }[]; observed?: Record<string, unknown> }[] } {
  const file = readdirSync(reportDir).find((f) => f.endsWith(".json"));
  if (!file) throw new Error(`no JSON report in ${reportDir}`);
  return JSON.parse(readFileSync(join(reportDir, file), "utf8"));
}

function groupRunning(pgid: number): boolean {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    // Undefined: the process ended while we looked.
    const stat = readProcStat(name);
    if (stat?.pgrp === pgid && stat.state !== "Z") return true;
  }
  return false;
}

describe("shell, http and sleep through the CLI", () => {
  test("a background service, a captured port, http checks, a quoted value and a sleep pass", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    writeFileSync(
      join(dir, "pass.yaml"),
      `name: steps-e2e
vars:
  PORT_FILE: \${SCENARIO_DIR}/port.txt
  EVIL: "x; touch ${marker}"
steps:
  - name: Start the service
    shell: { run: [bun, server.ts], background: true }
  - name: Read its port
    shell:
      run: cat port.txt
      capture: { PORT: stdout }
    eventually: { timeout: 20s, interval: 50ms }
  - name: It answers
    http:
      url: http://127.0.0.1:\${PORT}/hello
      expect:
        status: 2xx
        headers: { content-type: { contains: json } }
        json: { "$.msg": hi, "$.path": /hello }
        latency: { lt: 10s }
      capture: { MSG: $.msg }
    eventually: 20s
  - name: Use the capture in a command
    shell:
      run: echo \${MSG} \${EVIL}
      expect: { stdout: "hi x; touch ${marker}" }
  - sleep: 10ms
`,
    );
    const reports = join(dir, "reports-pass");
    const r = await cli(["run", "pass.yaml", "--report", "json,log", "--report-dir", reports, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    const report = jsonReport(reports);
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed", "passed", "passed"]);
    const pid = report.steps[0]!.observed!.pid as number;
    // Cleanup stopped the group; a SIGKILLed process may take a moment to leave the process table.
    await waitFor(() => !groupRunning(pid), "the background service's group to stop");
    const log = readFileSync(join(dir, ".context", "terminal", readdirSync(join(dir, ".context", "terminal")).at(-1)!), "utf8");
    expect(log).toContain("[bg server] started");
    expect(log).toMatch(/\[bg server\] listening on \d+/);
    expect(log).toContain("[bg server] stopped");
  });

  test("a failed expectation exits 1 and the report carries expected and actual", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ n: 1 }) });
    try {
      writeFileSync(
        join(dir, "fail.yaml"),
        `name: steps-e2e-fail
steps:
  - http:
      url: \${URL}
      expect: { status: 201, json: { "$.n": { gt: 5 } } }
  - shell: { run: "exit 3" }
    always: true
`,
      );
      const reports = join(dir, "reports-fail");
      const r = await cli(["run", "fail.yaml", "--var", `URL=http://127.0.0.1:${server.port}/x`, "--report", "json", "--report-dir", reports, "--quiet"]);
      expect(r.code).toBe(1);
      const [http, shell] = jsonReport(reports).steps;
      expect(http!.status).toBe("failed");
      expect(http!.checks.filter((c) => !c.ok).map(({ path, expected, actual }) => ({ path, expected, actual }))).toEqual([
        { path: "status", expected: "== 201", actual: 200 },
        { path: "json $.n", expected: "> 5", actual: 1 },
      ]);
      expect(shell!.checks).toEqual([{ path: "exit_code", expected: "== 0", actual: 3, ok: false }]);
    } finally {
      server.stop(true);
    }
  });

  test("invalid step inputs exit 2 before anything runs, with the place named", async () => {
    writeFileSync(
      join(dir, "invalid.yaml"),
      `name: steps-e2e-invalid
steps:
  - shell: { run: "touch ran.txt", background: true, expect: { exit_code: 0 } }
  - http: { url: "http://127.0.0.1:9/", expect: { status: 2xy, statuscode: 200 } }
  - http: { url: "http://127.0.0.1:9/", capture: { ID: "data.id" } }
  - sleep: soon
`,
    );
    const r = await cli(["validate", "invalid.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid.yaml:3:");
    expect(r.stderr).toContain("a background command has no expect");
    expect(r.stderr).toContain('"2xy" is not a status');
    expect(r.stderr).toContain("statuscode");
    expect(r.stderr).toContain('unknown capture source "data.id" (did you mean the JSONPath "$.data.id"?)');
    expect(r.stderr).toContain("invalid duration");
    expect(existsSync(join(dir, "ran.txt"))).toBe(false);
  });
});
