// Real Loki and promtail 3.4.6 for tests: finds the binaries, starts them on free loopback ports with temp storage, pushes, flushes, stops them by PID.
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stopGroup, trackGroup } from "../../lib/util/exec.ts";
import { REPO } from "./cli.ts";
import { freePort } from "./ports.ts";
import { pollUntil } from "./poll.ts";
import { describeRequiring } from "./requires.ts";

const CONFIGS = join(REPO, "test/loki");
/** Where the lead keeps the binaries: ../shared/bin beside the repository (CI's clone has it too). */
const SHARED_BIN = resolve(REPO, "../shared/bin");

/** The tests' beforeAll timeout for starting Loki (it takes 15–20 s to get ready on an idle machine). */
export const LOKI_START_TIMEOUT_MS = 150_000;
/** Starting gives up (stopping what it started) this long before the hook would time out and leave Loki running. */
const START_BUDGET_MS = LOKI_START_TIMEOUT_MS - 15_000;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary from $envVar, else PATH, else ../shared/bin; or why it cannot be found. */
export function findBinary(name: string, envVar: string): { path: string } | { missing: string } {
  const fromEnv = process.env[envVar];
  if (fromEnv) return executable(fromEnv) ? { path: fromEnv } : { missing: `${envVar}=${fromEnv} is not an executable file` };
  const onPath = Bun.which(name, { PATH: process.env.PATH ?? "" });
  if (onPath) return { path: onPath };
  const shared = join(SHARED_BIN, name);
  if (executable(shared)) return { path: shared };
  return { missing: `no ${name} binary: set ${envVar}, put ${name} on PATH, or place it in ${SHARED_BIN}` };
}

/** The version the tests (and the embedded engine's promise) are pinned to. */
export const LOKI_VERSION = "3.4.6";

const versions = new Map<string, string>();

/** `binary --version`'s version number ("" when it prints none or hangs past 15 s), asked once per path. */
function versionOf(path: string): string {
  let v = versions.get(path);
  if (v === undefined) {
    const r = Bun.spawnSync([path, "--version"], { stdout: "pipe", stderr: "pipe", timeout: 15_000, killSignal: "SIGKILL" });
    v = /\bversion (\S+)/.exec(`${r.stdout.toString()}${r.stderr.toString()}`)?.[1] ?? "";
    versions.set(path, v);
  }
  return v;
}

/** findBinary, also refusing a binary that is not version LOKI_VERSION (answers differ between versions). */
export function findPinned(name: string, envVar: string): { path: string } | { missing: string } {
  const found = findBinary(name, envVar);
  if ("missing" in found) return found;
  const version = versionOf(found.path);
  if (version === LOKI_VERSION) return found;
  return { missing: `${found.path} is ${name} ${version || "of an unknown version"}; the tests need ${name} ${LOKI_VERSION} (set ${envVar} to one)` };
}

const lokiBin = () => findPinned("loki", "LOKI_BIN");
const promtailBin = () => findPinned("promtail", "PROMTAIL_BIN");

function missingOf(...found: ({ path: string } | { missing: string })[]): string | undefined {
  const reasons = found.flatMap((f) => ("missing" in f ? [f.missing] : []));
  return reasons.length ? reasons.join("; ") : undefined;
}

/** A describe() that needs the loki binary: without it, a failing test in CI and a skip that says why elsewhere. */
export function describeWithLoki(title: string, body: () => void): void {
  describeRequiring(title, "the loki binary", missingOf(lokiBin()), body);
}

/** A describe() that needs the loki and promtail binaries. */
export function describeWithLokiAndPromtail(title: string, body: () => void): void {
  describeRequiring(title, "the loki and promtail binaries", missingOf(lokiBin(), promtailBin()), body);
}

/** Fills the @@NAME@@ placeholders of a config template in test/loki. */
function renderConfig(template: string, values: Record<string, string>): string {
  const text = readFileSync(join(CONFIGS, template), "utf8").replace(/@@([A-Z_]+)@@/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`test/loki/${template}: no value for ${whole}`);
    return v;
  });
  return text;
}

