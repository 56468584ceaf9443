// The files step reads a `..` in root, glob, exclude and manifest lines as the kernel does: after a symbolic link it is the
// parent of the link's target (what bash, ls and cat open), and after a missing folder it reaches nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { putFile } from "../../test/helpers/cli.ts";
import { step } from "./files.ts";
import { testContext } from "../../test/helpers/context.ts";
import type { Check } from "../expect/matcher.ts";

let root: string;

const put = (rel: string, content: string) => void putFile(root, rel, content);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "files-dotdot-"));
  // The tester's tree: logs/latest -> ../runs/r1, so logs/latest/.. is runs, not logs.
  mkdirSync(join(root, "runs/r1"), { recursive: true });
  put("runs/archive/bad.jsonl", "Traceback (most recent call last)\n");
  put("logs/archive/ok.jsonl", '{"ok":1}\n');
  symlinkSync("../runs/r1", join(root, "logs/latest"));
  // logs/tagged/lnk -> ../../other/deep, so logs/tagged/lnk/.. is other.
  for (const n of [1, 2, 3]) put(`logs/tagged/tagged_000${n}.jsonl`, `{"t":${n}}\n`);
  mkdirSync(join(root, "other/deep"), { recursive: true });
  put("other/o.jsonl", '{"o":1}\n');
  symlinkSync("../../other/deep", join(root, "logs/tagged/lnk"));
  // A loop below a folder reached through a link's `..`: loopy/l -> real/sub, loopy/real/sub/back -> .. (loopy/real).
  put("loopy/real/sub/f.jsonl", '{"f":1}\n');
  symlinkSync("real/sub", join(root, "loopy/l"));
  symlinkSync("..", join(root, "loopy/real/sub/back"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(input: unknown) {
  return step.run(step.schema.parse(input), testContext({ scenarioDir: root }));
}

const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.path}: ${c.actual}${c.note === undefined ? "" : ` — ${c.note}`}`);

describe("a .. after a link is the link target's parent, as bash reads it", () => {
  test("glob: logs/latest/../archive is runs/archive, where grep finds the Traceback, shown by the path as written", async () => {
    const r = await run({ glob: "logs/latest/../archive/*.jsonl", expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual(["not_contains: logs/latest/../archive/bad.jsonl:1: Traceback (most recent call last)"]);
    expect(r.observed?.files).toEqual(["logs/latest/../archive/bad.jsonl"]);
  });

  test("root: logs/latest/.. is runs", async () => {
    const r = await run({ root: "logs/latest/..", glob: "archive/*.jsonl", expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual(["not_contains: archive/bad.jsonl:1: Traceback (most recent call last)"]);
    expect(r.summary).toBe("1 file match archive/*.jsonl under runs");
  });

  test("count: logs/tagged/lnk/.. is other, whose one file is counted, not logs/tagged's three", async () => {
    const r = await run({ glob: "logs/tagged/lnk/../*.jsonl", expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["logs/tagged/lnk/../o.jsonl"]);
  });

  test("a root whose .. leads outside it shows the files by the path as written", async () => {
    const r = await run({ root: "logs/tagged", glob: "lnk/../*.jsonl", expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["lnk/../o.jsonl"]);
  });

  test("a .. after a real folder is its parent, as before", async () => {
    const r = await run({ glob: "logs/tagged/../archive/*.jsonl", expect: { not_contains: "Traceback", count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["logs/archive/ok.jsonl"]);
  });

  test("a .. after a missing folder reaches nothing: the glob matches no file, and says why", async () => {
    const r = await run({ glob: "logs/nosuch/../archive/*.jsonl", expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual([
      "count: 0",
      'glob: 0 — "logs/nosuch/../archive/*.jsonl" matches no file: logs/nosuch does not exist; the nearest existing directory, logs, holds: archive/, latest (link), tagged/',
    ]);
    const missingRoot = await run({ root: "logs/nosuch/..", glob: "archive/*.jsonl" });
    expect(missingRoot.error).toBe(`root directory does not exist: ${root}/logs/nosuch/.. (root: logs/nosuch/..): ${root}/logs/nosuch does not exist, so the .. after it reaches nothing`);
  });

  test("each file once: the same file by its own path and through a link's .. counts once, under the path without a link", async () => {
    const r = await run({ globs: ["runs/archive/*.jsonl", "logs/latest/../archive/*.jsonl"], expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["runs/archive/bad.jsonl"]);
  });

  test("links not followed: a loop below a link's .. is still cut, and named by the path as written", async () => {
    const r = await run({ glob: "loopy/l/../**/*.jsonl", expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["loopy/l/../sub/f.jsonl"]);
    expect(r.details?.find((d) => d.title.startsWith("Links not followed"))?.body).toBe("loopy/l/../sub/back -> .. (a loop: it points to a directory that contains it; not followed)");
  });

  test("exclude: its .. is read the same way, after a link and after a real folder", async () => {
    const globs = ["runs/archive/*.jsonl", "logs/archive/*.jsonl"];
    const viaLink = await run({ globs, exclude: "logs/latest/../archive/*", expect: { count: 1, not_contains: "Traceback" } });
    expect(failed(viaLink.checks)).toEqual([]);
    expect(viaLink.observed?.files).toEqual(["logs/archive/ok.jsonl"]);
    const plain = await run({ globs, exclude: ["logs/tagged/../archive/ok.jsonl"], expect: { count: 1 } });
    expect(failed(plain.checks)).toEqual([]);
    expect(plain.observed?.files).toEqual(["runs/archive/bad.jsonl"]);
    const absolute = await run({ globs, exclude: [`${root}/logs/latest/../archive/bad.jsonl`], expect: { count: 1 } });
    expect(absolute.observed?.files).toEqual(["logs/archive/ok.jsonl"]);
    // A folder named through a link's `..` is left out whole.
    const folder = await run({ globs, exclude: ["logs/latest/.."], expect: { count: 1 } });
    expect(folder.observed?.files).toEqual(["logs/archive/ok.jsonl"]);
    // Names nothing: a missing folder before the `..`.
    const none = await run({ globs, exclude: ["logs/nosuch/../archive/*"], expect: { count: 2 } });
    expect(failed(none.checks)).toEqual([]);
  });
});

describe("manifest lines reach a file only as cat opens it", () => {
  test("a missing folder before .., and a .. after a link, are missing, naming the line", async () => {
    put("logs/tagged/MANIFEST", "tagged_0001.jsonl\nnosuch/../tagged_0002.jsonl\nlnk/../tagged_0003.jsonl\n");
    const r = await run({ glob: "logs/tagged/*.jsonl", expect: { manifest: "logs/tagged/MANIFEST" } });
    expect(failed(r.checks)).toEqual([
      "manifest: logs/tagged/MANIFEST:2: logs/tagged/nosuch/../tagged_0002.jsonl is missing (logs/tagged/nosuch does not exist, so the .. after it reaches nothing)",
      "manifest: logs/tagged/MANIFEST:3: logs/tagged/lnk/../tagged_0003.jsonl is missing (the .. after the link logs/tagged/lnk is other, its target's parent)",
    ]);
  });

  test("a line whose .. after a link reaches a matched file names it; one after a real folder as before", async () => {
    put("logs/tagged/MANIFEST2", "lnk/../o.jsonl\n../tagged/tagged_0001.jsonl\n");
    const r = await run({ globs: ["logs/tagged/*.jsonl", "other/*.jsonl"], expect: { manifest: "logs/tagged/MANIFEST2" } });
    expect(failed(r.checks)).toEqual([]);
    const unmatched = await run({ glob: "logs/tagged/*.jsonl", expect: { manifest: "logs/tagged/MANIFEST2" } });
    expect(failed(unmatched.checks)).toEqual([
      "manifest: logs/tagged/MANIFEST2:1: logs/tagged/lnk/../o.jsonl is there but not among the matched files (the glob or exclude leaves it out; the .. after the link logs/tagged/lnk is other, its target's parent)",
    ]);
  });

  test("the manifest's own path reads its .. the same way", async () => {
    put("runs/MANIFEST", "archive/bad.jsonl\n");
    const r = await run({ glob: "runs/archive/*.jsonl", expect: { manifest: "logs/latest/../MANIFEST" } });
    expect(failed(r.checks)).toEqual([]);
    const missing = await run({ glob: "runs/archive/*.jsonl", expect: { manifest: "logs/nosuch/../runs/MANIFEST" } });
    expect(failed(missing.checks)).toEqual(["manifest: logs/nosuch/../runs/MANIFEST does not exist (logs/nosuch does not exist, so the .. after it reaches nothing)"]);
  });
});
