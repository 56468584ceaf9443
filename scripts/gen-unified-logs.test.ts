// Proves scenarios/unified-logging.yaml: it passes on a generated tree and each broken rule fails the right step, naming the file.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main as cli } from "../lib/cli.ts";
import { BREAKS, generateUnifiedLogs, main as gen, type Break } from "./gen-unified-logs.ts";
import { runCli } from "../test/helpers/cli.ts";

const SCENARIO = resolve(import.meta.dir, "../scenarios/unified-logging.yaml");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), "unified-"));
  dirs.push(d);
  return d;
}

/** Runs the scenario in-process through the CLI's main() against a tree; returns exit code and console output. */
async function scenarioOn(root: string): Promise<{ code: number; out: string }> {
  let out = "";
  const sink = { write: (s: string) => ((out += s), true), isTTY: false };
  const code = await cli([SCENARIO, "--var", `LOGS_ROOT=${root}`, "--report-dir", join(root, "reports"), "--no-color"], {
    stdout: sink,
    stderr: sink,
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" },
    handleSignals: false,
  });
  return { code, out };
}

/** The step each broken rule must fail (and only that one), or the steps (and only those). */
const FAILS: Record<Break, string | string[]> = {
  "raw-invalid-json": "Raw logs are JSON lines with the common fields",
  "raw-missing-field": "Raw logs are JSON lines with the common fields",
  "raw-null-field": "Raw logs are JSON lines with the common fields",
  "raw-corrupt-gzip": "Raw logs are JSON lines with the common fields",
  "raw-bad-name": "Raw logs are JSON lines with the common fields",
  // Seen before by neither the format's glob (*.jsonl{,.gz}) nor the age's (*.jsonl).
  "raw-rotated-uncompressed": ["Raw logs are JSON lines with the common fields", "Raw logs older than 1 day are gzip-compressed"],
  "raw-hidden-expired": "Raw logs older than 7 days are deleted",
  "raw-hidden-uncompressed-old": "Raw logs older than 1 day are gzip-compressed",
  // Its name is a raw log's, and the age check's exclude of "*.gz" leaves the folder out whole: the folder's own check.
  "raw-uncompressed-in-gz-folder": "No raw log lies in a folder named like a compressed file",
  "raw-uncompressed-in-jsonl-gz-folder": "No raw log lies in a folder named like a compressed file",
  "raw-stray-file": "Raw logs are JSON lines with the common fields",
  "raw-uncompressed-old": "Raw logs older than 1 day are gzip-compressed",
  "raw-deleted-not-gzipped": "Raw logs older than 1 day are kept gzip-compressed",
  "raw-expired": "Raw logs older than 7 days are deleted",
  "error-wrong-level": "Error files hold only errors",
  "summary-missing-column": "Summaries are CSV with the daily columns",
  "summary-ragged-row": "Summaries are CSV with the daily columns",
  "summary-uncompressed-old": "Summaries older than 7 days are gzip-compressed",
  "summary-hidden-uncompressed-old": "Summaries older than 7 days are gzip-compressed",
  "summary-deleted-not-gzipped": "Summaries older than 7 days are kept gzip-compressed",
  "summary-header-only": "Summaries are CSV with the daily columns",
  "summary-stray-file": "Summaries are CSV with the daily columns",
  "training-bad-npz": "Training metrics are well-formed .npz archives",
  "training-empty-npz": "Training metrics are well-formed .npz archives",
  "training-empty-arrays": "Training metrics are well-formed .npz archives",
  "training-truncated-pkl": "Training state pickles are well-formed",
  "training-stray-file": "Training holds metrics and state only",
  "tagged-empty-tags": "Every tagged line carries tags",
  "tagged-blank-tag": "Every tagged line carries tags",
  "tagged-deleted": "No tagged log was ever deleted",
  "tagged-emptied": "Every tagged line carries tags",
  "tagged-blanked": "Every tagged line carries tags",
};

/** The scenario's steps. */
const STEPS = 14;

