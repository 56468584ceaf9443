// A relative glob is read from the scenario's directory. When the folder it names is missing there but exists in the
// working directory (`logs/demo/*.jsonl` in scenarios/s.yaml, run from the repository's root, where `ls logs/demo`
// lists it), the no-match message says where paths start and the path that reaches it. It said only "logs/demo does not
// exist; the nearest existing directory, ., holds: …", `.` being the scenario's folder, which read as the working one.
import { expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./helpers/cli.ts";

const HINT = "logs/demo does not exist (paths start at the scenario's directory, scenarios/: the working directory's logs/demo is ../logs/demo from there); the nearest existing directory, ., holds: s.yaml";

function tree(): string {
  const dir = tempDir("no-match-cwd-");
  mkdirSync(join(dir, "logs", "demo"), { recursive: true });
  writeFileSync(join(dir, "logs", "demo", "a.jsonl"), '{"msg":"hi"}\n');
  mkdirSync(join(dir, "scenarios"));
  writeFileSync(join(dir, "scenarios", "s.yaml"), [
    "name: relative paths",
    "steps:",
    "  - files: { glob: logs/demo/*.jsonl }",
    "    continue_on_failure: true",
    '  - logql: { files: { "logs/demo/*.jsonl": {} }, query: "{filename=~\\".+\\"}" }',
    "",
  ].join("\n"));
  return dir;
}

async function run(dir: string, cwd: string) {
  const r = await runCli([join(dir, "scenarios", "s.yaml"), "--report", "json", "--report-dir", join(dir, "reports"), "--no-color"], { cwd });
  const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { steps: { error?: string; checks?: { path: string; note?: string }[] }[] };
  return { code: r.code, fileNote: report.steps[0]?.checks?.find((c) => c.path === "glob")?.note ?? "", logqlError: report.steps[1]?.error ?? "" };
}

test("run from the folder that holds logs/demo: both the files and the logql step say paths start at scenarios/ and give ../logs/demo", async () => {
  const dir = tree();
  const r = await run(dir, dir);
  expect(r.code).toBe(1);
  expect(r.fileNote).toBe(`"logs/demo/*.jsonl" matches no file: ${HINT}`);
  expect(r.logqlError).toBe(`"logs/demo/*.jsonl" matches no file: ${HINT}`);
});

test("run from the scenario's own folder, or where no logs/demo is, the message is as before", async () => {
  for (const where of ["scenarios", "logs"]) {
    const dir = tree();
    const r = await run(dir, join(dir, where));
    // The run log's .context/ may be among what the scenario's folder holds (run from there).
    const plain = /^"logs\/demo\/\*\.jsonl" matches no file: logs\/demo does not exist; the nearest existing directory, \., holds: (\.context\/, )?s\.yaml$/;
    expect({ where, note: r.fileNote, error: r.logqlError }).toEqual({ where, note: expect.stringMatching(plain), error: expect.stringMatching(plain) });
  }
});
