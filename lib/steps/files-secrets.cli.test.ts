// End-to-end (main() in-process): a files step's quote of a long line shows no secret and no credential, nor a part of
// one, where the quote starts inside it or leaves out the name that says it is one: not in the console, not in any file
// the run writes (every report, the run log).
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli.ts";

const dir = mkdtempSync(join(tmpdir(), "files-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `under`, recursively. */
function files(under: string): string[] {
  return readdirSync(under, { recursive: true, encoding: "utf8" }).map((f) => join(under, f)).filter((f) => statSync(f).isFile());
}

/** Runs a scenario with main() in-process; the exit code, the console, and the text of every file the run wrote. */
async function runScenario(name: string, yaml: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; written: [string, string][] }> {
  const work = join(dir, name);
  const path = join(work, "scenario.yaml");
  writeFileSync(path, yaml);
  let out = "";
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (out += s) }, cwd: work, env: { PATH: process.env.PATH, ...env }, handleSignals: false };
  const code = await main(["run", path, "--report", "md,log,junit,json,html", "--report-dir", "reports", "--verbose", "--no-color"], io);
  return { code, out, written: files(work).filter((f) => f.startsWith(join(work, "reports")) || f.startsWith(join(work, ".context"))).map((f) => [f, readFileSync(f, "utf8")]) };
}

function put(name: string, rel: string, content: string): void {
  const path = join(dir, name, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
}

/** None of `parts` is in the console or in a written file (at least six of them: the reports and the run log). */
function expectHidden(parts: readonly string[], run: { out: string; written: [string, string][] }): void {
  expect(run.written.length).toBeGreaterThanOrEqual(6);
  for (const [f, text] of [["console", run.out] as [string, string], ...run.written]) expect({ f, found: parts.filter((p) => text.includes(p)) }).toEqual({ f, found: [] });
}

/** The secret's beginnings and ends of at least `min` characters. */
function edges(secret: string, min: number): string[] {
  const out: string[] = [];
  for (let k = min; k <= secret.length; k++) out.push(secret.slice(0, k), secret.slice(secret.length - k));
  return out;
}

const x = "x".repeat(300);

test("a JSON password whose name the quote leaves out, in one file or beside a file holding a prefix of it", async () => {
  put("json", "sec4/j22.log", `${x} {"password":"hunter2secretPWhunter2","msg":"Traceback ${x}"}\n`);
  put("json", "sec4/j21.log", `{"password":"hunter2secretP","msg":"Traceback"}\n`);
  const run = await runScenario("json", `name: sec5
steps:
  - { name: j, continue_on_failure: true, files: { glob: "sec4/j22.log", expect: { not_contains: Traceback } } }
  - { name: k, files: { glob: "sec4/*.log", expect: { each: { not_contains: Traceback } } } }
`);
  expect(run.code).toBe(1);
  // The quote is there, its value masked.
  expect(run.out).toContain('sec4/j22.log:1:346: …:\\"***\\",\\"msg\\":\\"Traceback');
  expectHidden(edges("hunter2secretPWhunter2", 4), run);
});

test("a secrets: value holding spaces, or commas, inside which the quote starts", async () => {
  for (const [name, secret] of [["spaces", "Open Sesame 12345 Alibaba"], ["commas", "Open,Sesame,12345,Alibaba"]] as const) {
    put(name, "sec2/a.log", `${x} pw=${secret} ${"y".repeat(20)} Traceback ${x}\n`);
    const run = await runScenario(name, `name: sec${name}
secrets: [S1]
steps:
  - { name: j, files: { glob: "sec2/*.log", expect: { each: { not_contains: Traceback } } } }
`, { S1: secret });
    expect(run.code).toBe(1);
    expect(run.out).toContain(`sec2/a.log:1:352: …*** ${"y".repeat(20)} Traceback`);
    // "Traceback" holds "ba", the secret's last two characters.
    expectHidden(edges(secret, 3), run);
  }
});
