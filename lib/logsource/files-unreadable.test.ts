// The logql step's files source on parts of a tree it cannot read: an answer over only the files it could see is no
// answer (a count of 0 or `empty` would pass on what was never read), so the step fails naming where it could not look.
// Permissions are real: as root (which ignores them) the source runs in a child process under an unprivileged user.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = join(import.meta.dir, "files.ts");
const NOBODY = 65534;
let root = "";

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "logsource-unreadable-"));
  chmodSync(root, 0o755);
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, ".."), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, rel), text, { mode: 0o644 });
  };
  put("logs/ok/a.log", "fine\n");
  put("logs/locked/b.log", "boom ERROR\n");
  chmodSync(join(root, "logs/locked"), 0o000);
  writeFileSync(
    join(root, "run.ts"),
    `import { expandFiles } from ${JSON.stringify(SOURCE)};\n` +
      `try { const r = await expandFiles(JSON.parse(process.argv[2]!), ${JSON.stringify(root)}); console.log(JSON.stringify({ files: r.files.map((f) => f.labels.filename) })); }\n` +
      `catch (e) { console.log(JSON.stringify({ error: (e as Error).message })); }\n`,
  );
});
afterAll(() => {
  chmodSync(join(root, "logs/locked"), 0o755);
  rmSync(root, { recursive: true, force: true });
});

/** Expands the files map as a user the tree's permissions apply to. */
function expandUnprivileged(files: Record<string, Record<string, string>>): { error?: string; files?: string[] } {
  const asRoot = process.getuid?.() === 0;
  const cmd = [process.execPath, join(root, "run.ts"), JSON.stringify(files)];
  const argv = asRoot ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...cmd] : cmd;
  const r = Bun.spawnSync(argv, { env: { ...process.env, HOME: root }, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString());
}

test("a directory the glob reaches but cannot list fails the query, naming it, instead of answering over the rest", () => {
  const r = expandUnprivileged({ "logs/**/*.log": { job: "app" } });
  expect(r.files).toBeUndefined();
  expect(r.error).toContain("logs/locked: could not list the directory: permission denied");
});

test("a glob that never reaches the unreadable directory is answered as before", () => {
  expect(expandUnprivileged({ "logs/ok/*.log": { job: "app" } })).toEqual({ files: ["logs/ok/a.log"] });
});
