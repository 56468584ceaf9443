// Braces before a glob's `..` are expanded as bash expands them, before the `..` is read as the kernel reads it (bash
// expands braces first, then opens each path): `logs/{latest,hop}/../archive` is `logs/latest/..` (runs, through the
// link) and `logs/hop/..`, not the text `logs/archive`. A brace bash leaves as text names a folder so called. And a glob
// whose `..` reaches nothing says why: after a file, a link to one, or a loop of links, not "does not exist".
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
  root = mkdtempSync(join(tmpdir(), "files-brace-dotdot-"));
  // The retest's tree: logs/latest -> ../runs/r1, so logs/latest/.. is runs, where the Traceback is.
  put("logs/archive/good.jsonl", '{"ok":1}\n');
  put("runs/archive/bad.jsonl", "Traceback (most recent call last)\n");
  mkdirSync(join(root, "runs/r1"), { recursive: true });
  symlinkSync("../runs/r1", join(root, "logs/latest"));
  // Folders whose names hold braces, as bash leaves them: {logs} (no comma) and logs/{a,b} (escaped in the glob).
  mkdirSync(join(root, "{logs}"));
  symlinkSync("../runs/r1", join(root, "{logs}/latest"));
  symlinkSync("../runs/r1", join(root, "logs/{a,b}"));
  // A link to a file, and two links leading to each other.
  symlinkSync("archive/good.jsonl", join(root, "logs/flink"));
  symlinkSync("loop2", join(root, "logs/loop1"));
  symlinkSync("loop1", join(root, "logs/loop2"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const issues = (input: unknown) => step.schema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

async function run(input: unknown) {
  return step.run(step.schema.parse(input), testContext({ scenarioDir: root }));
}

const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.path}: ${c.actual}${c.note === undefined ? "" : ` — ${c.note}`}`);

describe("braces before a .. are expanded as bash expands them, then each .. read through reachPath", () => {
  test("logs/{latest,hop}/../archive is logs/latest/.. (runs, through the link) or logs/hop/..: the Traceback is found", async () => {
    const glob = "logs/{latest,hop}/../archive/*.jsonl";
    expect(issues({ glob, expect: { not_contains: "Traceback" } })).toEqual([]);
    const r = await run({ glob, expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual(["not_contains: logs/latest/../archive/bad.jsonl:1: Traceback (most recent call last)"]);
    expect(r.observed?.files).toEqual(["logs/latest/../archive/bad.jsonl"]);
  });

  test("nested groups and sequences expand too; a real folder's .. is its parent, as before", async () => {
    const nested = await run({ glob: "logs/{lat{e,x}st,hop}/../archive/*.jsonl", expect: { count: 1 } });
    expect(failed(nested.checks)).toEqual([]);
    expect(nested.observed?.files).toEqual(["logs/latest/../archive/bad.jsonl"]);
    const both = await run({ glob: "{logs/latest,runs/r{0..1}}/../archive/*.jsonl", expect: { count: 1 } });
    expect(failed(both.checks)).toEqual([]);
    expect(both.observed?.files).toEqual(["runs/archive/bad.jsonl"]);
    const real = await run({ glob: "{logs,runs}/archive/../archive/*.jsonl", expect: { count: 2 } });
    expect(failed(real.checks)).toEqual([]);
    expect(real.observed?.files).toEqual(["logs/archive/good.jsonl", "runs/archive/bad.jsonl"]);
  });

  test("a brace bash leaves as text names a folder so called: {logs} (no comma), an escaped group, an unmatched brace", async () => {
    for (const glob of ["{logs}/latest/../archive/*.jsonl", "logs/\\{a,b\\}/../archive/*.jsonl", "logs/{a\\,b}/../archive/*.jsonl"]) {
      expect([glob, issues({ glob })]).toEqual([glob, []]);
    }
    const plain = await run({ glob: "{logs}/latest/../archive/*.jsonl", expect: { not_contains: "Traceback" } });
    expect(failed(plain.checks)).toEqual(["not_contains: {logs}/latest/../archive/bad.jsonl:1: Traceback (most recent call last)"]);
    const escaped = await run({ glob: "logs/\\{a,b\\}/../archive/*.jsonl", expect: { count: 1 } });
    expect(failed(escaped.checks)).toEqual([]);
    expect(escaped.observed?.files).toEqual(["logs/{a,b}/../archive/bad.jsonl"]);
    const unmatched = await run({ glob: "logs/{latest/../archive/*.jsonl" });
    expect(failed(unmatched.checks)).toEqual([
      "count: 0",
      'glob: 0 — "logs/{latest/../archive/*.jsonl" matches no file: logs/{latest does not exist; the nearest existing directory, logs, holds: archive/, flink (link), latest (link), loop1 (link), loop2 (link), {a,b} (link)',
    ]);
  });

  test("when no pattern the braces give matches a file, the glob's note names each and why", async () => {
    const r = await run({ glob: "logs/{nosuch,latest}/../archive/*.log" });
    expect(failed(r.checks)).toEqual([
      "count: 0",
      'glob: 0 — "logs/{nosuch,latest}/../archive/*.log" is "logs/nosuch/../archive/*.log" or "logs/latest/../archive/*.log" (its braces expanded, as bash does), and none matches a file: ' +
        '"logs/nosuch/../archive/*.log" matches no file: logs/nosuch does not exist; the nearest existing directory, logs, holds: archive/, flink (link), latest (link), loop1 (link), loop2 (link), {a,b} (link); ' +
        '"logs/latest/../archive/*.log" matches no file; runs/archive holds: bad.jsonl',
    ]);
  });

  test("exclude reads its braces before a .. the same way", async () => {
    const r = await run({ globs: ["logs/archive/*.jsonl", "runs/archive/*.jsonl"], exclude: "logs/{latest,hop}/../archive/*", expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["logs/archive/good.jsonl"]);
  });

  test("the braces after the last .. are left to the walk, as before", async () => {
    const r = await run({ glob: "logs/latest/../archive/{bad,good}.jsonl", expect: { count: 1 } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed?.files).toEqual(["logs/latest/../archive/bad.jsonl"]);
  });
});

describe("refused at load: a .. after a real wildcard (the text reading not offered as the same files), and braces giving too many patterns", () => {
  test.each([
    [
      { glob: "logs/*/../archive/*.jsonl" },
      'glob: a .. after a wildcard matches no file here: bash goes up from each folder "logs/*" matches as the kernel reads the path (after a link, to its target\'s parent), so the folders on disk decide which files it names. ' +
        'Write their names in braces instead of the wildcard ("logs/{NAME,…}/../archive/*.jsonl"); "logs/archive/*.jsonl" takes the .. as text, which names the same files only if "logs/*" matches some folder and none of them is a link',
    ],
    [
      { globs: ["logs/archive/*.jsonl", "logs/{latest,r*}/x/../f1.log"] },
      'globs.1: "logs/{latest,r*}/x/../f1.log" gives "logs/r*/x/../f1.log" (its braces expanded, as bash does): a .. after a wildcard matches no file here: bash goes up from each folder "logs/r*/x" matches as the kernel reads the path (after a link, to its target\'s parent), so the folders on disk decide which files it names. ' +
        'Write their names in braces instead of the wildcard ("logs/{NAME,…}/x/../f1.log"); "logs/r*/f1.log" takes the .. as text, which names the same files only if every folder "logs/r*" matches holds "x" as a real folder, not a link',
    ],
    // Each pattern is walked on its own: a sequence of thousands before a `..` is refused, one after it is the walk's.
    [{ glob: "runs/r{1..300}/../archive/*.jsonl" }, 'glob: "runs/r{1..300}/../archive/*.jsonl": its braces before a .. give more than 256 patterns, each walked on its own: write fewer alternatives there'],
    [{ glob: "runs/*.jsonl", exclude: ["x", "r{1..300}/../archive/*"] }, 'exclude.1: "r{1..300}/../archive/*": its braces before a .. give more than 256 patterns, each read on its own: write fewer alternatives there'],
  ])("%j", (input, expected) => {
    expect(issues(input)).toEqual([expected]);
  });

  test("a sequence after the last .. is left to the walk", () => {
    expect(issues({ glob: "logs/latest/../archive/{1..3000}.jsonl" })).toEqual([]);
  });
});

describe("a glob whose .. reaches nothing says why, as root: and manifest lines do", () => {
  test.each([
    ["logs/archive/good.jsonl/../*.jsonl", "logs/archive/good.jsonl is not a directory, so the .. after it reaches nothing; logs/archive holds: good.jsonl"],
    ["logs/flink/../archive/*.jsonl", "logs/flink is not a directory, so the .. after it reaches nothing; logs holds: archive/, flink (link), latest (link), loop1 (link), loop2 (link), {a,b} (link)"],
    ["logs/loop1/../archive/*.jsonl", "logs/loop1 is a loop of links (ELOOP), so the .. after it reaches nothing; logs holds: archive/, flink (link), latest (link), loop1 (link), loop2 (link), {a,b} (link)"],
  ])("%s", async (glob, why) => {
    const r = await run({ glob, expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual(["count: 0", `glob: 0 — ${JSON.stringify(glob)} matches no file: ${why}`]);
  });
});
