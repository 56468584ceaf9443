// The logql step's files source on parts of a tree it cannot read: an answer over only the files it could see is no
// answer (a count of 0 or `empty` would pass on what was never read), so the step fails naming where it could not look.
// Permissions are real: as root (which ignores them) the source runs in a child process under an unprivileged user.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runUnprivilegedJson, treeWithLocked } from "../../test/helpers/unprivileged.ts";

const SOURCE = join(import.meta.dir, "files.ts");
let tree: ReturnType<typeof treeWithLocked>;

beforeAll(() => {
  tree = treeWithLocked("logsource-unreadable-", { "logs/ok/a.log": "fine\n", "logs/locked/b.log": "boom ERROR\n" }, ["logs/locked"]);
  chmodSync(join(tree.root, "logs/locked"), 0o000);
  writeFileSync(
    join(tree.root, "run.ts"),
    `import { expandFiles } from ${JSON.stringify(SOURCE)};\n` +
      `try { const r = await expandFiles(JSON.parse(process.argv[2]!), ${JSON.stringify(tree.root)}); console.log(JSON.stringify({ files: r.files.map((f) => f.labels.filename) })); }\n` +
      `catch (e) { console.log(JSON.stringify({ error: (e as Error).message })); }\n`,
  );
});
afterAll(() => tree.remove());

/** Expands the files map as a user the tree's permissions apply to. */
function expandUnprivileged(files: Record<string, Record<string, string>>): { error?: string; files?: string[] } {
  return runUnprivilegedJson(join(tree.root, "run.ts"), [JSON.stringify(files)], tree.root);
}

test("a directory the glob reaches but cannot list fails the query, naming it, instead of answering over the rest", () => {
  const r = expandUnprivileged({ "logs/**/*.log": { job: "app" } });
  expect(r.files).toBeUndefined();
  expect(r.error).toContain("logs/locked: could not list the directory: permission denied");
});

test("a glob that never reaches the unreadable directory is answered as before", () => {
  expect(expandUnprivileged({ "logs/ok/*.log": { job: "app" } })).toEqual({ files: ["logs/ok/a.log"] });
});

test("a .. after a folder that cannot be looked at leads nowhere sure: the query fails naming it (read as text, it read logs/ok)", () => {
  // `ls logs/locked/sub/../../ok` fails as this user: the kernel cannot look into logs/locked to go up from sub.
  const r = expandUnprivileged({ "logs/locked/sub/../../ok/*.log": { job: "app" } });
  expect(r.files).toBeUndefined();
  expect(r.error).toBe(
    "the globs reach where files cannot be seen, so no answer would be sure: logs/locked/sub/../../ok: logs/locked/sub could not be looked at: permission denied, so where the .. after it leads is unknown",
  );
});
