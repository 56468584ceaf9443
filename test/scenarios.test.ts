// Every shipped scenario loads and validates (full-stack.yaml needs images this machine cannot pull, so it is only validated here).
import { expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, runCli, waitFor } from "./helpers/cli.ts";
import { freePort } from "./helpers/ports.ts";
import { loadScenario } from "../lib/loader/load.ts";
import { builtins } from "../lib/vars/scope.ts";

const scenarios = readdirSync(join(REPO, "scenarios")).filter((f) => f.endsWith(".yaml"));

test("the shipped scenarios are there", () => {
  expect(scenarios).toEqual(expect.arrayContaining(["demo.yaml", "full-stack.yaml", "compose-demo.yaml", "unified-logging.yaml"]));
});

for (const file of scenarios) {
  test(`scenarios/${file} validates`, async () => {
    const r = await runCli(["validate", file], { cwd: REPO });
    // A secret left empty for the user to set (full-stack.yaml's API_KEY) is rightly a warning; nothing else may be said.
    expect(r.stderr.split("\n").filter((l) => l !== "" && !/^warning: scenarios\/\S+: secret \w+: its value is empty/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`scenarios/${file}: ok`);
  });
}

// A step that starts what later steps check (compose up, a background service) must be `setup: true`: else `--step` or
// `--tag` selecting a later check leaves it out, and the check runs against nothing (or a stale stack left running).
for (const file of scenarios) {
  test(`scenarios/${file}: every step that starts something is a setup step`, async () => {
    const { scenario } = await loadScenario(join(REPO, "scenarios", file), { sources: { cli: {}, envFile: {}, env: {} }, builtins: (dir) => builtins("check", new Date(), dir, REPO) }, REPO);
    // The input as written: staticInput is left out for an input holding a ${…}, as every compose step of app.yaml and
    // full-stack.yaml does (their files are variables), and a compose step without an action starts the stack too.
    const starts = scenario.steps.filter((s) => {
      const input = s.input as Record<string, unknown> | undefined;
      return (s.kind === "compose" && (input?.action ?? "up") === "up") || (s.kind === "shell" && input?.background === true);
    });
    expect(starts.filter((s) => !s.setup).map((s) => s.name)).toEqual([]);
  });
}

test("the demo with one check selected keeps the steps that start its service and wait for it, and passes", async () => {
  const r = await runCli(["run", "scenarios/demo.yaml", "--step", "List items", "--quiet"], { cwd: REPO });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});

// The demo is the file teams copy. Most services append to their log, so an earlier run's request lines are still
// there at the next run: the demo's checks of what the log says must read this run's lines only, or a service that has
// stopped logging its requests passes on the old ones.
test("the demo's log checks count only this run's lines: an appending service that no longer logs its requests fails", async () => {
  const dir = mkdtempSync(join(tmpdir(), "demo-template-"));
  try {
    mkdirSync(join(dir, "scenarios"));
    mkdirSync(join(dir, "demo"));
    mkdirSync(join(dir, "logs", "demo"), { recursive: true });
    copyFileSync(join(REPO, "scenarios", "demo.yaml"), join(dir, "scenarios", "demo.yaml"));
    // An earlier run's lines, two minutes old: every request the demo makes, answered as it expects.
    const then = new Date(Date.now() - 120_000).toISOString();
    const old = [
      ["GET", "/health", 200, "info"], ["GET", "/v1/items", 401, "warn"], ["GET", "/v1/items", 200, "info"],
      ["GET", "/v1/items/m-001", 200, "info"], ["GET", "/v1/items/nope", 404, "warn"],
    ].map(([method, path, status, level]) => JSON.stringify({ timestamp: then, level, service: "demo", message: `${method} ${path} ${status}`, method, path, status }));
    writeFileSync(join(dir, "logs", "demo", "demo.jsonl"), `${old.join("\n")}\n`);
    // The service as the demo's, but it appends (keeps the old lines) and logs only its start and stop.
    writeFileSync(
      join(dir, "demo", "server.ts"),
      `import { appendFileSync } from "node:fs";
const file = process.env.DEMO_LOG_DIR + "/demo.jsonl";
const log = (message: string) => appendFileSync(file, JSON.stringify({ timestamp: new Date().toISOString(), level: "info", service: "demo", message }) + "\\n");
const items = [{ id: "m-001", name: "tiny-llama", status: "ready" }, { id: "m-002", name: "whisper-small", status: "ready" }, { id: "m-003", name: "bge-base", status: "loading" }];
const server = Bun.serve({ hostname: "127.0.0.1", port: Number(process.env.DEMO_PORT), fetch(req) {
  const path = new URL(req.url).pathname;
  if (path === "/health") return Response.json({ status: "ok", run: process.env.RUN_ID });
  if (req.headers.get("authorization") !== "Bearer " + process.env.DEMO_TOKEN) return Response.json({ error: "missing or wrong bearer token" }, { status: 401 });
  if (path === "/v1/items") return Response.json({ items });
  const item = items.find((i) => path === "/v1/items/" + i.id);
  return item ? Response.json(item) : Response.json({ error: "no item" }, { status: 404 });
} });
log("demo service listening");
process.on("SIGTERM", () => { log("demo service stopping"); server.stop(true); process.exit(0); });
`,
    );
    const port = String(freePort());
    const r = await runCli(["run", "scenarios/demo.yaml", "--var", `DEMO_PORT=${port}`, "--quiet", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ This run's health checks reached the demo log [demo]`);
    expect(r.stdout).toContain(`contains: expected a line containing "GET /health 200", actual "none of 0 lines"`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A demo service an earlier run left on the port answers /health: this run's own service cannot listen and exits (a
// warning), and every check would reach the old one. The health check asks which run's service answers.
test("the demo fails when what answers on its port is a service an earlier run left, not the one it started", async () => {
  const dir = mkdtempSync(join(tmpdir(), "demo-leftover-"));
  const port = freePort();
  const old = Bun.spawn([process.execPath, join(REPO, "demo", "server.ts")], {
    env: { ...process.env, DEMO_PORT: String(port), DEMO_LOG_DIR: join(dir, "old-logs"), DEMO_TOKEN: "demo-token-not-a-real-secret", RUN_ID: "0earlier" },
    stdout: "ignore",
    stderr: "inherit",
  });
  try {
    // Listening once its log says so.
    const log = join(dir, "old-logs", "demo.jsonl");
    await waitFor(() => existsSync(log) && readFileSync(log, "utf8").includes("listening"), "the earlier run's demo service to listen", 30_000);
    const r = await runCli(["run", "scenarios/demo.yaml", "--var", `DEMO_PORT=${port}`, "--quiet", "--report-dir", join(dir, "reports")], { cwd: REPO });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ Demo service answers /health [demo]");
    expect(r.stdout).toContain(`$.run: expected == `);
  } finally {
    old.kill();
    await old.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

// START_EPOCH is the run's start in whole seconds, rounded down: as a query's `start` it takes the lines written in
// that second before the run began (an earlier run's "web answered", or its error line). START_ISO is to the millisecond.
test("no shipped scenario or init draft reads lines since the run's start from START_EPOCH", () => {
  for (const file of [...scenarios.map((f) => join(REPO, "scenarios", f)), join(REPO, "lib", "cli", "init.ts")]) {
    expect({ file, lines: readFileSync(file, "utf8").split("\n").filter((l) => /\bstart: \$\{START_EPOCH\}/.test(l)) }).toEqual({ file, lines: [] });
  }
});
