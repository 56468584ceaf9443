// Pipeline test: services write log files, promtail ships them to a real Loki, and the same logql steps give the same verdicts on Loki (url:) and on the files (embedded).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lokiClient } from "../lib/loki/client.ts";
import { runCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { describeWithLokiAndPromtail, LOKI_START_TIMEOUT_MS, sharedLoki, startPromtail, type SharedLoki } from "./helpers/loki.ts";

/** What each service logs (one logfmt line each, after the RFC 3339 time the service writes first). */
const SERVICES: Record<string, string[]> = {
  api: [
    'level=info msg="request" path=/v1/models status=200 latency_ms=12',
    'level=info msg="request" path=/v1/models status=200 latency_ms=30',
    'level=error msg="db timeout" path=/v1/chat status=500 latency_ms=5012',
    'level=warn msg="slow request" path=/v1/chat status=200 latency_ms=900',
  ],
  worker: ['level=info msg="job started" job=7', 'level=info msg="job done" job=7', 'level=error msg="job failed" job=8'],
};
/**
 * A service on an older stack: CRLF line ends, a timed line, then a heartbeat line without a time of its own, three
 * times. promtail ships each line with its CR and stamps each heartbeat with the moment it reads it, so Loki keeps
 * all three; the embedded engine must give the same answers (both were once different).
 */
const LEGACY_LINES = () => [`${new Date().toISOString()} ERROR done`, "heartbeat", "heartbeat", "heartbeat"];
const TOTAL_LINES = Object.values(SERVICES).flat().length + LEGACY_LINES().length;
/**
 * A service replaying old lines and one from the future, written at once (minutes from now): Loki 3.4.6 refuses
 * replayed-old (3 h behind second, more than the hour it takes out of order) and future (more than 10 minutes after
 * it was pushed), and holds the other three; the embedded engine must hold the same.
 */
const REPLAY_LINES = () => {
  const at = (min: number, text: string) => `${new Date(Date.now() + min * 60_000).toISOString()} level=info ${text}`;
  return [at(-10, "first"), at(-5, "second"), at(-180, "replayed-old"), at(-1, "third"), at(20, "future")];
};
/** A window's end half an hour from now, so that the future line lies in it (epoch seconds). */
const FUTURE_END = String(Math.floor(Date.now() / 1000) + 1800);
/** Each test runs the CLI twice and may wait for promtail (it scans for files every 10 s). */
const STEP_TIMEOUT_MS = 120_000;

/** Runs a service: a shell process appending its lines, each after the current UTC time, to logsDir/<name>/<name>.log. */
async function runService(logsDir: string, name: string, lines: string[]): Promise<void> {
  mkdirSync(join(logsDir, name), { recursive: true });
  const script = 'f=$1; shift; for l in "$@"; do printf "%s %s\\n" "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$l" >> "$f"; done';
  const proc = Bun.spawn(["sh", "-c", script, "sh", join(logsDir, name, `${name}.log`), ...lines], { stdout: "ignore", stderr: "pipe" });
  if ((await proc.exited) !== 0) throw new Error(`service ${name} failed: ${await new Response(proc.stderr).text()}`);
}

/** Writes the replaying service's lines to logsDir/replay/replay.log. */
function runReplayService(logsDir: string): void {
  mkdirSync(join(logsDir, "replay"), { recursive: true });
  writeFileSync(join(logsDir, "replay", "replay.log"), REPLAY_LINES().map((l) => `${l}\n`).join(""));
}

/** Writes the legacy service's lines, CRLF-ended, to logsDir/legacy/legacy.log. */
function runLegacyService(logsDir: string): void {
  mkdirSync(join(logsDir, "legacy"), { recursive: true });
  writeFileSync(join(logsDir, "legacy", "legacy.log"), LEGACY_LINES().map((l) => `${l}\r\n`).join(""));
}

/**
 * The steps, once; SOURCE is replaced by `url: …` or `files: …`, RUN by this run's id (promtail gives every line a
 * `run` label, the files get it as a static label: other tests' lines in the shared Loki never match).
 * Every step runs whatever the others did.
 */
const STEPS = `
  - name: api logged its error
    service: api
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="api"} |= "level=error"'
      since: 1h
      expect: { lines: 1, contains: db timeout }
  - name: two slow api requests
    service: api
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="api"} | logfmt | latency_ms > 500'
      since: 1h
      expect: { lines: 2, not_contains: job }
  - name: lines per service
    continue_on_failure: true
    logql:
      SOURCE
      query: 'sum by (service) (count_over_time({run="RUN", service=~"api|worker"}[1h]))'
      expect:
        series: 2
        value:
          - { labels: { service: api }, value: 4 }
          - { labels: { service: worker }, value: 3 }
  - name: api error ratio
    service: api
    continue_on_failure: true
    logql:
      SOURCE
      query: 'sum(count_over_time({run="RUN", service="api"} |= "level=error" [1h])) / sum(count_over_time({run="RUN", service="api"}[1h]))'
      expect: { value: 0.25 }
  - name: both services are there
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service=~"api|worker"} |= "level="'
      since: 1h
      # One stream per service and detected_level (Loki 3.x adds the level to every line): api 3, worker 2.
      expect: { labels: { service: [api, worker], detected_level: [error, info, warn] }, streams: 5 }
  - name: worker failed twice (it failed once, so this step fails)
    service: worker
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="worker"} |= "level=error"'
      since: 1h
      expect: { lines: { gte: 2 } }
  - name: a CRLF line keeps its CR
    service: legacy
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="legacy"} |~ "done\\\\r$"'
      since: 1h
      expect: { lines: 1, contains: "done\\r" }
  - name: every heartbeat counts, though none has a time of its own
    service: legacy
    continue_on_failure: true
    logql:
      SOURCE
      query: 'sum(count_over_time({run="RUN", service="legacy"} |= "heartbeat" [1h]))'
      expect: { value: 3 }
  - name: Loki holds the replaying service's lines but the one 3 h behind and the one from the future
    service: replay
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="replay"}'
      start: "START_4H"
      end: "FUTURE_END"
      expect: { lines: 3, not_contains: [replayed, future] }
  - name: the line 3 h behind is refused though a filter passes over the newer lines before it
    service: replay
    continue_on_failure: true
    logql:
      SOURCE
      query: '{run="RUN", service="replay"} |= "replayed" or "third"'
      since: 4h
      expect: { lines: 1, contains: third, not_contains: replayed }
  - name: the line from the future is refused, found by its own filter
    service: replay
    continue_on_failure: true
    logql:
      SOURCE
      query: 'sum(count_over_time({run="RUN", service="replay"} |= "future" or "third" [4h]))'
      end: "FUTURE_END"
      expect: { value: 1 }
`;
const EXPECTED_VERDICTS = ["passed", "passed", "passed", "passed", "passed", "failed", "passed", "passed", "passed", "passed", "passed"];

const RUN = `pipeline-${crypto.randomUUID().slice(0, 8)}`;

function scenario(name: string, source: string): string {
  const start4h = String(Math.floor(Date.now() / 1000) - 4 * 3600);
  return `name: ${name}\nsteps:${STEPS.replaceAll("SOURCE", source).replaceAll("RUN", RUN).replaceAll("FUTURE_END", FUTURE_END).replaceAll("START_4H", start4h)}`;
}

interface StepVerdict {
  status: string;
  /** Why the step could not do its work at all (Loki unreachable, a bad query); absent when it ran its checks. */
  error?: string;
  /** Each expectation's path, the value it saw and whether it held. */
  checks: { path: string; actual: unknown; ok: boolean }[];
}

/** Runs a scenario through the real CLI; its exit code and each step's status and checks from the JSON report. */
async function verdicts(dir: string, name: string, yaml: string): Promise<{ code: number | null; statuses: string[]; steps: StepVerdict[]; output: string }> {
  const reports = join(dir, `reports-${name}`);
  const r = await runCli([writeScenario(dir, yaml, `${name}.yaml`), "--report", "json", "--report-dir", reports], { cwd: dir });
  const files = readdirSync(reports).filter((f) => f.endsWith(".json") && f !== "latest.json");
  if (files.length !== 1) throw new Error(`expected one JSON report, found ${files.length}\n${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(readFileSync(join(reports, files[0]!), "utf8")) as { steps: StepVerdict[] };
  const steps = report.steps.map((s) => ({ status: s.status, error: s.error, checks: s.checks.map((c) => ({ path: c.path, actual: c.actual, ok: c.ok })) }));
  return { code: r.code, statuses: steps.map((s) => s.status), steps, output: `${r.stdout}\n${r.stderr}` };
}

describeWithLokiAndPromtail("promtail ships service logs to Loki; logql steps agree on Loki and on the files", () => {
  let loki: SharedLoki;
  let dir: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dir = tempDir("scenario-pipeline-");
    loki = await sharedLoki();
  }, LOKI_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const countIn = async (selector: string) => {
    const r = await lokiClient({ url: loki.url }).query(`sum(count_over_time(${selector}[1h]))`);
    return r.type === "vector" ? (r.samples[0]?.value ?? 0) : 0;
  };
  const embedded = () => scenario("pipeline-files", `files: { "logs/{service}/*.log": { run: ${RUN} } }`);
  const onLoki = () => scenario("pipeline-loki", `url: ${loki.url}`);

  test("services write their logs; the embedded engine gives the expected verdicts", async () => {
    for (const [name, lines] of Object.entries(SERVICES)) await runService(join(dir, "logs"), name, lines);
    runLegacyService(join(dir, "logs"));
    runReplayService(join(dir, "logs"));
    const files = await verdicts(dir, "files-1", embedded());
    expect(files.statuses, files.output).toEqual(EXPECTED_VERDICTS);
    expect(files.code).toBe(1);
  }, STEP_TIMEOUT_MS);

  test("promtail pointed at the wrong folder: it ships what is there, the Loki steps fail, the embedded ones still pass", async () => {
    const elsewhere = join(dir, "elsewhere");
    await runService(elsewhere, "decoy", ['level=info msg="not the services you are looking for"']);
    const promtail = await startPromtail(loki.url, elsewhere, RUN);
    stops.push(() => promtail.stop());
    // Promtail works: the decoy line arrives. The services' lines are not where it looks.
    await waitFor(async () => (await countIn(`{run="${RUN}", service="decoy"}`)) === 1, "promtail to ship the decoy line", 90_000);
    const viaLoki = await verdicts(dir, "loki-wrong", onLoki());
    expect(viaLoki.statuses, viaLoki.output).toEqual(EXPECTED_VERDICTS.map(() => "failed"));
    // They failed on what Loki answered (nothing), not because Loki could not be asked.
    for (const step of viaLoki.steps) {
      expect(step.error).toBeUndefined();
      expect(step.checks.some((c) => !c.ok)).toBe(true);
    }
    expect(viaLoki.code).toBe(1);
    const files = await verdicts(dir, "files-2", embedded());
    expect(files.statuses, files.output).toEqual(EXPECTED_VERDICTS);
    await promtail.stop();
  }, STEP_TIMEOUT_MS);

  test("promtail pointed at the services' folder: the Loki steps give the embedded verdicts, value for value", async () => {
    const promtail = await startPromtail(loki.url, join(dir, "logs"), RUN);
    stops.push(() => promtail.stop());
    await waitFor(async () => (await countIn(`{run="${RUN}", service=~"api|worker|legacy"}`)) === TOTAL_LINES, `promtail to ship all ${TOTAL_LINES} lines`, 90_000);
    // The three replayed lines Loki holds lie in the last hour.
    await waitFor(async () => (await countIn(`{run="${RUN}", service="replay"}`)) === 3, "promtail to ship the replaying service's lines", 90_000);
    const viaLoki = await verdicts(dir, "loki-right", onLoki());
    const files = await verdicts(dir, "files-3", embedded());
    expect(files.steps.every((s) => s.checks.length > 0)).toBe(true);
    expect(viaLoki.steps, viaLoki.output).toEqual(files.steps);
    expect(viaLoki.statuses).toEqual(EXPECTED_VERDICTS);
    expect(viaLoki.code).toBe(files.code);
  }, STEP_TIMEOUT_MS);
});
