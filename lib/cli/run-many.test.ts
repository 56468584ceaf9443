// Tests of the combined exit code of several files.
import { expect, test } from "bun:test";
import { worstExit } from "./run-many.ts";

test("the worst exit code wins: invalid (2) > interrupted (130) > failed (1) > passed (0)", () => {
  expect(worstExit([])).toBe(0);
  expect(worstExit([0, 0])).toBe(0);
  expect(worstExit([0, 1, 0])).toBe(1);
  expect(worstExit([1, 130, 0])).toBe(130);
  expect(worstExit([130, 2, 1])).toBe(2);
  expect(worstExit([2, 130])).toBe(2);
});

test("the combined summary lists latest.* only under the file whose reports they are now (the one that finished last), and every file's own reports", async () => {
  const { mkdtemp, readFile, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { runMany } = await import("./run-many.ts");
  const cwd = await mkdtemp(join(tmpdir(), "run-many-"));
  try {
    const fileRun = (name: string, code: number) => ({
      file: `${name}.yaml`,
      scenario: name,
      runId: `id-${name}`,
      run: async () => ({ code, reports: [join(cwd, "reports", `${name}-1-id.md`), join(cwd, "reports", "latest.md"), join(cwd, "summary.md"), join(cwd, "reports", `${name}-1-id.json`), join(cwd, "reports", "latest.json")] }),
    });
    const sink = { write: () => true };
    const code = await runMany([fileRun("a", 0), fileRun("b", 1)], { jobs: 1, io: { stdout: sink, stderr: sink, cwd, env: {}, handleSignals: false }, interrupt: new AbortController().signal, reportDir: "reports", startedAt: new Date() });
    expect(code).toBe(1);
    const summary = JSON.parse(await readFile(join(cwd, "reports", "latest-summary.json"), "utf8")) as { files: { reports: string[] }[] };
    expect(summary.files.map((f) => f.reports)).toEqual([
      ["reports/a-1-id.md", "summary.md", "reports/a-1-id.json"],
      ["reports/b-1-id.md", "reports/latest.md", "summary.md", "reports/b-1-id.json", "reports/latest.json"],
    ]);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});

test("--jobs N: a run's held output is printed in the order it was written, stderr among stdout: its last stderr line stays in its own block", async () => {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { runMany } = await import("./run-many.ts");
  const cwd = await mkdtemp(join(tmpdir(), "run-many-"));
  try {
    // One terminal for both streams, as 2>&1 gives.
    const merged: string[] = [];
    const sink = { write: (s: string) => merged.push(s) };
    const fileRun = (name: string, after: string[]) => ({
      file: `${name}.yaml`,
      scenario: name,
      runId: `id-${name}`,
      run: async (io: { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } }) => {
        io.stderr.write(`warning: ${name}.yaml: before\n`);
        io.stdout.write(`▶ ${name}\n`);
        io.stdout.write(`✓ ${name}: passed\n`);
        io.stdout.write(`reports: ${name}.md\n`);
        for (const line of after) io.stderr.write(`${line}\n`);
        return { code: 0, reports: [] };
      },
    });
    const stopped = "stopped after the run: pid 8529 (sleep 4910), left running by step 1 (leaves one): SIGTERM";
    await runMany([fileRun("pass", []), fileRun("left", [stopped])], { jobs: 2, io: { stdout: sink, stderr: sink, cwd, env: {}, handleSignals: false }, interrupt: new AbortController().signal, reportDir: "reports", startedAt: new Date() });
    const text = merged.join("");
    const block = (name: string) => text.slice(text.indexOf(`warning: ${name}.yaml`)).split(/\n(?=warning: |\nsummary)/)[0];
    expect(block("left")).toBe(`warning: left.yaml: before\n▶ left\n✓ left: passed\nreports: left.md\n${stopped}`);
    expect(block("pass")).toBe("warning: pass.yaml: before\n▶ pass\n✓ pass: passed\nreports: pass.md");
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
