// Start-up cost: a run imports only the step kinds, reporters and libraries it uses (checked by the modules loaded, not by time).
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempDir, writeScenario } from "./helpers/cli.ts";

interface Loaded {
  code: number;
  stdout: string;
  stderr: string;
  modules: string[];
}

async function modulesAfter(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Loaded> {
  const proc = Bun.spawn([process.execPath, join(REPO, "test/helpers/modules-loaded.ts"), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  if ((await proc.exited) !== 0) throw new Error(`helper failed:\n${stderr}`);
  return JSON.parse(stdout) as Loaded;
}

const STEP_FILES = ["compose", "http", "files", "logql", "promql", "shell", "sleep"].map((k) => `lib/steps/${k}.ts`);
const has = (modules: string[], part: string) => modules.some((m) => m.includes(part));

describe("start-up imports", () => {
  test("validate of a shell step loads the shell kind only, and neither the yaml package nor any optional library", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
    const r = await modulesAfter(["validate", file], dir);
    expect(r.code).toBe(0);
    expect(STEP_FILES.filter((f) => r.modules.includes(f))).toEqual(["lib/steps/shell.ts"]);
    for (const lib of ["node_modules/yaml/", "@grafana/lezer-logql", "node_modules/ajv/", "node_modules/chalk/", "node_modules/ora/", "lib/report/console.ts", "lib/report/index.ts"]) {
      expect({ lib, loaded: has(r.modules, lib) }).toEqual({ lib, loaded: false });
    }
  });

  test("validate and a run of http, shell and sleep steps load no zod, with variables interpolated at each attempt", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ id: 7 }) });
    try {
      const dir = tempDir();
      const file = writeScenario(dir, [
        "name: kinds",
        "steps:",
        "  - http: { url: \"${BASE}/items/7\", expect: { status: 200, json: { \"$.id\": 7 } } }",
        "  - shell: { run: \"echo $WORD\", env: { WORD: \"${WORD}\" }, expect: { stdout: hello } }",
        "  - sleep: ${PAUSE}",
        "",
      ].join("\n"));
      const vars = ["--var", `BASE=${server.url.origin}`, "--var", "WORD=hello", "--var", "PAUSE=1ms"];
      const validated = await modulesAfter(["validate", file, ...vars], dir);
      expect(validated.code).toBe(0);
      expect(has(validated.modules, "node_modules/zod/")).toBe(false);
      const ran = await modulesAfter(["run", file, ...vars, "--report-dir", join(dir, "reports")], dir);
      expect({ code: ran.code, stdout: ran.stdout }).toEqual({ code: 0, stdout: expect.stringContaining("3 passed") });
      expect(has(ran.modules, "node_modules/zod/")).toBe(false);
      const dry = await modulesAfter(["run", file, ...vars, "--dry-run"], dir);
      expect({ code: dry.code, stdout: dry.stdout }).toEqual({ code: 0, stdout: expect.stringContaining(`GET ${server.url.origin}/items/7`) });
      expect(has(dry.modules, "node_modules/zod/")).toBe(false);
      // An input the fast check is unsure of still goes to zod, which words the error.
      const bad = await modulesAfter(["run", file, "--var", `BASE=${server.url.origin}`, "--var", "WORD=hello", "--var", "PAUSE=soon", "--report-dir", join(dir, "reports")], dir);
      expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('invalid duration "soon"') });
      expect(has(bad.modules, "node_modules/zod/")).toBe(true);
    } finally {
      server.stop(true);
    }
  });

  test("node:net (~6 ms to load) comes only with a proxy whose no_proxy list must be read", async () => {
    // The one static import of node:net is in the module that reads no_proxy entries (addresses and ranges).
    const importers = [...new Bun.Glob("lib/**/*.ts").scanSync(REPO)].filter((f) => !f.endsWith(".test.ts") && /from "node:net"/.test(readFileSync(join(REPO, f), "utf8")));
    expect(importers).toEqual(["lib/util/no-proxy-entry.ts"]);
    // A request by name goes through fetch, whose proxy the step works out at every request (for a timeout's words).
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
    try {
      const dir = tempDir();
      const file = writeScenario(dir, `name: one\nsteps:\n  - http: { url: "http://localhost:${server.port}/", expect: { status: 200 } }\n`);
      const noProxy = { http_proxy: undefined, HTTP_PROXY: undefined, all_proxy: undefined, ALL_PROXY: undefined, no_proxy: "localhost", NO_PROXY: undefined };
      const direct = await modulesAfter(["run", file, "--report-dir", join(dir, "reports")], dir, noProxy);
      expect({ code: direct.code, loaded: direct.modules.includes("lib/util/no-proxy-entry.ts") }).toEqual({ code: 0, loaded: false });
      // With a proxy set (one that refuses: the request must not go there), no_proxy is read and sends it straight.
      const proxied = await modulesAfter(["run", file, "--report-dir", join(dir, "reports")], dir, { ...noProxy, http_proxy: "http://127.0.0.1:9" });
      expect({ code: proxied.code, loaded: proxied.modules.includes("lib/util/no-proxy-entry.ts") }).toEqual({ code: 0, loaded: true });
    } finally {
      server.stop(true);
    }
  });

  test("a logql step brings its parser; the kinds it does not use stay unloaded", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, "name: q\nsteps:\n  - logql: { query: '{job=\"a\"}', files: { \"*.log\": { job: a } }, expect: { lines: 0 } }\n");
    const r = await modulesAfter(["validate", file], dir);
    expect(r.stderr).toBe("");
    expect(STEP_FILES.filter((f) => r.modules.includes(f))).toEqual(["lib/steps/logql.ts"]);
    expect(has(r.modules, "@grafana/lezer-logql")).toBe(true);
  });

  test("validate and a run of logql (files) and promql steps load no zod; an input the fast check is unsure of does", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ status: "success", data: { resultType: "vector", result: [{ metric: { job: "a" }, value: [1714564800, "1"] }] } }) });
    try {
      const dir = tempDir();
      writeFileSync(join(dir, "a.log"), "GET /a 200\nGET /b 500\n");
      const file = writeScenario(dir, [
        "name: queries",
        "steps:",
        "  - logql: { query: 'count_over_time({job=\"a\"} |= \"GET\" [1h])', files: { \"*.log\": { job: a } }, expect: { value: 2 } }",
        "  - logql: { query: '{job=\"a\"} |= \"500\"', files: { \"*.log\": { job: a } }, expect: { lines: 1, contains: [\"GET /b\"] } }",
        `  - promql: { url: "${server.url.origin}", query: up, expect: { value: 1, labels: { job: [a] } } }`,
        "",
      ].join("\n"));
      const validated = await modulesAfter(["validate", file], dir);
      expect({ code: validated.code, zod: has(validated.modules, "node_modules/zod/") }).toEqual({ code: 0, zod: false });
      const ran = await modulesAfter(["run", file, "--report-dir", join(dir, "reports")], dir);
      expect({ code: ran.code, stdout: ran.stdout, zod: has(ran.modules, "node_modules/zod/") }).toEqual({ code: 0, stdout: expect.stringContaining("3 passed"), zod: false });
      // A misspelt expectation goes to zod, which words the error.
      const bad = writeScenario(dir, "name: q\nsteps:\n  - logql: { query: '{job=\"a\"}', files: { \"*.log\": {} }, expect: { line: 1 } }\n", "bad.yaml");
      const refused = await modulesAfter(["validate", bad], dir);
      expect({ code: refused.code, stderr: refused.stderr, zod: has(refused.modules, "node_modules/zod/") }).toEqual({ code: 2, stderr: expect.stringContaining('unknown key "line"'), zod: true });
    } finally {
      server.stop(true);
    }
  });

  test("errors still name every kind though none was loaded", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, "name: bad\nsteps:\n  - bogus: 1\n  - sleep: 1ms\n    shel: { run: x }\n");
    const r = await modulesAfter(["validate", file], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a step needs exactly one kind key: compose, http, files, logql, promql, shell, sleep");
    expect(r.stderr).toContain('unknown key "bogus" (allowed: name, id, service, tags, timeout, eventually, retries, hold, continue_on_failure, always, setup, compose, http, files, logql, promql, shell, sleep)');
    expect(r.stderr).toContain('unknown key "shel" (did you mean "shell"?)');
    expect(STEP_FILES.filter((f) => r.modules.includes(f))).toEqual(["lib/steps/sleep.ts"]);
  });

  test("a run off a terminal loads the reporters it writes (Markdown and the log by default), no spinner, no colours and no other format", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
    const r = await modulesAfter(["run", file, "--report-dir", join(dir, "reports")], dir);
    expect(r.code).toBe(0);
    for (const m of ["lib/report/console.ts", "lib/report/markdown.ts", "lib/report/log.ts"]) expect(r.modules).toContain(m);
    for (const m of ["lib/report/junit.ts", "lib/report/json.ts", "lib/report/html.ts", "node_modules/ora/", "node_modules/chalk/"]) {
      expect({ m, loaded: has(r.modules, m) }).toEqual({ m, loaded: false });
    }
  });
});
