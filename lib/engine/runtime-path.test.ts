// `bun` must resolve in child processes whatever PATH the CLI was started with.
import { afterAll, expect, test } from "bun:test";
import { envWithBun, pathWithBun, removeRuntimeLink } from "./runtime-path.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

afterAll(removeRuntimeLink);

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
