// Tests of reading the checked-out commit from .git: a branch, packed refs, a detached HEAD, a worktree, no checkout.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitCheckout } from "./git-head.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function repo(): string {
  const root = tempDir("git-head-");
  mkdirSync(join(root, ".git/refs/heads"), { recursive: true });
  mkdirSync(join(root, "scenarios"));
  writeFileSync(join(root, "scenarios/x.yaml"), "name: x\n");
  return root;
}

test("a branch's loose ref, found from a file below the root", () => {
  const root = repo();
  writeFileSync(join(root, ".git/HEAD"), "ref: refs/heads/main\n");
  writeFileSync(join(root, ".git/refs/heads/main"), `${A}\n`);
  expect(gitCheckout(join(root, "scenarios/x.yaml"))).toEqual({ root, commit: A, branch: "main" });
});

test("a packed ref, and a detached HEAD", () => {
  const root = repo();
  writeFileSync(join(root, ".git/HEAD"), "ref: refs/heads/dev\n");
  writeFileSync(join(root, ".git/packed-refs"), `# pack-refs with: peeled\n${B} refs/heads/dev\n`);
  expect(gitCheckout(root)?.commit).toBe(B);
  writeFileSync(join(root, ".git/HEAD"), `${A}\n`);
  expect(gitCheckout(root)).toEqual({ root, commit: A });
});

test("a worktree's .git file and the common directory's refs", () => {
  const main = repo();
  const wt = tempDir("git-wt-");
  const wtGit = join(main, ".git/worktrees/w");
  mkdirSync(wtGit, { recursive: true });
  writeFileSync(join(wtGit, "HEAD"), "ref: refs/heads/w\n");
  writeFileSync(join(wtGit, "commondir"), "../..\n");
  writeFileSync(join(main, ".git/refs/heads/w"), `${B}\n`);
  writeFileSync(join(wt, ".git"), `gitdir: ${wtGit}\n`);
  expect(gitCheckout(wt)).toEqual({ root: wt, commit: B, branch: "w" });
});

test("outside any checkout there is none", () => {
  expect(gitCheckout("/")).toBeUndefined();
});