interface Daemon {
  pid: number;
  exited: Promise<number>;
  /** The tail of its output (stdout and stderr, kept in a file in its temp dir). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs "$@" (the daemon) in the background and ends it when the test process goes away, however it goes (bun
 * test runs no exit handlers; a killed process runs nothing): the test process holds this shell's stdin open,
 * and the kernel closes it when the process ends, so `read` returns and the whole process group gets SIGTERM;
 * the shell outlives the daemon (its TERM trap only interrupts `wait`), then removes the temp dir ($1). It
 * exits with the daemon's status. stop() SIGTERMs the group by PID before that, the temp dir stays to stop().
 */
const ORPHAN_GUARD = `dir=$1; shift
trap : TERM
exec 3<&0
"$@" </dev/null 3<&- &
daemon=$!
{ read -r _ <&3; : > "$dir/.orphaned"; kill -TERM 0; } &
wait "$daemon"
status=$?
while kill -0 "$daemon" 2>/dev/null; do wait "$daemon"; status=$?; done
if [ -e "$dir/.orphaned" ]; then rm -rf "$dir"; fi
kill $! 2>/dev/null
exit $status`;

/** A temp dir for a daemon. */
function daemonDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The daemons' stdin pipes: kept open (and referenced) until stop(), see ORPHAN_GUARD. */
const lifelines = new Map<number, { end(): unknown }>();

/** Starts argv in its own process group (under ORPHAN_GUARD, in dir) with its output in logFile. */
function spawnDaemon(argv: string[], dir: string, logFile: string): Daemon {
  const fd = openSync(logFile, "a");
  let proc: Bun.Subprocess<"pipe", number, number>;
  try {
    proc = Bun.spawn(["sh", "-c", ORPHAN_GUARD, "sh", dir, ...argv], { cwd: dir, stdin: "pipe", stdout: fd, stderr: fd, detached: true });
  } finally {
    closeSync(fd);
  }
  trackGroup(proc.pid, proc.exited);
  lifelines.set(proc.pid, proc.stdin);
  return {
    pid: proc.pid,
    exited: proc.exited,
    output: () => {
      try {
        return readFileSync(logFile, "utf8").slice(-6000);
      } catch {
        return "";
      }
    },
    stop: async () => {
      await stopGroup(proc.pid, proc.exited, 5000);
      lifelines.get(proc.pid)?.end();
      lifelines.delete(proc.pid);
    },
  };
}

/** Polls probe until it returns true; throws with its last error when the daemon exits or the deadline (epoch ms) passes. */
function waitUntil(what: string, probe: () => Promise<boolean>, deadline: number, daemon: Daemon): Promise<void> {
  let exitCode: number | undefined;
  void daemon.exited.then((c) => (exitCode = c));
  return pollUntil(what, probe, deadline, () => (exitCode === undefined ? undefined : `it exited with code ${exitCode}`), 200);
}

/** How to start one daemon of the test binaries: its config (test/loki/NAME.yaml, filled with `values`) and when it is ready. */
interface DaemonStart {
  name: "loki" | "promtail";
  bin: ReturnType<typeof findPinned>;
  values(dir: string, httpPort: number): Record<string, string>;
  /** The end of "NAME (BIN) … at URL" when `ready` never answers true. */
  notReady: string;
  ready(url: string): Promise<boolean>;
}

/**
 * Starts the daemon in a temp dir on a free loopback port and waits until it is ready; a port taken meanwhile is
 * retried on another (3 tries within START_BUDGET_MS). On failure throws with its output and leaves nothing running.
 */
async function startOnFreePort(start: DaemonStart): Promise<{ url: string; dir: string; daemon: Daemon; stop(): Promise<void> }> {
  const found = start.bin;
  if ("missing" in found) throw new Error(found.missing);
  const deadline = Date.now() + START_BUDGET_MS;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3 && Date.now() < deadline; attempt++) {
    const { dir, remove } = daemonDir(`scenario-${start.name}-`);
    const httpPort = freePort();
    const configFile = join(dir, `${start.name}.yaml`);
    writeFileSync(configFile, renderConfig(`${start.name}.yaml`, start.values(dir, httpPort)));
    const url = `http://127.0.0.1:${httpPort}`;
    const daemon = spawnDaemon([found.path, `-config.file=${configFile}`], dir, join(dir, "output.log"));
    const stop = async () => {
      await daemon.stop();
      remove();
    };
    try {
      await waitUntil(`${start.name} (${found.path}) ${start.notReady} at ${url}`, () => start.ready(url), deadline, daemon);
      return { url, dir, daemon, stop };
    } catch (e) {
      const output = daemon.output();
      await stop();
      lastError = new Error(`${(e as Error).message}\n--- ${start.name} output (tail) ---\n${output}`);
      if (!/address already in use/.test(output)) break;
    }
  }
  throw lastError ?? new Error(`${start.name} did not start within the deadline`);
}

