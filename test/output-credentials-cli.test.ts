// End-to-end (the real CLI): a URL's password in a text a step shows (a log line a files step quotes, a command's output)
// and the cells of a CSV column named for a credential (quoted by a `format: csv` failure) are in none of the console,
// the run log and the reports.
import { expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/**
 * Runs the scenario in a new folder holding `inputs` (path → text); the exit code, stdout, stderr, and the text of
 * every report and run log the run wrote.
 */
async function run(inputs: Record<string, string>, yaml: string): Promise<{ code: number | null; stdout: string; stderr: string; written: [string, string][] }> {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(inputs)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const path = writeScenario(dir, yaml);
  const r = await runCli(["run", path, "--report", "md,log,junit,json,html", "--report-dir", "reports", "--verbose", "--no-color"], { cwd: dir });
  const written = files(dir)
    .filter((f) => f.startsWith(join(dir, "reports")) || f.startsWith(join(dir, ".context", "terminal")))
    .map((f) => [f, readFileSync(f, "utf8")] as [string, string]);
  return { ...r, written };
}

/** None of `values` is in stdout, stderr, the run log or a report (md, json, junit xml, html). */
function expectHidden(values: readonly string[], r: Awaited<ReturnType<typeof run>>): void {
  const kinds = new Set(r.written.map(([f]) => (f.includes(join(".context", "terminal")) ? "log" : f.slice(f.lastIndexOf(".") + 1))));
  expect([...kinds].sort()).toEqual(["html", "json", "log", "md", "xml"]);
  for (const [f, text] of [["stdout", r.stdout], ["stderr", r.stderr], ...r.written] as [string, string][]) {
    expect({ f, found: values.filter((v) => text.includes(v)) }).toEqual({ f, found: [] });
  }
}

test("a URL's password in a quoted log line and in a command's output is masked; a URL without one, a port and an email are not", async () => {
  const inputs = {
    "k/url.log": "connecting postgres://admin:s3cr3tpw@db:5432/x Traceback\n",
    // Read by the command: its input holds no URL (a URL's password written in a step is masked from the start).
    "k/urls.txt": "redis://:sh0rt@cache:6379/0 amqp://guest:guest@mq/ https://ann@git.example.com/r.git http://host:8080/a?b=c@d mail bob@example.com\n",
  };
  const r = await run(inputs, `name: url password
steps:
  - name: quoted
    continue_on_failure: true
    files: { glob: k/url.log, expect: { not_contains: Traceback } }
  - name: printed
    continue_on_failure: true
    shell:
      run: "cat k/urls.txt; exit 1"
`);
  expect(r.code).toBe(1);
  expectHidden(["s3cr3tpw", "sh0rt", "guest@mq"], r);
  // The password alone: the URL's user, host and port stay.
  expect(r.stdout).toContain("connecting postgres://admin:***@db:5432/x Traceback");
  expect(r.stdout).toContain("redis://:***@cache:6379/0 amqp://guest:***@mq/");
  // No password: a user alone, a port, an `@` past the authority, an email address.
  expect(r.stdout).toContain("https://ann@git.example.com/r.git http://host:8080/a?b=c@d mail bob@example.com");
});

test("the cells of a CSV column named for a credential are masked where a format: csv failure quotes the row", async () => {
  const inputs = { "k/rf.csv": "ts,level,password\n1,fatal,hunter3secret\n", "k/extra.csv": "ts,level,api_token\n1,info,Tok3nValue99,extra\n" };
  // The same value elsewhere (a command's output) is masked too once the quote has learned it.
  const r = await run(inputs, `name: csv credentials
steps:
  - name: fields
    continue_on_failure: true
    files: { glob: k/rf.csv, expect: { format: csv, required_fields: { level: info } } }
  - name: count
    continue_on_failure: true
    files: { glob: k/extra.csv, expect: { format: csv } }
  - name: elsewhere
    continue_on_failure: true
    shell: { run: "cat k/rf.csv; exit 1" }
`);
  expect(r.code).toBe(1);
  expectHidden(["hunter3secret", "Tok3nValue99"], r);
  // A field too many may stand before the credential's cell or inside it: the cell it may have moved to is masked too.
  expect(r.stdout).toContain('k/rf.csv:2: field \\"level\\" is \\"fatal\\", expected == \\"info\\": 1,fatal,***"');
  expect(r.stdout).toContain('"k/extra.csv:2: 4 fields, the header has 3: 1,info,***,***"');
  expect(r.stdout).toContain("ts,level,password\n  │   1,fatal,***\n");
});
