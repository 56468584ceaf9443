// The remote-faults scenario: every fault of the fault server against the http, logql (Loki url) and promql steps, then a teardown step; run through the real CLI's main().
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../lib/cli.ts";
import { FAULTS, type Fault, type FaultServer } from "../helpers/fault-server.ts";

export type Target = Fault | "refused";
export const TARGETS: readonly Target[] = ["refused", ...FAULTS];
export const KINDS = ["http", "logql", "promql"] as const;

/** The step of one kind against one target's root URL. */
function stepYaml(kind: (typeof KINDS)[number], url: string): string {
  if (kind === "http") return `http: { url: "${url}/api/items", expect: { status: 200, json: { "$.data": { exists: true } } } }`;
  if (kind === "logql") return `logql: { url: "${url}", query: '{service="api"}', since: 5m }`;
  return `promql: { url: "${url}", query: up }`;
}

/** A scenario with one step per target and kind (named "<target> <kind>"), each continuing on failure, and a teardown step. */
export function faultScenario(server: FaultServer, refusedPort: number, timeoutFor: (target: Target) => string): string {
  const lines = ["name: remote faults", "steps:"];
  for (const target of TARGETS) {
    const url = target === "refused" ? `http://127.0.0.1:${refusedPort}` : server.url(target);
    for (const kind of KINDS) {
      lines.push(`  - name: ${target} ${kind}`, `    continue_on_failure: true`, `    timeout: ${timeoutFor(target)}`, `    ${stepYaml(kind, url)}`);
    }
  }
  lines.push("teardown:", "  - name: teardown ran", "    sleep: 1ms", "");
  return lines.join("\n");
}

export interface StepOutcome {
  name: string;
  status: string;
  error?: string;
  checks: { path: string; ok: boolean; actual: unknown }[];
}

/** Runs the scenario in dir through main() with a JSON report; the exit code and every step's outcome. */
export async function runFaultScenario(dir: string, yaml: string): Promise<{ code: number; output: string; steps: StepOutcome[] }> {
  const file = join(dir, "faults.yaml");
  writeFileSync(file, yaml);
  let output = "";
  const io = { stdout: { write: (s: string) => void (output += s) }, stderr: { write: (s: string) => void (output += s) }, cwd: dir, env: { PATH: process.env.PATH }, handleSignals: false };
  const reports = join(dir, "reports");
  const code = await main(["run", file, "--report", "json", "--report-dir", reports, "--no-color", "--quiet"], io);
  const json = readdirSync(reports).find((f) => f.endsWith(".json"))!;
  const report = JSON.parse(readFileSync(join(reports, json), "utf8")) as { steps: StepOutcome[] };
  return { code, output, steps: report.steps };
}