async function get(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(5000) });
}

/** One log line to push: a nanosecond timestamp, the line, optional structured metadata. */
export interface PushEntry {
  tsNs: bigint;
  line: string;
  metadata?: Record<string, string>;
}

export interface PushStream {
  labels: Record<string, string>;
  entries: PushEntry[];
}

export interface RunningLoki {
  /** Root URL, e.g. http://127.0.0.1:21234. */
  url: string;
  /** Its temp dir (config, storage, output); removed by stop(). */
  dir: string;
  /** Its process (and process group) id. */
  pid: number;
  /**
   * POST /loki/api/v1/push (JSON), in requests of at most ~1 MiB. Each stream's entries are sent oldest first:
   * Loki refuses an entry more than 1 h older than the newest it holds for the stream. A 429 (Loki's default
   * ingestion rate limits, 4 MB/s with bursts of 6 MB) is retried; anything else Loki refuses throws its message
   * (for example a line longer than its 256 KiB max_line_size).
   */
  push(streams: PushStream[], opts?: { tenant?: string }): Promise<void>;
  /**
   * POST /flush: writes the ingesters' chunks to storage. Loki asks its ingesters only about the last 3 h, so
   * lines older than that are queryable only after a flush. Flushing is asynchronous: this waits until the
   * flush queue is empty and, when given, until `visible()` is true (e.g. a count query sees every line).
   */
  flush(visible?: () => Promise<boolean>): Promise<void>;
  /** The tail of Loki's output. */
  output(): string;
  /** Stops Loki by its PID (SIGTERM, then SIGKILL) and removes its temp dir. */
  stop(): Promise<void>;
}

/** The JSON body of one push request. */
function pushBody(streams: PushStream[]): string {
  return JSON.stringify({
    streams: streams.map((s) => ({
      stream: s.labels,
      values: s.entries.map((e) => (e.metadata ? [e.tsNs.toString(), e.line, e.metadata] : [e.tsNs.toString(), e.line])),
    })),
  });
}

const PUSH_BATCH_BYTES = 1 << 20;

