// The files step on parts of a tree it cannot read: a check must never pass because a directory or link target could not be looked at.
// Permissions are real: as root (which ignores them) the step runs in a child process under an unprivileged user.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runUnprivilegedJson, treeWithLocked } from "../../test/helpers/unprivileged.ts";

const STEP = join(import.meta.dir, "files.ts");
const CONTEXT = join(import.meta.dir, "../../test/helpers/context.ts");
const LOCKED = ["logs/locked", "links/hidden"];
let tree: ReturnType<typeof treeWithLocked>;

beforeAll(() => {
  tree = treeWithLocked("files-unreadable-", { "logs/ok/a.log": "fine\n", "logs/locked/b.log": "boom ERROR\n", "links/hidden/c.log": "boom ERROR\n", "open/xonly/server.log": "Traceback\n", "open/xonly/req-[7].log": "Traceback\n" }, [...LOCKED, "open/xonly"]);
  symlinkSync("hidden/c.log", join(tree.root, "links/c.log"));
  for (const dir of LOCKED) chmodSync(join(tree.root, dir), 0o000);
  // Entered, not listed: `cat logs/xonly/server.log` works.
  chmodSync(join(tree.root, "open/xonly"), 0o711);
  writeFileSync(
    join(tree.root, "run.ts"),
    `import { step } from ${JSON.stringify(STEP)};\nimport { testContext } from ${JSON.stringify(CONTEXT)};\n` +
      `const r = await step.run(step.schema.parse(JSON.parse(process.argv[2]!)), testContext({ scenarioDir: ${JSON.stringify(tree.root)} }));\n` +
      `console.log(JSON.stringify({ error: r.error, failed: r.checks.filter((c) => !c.ok).map((c) => c.path + ": " + c.actual) }));\n`,
  );
});
afterAll(() => tree.remove());

/** Runs the step as a user the tree's permissions apply to; returns its error and failing checks. */
function runUnprivileged(input: unknown): { error?: string; failed: string[] } {
  return runUnprivilegedJson(join(tree.root, "run.ts"), [JSON.stringify(input)], tree.root);
}

describe("files step: what it cannot read fails a read check naming it", () => {
  test("count: 0 does not pass because the directory the glob reaches cannot be listed", () => {
    const r = runUnprivileged({ glob: "logs/locked/*.log", expect: { count: 0 } });
    expect(r.failed).toEqual(["read: logs/locked: could not list the directory: permission denied"]);
  });

  test("not_contains does not pass over a subdirectory ** cannot list", () => {
    const r = runUnprivileged({ glob: "logs/**/*.log", expect: { not_contains: "ERROR" } });
    expect(r.failed).toEqual(["read: logs/locked: could not list the directory: permission denied"]);
  });

  test("a path the pattern spells out is looked at under a directory that can be entered but not listed (0711)", () => {
    expect(runUnprivileged({ glob: "open/xonly/server.log", expect: { contains: "Traceback" } }).failed).toEqual([]);
    expect(runUnprivileged({ glob: "open/*/server.log", expect: { count: 1, contains: "Traceback" } }).failed).toEqual([]);
    expect(runUnprivileged({ glob: "open/xonly/gone.log", expect: { count: 0 } }).failed).toEqual([]);
    // Escaped characters (a variable's value is escaped so) and brace alternatives spell names too, as bash reads them.
    expect(runUnprivileged({ glob: "open/xonly/req-\\[7\\].log", expect: { count: 1, contains: "Traceback" } }).failed).toEqual([]);
    expect(runUnprivileged({ glob: "open/xonly/{server,req-\\[7\\],gone}.log", expect: { count: 2, contains: "Traceback" } }).failed).toEqual([]);
    // A pattern that needs the listing still cannot be answered.
    expect(runUnprivileged({ glob: "open/xonly/*.log", expect: { count: 0 } }).failed).toEqual(["read: open/xonly: could not list the directory: permission denied"]);
  });

  test("a link whose target cannot be looked at is not called dangling and does not vanish", () => {
    const r = runUnprivileged({ glob: "links/*.log", expect: { count: 0 } });
    expect(r.failed).toEqual(["read: links/c.log: could not look at the link's target: permission denied"]);
  });

  test("a directory it cannot list that exclude leaves out (by name, by path, or its whole subtree) is no failure", () => {
    for (const exclude of ["locked", "logs/locked", "logs/locked/**", "**/locked/**"]) {
      const r = runUnprivileged({ glob: "logs/**/*.log", exclude, expect: { not_contains: "ERROR" } });
      expect([exclude, r.failed]).toEqual([exclude, []]);
    }
    const partly = runUnprivileged({ glob: "logs/**/*.log", exclude: "logs/locked/*.tmp", expect: { not_contains: "ERROR" } });
    expect(partly.failed).toEqual(["read: logs/locked: could not list the directory: permission denied"]);
  });
});
