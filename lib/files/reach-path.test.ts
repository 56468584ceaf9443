// Tests for reachPath: a path's `..` read as the kernel reads it, over a real temp tree with symbolic links.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reachPath, writtenPath } from "./reach-path.ts";

let t: string;

beforeAll(() => {
  t = realpathSync(mkdtempSync(join(tmpdir(), "reach-path-")));
  mkdirSync(join(t, "real/logs/archive"), { recursive: true });
  mkdirSync(join(t, "real/runs/r1"), { recursive: true });
  writeFileSync(join(t, "real/logs/file.log"), "x\n");
  symlinkSync("../runs/r1", join(t, "real/logs/latest"));
  // A link to a link: logs/hop -> latest -> ../runs/r1.
  symlinkSync("latest", join(t, "real/logs/hop"));
  // The folder the paths start from is itself reached through a link.
  symlinkSync("real", join(t, "alias"));
});
afterAll(() => rmSync(t, { recursive: true, force: true }));

describe("reachPath", () => {
  test("a path without .. is resolved as text, whether there or not", async () => {
    expect(await reachPath(`${t}/real`, "logs/./nosuch//x")).toEqual({ path: `${t}/real/logs/nosuch/x` });
  });

  test("a .. after a real folder is its parent", async () => {
    expect(await reachPath(`${t}/real`, "logs/archive/../file.log")).toEqual({ path: `${t}/real/logs/file.log` });
  });

  test("a .. after a link is the parent of its target, through a chain of links too", async () => {
    const link = { at: `${t}/real/logs/latest`, parent: `${t}/real/runs` };
    expect(await reachPath(`${t}/real`, "logs/latest/../archive")).toEqual({ path: `${t}/real/runs/archive`, link });
    expect(await reachPath(`${t}/real`, "logs/hop/../r1/../..")).toEqual({ path: `${t}/real`, link: { at: `${t}/real/logs/hop`, parent: `${t}/real/runs` } });
  });

  test("the parent is written under the folder the path starts from, though that is reached through a link", async () => {
    expect(await reachPath(`${t}/alias`, "logs/latest/..")).toEqual({ path: `${t}/alias/runs`, link: { at: `${t}/alias/logs/latest`, parent: `${t}/alias/runs` } });
    // Up from the link the path starts at: its target real is in t, as the link is.
    expect(await reachPath(`${t}/alias`, "..")).toEqual({ path: t });
  });

  test("an absolute path is read from /", async () => {
    expect(await reachPath("/elsewhere", `${t}/real/logs/latest/../r1`)).toEqual({ path: `${t}/real/runs/r1`, link: { at: `${t}/real/logs/latest`, parent: `${t}/real/runs` } });
    expect(await reachPath(t, "/../..")).toEqual({ path: "/" });
  });

  test("a .. after a missing folder or a file reaches nothing", async () => {
    expect(await reachPath(`${t}/real`, "logs/nosuch/../archive")).toEqual({ stop: `${t}/real/logs/nosuch`, why: "does not exist", code: "ENOENT" });
    expect(await reachPath(`${t}/real`, "logs/file.log/../archive")).toEqual({ stop: `${t}/real/logs/file.log`, why: "is not a directory", code: "ENOTDIR" });
  });

  test("writtenPath keeps the .. and drops . and doubled slashes", () => {
    expect(writtenPath("./logs//latest/./../archive")).toBe("logs/latest/../archive");
    expect(writtenPath("/data/./x/..")).toBe("/data/x/..");
  });
});
