// Tests of scripts/check_logs.sh on temporary log folders: fresh non-empty logs, error lines since the start, usage errors.
import { afterAll, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCRIPT = resolve(import.meta.dir, "check_logs.sh");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The run "started" here; files older than it are stale. */
const SINCE = Math.floor(Date.now() / 1000) - 60;
const STALE = SINCE - 3600;

/** A logs folder with one file per service, written now (fresh). */
function logsDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "check-logs-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function age(root: string, path: string, epoch: number): void {
  utimesSync(join(root, path), epoch, epoch);
}

async function check(root: string, args: string[] = [], env: Record<string, string> = {}) {
  const proc = Bun.spawn(["bash", SCRIPT, "--logs", root, ...args], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

const HEALTHY = {
  "vllm/vllm_20261129_230000.log": "INFO 11-29 23:00:01 Loading model weights took 0.9 GB\n",
  "fastapi/app.log": "INFO:     127.0.0.1:5000 - \"GET /health HTTP/1.1\" 200 OK\n",
  "mlflow/mlflow.log": "[INFO] Listening at: http://0.0.0.0:5000\n",
};

test("every service fresh, non-empty and without errors: exit 0, OK naming them", async () => {
  const root = logsDir(HEALTHY);
  const r = await check(root, ["--since", String(SINCE), "vllm", "fastapi", "mlflow"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("ok vllm: ");
  expect(r.stdout.trimEnd().split("\n").at(-1)).toStartWith("OK: vllm fastapi mlflow: fresh logs, no error lines since ");
});

test.each([
  ["a stale log", (root: string) => age(root, "fastapi/app.log", STALE), "FAIL fastapi: no non-empty log file in"],
  ["an empty log", (root: string) => writeFileSync(join(root, "fastapi/app.log"), ""), "FAIL fastapi: no non-empty log file in"],
  ["no log file", (root: string) => rmSync(join(root, "fastapi/app.log")), "FAIL fastapi: no *.log file in"],
  ["no folder", (root: string) => rmSync(join(root, "fastapi"), { recursive: true }), "FAIL fastapi: no folder"],
  ["an ERROR line", (root: string) => appendFileSync(join(root, "fastapi/app.log"), "ERROR:    Exception in ASGI application\n"), "FAIL fastapi: error lines in the whole of the files modified since"],
  ["a traceback", (root: string) => appendFileSync(join(root, "fastapi/app.log"), "Traceback (most recent call last):\n"), "FAIL fastapi: error lines in the whole of the files modified since"],
  ["a JSON error level", (root: string) => appendFileSync(join(root, "fastapi/app.log"), '{"level": "error", "msg": "vllm unreachable"}\n'), "FAIL fastapi: error lines in the whole of the files modified since"],
])("%s fails that service alone, by name", async (_, breakIt, line) => {
  const root = logsDir(HEALTHY);
  breakIt(root);
  const r = await check(root, ["--since", String(SINCE), "vllm", "fastapi", "mlflow"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(line);
  expect(r.stdout).toContain("ok vllm: ");
  expect(r.stdout).toContain("ok mlflow: ");
  expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("FAILED: fastapi");
});

test("the error lines are quoted with their file and line number", async () => {
  const root = logsDir({ ...HEALTHY, "mlflow/mlflow.log": "[INFO] ok\n[ERROR] database is locked\n" });
  const r = await check(root, ["--since", String(SINCE), "mlflow"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`  ${join(root, "mlflow/mlflow.log")}:2:[ERROR] database is locked\n`);
});

test("without offsets, an old error line of a file modified since the start is reported as a whole-file find, not as one since the start", async () => {
  const root = logsDir({ ...HEALTHY, "fastapi/app.log": "ERROR from the last run\nINFO: this run\n" });
  const r = await check(root, ["--since", String(SINCE), "fastapi"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`  ${join(root, "fastapi/app.log")}:1:ERROR from the last run\n`);
  expect(r.stdout).not.toContain("error lines since");
  expect(r.stdout).toContain("FAIL fastapi: error lines in the whole of the files modified since ");
});

test("words that only contain 'error' are not error lines", async () => {
  const root = logsDir({ "api/app.log": "INFO 0 errors, error_rate=0, ErrorBoundary mounted\n" });
  expect((await check(root, ["--since", String(SINCE)])).code).toBe(0);
});

test("with recorded offsets, errors written before the start are ignored and those after are found", async () => {
  const root = logsDir({ ...HEALTHY, "mlflow/mlflow.log": "[ERROR] from the last run\n" });
  const offsets = join(root, "offsets.tsv");
  const rec = await check(root, ["--record-offsets", offsets]);
  expect(rec.code).toBe(0);
  expect(rec.stdout).toContain("recorded the sizes of 3 log files");
  for (const [path, line] of Object.entries(HEALTHY)) appendFileSync(join(root, path), line);
  appendFileSync(join(root, "mlflow/mlflow.log"), "[INFO] Listening at: http://0.0.0.0:5000\n");
  expect((await check(root, ["--since", String(SINCE), "--offsets", offsets])).code).toBe(0);
  // Without the offsets the old error counts: the whole file was modified since the start.
  expect((await check(root, ["--since", String(SINCE)])).code).toBe(1);

  appendFileSync(join(root, "mlflow/mlflow.log"), "[ERROR] new\n");
  const r = await check(root, ["--since", String(SINCE), "--offsets", offsets]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(":+3:[ERROR] new");
  expect(r.stdout).not.toContain("from the last run");
});

test("a log file created after the offsets were recorded, or truncated since, is read whole", async () => {
  const root = logsDir(HEALTHY);
  const offsets = join(root, "offsets.tsv");
  await check(root, ["--record-offsets", offsets]);
  writeFileSync(join(root, "vllm/vllm_20261129_231500.log"), "ERROR 11-29 23:15:00 CUDA out of memory\n");
  truncateSync(join(root, "fastapi/app.log"), 0);
  writeFileSync(join(root, "fastapi/app.log"), "CRITICAL x\n");
  appendFileSync(join(root, "mlflow/mlflow.log"), "[INFO] still here\n");
  const r = await check(root, ["--since", String(SINCE), "--offsets", offsets, "vllm", "fastapi", "mlflow"]);
  expect(r.code).toBe(1);
  expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("FAILED: vllm fastapi");
});

test("without services every folder is checked; START_EPOCH and date(1) times give the start", async () => {
  const root = logsDir({ ...HEALTHY, "old/x.log": "INFO\n" });
  age(root, "old/x.log", STALE);
  const r = await check(root, [], { START_EPOCH: String(SINCE) });
  expect(r.code).toBe(1);
  expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("FAILED: old");
  const iso = new Date(SINCE * 1000).toISOString();
  expect((await check(root, ["--since", iso, "vllm"])).code).toBe(0);
});

test.each([
  ["no start time", [], "no start time"],
  ["a bad time", ["--since", "yesterday-ish"], "--since: not a time"],
  ["an unknown option", ["--since", "1", "--fast"], "unknown option --fast"],
  ["a bad pattern", ["--since", "1", "--error-pattern", "(unclosed"], "not a valid grep -E pattern"],
])("bad usage: %s exits 2 saying why", async (_, args, message) => {
  const root = logsDir(HEALTHY);
  const r = await check(root, args);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe("");
});

test("with recorded offsets, a log file modified since the start but holding nothing new is not fresh", async () => {
  // A service whose writes go elsewhere while its file in logs/ is kept from an earlier run: touched (a fresh
  // modification time), or rewritten with the same bytes, it still holds only the old lines.
  const root = logsDir(HEALTHY);
  const offsets = join(root, "offsets.tsv");
  await check(root, ["--record-offsets", offsets]);
  appendFileSync(join(root, "vllm/vllm_20261129_230000.log"), "INFO 11-29 23:01:00 Application startup complete.\n");
  appendFileSync(join(root, "fastapi/app.log"), "INFO: GET /health 200\n");
  const now = Date.now() / 1000;
  utimesSync(join(root, "mlflow/mlflow.log"), now, now); // touched: modified now, nothing written
  const r = await check(root, ["--since", String(SINCE), "--offsets", offsets, "vllm", "fastapi", "mlflow"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("ok vllm: ");
  expect(r.stdout).toContain("ok fastapi: ");
  expect(r.stdout).toContain(`FAIL mlflow: nothing written to ${join(root, "mlflow")} since `);
  expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("FAILED: mlflow");
  // Without the offsets only the modification time counts, as before.
  expect((await check(root, ["--since", String(SINCE), "vllm", "fastapi", "mlflow"])).code).toBe(0);
});