/** Splits streams into push requests of about PUSH_BATCH_BYTES, each stream's entries oldest first. */
function pushBatches(streams: PushStream[]): PushStream[][] {
  const batches: PushStream[][] = [];
  let batch: PushStream[] = [];
  let size = 0;
  for (const s of streams) {
    const sorted = [...s.entries].sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
    let part: PushEntry[] = [];
    for (const e of sorted) {
      const bytes = e.line.length * 3 + 64 + (e.metadata ? JSON.stringify(e.metadata).length : 0);
      if (size + bytes > PUSH_BATCH_BYTES && (part.length > 0 || batch.length > 0)) {
        if (part.length) batch.push({ labels: s.labels, entries: part });
        batches.push(batch);
        batch = [];
        part = [];
        size = 0;
      }
      part.push(e);
      size += bytes;
    }
    if (part.length) batch.push({ labels: s.labels, entries: part });
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** The sum of a metric's samples in a Prometheus text exposition (0 when absent). */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(name) && (line[name.length] === " " || line[name.length] === "{")) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/**
 * Starts a single-binary Loki (test/loki/loki.yaml) on free loopback ports with storage in a temp dir and
 * waits until /ready says ready (`notReady`: until it answers queries while /ready says its ingester is not ready,
 * which it then says for an hour: a Loki still starting). Retries on other ports when one was taken meanwhile; on failure, throws with
 * Loki's output and leaves nothing running.
 */
export async function startLoki(opts: { notReady?: boolean } = {}): Promise<RunningLoki> {
  const { url, dir, daemon, stop } = await startOnFreePort({
    name: "loki",
    bin: lokiBin(),
    values: (dir, httpPort) => ({ DIR: dir, HTTP_PORT: String(httpPort), GRPC_PORT: String(freePort()), MIN_READY: opts.notReady ? "1h" : "15s" }),
    notReady: opts.notReady ? "did not answer queries while not ready" : "did not get ready",
    // notReady: a Loki that answers queries (with nothing) and whose ingester says it is not ready for the next hour.
    ready: opts.notReady
      ? async (url) => {
          const ready = await get(`${url}/ready`);
          const query = await get(`${url}/loki/api/v1/labels`);
          return ready.status === 503 && (await ready.text()).includes("Ingester not ready") && query.ok;
        }
      : async (url) => (await (await get(`${url}/ready`)).text()).trim() === "ready",
  });
  return {
    url,
    dir,
    pid: daemon.pid,
    output: daemon.output,
    stop,
    async push(streams, opts = {}) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (opts.tenant) headers["X-Scope-OrgID"] = opts.tenant;
      for (const batch of pushBatches(streams)) {
        const body = pushBody(batch);
        // Loki's default ingestion rate limits answer 429 to a burst: wait and send again, as promtail does.
        const giveUp = Date.now() + 120_000;
        for (let backoffMs = 250; ; backoffMs = Math.min(backoffMs * 2, 4000)) {
          const res = await fetch(`${url}/loki/api/v1/push`, { method: "POST", headers, body, signal: AbortSignal.timeout(30_000) });
          if (res.ok) break;
          const message = (await res.text()).trim();
          if (res.status !== 429 || Date.now() > giveUp) throw new Error(`Loki refused the push (${res.status}): ${message}`);
          await Bun.sleep(backoffMs);
        }
      }
    },
    async flush(visible) {
      const res = await fetch(`${url}/flush`, { method: "POST", signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`POST /flush answered ${res.status}: ${(await res.text()).trim()}`);
      const flushDeadline = Date.now() + 60_000;
      await waitUntil("Loki's flush queue did not empty", async () => metricSum(await (await get(`${url}/metrics`)).text(), "loki_ingester_flush_queue_length") === 0, flushDeadline, daemon);
      if (visible) await waitUntil("the flushed lines did not become visible", visible, flushDeadline, daemon);
    },
  };
}

/** A Loki other test files use too: no stop() (it stops when the test process exits). */
export type SharedLoki = Omit<RunningLoki, "stop">;

let shared: Promise<SharedLoki> | undefined;

/**
 * One Loki for the whole test process (bun runs every test file in one process), started by the first caller
 * and stopped when the process exits: each start costs 15–20 s. Tests sharing it keep apart with labels of
 * their own (and select by them); flush() flushes everyone's lines.
 */
export function sharedLoki(): Promise<SharedLoki> {
  shared ??= startLoki();
  return shared;
}

export interface RunningPromtail {
  /** Its HTTP root (/ready, /metrics). */
  url: string;
  /** The `run` label of every line it ships. */
  run: string;
  dir: string;
  pid: number;
  output(): string;
  /** Stops promtail by its PID and removes its temp dir (positions file included). */
  stop(): Promise<void>;
}

/**
 * Starts promtail (test/loki/promtail.yaml) tailing `logsDir`/<service>/*.log into the Loki at `lokiUrl`, each
 * file's lines labelled service=<service>, run=`run` (default: a fresh id) and filename, with its positions file
 * in a temp dir. Waits until its
 * HTTP server answers (not for /ready: that stays 500 while no file matches); on failure, throws with its output
 * and leaves nothing running.
 */
export async function startPromtail(lokiUrl: string, logsDir: string, run = `run-${crypto.randomUUID().slice(0, 8)}`): Promise<RunningPromtail> {
  const bin = promtailBin();
  if (!("missing" in bin) && !existsSync(logsDir)) throw new Error(`promtail: the logs folder ${logsDir} does not exist`);
  const { url, dir, daemon, stop } = await startOnFreePort({
    name: "promtail",
    bin,
    values: (dir, httpPort) => ({ DIR: dir, HTTP_PORT: String(httpPort), LOKI_URL: lokiUrl, LOGS: resolve(logsDir), RUN: run }),
    notReady: "did not start serving",
    // Its /ready stays 500 while it finds no file to tail (a wrong folder must not stop the test): wait for its server.
    ready: async (url) => (await get(`${url}/metrics`)).ok,
  });
  return { url, run, dir, pid: daemon.pid, output: daemon.output, stop };
}
