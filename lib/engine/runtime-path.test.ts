// `bun` must resolve in child processes whatever PATH the CLI was started with; the link directory that makes it so is one per user and runtime, kept between runs.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { envWithBun, pathWithBun, removeRuntimeLink, runtimeLinkDir } from "./runtime-path.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";
import { tempDir } from "../../test/helpers/cli.ts";

// The directory pathWithBun makes goes under this file's own temporary directory, not the machine's /tmp.
const tmpBefore = process.env.TMPDIR;
process.env.TMPDIR = tempDir("runtime-path-");
afterAll(() => {
  removeRuntimeLink();
  if (tmpBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpBefore;
});

test("a PATH without bun gets a directory whose bun is this runtime", () => {
  const path = pathWithBun("/usr/bin:/bin");
  expect(path.endsWith(":/usr/bin:/bin")).toBe(true);
  const found = Bun.which("bun", { PATH: path });
  expect(found).not.toBeNull();
  const out = Bun.spawnSync([found!, "-e", "process.stdout.write(Bun.version)"], SYNC_CHILD_LIMIT).stdout.toString();
  expect(out).toBe(Bun.version);
});

test("a PATH that already finds bun is left alone", () => {
  const withBun = pathWithBun("/usr/bin");
  expect(pathWithBun(withBun)).toBe(withBun);
});

test("envWithBun keeps the other variables and returns the same object for the same input", () => {
  const env = { PATH: "/bin", X: "1" };
  const a = envWithBun(env);
  expect(a.X).toBe("1");
  expect(a.PATH).not.toBe("/bin");
  expect(envWithBun(env)).toBe(a);
});

describe("the link directory", () => {
  const uid = process.getuid!();

  test("is made once, for this user only, and used again", () => {
    const root = tempDir();
    const dir = runtimeLinkDir(root);
    expect(runtimeLinkDir(root)).toBe(dir);
    expect(readdirSync(root)).toEqual([dir.slice(root.length + 1)]);
    expect(readlinkSync(join(dir, "bun"))).toBe(process.execPath);
    const stat = lstatSync(dir);
    expect([stat.isDirectory(), stat.uid, stat.mode & 0o777]).toEqual([true, uid, 0o700]);
  });

  test("another runtime gets its own", () => {
    const root = tempDir();
    expect(runtimeLinkDir(root, "/opt/a/bun.exe")).not.toBe(runtimeLinkDir(root, "/opt/b/bun.exe"));
  });

  test("a link to something else is replaced", () => {
    const root = tempDir();
    const dir = runtimeLinkDir(root);
    rmSync(join(dir, "bun"));
    symlinkSync("/bin/false", join(dir, "bun"));
    expect(runtimeLinkDir(root)).toBe(dir);
    expect(readlinkSync(join(dir, "bun"))).toBe(process.execPath);
  });

  // Someone else may make the directory first (in /tmp anyone can): it is used only when no one else can write to it.
  for (const [what, spoil] of [
    ["open to others (mode 777)", (dir: string) => chmodSync(dir, 0o777)],
    ["readable by the group (mode 750)", (dir: string) => chmodSync(dir, 0o750)],
    ["a symbolic link to a directory", (dir: string) => {
      rmSync(dir, { recursive: true });
      const elsewhere = `${dir}-elsewhere`;
      mkdirSync(elsewhere, { mode: 0o700 });
      symlinkSync(elsewhere, dir);
    }],
  ] as const)
    test(`one ${what} is not used: the run makes a directory of its own, removed at exit`, () => {
      const root = tempDir();
      const shared = runtimeLinkDir(root);
      spoil(shared);
      const own = runtimeLinkDir(root);
      expect(own).not.toBe(shared);
      expect(readlinkSync(join(own, "bun"))).toBe(process.execPath);
      expect(lstatSync(own).mode & 0o077).toBe(0);
      removeRuntimeLink();
      expect(readdirSync(root).filter((name) => join(root, name) === own)).toEqual([]);
    });

  test("where the link cannot be made in it (a directory named bun there), the run makes a directory of its own", () => {
    const root = tempDir();
    const shared = runtimeLinkDir(root, "/opt/x/bun.exe");
    rmSync(join(shared, "bun"));
    mkdirSync(join(shared, "bun", "inside"), { recursive: true });
    const own = runtimeLinkDir(root, "/opt/x/bun.exe");
    expect(own).not.toBe(shared);
    expect(readlinkSync(join(own, "bun"))).toBe("/opt/x/bun.exe");
    expect(readdirSync(shared).sort()).toEqual(["bun"]); // nothing half made left in it
    removeRuntimeLink();
  });

  test("without user ids, a directory of its own, and nothing shared left behind", () => {
    const root = tempDir();
    const own = runtimeLinkDir(root, process.execPath, null);
    expect(readlinkSync(join(own, "bun"))).toBe(process.execPath);
    removeRuntimeLink();
    expect(readdirSync(root)).toEqual([]);
  });

  test("every directory of its own the run made is removed, not only the last", () => {
    const roots = [tempDir(), tempDir()];
    const own = roots.map((root) => runtimeLinkDir(root, process.execPath, null));
    removeRuntimeLink();
    expect(roots.map((root) => readdirSync(root))).toEqual([[], []]);
    expect(own[0]).not.toBe(own[1]);
  });

  test("runs killed with SIGKILL leave one directory behind, which the next run uses", async () => {
    const root = tempDir();
    const script = `import { pathWithBun } from ${JSON.stringify(join(import.meta.dir, "runtime-path.ts"))};
      console.log(pathWithBun("/nowhere").split(":")[0]);
      if (process.argv[2] === "hang") setInterval(() => {}, 1e9);`;
    const dirs: string[] = [];
    for (const mode of ["hang", "hang", "end"]) {
      const child = Bun.spawn([process.execPath, "-e", script, mode], { env: { ...process.env, TMPDIR: root }, stdout: "pipe", stderr: "inherit" });
      const reader = child.stdout.getReader();
      let out = "";
      while (!out.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      dirs.push(out.trim());
      if (mode === "hang") child.kill("SIGKILL");
      await child.exited;
    }
    expect(new Set(dirs).size).toBe(1);
    expect(readdirSync(root)).toEqual([dirs[0]!.slice(root.length + 1)]);
  });
});
