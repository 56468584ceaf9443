// The full remote-faults run: every fault, with a 1 GiB streamed body, against http, logql and promql through the real CLI in a child process; prints a tally.
// Run: npx bun test/hardening/remote-faults-run.ts [--gib 1]. Exit 1 when a step did not fail with a cause, teardown did not run, or the CLI passed 500 MiB.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFaultServer } from "../helpers/fault-server.ts";
import { freePort } from "../helpers/ports.ts";
import { waitFor } from "../helpers/cli.ts";
import { faultScenario, type StepOutcome } from "./remote-faults.ts";

const argv = process.argv.slice(2);
const gib = argv.includes("--gib") ? Number(argv[argv.indexOf("--gib") + 1]) : 1;
const MiB = 1024 * 1024;
const BIN = resolve(import.meta.dir, "../../bin/scenario.ts");

const server = await startFaultServer({ hugeBytes: Math.round(gib * 1024 * MiB) });
const dir = mkdtempSync(join(tmpdir(), "remote-faults-run-"));
const file = join(dir, "faults.yaml");
writeFileSync(file, faultScenario(server, freePort(), (t) => (t === "hang" || t === "slow" ? "5s" : "60s")));
const began = performance.now();
const proc = Bun.spawn([process.execPath, BIN, "run", file, "--report", "json", "--report-dir", join(dir, "reports"), "--no-color"], {
  cwd: dir,
  stdout: "pipe",
  stderr: "pipe",
  env: { PATH: process.env.PATH, NO_COLOR: "1" },
});
await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
const code = await proc.exited;
const seconds = (performance.now() - began) / 1000;
const maxRss = proc.resourceUsage()?.maxRSS ?? 0;
const report = JSON.parse(readFileSync(join(dir, "reports", readdirSync(join(dir, "reports")).find((f) => f.endsWith(".json"))!), "utf8")) as {
  steps: (StepOutcome & { durationMs: number })[];
};
await waitFor(() => server.openConnections() === 0, "the fault server's connections to close", 30_000).catch(() => {});

const problems: string[] = [];
const rows = report.steps.map((s) => {
  const cause = s.error ?? s.checks.filter((c) => !c.ok).map((c) => `${c.path}: ${String(c.actual).slice(0, 100)}`).join("; ");
  const teardown = s.name === "teardown ran";
  if (teardown ? s.status !== "passed" : s.status !== "failed" || !cause) problems.push(`${s.name}: ${s.status}`);
  return `  ${s.name.padEnd(17)} ${s.status.padEnd(7)} ${String(Math.round(s.durationMs)).padStart(6)} ms  ${cause}`;
});
if (code !== 1) problems.push(`exit code ${code}, expected 1`);
if (maxRss > 500 * MiB) problems.push(`CLI peak RSS ${Math.round(maxRss / MiB)} MiB`);
if (server.openConnections() > 0) problems.push(`${server.openConnections()} connection(s) still open`);
console.log(
  [
    `remote faults through the CLI: exit ${code} in ${seconds.toFixed(1)} s; CLI peak RSS ${Math.round(maxRss / MiB)} MiB`,
    `huge body offered: ${gib} GiB; written by the server before the clients hung up: ${Math.round(server.hugeBytesSent() / MiB)} MiB (three clients)`,
    ...rows,
    `${problems.length} problem(s)${problems.length ? ": " + problems.join("; ") : ""}`,
  ].join("\n"),
);
await server.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = problems.length ? 1 : 0;
