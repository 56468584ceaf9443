// End-to-end: several scenario files in one invocation — folders, --jobs, --shard, the combined summary, Ctrl-C.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { putFile, runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";

interface SummaryJson {
  exitCode: number;
  files: { file: string; scenario: string; status: string; runId: string; reports: string[] }[];
}

function folderOf(files: Record<string, string>): { dir: string; sc: string } {
  const dir = tempDir("scenario-many-");
  const sc = join(dir, "sc");
  mkdirSync(sc);
  for (const [name, yaml] of Object.entries(files)) writeScenario(sc, yaml, name);
  return { dir, sc };
}

const passing = (name: string) => `name: ${name}\nsteps:\n  - shell: { run: "echo ${name}" }\n`;
const failing = (name: string) => `name: ${name}\nsteps:\n  - shell: { run: "false" }\n`;

describe("several files", () => {
  test("a folder runs its scenario files with --jobs: each run whole, one summary, the worst exit code", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": failing("beta"), "c.yml": passing("gamma"), "notes.txt": "not a scenario" });
    const r = await runCli(["run", "sc", "--jobs", "2", "--report", "junit"], { cwd: dir });
    expect(r.code).toBe(1);
    // Each run's lines come out together: from its header to its reports line, no other run's line.
    const lines = r.stdout.split("\n");
    for (const name of ["alpha", "beta", "gamma"]) {
      const start = lines.findIndex((l) => l.startsWith(`▶ ${name}`));
      const end = lines.findIndex((l, i) => i > start && l.startsWith("reports: "));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(lines.slice(start + 1, end).some((l) => l.startsWith("▶ "))).toBe(false);
      expect(lines[end]).toContain(`reports/${name}-`);
    }
    expect(r.stdout).toMatch(/summary — 3 files: 2 passed, 1 failed/);
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as SummaryJson;
    expect(summary.exitCode).toBe(1);
    expect(summary.files.map((f) => [f.file, f.status])).toEqual([["sc/a.yaml", "passed"], ["sc/b.yaml", "failed"], ["sc/c.yml", "passed"]]);
    expect(new Set(summary.files.map((f) => f.runId)).size).toBe(3);
    const xml = readFileSync(join(dir, "reports", "latest-summary.xml"), "utf8");
    expect(xml.match(/<testsuite /g)?.length).toBe(3);
    expect(readFileSync(join(dir, "reports", "latest-summary.md"), "utf8")).toContain("| failed | sc/b.yaml | beta |");
    // Each concurrent run writes its own run log.
    expect(readdirSync(join(dir, ".context", "terminal")).length).toBe(3);
  });

  test("two files with the same scenario name each keep their own report files (the run id in the name)", async () => {
    const { dir } = folderOf({ "a.yaml": passing("twin"), "b.yaml": failing("twin") });
    const r = await runCli(["run", "sc", "--jobs", "2", "--report", "md,json,junit,html"], { cwd: dir });
    expect(r.code).toBe(1);
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as SummaryJson;
    const [a, b] = summary.files;
    for (const f of [a!, b!]) {
      for (const ext of [".md", ".json", ".xml", ".html"]) {
        expect(f.reports.filter((p) => p.endsWith(`-${f.runId}${ext}`)).length).toBe(1);
      }
    }
    const jsonOf = (f: SummaryJson["files"][number]) => JSON.parse(readFileSync(join(dir, f.reports.find((p) => p.endsWith(`-${f.runId}.json`))!), "utf8")) as { status: string };
    expect([jsonOf(a!).status, jsonOf(b!).status]).toEqual(["passed", "failed"]);
    const own = readdirSync(join(dir, "reports")).filter((f) => f.startsWith("twin-"));
    expect(own.length).toBe(8);
  });

  test("a secret of one file is masked in the output and reports of another that prints it without naming it", async () => {
    const { dir } = folderOf({
      "a.yaml": `name: a\nsecrets: [API_KEY]\nsteps:\n  - shell: { run: "echo key=$API_KEY" }\n`,
      "b.yaml": `name: b\nsteps:\n  - shell: { run: "echo from-env=$API_KEY; false" }\n`,
    });
    const r = await runCli(["run", "sc", "-v", "--report", "junit,json,html"], { cwd: dir, env: { API_KEY: "k3y-of-file-a-77" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("from-env=***");
    const written = [
      ...readdirSync(join(dir, "reports")).map((f) => join(dir, "reports", f)),
      ...readdirSync(join(dir, ".context", "terminal")).map((f) => join(dir, ".context", "terminal", f)),
    ];
    expect(written.length).toBeGreaterThan(10);
    for (const path of written) expect(readFileSync(path, "utf8")).not.toContain("k3y-of-file-a-77");
    expect(r.stdout + r.stderr).not.toContain("k3y-of-file-a-77");
  });

  test("a --var that one file names a secret is masked in another file's reports (the command line they record)", async () => {
    const { dir } = folderOf({
      "a.yaml": `name: a\nsteps:\n  - shell: { run: "true" }\n`,
      "b.yaml": `name: b\nsecrets: [TOKEN]\nsteps:\n  - shell: { run: "echo $TOKEN" }\n`,
    });
    const r = await runCli(["run", "sc", "--var", "TOKEN=var-token-of-b-31", "--report", "junit,json,html"], { cwd: dir });
    expect(r.code).toBe(0);
    const aReports = readdirSync(join(dir, "reports")).filter((f) => f.startsWith("a-"));
    expect(aReports.length).toBe(4);
    expect(readFileSync(join(dir, "reports", aReports.find((f) => f.endsWith(".md"))!), "utf8")).toContain("--var TOKEN=***");
    for (const f of readdirSync(join(dir, "reports"))) expect(readFileSync(join(dir, "reports", f), "utf8")).not.toContain("var-token-of-b-31");
    for (const f of readdirSync(join(dir, ".context", "terminal"))) expect(readFileSync(join(dir, ".context", "terminal", f), "utf8")).not.toContain("var-token-of-b-31");
  });

  test("--dry-run masks a secret of one file in another file's plan", async () => {
    const { dir } = folderOf({
      "a.yaml": `name: a\nsteps:\n  - shell: { run: "echo \${TOKEN}" }\n`,
      "b.yaml": `name: b\nsecrets: [TOKEN]\nsteps:\n  - shell: { run: "echo $TOKEN" }\n`,
    });
    const r = await runCli(["run", "sc", "--dry-run", "--var", "TOKEN=var-token-of-b-32"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$ echo ***");
    expect(r.stdout + r.stderr).not.toContain("var-token-of-b-32");
  });

  test("a combined summary that cannot be written: the summary is printed, stderr says which, exit 2 (no crash)", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": passing("beta") });
    mkdirSync(join(dir, "reports", "latest-summary.json"), { recursive: true });
    const r = await runCli(["run", "sc"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("summary — 2 files: 2 passed");
    expect(r.stderr).toContain("scenario: the combined summary could not be written (latest-summary.json: ");
    expect(r.stderr).not.toContain("    at ");
    expect(readFileSync(join(dir, "reports", "latest-summary.xml"), "utf8")).toContain('file="sc/b.yaml"');
  });

  test("a file whose report could not be written keeps its run's status (not invalid, which is refused before running) and exits 2", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": failing("beta") });
    mkdirSync(join(dir, "reports", "latest.json"), { recursive: true });
    const r = await runCli(["run", "sc", "--report", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("summary — 2 files: 1 passed, 1 failed");
    expect(r.stdout).toMatch(/\n  passed      sc\/a\.yaml  1 passed, 0 failed, 0 skipped \(a report could not be written: exit 2\)  /);
    expect(r.stdout).toMatch(/\n  failed      sc\/b\.yaml  0 passed, 1 failed, 0 skipped \(a report could not be written: exit 2\)  /);
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as { exitCode: number; files: { status: string; exitCode: number; reportsUnwritten?: boolean }[] };
    expect(summary.exitCode).toBe(2);
    expect(summary.files.map((f) => [f.status, f.exitCode, f.reportsUnwritten])).toEqual([["passed", 2, true], ["failed", 2, true]]);
  });

  test("a file that runs after another starts when it starts: its files fresh check, reports and run log do not take the invocation's start", async () => {
    // b checks that its service wrote a log during its own run; nothing does, but a, run before it, wrote the file.
    const { dir } = folderOf({
      "a.yaml": `name: writer\nsteps:\n  - shell: { run: "echo line >> ../logs/app.log" }\n  - shell: { run: "true" }\n`,
      "b.yaml": `name: checker\nsteps:\n  - files: { glob: "../logs/*.log", expect: { fresh: true } }\n`,
    });
    putFile(dir, "logs/app.log", "old\n");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, "logs", "app.log"), hourAgo, hourAgo);
    const r = await runCli(["run", "sc", "--report", "json,junit"], { cwd: dir });
    expect(r.stdout).toMatch(/\n  failed      sc\/b\.yaml  0 passed, 1 failed/);
    expect(r.code).toBe(1);
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as SummaryJson;
    const [a, b] = summary.files.map((f) => JSON.parse(readFileSync(join(dir, f.reports.find((p) => p.endsWith(`-${f.runId}.json`))!), "utf8")) as { startedAt: string; endedAt: string; durationMs: number });
    // b's record starts after a's ends, and its start, end and duration agree.
    expect(Date.parse(b!.startedAt)).toBeGreaterThanOrEqual(Date.parse(a!.endedAt));
    expect(Date.parse(b!.endedAt) - Date.parse(b!.startedAt)).toBeGreaterThanOrEqual(Math.floor(b!.durationMs));
    const xml = readFileSync(join(dir, "reports", "latest-summary.xml"), "utf8");
    const stamp = (iso: string) => iso.replace(/\.\d+Z$/, "Z");
    expect(xml).toContain(`timestamp="${stamp(b!.startedAt)}" file="sc/b.yaml"`);
    // The run log's records are in time order: its "run start" is not stamped before a's run ended.
    const log = readdirSync(join(dir, ".context", "terminal")).map((f) => readFileSync(join(dir, ".context", "terminal", f), "utf8")).find((t) => t.includes("run start: checker"))!;
    const times = [...log.matchAll(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) /gm)].map((m) => Date.parse(m[1]!));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[0]!).toBeGreaterThanOrEqual(Date.parse(a!.endedAt));
  });

  test("--quiet still prints every report path and the summary", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": passing("beta") });
    const r = await runCli(["run", "sc", "--quiet"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("reports: reports/alpha-");
    expect(r.stdout).toContain("reports: reports/beta-");
    expect(r.stdout).toContain("summary: reports/summary-");
    expect(r.stdout).toContain("reports/latest-summary.xml");
  });

  test("a folder holding one scenario file writes the combined summary, as the README's CI recipes read it; a file named alone does not", async () => {
    // `scenario run scenarios/ --report junit` with GitLab's junit report on reports/latest-summary.xml: a folder of
    // one file wrote no latest-summary.*, and the job's report was missing (or an earlier run's).
    const { dir } = folderOf({ "a.yaml": failing("alpha") });
    const r = await runCli(["run", "sc/", "--report", "junit"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("summary — 1 file: 1 failed");
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as SummaryJson;
    expect([summary.exitCode, summary.files.map((f) => [f.file, f.status])]).toEqual([1, [["sc/a.yaml", "failed"]]]);
    expect(readFileSync(join(dir, "reports", "latest-summary.xml"), "utf8").match(/<testsuite /g)?.length).toBe(1);
    // The file named itself is one scenario's run: its reports are latest.*, and no summary is written.
    const alone = folderOf({ "b.yaml": passing("beta") });
    const one = await runCli(["run", "sc/b.yaml", "--report", "junit"], { cwd: alone.dir });
    expect(one.code).toBe(0);
    expect(one.stdout).not.toContain("summary —");
    expect(readdirSync(join(alone.dir, "reports")).filter((n) => n.includes("summary"))).toEqual([]);
    expect(existsSync(join(alone.dir, "reports", "latest.xml"))).toBe(true);
  });

  test("--quiet prints the report paths of a single file too", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, passing("solo"));
    const r = await runCli(["run", file, "--quiet"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("reports: reports/solo-");
  });

  test("--shard runs only this runner's share; a shard left empty is an error", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": passing("beta"), "c.yaml": passing("gamma") });
    const r = await runCli(["run", "sc", "--shard", "2/2"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("▶ beta");
    expect(r.stdout).not.toContain("▶ alpha");
    expect(r.stdout).not.toContain("▶ gamma");
    // A shard that gets one file still writes the combined summary every shard's CI job collects.
    const one = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as { files: { scenario: string }[] };
    expect(one.files.map((f) => f.scenario)).toEqual(["beta"]);
    expect(r.stdout).toContain("summary — 1 file: 1 passed");
    const empty = await runCli(["run", "sc", "--shard", "4/4"], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--shard 4/4 gets none of these 3 files");
    expect(empty.stdout).not.toContain("summary —");
  });

  test("--shard loads every file: one that cannot load fails every shard, as it fails a run of them all", async () => {
    const { dir } = folderOf({ "a.yaml": passing("alpha"), "b.yaml": passing("beta"), "z.yaml": "name: broken\nsteps:\n  - sleep: soon\n" });
    for (const shard of ["1/2", "2/2"]) {
      const r = await runCli(["run", "sc", "--shard", shard], { cwd: dir });
      expect([shard, r.code]).toEqual([shard, 2]);
      expect(r.stderr).toContain('sc/z.yaml:3:12: steps[0].sleep: invalid duration "soon"');
      expect(r.stdout).not.toContain("▶");
    }
  });

  test("--shard checks --var names and the selection against every file, as a run of them all does", async () => {
    // Shard 1 (a.yaml) refused --strict-vars for X, which b.yaml, in shard 2, reads; --tag smoke passed shard 1 and
    // failed shard 2, where a run of both files refuses it.
    const { dir } = folderOf({ "a.yaml": 'name: alpha\nsteps:\n  - { tags: [smoke], shell: { run: "true" } }\n', "b.yaml": 'name: beta\nsteps:\n  - shell: { run: "echo ${X}" }\n' });
    for (const shard of ["1/2", "2/2"]) {
      const r = await runCli(["run", "sc", "--shard", shard, "--var", "X=1", "--strict-vars"], { cwd: dir });
      expect([shard, r.code, r.stderr]).toEqual([shard, 0, ""]);
      const tagged = await runCli(["run", "sc", "--shard", shard, "--tag", "smoke", "--var", "X=1"], { cwd: dir });
      expect([shard, tagged.code]).toEqual([shard, 2]);
      expect(tagged.stderr).toContain('--tag "smoke" matches no step of sc/b.yaml');
    }
  });

  test("with --jobs, a run that ends cleans up only its own resources, not those of a run still going", async () => {
    const dir = tempDir("scenario-many-");
    const sc = join(dir, "sc");
    mkdirSync(sc);
    const pidFile = join(dir, "server.pid");
    // "long" starts a background process, then waits until "short" has ended (its report is written after its
    // cleanup) and checks that its process is still alive; "short" ends only once that process has started.
    writeScenario(sc, `name: long
steps:
  - shell: { run: "echo $$ > ${pidFile}; exec sleep 300", background: true }
  - shell: { run: "test -s ${pidFile} && ls ${join(dir, "reports")}/short-*.md" }
    eventually: 2m
  - shell: { run: "kill -0 $(cat ${pidFile})" }
`, "long.yaml");
    writeScenario(sc, `name: short
steps:
  - shell: { run: "test -s ${pidFile}" }
    eventually: 2m
`, "short.yaml");
    const r = await runCli(["run", "sc", "--jobs", "2"], { cwd: dir });
    expect(r.stdout).toMatch(/summary — 2 files: 2 passed/);
    expect(r.code).toBe(0);
  });

  test("one Ctrl-C during --jobs interrupts every running file once; each runs its teardown; the rest never start", async () => {
    const dir = tempDir("scenario-many-");
    const sc = join(dir, "sc");
    mkdirSync(sc);
    const long = (name: string) => `name: ${name}
steps:
  - shell: { run: "touch ${join(dir, `${name}.started`)}; sleep 300" }
    timeout: 10m
teardown:
  - shell: { run: "touch ${join(dir, `${name}.torn-down`)}" }
`;
    for (const n of ["one", "two", "three"]) writeScenario(sc, long(n), `${n}.yaml`);
    // Sorted: one.yaml, three.yaml, two.yaml — with --jobs 2 the first two start, two.yaml waits.
    const { proc, done } = startCli(["run", "sc", "--jobs", "2"], { cwd: dir, env: { SCENARIO_INTERRUPT_WINDOW_MS: "600000" } });
    await waitFor(() => existsSync(join(dir, "one.started")) && existsSync(join(dir, "three.started")), "both running files to start");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr.match(/SIGINT: /g)?.length).toBe(1);
    expect(r.stderr).toContain("SIGINT: files not yet started are not run (press Ctrl-C again to kill everything now)");
    for (const n of ["one", "three"]) expect(r.stderr).toContain(`  sc/${n}.yaml: stopping the running step, then teardown, cleanup and reports\n`);
    expect(existsSync(join(dir, "one.torn-down"))).toBe(true);
    expect(existsSync(join(dir, "three.torn-down"))).toBe(true);
    expect(existsSync(join(dir, "two.started"))).toBe(false);
    const summary = JSON.parse(readFileSync(join(dir, "reports", "latest-summary.json"), "utf8")) as SummaryJson;
    expect(summary.files.map((f) => [f.scenario, f.status])).toEqual([["one", "interrupted"], ["three", "interrupted"], ["two", "not run"]]);
  });
});
