// Runs the CLI's main() in this process on a scenario written to a folder, and reads what the run reported: its exit code, stdout, stderr, the Markdown report and the JSON report's steps.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../lib/cli.ts";

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The run's Markdown report ("" when the scenario was refused at load: no report). */
  markdown: string;
  steps: { name: string; status: string; error?: string }[];
}

/** `run` of `yaml` (written under a fresh name in `dir`, its reports beside it) with a JSON report, no color, and `extra` flags. */
export async function runInProcess(dir: string, yaml: string, ...extra: string[]): Promise<InProcessRun> {
  const name = `s-${crypto.randomUUID()}`;
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  const reports = join(dir, `${name}-reports`);
  let stderr = "";
  let stdout = "";
  const code = await main(["run", `${name}.yaml`, "--report", "json", "--report-dir", reports, "--no-color", ...extra], {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    handleSignals: false,
  });
  let files: string[] = [];
  try {
    files = readdirSync(reports);
  } catch {
    // Refused at load: no report.
  }
  const json = files.find((f) => f.endsWith(".json"));
  const md = files.find((f) => f.endsWith(".md") && f !== "latest.md");
  const report = json ? (JSON.parse(readFileSync(join(reports, json), "utf8")) as { steps: InProcessRun["steps"] }) : undefined;
  return {
    code,
    stdout,
    stderr,
    markdown: md ? readFileSync(join(reports, md), "utf8") : "",
    steps: report?.steps.map((s) => ({ name: s.name, status: s.status, error: s.error })) ?? [],
  };
}
