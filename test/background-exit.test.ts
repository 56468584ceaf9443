// A background process that fails on its own (a port already taken) after its step passed — the step passes as soon as
// the process has started — is a warning on the next step to end: on the console, in the Markdown report's Warnings and
// the JSON report. It was only a line of the run log: a run whose later checks reached another process (one an earlier
// run left on that port) passed with nothing on the console or in the report saying the process it started was dead.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

/** The second step waits until the first one's process is gone (reaped by the runner: `kill -0` fails on no zombie). */
const WAIT_GONE = "while [ ! -s bg.pid ] || kill -0 \"$(cat bg.pid)\" 2>/dev/null; do sleep 0.05; done";

/** Runs the scenario of `lines` in a new folder, writing its reports to reports/ there (`args`: which ones beside Markdown). */
async function runLines(lines: string[], args = ["--report", "json"]) {
  const dir = tempDir("background-exit-");
  const file = writeScenario(dir, [...lines, ""].join("\n"));
  const r = await runCli([file, ...args, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
  return { ...r, dir };
}

async function run(script: string) {
  const { dir, ...r } = await runLines([
    "name: background exit",
    "steps:",
    "  - name: Start the server",
    "    shell:",
    `      run: [bash, -c, ${JSON.stringify(`echo $$ > bg.pid; ${script}`)}]`,
    "      background: true",
    "  - name: The server answers",
    `    shell: { run: ${JSON.stringify(WAIT_GONE)} }`,
  ]);
  const markdown = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { steps: { name: string; warnings?: string[] }[] };
  return { code: r.code, stdout: r.stdout, markdown, warnings: json.steps.map((s) => s.warnings ?? []) };
}

test("a background process that exits 1 by itself: the next step to end warns, naming the command, its exit and its last output", async () => {
  const r = await run('echo "listen tcp 127.0.0.1:3100: bind: address already in use" >&2; exit 1');
  expect(r.code).toBe(0);
  expect(r.warnings).toEqual([[], [expect.stringMatching(/^a background process exited on its own with code 1 while the run went on; its last output: stderr: listen tcp 127\.0\.0\.1:3100: bind: address already in use; its command: bash -c .*bg\.pid/)]]);
  expect(r.stdout).toContain("✓ The server answers");
  expect(r.stdout).toContain("\n    warning: a background process exited on its own with code 1 while the run went on; its last output: stderr: listen tcp 127.0.0.1:3100: bind: address already in use; its command:");
  expect(r.markdown).toContain("### Warnings");
  expect(r.markdown).toContain("- The server answers (step 2): `a background process exited on its own with code 1");
});

test("a runtime's crash report ends with its version line: the warning quotes the error line above it, not that", async () => {
  // Bun's report of a port already taken, as it prints it: the error, its fields, a stack, then the version.
  const bun = ["error: Failed to start server. Is port 18080 in use?", ' syscall: "listen",', "   errno: 0,", '    code: "EADDRINUSE"', "", "      at serve (unknown)", "      at /app/demo/server.ts:24:20", "", "Bun v1.4.5 (Linux x64)"];
  const node: string[] = ["node:events:497", "      throw er; // Unhandled 'error' event", "Error: listen EADDRINUSE: address already in use 127.0.0.1:18080", "    at Server.setupListenHandle [as _listen2] (node:net:1908:16)", "", "Node.js v20.19.2"];
  // Node's report goes on after the error: "Emitted 'error' event on Server instance at:", its fields, the version.
  node.push("Emitted 'error' event on Server instance at:", "    at emitErrorNT (node:net:1851:8)", "  code: 'EADDRINUSE',", "}", "", "Node.js v20.19.2");
  // An earlier error the process lived through, then the one that ended it, in a level column.
  const retried = ["ERROR: retry 1 of 3", "[2026-12-06 21:00:01] CRITICAL main: port 8080 taken, giving up"];
  const java = ['Exception in thread "main" java.lang.IllegalStateException: Failed to start', "\tat app.Main.main(Main.java:9)", "Caused by: java.net.BindException: Address already in use", "\tat java.base/sun.nio.ch.Net.bind0(Native Method)", "\t... 3 more"];
  const rust = ["thread 'main' panicked at src/main.rs:4:5:", "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"];
  for (const [lines, said] of [
    [bun, "stderr: error: Failed to start server. Is port 18080 in use?"],
    [node, "stderr: Error: listen EADDRINUSE: address already in use 127.0.0.1:18080"],
    [retried, "stderr: [2026-12-06 21:00:01] CRITICAL main: port 8080 taken, giving up"],
    [java, "stderr: Caused by: java.net.BindException: Address already in use"],
    [rust, "stderr: thread 'main' panicked at src/main.rs:4:5:"],
  ] as const) {
    const r = await run(`printf '%s\\n' ${lines.map((l) => `'${l.replaceAll("'", "'\\''")}'`).join(" ")} >&2; exit 1`);
    expect(r.warnings[1]).toEqual([expect.stringContaining(`; its last output: ${said}; its command: `)]);
  }
});

test("a background process that ends by itself with exit code 0 (a job that finished) is no warning", async () => {
  const r = await run("exit 0");
  expect(r.code).toBe(0);
  expect(r.warnings).toEqual([[], []]);
  expect(r.markdown).not.toContain("### Warnings");
});

test("a background process that fails on its own after the last step ended: the run warns, on stderr and in the reports' header", async () => {
  // A fails once B is being stopped at the end of the run; B lets itself be stopped only once the runner has reaped A.
  // The last step waits for A's pid and B's trap: a run that ended before A wrote it, or before B set its trap, stopped
  // A itself (B's trap found no A, or B ended on the SIGTERM at once).
  const a = 'echo $$ > a.pid; while [ ! -e b.term ]; do sleep 0.05; done; echo "lost B" >&2; exit 3';
  const b = "trap 'touch b.term; while kill -0 $(cat a.pid) 2>/dev/null; do sleep 0.05; done; exit 0' TERM; touch b.ready; sleep 600 & wait";
  const { dir, ...r } = await runLines([
    "name: background exit after the last step",
    "steps:",
    "  - name: Start A",
    `    shell: { run: [bash, -c, ${JSON.stringify(a)}], background: true }`,
    "  - name: Start B",
    `    shell: { run: [bash, -c, ${JSON.stringify(b)}], background: true }`,
    "  - name: Last",
    '    shell: { run: "test -s a.pid && test -e b.ready" }',
    "    eventually: 20s",
  ]);
  const warning = /^a background process exited on its own with code 3 after the last step, before the run stopped it; its last output: stderr: lost B; its command: bash -c .*a\.pid/;
  expect(r.code).toBe(0);
  expect(r.stderr.split("\n").filter((l) => l.startsWith("warning: "))).toEqual([expect.stringMatching(new RegExp(`^warning: ${warning.source.slice(1)}`))]);
  const json = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { info: Record<string, string>; steps: { warnings?: string[] }[] };
  expect(json.info["warning: background process"]).toMatch(warning);
  expect(json.steps.map((s) => s.warnings ?? [])).toEqual([[], [], []]);
  expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("| warning: background process | a background process exited on its own with code 3 after the last step, before the run stopped it;");
});

test("two background processes of one program are told apart in a failed step's diagnostics by the step that started each", async () => {
  const { dir, ...r } = await runLines([
    "name: two of one program",
    "steps:",
    "  - name: Start gateway",
    "    shell: { run: [sleep, \"30\"], background: true }",
    "  - name: Start worker",
    "    shell: { run: [sleep, \"30\"], background: true }",
    "  - name: Check",
    "    shell: { run: \"exit 1\" }",
  ], []);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/diagnostics in the reports: background sleep of step 1 \(Start gateway\): running \(pid \d+\), last output, background sleep of step 2 \(Start worker\): running \(pid \d+\), last output/);
  const markdown = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  expect(markdown).toContain("background sleep of step 2 (Start worker): running");
});