describe("unified-logging scenario", () => {
  test("passes on a correct tree", async () => {
    const root = temp();
    generateUnifiedLogs(root);
    const r = await scenarioOn(root);
    expect(r.out).toContain(`${STEPS} passed`);
    expect(r.code).toBe(0);
  });

  test("passes where an old placeholder keeps a folder in git (.gitkeep, .keep): it is no hidden log", async () => {
    const root = temp();
    generateUnifiedLogs(root);
    const month = new Date(Date.now() - 30 * 86_400_000);
    for (const rel of ["logs/raw/.gitkeep", "logs/raw/api/.keep"]) {
      writeFileSync(join(root, rel), "");
      utimesSync(join(root, rel), month, month);
    }
    const r = await scenarioOn(root);
    expect(r.out).toContain(`${STEPS} passed`);
    expect(r.code).toBe(0);
  });

  test("passes where a log was compressed as it was rotated, minutes ago: kept compressed logs may be young", async () => {
    const root = temp();
    generateUnifiedLogs(root);
    const now = new Date();
    for (const glob of ["logs/raw/**/*.jsonl.gz", "logs/summary/*.csv.gz"]) {
      const newest = [...new Bun.Glob(glob).scanSync({ cwd: root })].sort().at(-1)!;
      utimesSync(join(root, newest), now, now);
    }
    const r = await scenarioOn(root);
    expect(r.out).toContain(`${STEPS} passed`);
    expect(r.code).toBe(0);
  });

  test.each(Object.keys(BREAKS) as Break[])("--break %s fails its step, naming the file", async (rule) => {
    const root = temp();
    const { broken } = generateUnifiedLogs(root, { breaks: [rule] });
    const file = broken[rule]!;
    expect(file).toBeDefined();
    const r = await scenarioOn(root);
    expect(r.code).toBe(1);
    const steps = [FAILS[rule]].flat();
    expect(r.out).toContain(`${STEPS - steps.length} passed, ${steps.length} failed`);
    for (const step of steps) expect(r.out).toContain(`✗ ${step}`);
    expect(r.out).toContain(file);
  });

  test("through the real binary: passes, then fails naming a broken file", async () => {
    const root = temp();
    generateUnifiedLogs(root);
    const args = [SCENARIO, "--var", `LOGS_ROOT=${root}`, "--report-dir", join(root, "reports")];
    const ok = await runCli(args, { cwd: root });
    expect(ok.code).toBe(0);
    const { broken } = generateUnifiedLogs(root, { breaks: ["raw-missing-field"] });
    const bad = await runCli(args, { cwd: root });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${broken["raw-missing-field"]}:6: missing field \\"event_type\\"`);
  });
});

describe("generator CLI", () => {
  test("refuses an unknown rule and a missing directory", () => {
    const errors: string[] = [];
    const orig = console.error;
    console.error = (s: string) => void errors.push(s);
    try {
      expect(gen(["/tmp/x", "--break", "nope"])).toBe(2);
      expect(gen([])).toBe(2);
    } finally {
      console.error = orig;
    }
    expect(errors[0]).toStartWith('unknown rule "nope": one of raw-invalid-json,');
  });
  test("--list names every rule apart from its description, one a line", () => {
    const lines: string[] = [];
    const orig = console.log;
    console.log = (s: string) => void lines.push(...s.split("\n"));
    try {
      expect(gen(["--list"])).toBe(0);
    } finally {
      console.log = orig;
    }
    const rules = lines.filter((l) => l.startsWith("  ")).map((l) => /^ {2}(\S+) {2,}\S/.exec(l)?.[1] ?? l);
    expect(rules).toEqual(Object.keys(BREAKS));
  });
  test("writes the tree and reports each broken file", () => {
    const root = temp();
    const lines: string[] = [];
    const orig = console.log;
    console.log = (s: string) => void lines.push(s);
    try {
      expect(gen([root, "--break", "raw-expired", "--break", "tagged-deleted"])).toBe(0);
    } finally {
      console.log = orig;
    }
    expect(lines[0]).toMatch(/^wrote 2\d files under /);
    expect(lines.slice(1).map((l) => l.split(":")[0])).toEqual(["broke raw-expired", "broke tagged-deleted"]);
  });
});
