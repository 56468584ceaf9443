// The logql step's files source reads a `..` in a glob as the kernel does, as the files step does: after a symbolic link
// it is the parent of the link's target (what bash, ls and grep open), and after a missing folder it reaches nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { putFile } from "../../test/helpers/cli.ts";
import { expandFiles } from "./files.ts";

let root: string;

const put = (rel: string, content: string) => void putFile(root, rel, content);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "logsource-dotdot-"));
  // logs/latest -> ../runs/r1, so logs/latest/.. is runs, not logs.
  mkdirSync(join(root, "runs/r1"), { recursive: true });
  put("runs/archive/bad.log", '{"level":"error","msg":"Traceback"}\n');
  put("logs/archive/ok.log", '{"level":"info","msg":"ok"}\n');
  put("logs/tagged/t.log", "t\n");
  symlinkSync("../runs/r1", join(root, "logs/latest"));
  // A loop below a folder reached through a link's `..`: loopy/l -> real/sub, loopy/real/sub/back -> .. (loopy/real).
  put("loopy/real/sub/f.log", "f\n");
  symlinkSync("real/sub", join(root, "loopy/l"));
  symlinkSync("..", join(root, "loopy/real/sub/back"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const named = async (files: Record<string, Record<string, string>>) =>
  (await expandFiles(files, root)).files.map((f) => ({ path: f.path, labels: { ...f.labels } }));

describe("a .. after a link is the link target's parent, as bash reads it", () => {
  test("logs/latest/../archive is runs/archive, where grep finds the Traceback; filename is the path as written", async () => {
    expect(await named({ "logs/latest/../archive/*.log": { job: "app" } })).toEqual([
      { path: join(root, "runs/archive/bad.log"), labels: { job: "app", filename: "logs/latest/../archive/bad.log" } },
    ]);
    // `./` and a doubled `/` are left out of the name, the `..` kept (as the files step shows such a file).
    expect((await named({ "./logs//latest/../archive/*.log": {} })).map((f) => f.labels.filename)).toEqual(["logs/latest/../archive/bad.log"]);
  });

  test("a {label} after the link's .. still captures; an absolute glob keeps its absolute name", async () => {
    expect((await named({ "logs/latest/../{dir}/*.log": {} })).map((f) => f.labels)).toEqual([{ dir: "archive", filename: "logs/latest/../archive/bad.log" }]);
    const abs = await named({ [`${root}/logs/latest/../archive/*.log`]: {} });
    expect(abs).toEqual([{ path: join(root, "runs/archive/bad.log"), labels: { filename: `${root}/logs/latest/../archive/bad.log` } }]);
  });

  test("a .. after a real folder is its parent, as before", async () => {
    expect(await named({ "logs/tagged/../archive/*.log": {} })).toEqual([{ path: join(root, "logs/archive/ok.log"), labels: { filename: "logs/archive/ok.log" } }]);
  });

  test("the same file by its own path and through a link's .. is read once, under the first glob's path and labels", async () => {
    expect((await named({ "runs/archive/*.log": { via: "own" }, "logs/latest/../archive/*.log": { via: "link" } })).map((f) => f.labels)).toEqual([
      { via: "own", filename: "runs/archive/bad.log" },
    ]);
    expect((await named({ "logs/latest/../archive/*.log": { via: "link" }, "runs/archive/*.log": { via: "own" } })).map((f) => f.labels)).toEqual([
      { via: "link", filename: "logs/latest/../archive/bad.log" },
    ]);
  });

  test("a loop below a link's .. is still cut, and named by the path as written", async () => {
    const r = await expandFiles({ "loopy/l/../**/*.log": {} }, root);
    expect(r.files.map((f) => f.labels.filename)).toEqual(["loopy/l/../sub/f.log"]);
    expect(r.skipped.map((l) => `${l.rel} -> ${l.target} (${l.reason})`)).toEqual(["loopy/l/../sub/back -> .. (loop)"]);
  });

  test("a glob with nothing below the link's parent says where it looked", async () => {
    await expect(expandFiles({ "logs/latest/../archive/*.txt": {} }, root)).rejects.toThrow(/^"logs\/latest\/\.\.\/archive\/\*\.txt" matches no file; runs\/archive holds: bad\.log$/);
  });
});

describe("a .. after a missing folder reaches nothing", () => {
  test("the glob matches no file, an error of the step as any unmatched glob, naming the missing folder", async () => {
    await expect(expandFiles({ "logs/nosuch/../archive/*.log": {} }, root)).rejects.toThrow(
      /^"logs\/nosuch\/\.\.\/archive\/\*\.log" matches no file: logs\/nosuch does not exist; the nearest existing directory, logs, holds: archive\/, latest \(link\), tagged\/$/,
    );
  });

  test("beside a glob that matches, it is still an error (an answer over the other glob's files would pass)", async () => {
    await expect(expandFiles({ "logs/archive/*.log": {}, "logs/nosuch/../../runs/archive/*.log": {} }, root)).rejects.toThrow(
      /^"logs\/nosuch\/\.\.\/\.\.\/runs\/archive\/\*\.log" matches no file: logs\/nosuch does not exist/,
    );
  });

  test("a .. after a file reaches nothing either", async () => {
    await expect(expandFiles({ "logs/archive/ok.log/../*.log": {} }, root)).rejects.toThrow('"logs/archive/ok.log/../*.log" matches no file');
  });
});
