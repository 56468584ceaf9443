// full-stack.yaml's US-002 check that Loki holds every line each service's log file got during the run, run as written
// (the count and the three Loki steps) against a real Loki fed by promtail: promtail ships a file's blank lines too,
// which the count leaves out, so they must not stand in for a line Loki lost.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./helpers/cli.ts";
import { fullStackStep } from "./helpers/full-stack-step.ts";
import { describeWithLokiAndPromtail, LOKI_START_TIMEOUT_MS, sharedLoki, startPromtail, type SharedLoki } from "./helpers/loki.ts";

const SERVICES = ["vllm", "fastapi", "mlflow"];
const COUNT = "Count the lines each service's log file got during this run";
const IN_LOKI: Record<string, string> = {
  vllm: "Loki holds every line vLLM's log file got during this run",
  fastapi: "Loki holds every line the gateway's log file got during this run",
  mlflow: "Loki holds every line MLflow's log file got during this run",
};
/** Two runs, each waiting for promtail (it looks for new files every 10 s). */
const TEST_TIMEOUT_MS = 150_000;

describeWithLokiAndPromtail("full-stack.yaml: Loki holds every line each service's log file got during the run", () => {
  let loki: SharedLoki;
  let dir: string;
  let stopPromtail: (() => Promise<void>) | undefined;
  const run = `run-${crypto.randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dir = tempDir("full-stack-loki-lines-");
    for (const s of SERVICES) mkdirSync(join(dir, "logs", s), { recursive: true });
    loki = await sharedLoki();
    const promtail = await startPromtail(loki.url, join(dir, "logs"), run);
    stopPromtail = () => promtail.stop();
  }, LOKI_START_TIMEOUT_MS);

  afterAll(async () => {
    await stopPromtail?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * One run: each service writes `lines` (a blank line between each two, as a traceback or a banner has them) to a new
   * file, its last line a mark; a step waits until promtail shipped each mark; then the count and the three Loki steps
   * as written. The sizes of the files from earlier runs are recorded first, as the scenario does before the stack starts.
   * Each Loki step's verdict: "passed", or the checks that failed (an error, if it was one).
   */
  async function inLoki(tag: string, lines: string[]): Promise<string[]> {
    const offsets = join(dir, `offsets-${tag}.tsv`);
    const sizes = SERVICES.flatMap((s) => readdirSync(join(dir, "logs", s)).map((f) => join(dir, "logs", s, f)));
    writeFileSync(offsets, sizes.map((f) => `${statSync(f).size}\t${f}\n`).join(""));
    const write = SERVICES.map((s) => {
      const text = [...lines, `INFO mark ${tag}`].join("\n\n");
      return `printf '%s\\n' '${text}' >> "$LOG_DIR/${s}/${tag}.log"`;
    }).join(" && ");
    const shipped = SERVICES.map((s) => ({
      name: `promtail shipped ${s}'s lines`,
      logql: { url: "${LOKI_URL}", query: `{run="${run}", service="${s}"} |= "INFO mark ${tag}"`, start: "${START_ISO}", expect: { lines: 1 } },
      eventually: { timeout: "90s", interval: "1s" },
    }));
    const count = fullStackStep(COUNT, "count") as { vars: object; secrets: string[]; steps: object[] };
    const inLoki = SERVICES.flatMap((s) => (fullStackStep(IN_LOKI[s]!, "in-loki", true) as { steps: object[] }).steps);
    const scenario = {
      name: `loki-lines-${tag}`,
      vars: count.vars,
      secrets: count.secrets,
      steps: [{ name: "the services write", shell: { run: write } }, ...shipped, ...count.steps, ...inLoki.map((s) => ({ ...s, continue_on_failure: true }))],
    };
    writeFileSync(join(dir, `${tag}.yaml`), JSON.stringify(scenario));
    const r = await runCli([`${tag}.yaml`, "--no-color", "--report", "json", "--report-dir", `reports-${tag}`, "--var", `LOKI_URL=${loki.url}`, "--var", `LOG_DIR=${join(dir, "logs")}`, "--var", `OFFSETS=${offsets}`], { cwd: dir });
    const report = join(dir, `reports-${tag}`, "latest.json");
    expect(existsSync(report), r.stdout + r.stderr).toBe(true);
    const steps = ((await Bun.file(report).json()) as { steps: { name: string; status: string; error?: string; checks: { path: string; ok: boolean }[] }[] }).steps;
    // The run reached the Loki steps: the services wrote, promtail shipped, the count was taken.
    for (const s of steps.slice(0, 1 + SERVICES.length + 1)) expect(s.status, r.stdout).toBe("passed");
    expect(steps.slice(1 + SERVICES.length + 1).map((s) => s.name)).toEqual(Object.values(IN_LOKI));
    return steps.slice(1 + SERVICES.length + 1).map((s) => (s.status === "passed" ? "passed" : (s.error ?? `failed: ${s.checks.filter((c) => !c.ok).map((c) => c.path).join(", ")}`)));
  }

  test("every line shipped, blank lines among them: the steps pass", async () => {
    expect(await inLoki("whole", ["INFO loading", "INFO serving"])).toEqual(SERVICES.map(() => "passed"));
  }, TEST_TIMEOUT_MS);

  test("a line lost (stamped by the shipper before the run), blank lines in the file: the steps fail", async () => {
    // promtail (test/loki/promtail.yaml) stamps a line that starts with an RFC 3339 time with it: this one lies five
    // minutes before the run's start, where the steps do not look, as a line stamped wrong or never shipped.
    const before = new Date(Date.now() - 5 * 60_000).toISOString();
    expect(await inLoki("lost", ["INFO loading", `${before} INFO lost`, "INFO serving"])).toEqual(SERVICES.map(() => "failed: lines"));
  }, TEST_TIMEOUT_MS);
});
