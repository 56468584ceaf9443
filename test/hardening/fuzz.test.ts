// A seeded slice of the loader fuzz (the full run: test/hardening/fuzz.ts): every case ends in exit 0/1/2 with a message and no stack trace.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aliasBomb, fuzzCase } from "./fuzz-cases.ts";
import { checkInProcess, judge } from "./fuzz-check.ts";
import { runCli, writeScenario } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "fuzz-slice-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Cases 0..SLICE-1: the same files on every run, so a failure here reproduces with the full script's --from. */
const SLICE = 300;

test(`${SLICE} mutated scenarios through validate and --dry-run`, async () => {
  const problems: string[] = [];
  const exits = new Set<number>();
  for (let id = 0; id < SLICE; id++) {
    const c = fuzzCase(id);
    const out = await checkInProcess(c, dir);
    if (out.code !== undefined) exits.add(out.code);
    if (out.verdict !== "ok") problems.push(`case ${id} (${c.ops.join("+")}): ${out.verdict}: ${out.text.slice(0, 300)}`);
  }
  expect(problems).toEqual([]);
  // The slice holds both valid and invalid files.
  expect([...exits].sort()).toEqual([0, 2]);
}, 600_000);

test("an alias bomb, an alias cycle and deep nesting through the real CLI: exit 2 with a message", async () => {
  const files = {
    bomb: aliasBomb(9, 10),
    cycle: "name: t\nsteps: &s\n  - sleep: 1ms\n  - *s\n",
    deep: `name: t\nsteps: [{sleep: 1ms}]\nx-deep: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
  };
  for (const [name, yaml] of Object.entries(files)) {
    const r = await runCli(["validate", writeScenario(dir, yaml, `${name}.yaml`)], { cwd: dir });
    expect({ name, ...judge(r.code, r.stdout + r.stderr) }).toMatchObject({ name, verdict: "ok", code: 2 });
  }
}, 120_000);
