// Tests for the files step: input validation, and run() over temp trees for every expectation, set-wide and per file.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { step } from "./files.ts";
import { testContext } from "../../test/helpers/context.ts";
import { float64s, npz, zip } from "../../scripts/gen-unified-logs.ts";
import type { Check } from "../expect/matcher.ts";
import { expectPassed } from "../../test/helpers/step-result.ts";
import { Masker } from "../vars/mask.ts";

const DAY = 86_400_000;
let root: string;
const startedAt = new Date();

function put(rel: string, content: string | Buffer, ageMs = 0): void {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  const t = new Date(startedAt.getTime() - ageMs);
  utimesSync(path, t, t);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "files-step-"));
  const line = (level: string, msg: string) => JSON.stringify({ timestamp: "2026-01-17T22:00:00Z", level, message: msg });
  put("logs/app/vllm_20260117_220000.log", "boot\nLoading model llama\nready\n", 60_000);
  put("logs/app/vllm_20260116_220000.log.gz", gzipSync("old boot\nLoading model llama\n"), 2 * DAY);
  put("logs/json/a.jsonl", [line("info", "one"), line("error", "two"), line("error", "three")].join("\n") + "\n", 1000);
  put("logs/json/b.jsonl", [line("info", "four"), '{"level":"info"}'].join("\n") + "\n", 1000);
  put("logs/doc.json", JSON.stringify([{ id: 1, name: "a" }, { id: 2 }]));
  put("logs/s.csv", "date,errors\n2026-01-17,3\n", 1000);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(input: unknown, ctx: Parameters<typeof testContext>[0] = {}) {
  const parsed = step.schema.parse(input);
  return step.run(parsed, testContext({ scenarioDir: root, startedAt, ...ctx }));
}

const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.path}: ${c.actual}${c.note === undefined ? "" : ` — ${c.note}`}`);

describe("schema", () => {
  const issues = (input: unknown) => step.schema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  test.each([
    [{ glob: "*.log" }, []],
    [{ globs: ["a/*", "b/*"], exclude: "*.tmp", root: "${LOGS_ROOT}" }, []],
    [{ glob: "x", expect: { contains: ["a", { matches: "b", count: { lte: 3 } }], not_contains: { matches: "c" } } }, []],
    [{ glob: "x", expect: { format: "jsonl", required_fields: { tags: { length: { gte: 1 } } }, each: { max_age: "7d", size: { lt: "100MiB" } } } }, []],
    [{}, ["glob: files needs `glob: PATTERN` or `globs: [PATTERN, …]`"]],
    [{ glob: "x", expect: { colour: 1 } }, ['expect: Unrecognized key: "colour"']],
    [{ glob: "x", expect: { each: { count: 1 } } }, ['expect.each: Unrecognized key: "count"']],
    [{ glob: "x", expect: { required_fields: ["a"] } }, ["expect.required_fields: required_fields needs a format beside it: format: jsonl | json | csv | npz"]],
    [{ glob: "x", expect: { format: "jsonl", columns: ["a"] } }, ["expect.columns: columns applies to format: csv; add `format: csv` beside it"]],
    [{ glob: "x", expect: { format: "pkl", required_fields: ["a"] } }, ["expect.required_fields: format: pkl has no fields to require (pickles are not unpickled)"]],
    [{ glob: "x", expect: { format: "yaml" } }, ["expect.format: Invalid option: expected one of \"jsonl\"|\"json\"|\"csv\"|\"npz\"|\"pkl\""]],
    [{ glob: "x", expect: { contains: { matches: "(" } } }, ["expect.contains.matches: invalid regular expression: missing )"]],
    [{ glob: "x", expect: { name: "([" } }, ["expect.name: invalid regular expression: missing terminating ] for character class"]],
    // grep's word boundaries and PCRE's letter escapes, which JavaScript read as text: not_contains passed on lines grep finds.
    [{ glob: "x", expect: { not_contains: { matches: "\\<ERROR\\>" } } }, [expect.stringContaining("expect.not_contains.matches: invalid regular expression: \\< and \\> are no word boundaries in JavaScript regexes")]],
    [{ glob: "x", expect: { each: { contains: { matches: "ERROR\\h+timeout", count: 0 } } } }, ["expect.each.contains.matches: invalid regular expression: \\h is no escape in JavaScript regexes (it matches the letter h; PCRE and grep -P read a space or tab): write [ \\t]"]],
    // A list is an equality with a list: every file failed it, whatever its name.
    [{ glob: "x", expect: { name: ["a.log", "b.log"] } }, ["expect.name: name takes one regex or a matcher, not a list (a list is an equality with a list, which no file name is): write {in: [a.log, b.log]} for whole names, or one regex '^(a|b)\\.log$'"]],
    [{ glob: "x", expect: { each: { name: ["a.log"] } } }, [expect.stringContaining("expect.each.name: name takes one regex or a matcher, not a list")]],
    [{ glob: "x", expect: { name: { in: ["a.log", "b.log"] } } }, []],
    // Inside a matcher too: `ne` and `not` of a list held for every file, `eq` of one and `in: []` for none.
    [{ glob: "x", expect: { name: { ne: ["f.log.gz"] } } }, ["expect.name: name: {ne: [f.log.gz]} compares each name with a list, which no name is, so it holds for every file: write {not: {in: [f.log.gz]}}"]],
    [{ glob: "x", expect: { name: { not: ["f.log.gz"] } } }, [expect.stringContaining("expect.name: name: {not: [f.log.gz]} compares each name with a list")]],
    [{ glob: "x", expect: { name: { eq: ["a", "b"] } } }, ["expect.name: name: {eq: [a, b]} compares each name with a list, which no name is, so it holds for no file: write {in: [a, b]}"]],
    [{ glob: "x", expect: { name: { in: [] } } }, ["expect.name: name: {in: []} holds for no name: list the names"]],
    [{ glob: "x", expect: { name: { not: { in: ["a.log"] } } } }, []],
    [{ glob: "x", expect: { max_age: "soon" } }, ['expect.max_age: invalid duration "soon": use a number with a unit, e.g. 500ms, 2s, 1m30s, 1h, 7d']],
    [{ glob: "x", expect: { count: { gte: 1, atleast: 2 } } }, ['expect.count.atleast: unknown matcher operator "atleast"; to compare with a literal mapping write {eq: {...}}']],
    // Expectations that hold whatever the files hold: refused at load, since a step passing on them checked nothing.
    [{ glob: "x", expect: { contains: [] } }, ["expect.contains: an empty list checks nothing: give at least one item, or leave the key out"]],
    [{ glob: "x", expect: { not_contains: [] } }, ["expect.not_contains: an empty list checks nothing: give at least one item, or leave the key out"]],
    [{ glob: "x", expect: { contains: "" } }, ["expect.contains: an empty string is in every line: give the text to look for"]],
    // A YAML block scalar (`not_contains: |`) keeps its last line break: only a Traceback ending its line was looked for,
    // and the step passed on "Traceback (most recent call last):" and on every CRLF line.
    [{ glob: "x", expect: { not_contains: "Traceback\n" } }, ['expect.not_contains: "Traceback\\n" ends with a line break (a YAML block scalar, |, keeps its last one), so it is found only right before an LF line end, not where text follows on the line nor before a CRLF: write |- or a quoted string to look for "Traceback" wherever it stands']],
    [{ glob: "x", expect: { each: { not_contains: ["ok", "a\nb\r\n"] } } }, [expect.stringContaining('expect.each.not_contains.1: "a\\nb\\r\\n" ends with a line break')]],
    [{ glob: "x", expect: { not_contains: "a\nb", contains: "started\n" } }, []],
    // `$ERR` (a variable as compose or bash writes it) is the end of the line followed by ERR, which no line holds:
    // not_contains passed on any file, contains never did, as matches / not_matches are refused for it.
    [{ glob: "x", expect: { not_contains: { matches: "$ERR" } } }, ['expect.not_contains.matches: /$ERR/: "$ERR" matches nowhere ("$" is the end of the text or line, and "E" cannot follow it), so this part of the pattern checks nothing; for the variable ERR write ${ERR}, for a dollar sign \\$']],
    [{ glob: "x", expect: { each: { contains: { matches: "a$b|c", count: 0 } }, name: "x$1" } }, [expect.stringContaining('expect.name: /x$1/: "$1" matches nowhere ("$" is the end of the text or line, and "1" cannot follow it), so this part of the pattern checks nothing; for a dollar sign \\$'), expect.stringContaining('expect.each.contains.matches: /a$b|c/: "$b" matches nowhere')]],
    [{ glob: "x", expect: { not_contains: [{ matches: "\\$ERR|[$]ERR|a$" }] } }, []],
    [{ glob: "x", expect: { not_contains: [""] } }, ["expect.not_contains.0: an empty string is in every line: give the text to look for"]],
    [{ glob: "x", expect: { contains: { matches: "" } } }, ["expect.contains.matches: an empty pattern (or a flag group alone, such as (?i)) matches every line: give the pattern to look for"]],
    [{ glob: "x", expect: { name: "" } }, ["expect.name: an empty pattern (or a flag group alone, such as (?i)) matches every name: give the pattern to look for"]],
    // What `(?i)${PREFIX}` becomes with PREFIX empty: it matched every name and line, and the step passed.
    [{ glob: "x", expect: { name: "(?i)" } }, ["expect.name: an empty pattern (or a flag group alone, such as (?i)) matches every name: give the pattern to look for"]],
    [{ glob: "x", expect: { contains: { matches: "(?s)" } } }, ["expect.contains.matches: an empty pattern (or a flag group alone, such as (?i)) matches every line: give the pattern to look for"]],
    [{ glob: "x", expect: { not_contains: { matches: "(?im)" } } }, ["expect.not_contains.matches: an empty pattern (or a flag group alone, such as (?i)) matches every line: give the pattern to look for"]],
    // What `^${ID}` becomes with ID empty, and the spellings of "anything": they need no character, so they match every line or name.
    [{ glob: "x", expect: { contains: { matches: "^" } } }, ["expect.contains.matches: /^/ matches every line (it needs no character at its start or end): give the pattern to look for"]],
    [{ glob: "x", expect: { each: { not_contains: [{ matches: "a|" }] } } }, ["expect.each.not_contains.0.matches: /a|/ matches every line (it needs no character at its start or end): give the pattern to look for"]],
    [{ glob: "x", expect: { name: ".*" } }, ["expect.name: /.*/ matches every name (it needs no character at its start or end): give the pattern to look for"]],
    [{ glob: "x", expect: { name: { matches: "(?i)" } } }, ["expect.name.matches: an empty pattern (or a flag group alone, such as (?i)) matches every text: it checks only that there is a value; give the pattern to look for (or write exists: true)"]],
    // Beside a count, such a pattern counts lines.
    [{ glob: "x", expect: { contains: { matches: "^", count: 3 } } }, []],
    // With `count: 0` an empty glob passed, having looked at nothing.
    [{ glob: "", expect: { count: 0 } }, ["glob: an empty pattern names no file: give one, e.g. logs/api/*.log"]],
    [{ globs: ["logs/*.log", ""] }, ["globs.1: an empty pattern names no file: give one, e.g. logs/api/*.log"]],
    [{ globs: "" }, ["globs.0: an empty pattern names no file: give one, e.g. logs/api/*.log"]],
    [{ glob: "x", expect: { format: "jsonl", required_fields: [] } }, ["expect.required_fields: an empty list checks nothing: give at least one item, or leave the key out"]],
    [{ glob: "x", expect: { format: "jsonl", required_fields: {} } }, ["expect.required_fields: an empty mapping checks nothing: give at least one field and its matcher (e.g. {level: info}), or leave the key out"]],
    [{ glob: "x", expect: { format: "csv", columns: [] } }, ["expect.columns: an empty list checks nothing: give at least one item, or leave the key out"]],
    [{ glob: "x", expect: { each: {} } }, ["expect.each: each: {} checks nothing: give what every file must satisfy, or leave each out"]],
    [{ glob: "x", expect: { manifest: " " } }, ["expect.manifest: manifest is empty: name the file (relative to root) that lists the paths"]],
    [{ glob: "logs/**", exclude: ["*.tmp", "private/"] }, ['exclude.1: exclude "private/" ends with /, which no name or path does here, so it leaves out nothing: write "private" (a folder matched is left out whole)']],
    // Only files count, so a glob ending with / matches nothing: count: 0 passed beside the folder's files.
    [{ glob: "logs/archive/", expect: { count: 0 } }, ['glob: "logs/archive/" ends with /, which no file\'s path does (only files count), so it matches nothing: write "logs/archive/*", or "logs/archive/**" for every level below']],
    [{ globs: ["logs/*.log", "logs/archive/"] }, ['globs.1: "logs/archive/" ends with /, which no file\'s path does (only files count), so it matches nothing: write "logs/archive/*", or "logs/archive/**" for every level below']],
    // Bun's matcher reads a POSIX class as a class of its characters and a ]: logs/app.log.[[:digit:]] found app.log.d],
    // not app.log.1, and count: 0 passed. In a name, escaped, it is text.
    [{ glob: "logs/app.log.[[:digit:]]", expect: { count: 0 } }, ['glob: [:digit:] in "[[:digit:]]" is a POSIX class, which this glob does not know (it reads it as a class of its characters and a ]): write "[0-9]"']],
    [{ glob: "logs/*", exclude: ["[![:space:]]*", "x"] }, ['exclude.0: [:space:] in "[![:space:]]" is a POSIX class, which this glob does not know (it reads it as a class of its characters and a ]): write the characters it stands for in a class']],
    [{ glob: "logs/\\[:digit:\\].log" }, []],
    // Negated, mixed, collating and equivalence forms; the advice keeps the rest of the bracket expression.
    [{ glob: "logs/a[![:digit:]].log" }, ['glob: [:digit:] in "[![:digit:]]" is a POSIX class, which this glob does not know (it reads it as a class of its characters and a ]): write "[!0-9]"']],
    [{ globs: ["logs/a[[.1.]].log", "logs/a[[=e=]].log"] }, ['globs.0: [.1.] in "[[.1.]]" is a POSIX collating symbol, which this glob does not know (it reads it as a class of its characters and a ]): write "[1]"', 'globs.1: [=e=] in "[[=e=]]" is a POSIX equivalence class, which this glob does not know (it reads it as a class of its characters and a ]): write "[e]"']],
    // A brace alternative ending with / matches no file, as a glob ending so.
    [{ glob: "logs/{archive/,old/}", expect: { count: 0 } }, ['glob: "logs/{archive/,old/}" has a brace alternative ending with /, which no file\'s path does (only files count), so it matches nothing there: write "logs/{archive/*,old/*}"']],
    // A .. after a wildcard matches nothing in the walk: count: 0 passed on files that are there. The text reading is
    // not offered as the same files: bash goes up from each folder on disk, through a link to its target's parent.
    [
      { glob: "logs/*/x/../f1.log", expect: { count: 0 } },
      [
        'glob: a .. after a wildcard matches no file here: bash goes up from each folder "logs/*/x" matches as the kernel reads the path (after a link, to its target\'s parent), so the folders on disk decide which files it names. Write their names in braces instead of the wildcard ("logs/{NAME,…}/x/../f1.log"); "logs/*/f1.log" takes the .. as text, which names the same files only if every folder "logs/*" matches holds "x" as a real folder, not a link',
      ],
    ],
    [
      { glob: "*/*/../../c/*.log" },
      [
        'glob: a .. after a wildcard matches no file here: bash goes up from each folder "*/*" matches as the kernel reads the path (after a link, to its target\'s parent), so the folders on disk decide which files it names. Write their names in braces instead of the wildcard ("{NAME,…}/{NAME,…}/../../c/*.log"); "c/*.log" takes the .. as text, which names the same files only if every folder its .. go up from is there and is a real folder, not a link',
      ],
    ],
    // Braces are expanded before, as bash does: logs/a/../../c and logs/b/../../c, each .. read as the kernel reads it.
    [{ globs: ["../up/*.log", "logs/{a,b}/../../c/*.log"] }, []],
    // A count or a size is never below 0: `count: {gte: 0}` alone passed whatever was there (beside other checks it says none is fine).
    [{ glob: "x", expect: { count: { gte: 0 } } }, ["expect.count: count holds here for any number of files, and expect checks nothing else, so the step would pass whatever is there: leave count out to require at least one file, write {gte: 1}, or count: 0 for none"]],
    [{ glob: "x", expect: { contains: { matches: "zzz", count: { gte: 0 } } } }, ['expect.contains.count: {"gte":0} holds for every count, which is never below 0: it checks nothing; compare it with a number, e.g. {gte: 1}']],
    [{ glob: "x", expect: { each: { size: { gt: -1 } } } }, ['expect.each.size: {"gt":-1} holds for every size, which is never below 0: it checks nothing; compare it with a number, e.g. {gte: 1}']],
    [{ glob: "x", expect: { lines: { lt: 0 } } }, ["expect.lines.lt: lt: 0 holds for no count, which is never below 0: the check could never pass"]],
    // Counts and sizes compare with numbers: a typo would never pass, or (ne) never fail.
    [{ glob: "x", expect: { size: { ne: "10XB" } } }, ['expect.size.ne: "10XB" is not a number of bytes or a size (10MiB)']],
    [{ glob: "x", expect: { each: { lines: "many" } } }, ['expect.each.lines: "many" is not a number']],
    // Of the field's unit: `10m` is ten minutes (600,000 bytes as a size), 2s no count of lines.
    [{ glob: "x", expect: { size: { lte: "10m" } } }, ['expect.size.lte: "10m" reads as a duration (m is minutes), not a size: write the bytes with B, e.g. 10MB or 10MiB']],
    [{ glob: "x", expect: { contains: { matches: "a", count: { gte: "2s" } } } }, ['expect.contains.count.gte: "2s" is a duration, not a number']],
    [{ glob: "x", expect: { count: { between: [5, 1] } } }, ["expect.count.between: between [5,1] holds for no value: write the lower bound first"]],
  ])("%j → %j", (input, expected) => {
    expect(issues(input)).toEqual(expected);
  });
});

describe("run", () => {
  test("the format's own example shape passes on a good tree and reports what it saw", async () => {
    const r = await run({ glob: "logs/app/*.log{,.gz}", expect: { count: 2, contains: "Loading model", name: "^vllm_\\d{8}_\\d{6}\\.log(\\.gz)?$", each: { max_age: "7d", size: { lt: "100MiB" } } } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count", "name", "contains", "each.max_age", "each.size"]);
    expect(r.error).toBeUndefined();
    expect(r.observed).toMatchObject({ count: 2, files: ["logs/app/vllm_20260116_220000.log.gz", "logs/app/vllm_20260117_220000.log"] });
    expect(r.summary).toMatch(/^2 files \(\d+ B\) match logs\/app\/\*\.log\{,\.gz\} under \.$/);
    expect(r.details?.[0]?.body).toContain("logs/app/vllm_20260117_220000.log");
  });

  test.each([
    ["no match fails the default count and says what is there", { glob: "nothing/*.log" }, ["count: 0", 'glob: 0 — "nothing/*.log" matches no file: nothing does not exist; the nearest existing directory, ., holds: logs/']],
    ["a glob of several that matches nothing fails", { globs: ["logs/json/*.jsonl", "logs/jsn/*.jsonl"] }, ['glob: 0 — "logs/jsn/*.jsonl" matches no file: logs/jsn does not exist; the nearest existing directory, logs, holds: app/, doc.json, json/, s.csv']],
    ["with an explicit count, a failing 0 says why", { glob: "logs/json/*.log", expect: { count: { gte: 1 } } }, ['count: 0 — "logs/json/*.log" matches no file; logs/json holds: a.jsonl, b.jsonl']],
    ["count mismatch names the files found", { glob: "logs/json/*.jsonl", expect: { count: { gte: 3 } } }, ["count: 2 — found: logs/json/a.jsonl, logs/json/b.jsonl"]],
    ["name regex names the file", { glob: "logs/app/*", expect: { name: "\\.log$" } }, ["name: logs/app/vllm_20260116_220000.log.gz"]],
    ["name matcher", { glob: "logs/app/*", expect: { name: { not_contains: "0116" } } }, ["name: logs/app/vllm_20260116_220000.log.gz"]],
    ["a number as name is the regex of its text, not an equality", { glob: "logs/app/*", expect: { name: 20260117 } }, ["name: logs/app/vllm_20260116_220000.log.gz"]],
    ["fresh: some file after the start", { glob: "logs/app/*", expect: { fresh: true } }, [/^fresh: newest: logs\/app\/vllm_20260117_220000.log: modified 1m(\d\ds)? ago/]],
    ["max_age over every file", { glob: "logs/app/*", expect: { max_age: "1d" } }, [/^max_age: logs\/app\/vllm_20260116_220000\.log\.gz: modified 2d 0h 0m \d+s ago, more than 1d \(/]],
    ["min_age", { glob: "logs/app/*", expect: { min_age: "1h" } }, [/^min_age: logs\/app\/vllm_20260117_220000\.log: modified 1m \d+s ago, less than 1h \(/]],
    ["size over all files together", { glob: "logs/json/*", expect: { size: { lt: 100 } } }, [/^size: \d+ bytes over 2 files$/]],
    ["size per file", { glob: "logs/json/*", expect: { each: { size: { lt: 150 } } } }, [/^each\.size: logs\/json\/a\.jsonl: \d+ bytes$/]],
    ["lines over all files (gz decompressed)", { glob: "logs/app/*", expect: { lines: 4 } }, ["lines: 5 lines over 2 files"]],
    ["lines per file", { glob: "logs/app/*", expect: { each: { lines: 3 } } }, ["each.lines: logs/app/vllm_20260116_220000.log.gz: 2 lines"]],
    ["a literal found in no file", { glob: "logs/app/*", expect: { contains: "CUDA out of memory" } }, [/^contains: not found in 2 files \(\d+ bytes read\)$/]],
    ["a literal missing from one file (each)", { glob: "logs/app/*", expect: { each: { contains: "ready" } } }, ["each.contains: logs/app/vllm_20260116_220000.log.gz: not found"]],
    ["regex line count over all files", { glob: "logs/json/*", expect: { contains: { matches: 'level":"error', count: { lte: 1 } } } }, ['contains: 2 matching lines in 2 files; first logs/json/a.jsonl:2: {"timestamp":"2026-01-17T22:00:00Z","level":"error","message":"two"}']],
    ["regex count per file", { glob: "logs/json/*", expect: { each: { contains: { matches: "error" } } } }, ["each.contains: logs/json/b.jsonl: no matching lines"]],
    ["not_contains literal names file, line and text", { glob: "logs/app/*", expect: { not_contains: "ready" } }, ["not_contains: logs/app/vllm_20260117_220000.log:3: ready"]],
    ["not_contains regex counts the rest", { glob: "logs/json/*", expect: { not_contains: { matches: "error" } } }, ['not_contains: logs/json/a.jsonl:2: {"timestamp":"2026-01-17T22:00:00Z","level":"error","message":"two"} (and 1 more matching lines in this file)']],
    ["jsonl required fields", { glob: "logs/json/*", expect: { format: "jsonl", required_fields: ["timestamp", "level", "message"] } }, ['format: logs/json/b.jsonl:2: missing field "timestamp": {"level":"info"}']],
    ["json document items", { glob: "logs/doc.json", expect: { format: "json", required_fields: ["id", "name"] } }, ['format: logs/doc.json: item [1]: missing field "name": {"id":2}']],
    ["csv columns", { glob: "logs/*.csv", expect: { format: "csv", columns: ["date", "warnings"] } }, ['format: logs/s.csv:1: header lacks column "warnings": date,errors']],
    ["a log that is not a pickle", { glob: "logs/s.csv", expect: { format: "pkl" } }, ["format: logs/s.csv: does not end with the STOP opcode '.' (last byte is 0x0a): truncated or not a pickle"]],
  ])("%s", async (_, input, expected) => {
    const got = failed((await run(input)).checks);
    expect(got.length).toBe(expected.length);
    expected.forEach((e, i) => (typeof e === "string" ? expect(got[i]).toBe(e) : expect(got[i]).toMatch(e)));
  });

  test("with an explicit count that allows none, a glob matching nothing passes", async () => {
    const r = await run({ glob: "logs/json/*.log", expect: { count: 0 } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count"]);
  });

  test("links to files and directories are followed; each real file counts once; loops and dangling links are reported", async () => {
    put("linked/real/a.log", "alpha\n");
    put("linked/real/b.log", "beta\n");
    mkdirSync(join(root, "linked/logs/api"), { recursive: true });
    symlinkSync("../../real/a.log", join(root, "linked/logs/api/a.log"));
    symlinkSync("../../real/missing.log", join(root, "linked/logs/api/gone.log"));
    symlinkSync("../real", join(root, "linked/logs/web"));
    symlinkSync("..", join(root, "linked/logs/api/loop"));
    const r = await run({ glob: "linked/logs/**/*.log", expect: { count: 2, contains: "alpha" } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count", "contains"]);
    expect(r.observed!.files).toEqual(["linked/logs/api/a.log", "linked/logs/web/b.log"]);
    const links = r.details!.find((d) => d.title.startsWith("Links not followed"))!;
    expect(links.body).toBe([
      "linked/logs/api/gone.log -> ../../real/missing.log (dangling: the target does not exist)",
      "linked/logs/api/loop -> .. (a loop: it points to a directory that contains it; not followed)",
    ].join("\n"));
    const one = await run({ glob: "linked/logs/api/*.log", expect: { count: 1 } });
    expect(failed(one.checks)).toEqual([]);
    expectPassed(one, ["count"]);
  });

  test("two names of one file (a hard link) are one file: count, size, lines and contains counts see it once; the manifest knows both names", async () => {
    put("hard/logs/a.log", "one ERROR\ntwo\n");
    put("hard/logs/c.log", "three ERROR\n");
    mkdirSync(join(root, "hard/logs/old"), { recursive: true });
    linkSync(join(root, "hard/logs/a.log"), join(root, "hard/logs/old/a.log"));
    linkSync(join(root, "hard/logs/a.log"), join(root, "hard/logs/b.log"));
    put("hard/MANIFEST", "logs/b.log\nlogs/old/a.log\nlogs/c.log\n");
    const r = await run({ glob: "hard/logs/**/*.log", expect: { count: 2, size: 26, lines: 3, contains: { matches: "ERROR", count: 2 }, manifest: "hard/MANIFEST" } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.observed).toMatchObject({ count: 2, files: ["hard/logs/a.log", "hard/logs/c.log"], bytes: 26, lines: 3 });
    expect(r.details!.find((d) => d.title.startsWith("Hard links"))).toEqual({ title: "Hard links counted once (2)", body: "hard/logs/b.log = hard/logs/a.log\nhard/logs/old/a.log = hard/logs/a.log" });
    // Matched through a symbolic link and by its own name: the name reached without a link is kept.
    symlinkSync("../c.log", join(root, "hard/logs/old/c.log"));
    linkSync(join(root, "hard/logs/c.log"), join(root, "hard/logs/old/d.log"));
    const linked = await run({ glob: "hard/logs/old/*.log", expect: { count: 2 } });
    expect(failed(linked.checks)).toEqual([]);
    expect(linked.observed!.files).toEqual(["hard/logs/old/a.log", "hard/logs/old/d.log"]);
  });

  test("a link's age and size are its target's, not the link's own", async () => {
    put("agelink/real/old.log", "0123456789\n", 3 * DAY);
    mkdirSync(join(root, "agelink/logs"), { recursive: true });
    symlinkSync("../real/old.log", join(root, "agelink/logs/old.log"));
    const r = await run({ glob: "agelink/logs/*.log", expect: { fresh: false, min_age: "2d", size: 11, each: { max_age: "4d" } } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count", "fresh", "min_age", "size", "each.max_age"]);
  });

  test("a directory deeper than the walk goes fails a read check naming it, so not_contains cannot pass on what was not walked", async () => {
    const deep = `deep/${Array.from({ length: 70 }, () => "d").join("/")}`;
    put(`${deep}/x.log`, "ERROR\n");
    const r = await run({ glob: "deep/**/*.log", expect: { count: { gte: 0 }, not_contains: "ERROR" } });
    const at = `deep/${Array.from({ length: 65 }, () => "d").join("/")}`;
    expect(failed(r.checks)).toEqual([`read: ${at}: not walked: more than 64 directory levels below the pattern's start`]);
  });

  test("size is a file's length, not the blocks it takes on disk: a sparse 1 GiB file is 1 GiB", async () => {
    put("sparse/big.log", "");
    truncateSync(join(root, "sparse/big.log"), 1024 ** 3);
    const r = await run({ glob: "sparse/*.log", expect: { size: 1024 ** 3, each: { size: { gte: "1GiB" } } } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count", "size", "each.size"]);
  });

  test("links to directories past the walk's limit fail a read check naming them, not only the report", async () => {
    put("maze/target/x.log", "ERROR\n");
    mkdirSync(join(root, "maze/links"));
    for (let i = 0; i <= 10_000; i++) symlinkSync("../target", join(root, `maze/links/l${String(i).padStart(5, "0")}`));
    const r = await run({ glob: "maze/links/**/*.log", expect: { count: { gte: 0 }, not_contains: "PANIC" } });
    const bad = failed(r.checks);
    expect(bad.length).toBe(1);
    expect(bad[0]).toMatch(/^read: maze\/links\/l\d{5}: not walked: more than 10000 linked directories$/);
  });

  test("each passing expectation yields one passing check", async () => {
    const r = await run({ glob: "logs/json/*.jsonl", expect: { count: 2, lines: 5, size: { gt: 0 }, fresh: false, format: "jsonl", not_contains: "panic", contains: { matches: "info", count: 3 } } });
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["count", true], ["fresh", true], ["size", true], ["lines", true], ["contains", true], ["not_contains", true], ["format", true]]);
  });

  test("failures are capped at 10 files and say how many more", async () => {
    for (let i = 0; i < 13; i++) put(`many/f${String(i).padStart(2, "0")}.log`, "x\n", 3 * DAY);
    const r = await run({ glob: "many/*.log", expect: { max_age: "1d" } });
    const bad = failed(r.checks);
    expect(bad.length).toBe(11);
    expect(bad[10]).toBe("max_age: …and 3 more files");
  });

  test("a line longer than 32 MiB counts as one matching line however many pieces hold the text", async () => {
    put("long/one.log", `ERROR ${"a".repeat(40 * 1024 * 1024)} ERROR\nok\n`);
    for (const matches of ["ERROR", "E.ROR"]) {
      const r = await run({ glob: "long/one.log", expect: { lines: 2, contains: { matches, count: 1 } } });
      expect(failed(r.checks)).toEqual([]);
      expectPassed(r, ["count", "lines", "contains"]);
    }
  });

  test("CRLF lines, plain and .gz: a CR is no part of its line, so `^$` and `\\r$` see no blank line nor CR where grep on the file without CRs sees none", async () => {
    const clean = "abc\r\ndef\r\n";
    const oneBlank = "abc\r\ndef\r\n\r\nxyz\n";
    put("crlf/clean.log", clean);
    put("crlf/clean.log.gz", gzipSync(clean));
    put("crlf/one-blank.log", oneBlank);
    put("crlf/one-blank.log.gz", gzipSync(oneBlank));
    for (const ext of ["log", "log.gz"]) {
      // Failed before: every CRLF line counted as blank.
      const none = await run({ glob: `crlf/clean.${ext}`, expect: { not_contains: [{ matches: "^$" }, { matches: "^\\s*$" }, { matches: "\\r$" }, { matches: "\\s+$" }] } });
      expect(failed(none.checks)).toEqual([]);
      expectPassed(none, ["count", "not_contains[0]", "not_contains[1]", "not_contains[2]", "not_contains[3]"]);
      const one = await run({ glob: `crlf/one-blank.${ext}`, expect: { contains: [{ matches: "^$", count: 1 }, { matches: "(?i)^$", count: 1 }, { matches: "^.{0}$", count: 1 }] } });
      expect(failed(one.checks)).toEqual([]);
      // Passed before: CRLF lines counted as blank lines that are not there.
      const some = await run({ glob: `crlf/clean.${ext}`, expect: { contains: { matches: "^$" } } });
      expect(failed(some.checks)).toEqual(["contains: 0 matching lines in 1 file"]);
      const three = await run({ glob: `crlf/one-blank.${ext}`, expect: { contains: { matches: "^$", count: { gte: 2 } } } });
      expect(failed(three.checks)).toEqual([`contains: 1 matching line in 1 file; first crlf/one-blank.${ext}:3: `]);
    }
  });

  test("a progress bar's line past 32 MiB (\\r updates, no newline) is one line: `^` and `$` match only at its ends", async () => {
    put("long/bar.log", `Loading 0%\r${"Loading 50%\r".repeat(3_600_000)}RuntimeError: CUDA out of memory\r\nok\n`);
    // Failed before: JavaScript's multiline `^` and `$` matched at each CR inside the line.
    const r = await run({ glob: "long/bar.log", expect: { lines: 2, contains: [{ matches: "^Loading 0%", count: 1 }, { matches: "memory$", count: 1 }], not_contains: [{ matches: "^Loading 50" }, { matches: "50%$" }] } });
    expect(failed(r.checks)).toEqual([]);
  });

  test("an emoji is one character to a regex, as to Python and grep: in a name and in a line", async () => {
    put("emoji/😀.log", "x 😀 y\nx ab y\n😀😀\n");
    const r = await run({ glob: "emoji/*.log", expect: { name: "^.\\.log$", each: { name: { matches: "^[^a-z]\\.log$" } }, contains: [{ matches: "x . y", count: 1 }, { matches: "^.{2}$", count: 1 }], not_contains: { matches: "^x [^a-z]{2} y$" } } });
    expect(failed(r.checks)).toEqual([]);
  });

  test("unreadable gzip is a failing read check naming the file", async () => {
    put("broken/x.log.gz", "not gzip at all");
    const r = await run({ glob: "broken/*", expect: { contains: "x" } });
    expect(failed(r.checks)[0]).toBe("read: broken/x.log.gz: could not read: not a valid gzip file (incorrect header check)");
  });

  test("a .gz is read as gzip and zcat read it: zero padding after it is ignored, every member of a concatenation counts", async () => {
    const a = gzipSync("a1\nERROR a2\n");
    const b = gzipSync("b1\nERROR b2\n");
    // Padded to a block (or extended with zeros by a crash): failed as damaged before, where zcat and Python read it.
    put("gzpad/padded.log.gz", Buffer.concat([a, Buffer.alloc(512)]));
    put("gzpad/multi.log.gz", Buffer.concat([a, b]));
    const padded = await run({ glob: "gzpad/padded.log.gz", expect: { lines: 2, contains: { matches: "ERROR", count: 1 }, not_contains: "zzz" } });
    expect(failed(padded.checks)).toEqual([]);
    expectPassed(padded, ["count", "lines", "contains", "not_contains"]);
    const multi = await run({ glob: "gzpad/multi.log.gz", expect: { lines: 4, contains: { matches: "ERROR", count: 2 } } });
    expect(failed(multi.checks)).toEqual([]);
    expectPassed(multi, ["count", "lines", "contains"]);
    // Still damaged: cut short, or followed by bytes that are neither zeros nor a member.
    put("gzbad/cut.log.gz", a.subarray(0, a.length - 4));
    put("gzbad/tail.log.gz", Buffer.concat([a, Buffer.from("garbage")]));
    for (const name of ["cut", "tail"]) {
      const r = await run({ glob: `gzbad/${name}.log.gz`, expect: { lines: 2 } });
      expect(failed(r.checks)[0]).toStartWith(`read: gzbad/${name}.log.gz: could not read: not a valid gzip file (`);
    }
    // The whole member before the trailing bytes is read, as zcat prints it (it warns of the rest): zlib dropped it, so
    // a contains of its text failed on "0 bytes read", and a not_contains could not name the line that breaks it. A
    // check that reads to the end still fails on the damage, which the error places.
    const tail = await run({ glob: "gzbad/tail.log.gz", expect: { contains: "ERROR a2", not_contains: "a1" } });
    expect(failed(tail.checks)).toEqual(["not_contains: gzbad/tail.log.gz:1: a1"]);
    expect(tail.checks.find((c) => c.path === "contains")?.ok).toBe(true);
    const whole = await run({ glob: "gzbad/tail.log.gz", expect: { lines: 2 } });
    expect(failed(whole.checks)[0]).toBe(`read: gzbad/tail.log.gz: could not read: not a valid gzip file (incorrect header check at byte ${a.length}, after 1 whole member)`);
  });

  test("zero padding followed by other bytes is damage, as gzip warns of it: what follows the zeros is not skipped unseen", async () => {
    const a = gzipSync('{"a":1}\n');
    const b = gzipSync('{"msg":"Traceback"}\n');
    // zlib stops at the first zero after a member and ignores the rest: the member after the padding (which Python's gzip
    // reads) went unseen, and not_contains, format and a line count of 1 passed (gzip -t: "trailing garbage ignored").
    put("gzpadbad/member.jsonl.gz", Buffer.concat([a, Buffer.alloc(16), b]));
    put("gzpadbad/junk.jsonl.gz", Buffer.concat([a, Buffer.alloc(3), Buffer.from("junk"), Buffer.alloc(5)]));
    const damage = (name: string, at: number) =>
      `read: gzpadbad/${name}.jsonl.gz: could not read: not a valid gzip file (bytes other than zeros at byte ${at}, after the zero padding at byte ${a.length} that follows 1 whole member: zcat stops at the padding and ignores them as trailing garbage)`;
    const member = await run({ glob: "gzpadbad/member.jsonl.gz", expect: { lines: 1, format: "jsonl", not_contains: "Traceback" } });
    expect(failed(member.checks)[0]).toBe(damage("member", a.length + 16));
    const junk = await run({ glob: "gzpadbad/junk.jsonl.gz", expect: { not_contains: { matches: "T.aceback" } } });
    expect(failed(junk.checks)).toEqual([damage("junk", a.length + 3)]);
    // Past the first chunk read: the stream ended before the file was read to its end.
    put("gzpadbad/far.jsonl.gz", Buffer.concat([a, Buffer.alloc(3 * 1024 * 1024), b]));
    const far = await run({ glob: "gzpadbad/far.jsonl.gz", expect: { not_contains: "Traceback" } });
    expect(failed(far.checks)).toEqual([damage("far", a.length + 3 * 1024 * 1024)]);
    // What comes before the padding is read as before: a contains of it passes, as zcat prints it.
    const before = await run({ glob: "gzpadbad/member.jsonl.gz", expect: { contains: '"a":1' } });
    expect(failed(before.checks)).toEqual([]);
  });

  test("a gzip member whose header CRC (FHCRC) is wrong is damage from its start: none of its data is read, as zcat reads none", async () => {
    /** One gzip member of `text` whose header has FHCRC: the low 16 bits of the CRC-32 of the header bytes before it (RFC 1952), or those wrong. */
    const withHeaderCrc = (text: string, right: boolean) => {
      const head = Buffer.from([0x1f, 0x8b, 8, 0x02, 0, 0, 0, 0, 0, 0xff]);
      const crc16 = Buffer.alloc(2);
      crc16.writeUInt16LE((Bun.hash.crc32(head) & 0xffff) ^ (right ? 0 : 1));
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(Bun.hash.crc32(text), 0);
      trailer.writeUInt32LE(Buffer.byteLength(text), 4);
      return Buffer.concat([head, crc16, deflateRawSync(text), trailer]);
    };
    // The tester's file (zcat: "header checksum 0xc991 != computed checksum 0xc990", and nothing printed).
    expect(withHeaderCrc('{"a":1}\n', false)).toEqual(Buffer.from("1f8b08020000000000ff91c9ab564a54b232ace5020046a3e87408000000", "hex"));
    put("gzhcrc/good.jsonl.gz", withHeaderCrc('{"a":1}\n', true));
    const good = await run({ glob: "gzhcrc/good.jsonl.gz", expect: { lines: 1, format: "jsonl", required_fields: ["a"], contains: '"a":1', not_contains: "zzz" } });
    expect(failed(good.checks)).toEqual([]);
    expectPassed(good, ["count", "lines", "contains", "not_contains", "format"]);
    // Its only member is bad: `contains` passed on the data after the header, and the error placed the damage at the
    // file's end, "after 1 whole member".
    put("gzhcrc/bad.jsonl.gz", withHeaderCrc('{"a":1}\n', false));
    const damage = "could not read: not a valid gzip file (header crc mismatch at byte 0, after 0 whole members)";
    for (const expectIn of [{ contains: '"a":1' }, { format: "jsonl", required_fields: ["a"] }, { not_contains: "zzz" }]) {
      const bad = await run({ glob: "gzhcrc/bad.jsonl.gz", expect: expectIn });
      expect(failed(bad.checks)[0]).toBe(`read: gzhcrc/bad.jsonl.gz: ${damage}`);
    }
    const contains = await run({ glob: "gzhcrc/bad.jsonl.gz", expect: { contains: '"a":1' } });
    expect(contains.checks.find((c) => c.path === "contains")).toMatchObject({ ok: false, actual: "not found in 0 files (0 bytes read)" });
    // After a whole member: that one is read, the bad one is not, and the damage is placed at its start.
    const first = gzipSync('{"a":0}\n');
    put("gzhcrc/two.jsonl.gz", Buffer.concat([first, withHeaderCrc('{"a":1}\n', false)]));
    expectPassed(await run({ glob: "gzhcrc/two.jsonl.gz", expect: { contains: '"a":0' } }), ["count", "contains"]);
    const two = await run({ glob: "gzhcrc/two.jsonl.gz", expect: { contains: '"a":1' } });
    expect(failed(two.checks)).toEqual([
      `read: gzhcrc/two.jsonl.gz: could not read: not a valid gzip file (header crc mismatch at byte ${first.length}, after 1 whole member)`,
      "contains: not found in 0 files (0 bytes read)",
    ]);
  });

  test("a file whose bytes are gzip is read decompressed whatever its name, as zcat -f and zgrep read it; other compressors fail a read check", async () => {
    // A rotator that compresses without renaming (app.log.1): its compressed bytes were searched, and a not_contains of
    // the secret it holds passed, as did a regex count of its ERROR lines.
    const text = "boot\nuser token sk-live-123 ERROR\nready\n";
    put("gzname/app.log.1", gzipSync(text));
    // Compressed past the size read in one call (random lines do not shrink much), still decompressed.
    const big = `${randomBytes(1_200_000).toString("hex").replace(/.{99}/g, "$&\n")}\nlate sk-live-456 ERROR\n`;
    const late = big.split("\n").length - 1;
    put("gzname/big.log.1", gzipSync(big));
    expect(gzipSync(big).length).toBeGreaterThan(1024 * 1024);
    const r = await run({ glob: "gzname/*.log.1", expect: { lines: late + 3, not_contains: ["sk-live-", { matches: "ERR.R" }], contains: { matches: "^ready$", count: 1 } } });
    expect(failed(r.checks)).toEqual([
      "not_contains[0]: gzname/app.log.1:2: user token sk-live-123 ERROR",
      `not_contains[0]: gzname/big.log.1:${late}: late sk-live-456 ERROR`,
      "not_contains[1]: gzname/app.log.1:2: user token sk-live-123 ERROR",
      `not_contains[1]: gzname/big.log.1:${late}: late sk-live-456 ERROR`,
    ]);
    expect(r.checks.filter((c) => c.ok).map((c) => c.path)).toEqual(["count", "lines", "contains"]);
    // A format is judged by the name: a reader going by it (json.loads of its lines, a log shipper) gets compressed bytes.
    put("gzname/fmt/app.jsonl", gzipSync('{"level":"info"}\n'));
    put("gzname/fmt/app.csv", gzipSync("ts,level\n1,info\n"));
    const fmt = await run({ glob: "gzname/fmt/*.jsonl", expect: { contains: "info", format: "jsonl" } });
    expect(failed(fmt.checks)).toEqual(["format: gzname/fmt/app.jsonl: its bytes are gzip but its name does not end in .gz: read by its name it holds no JSON lines (name it .gz to have it checked decompressed)"]);
    expect(fmt.checks.find((c) => c.path === "contains")?.ok).toBe(true);
    const csv = await run({ glob: "gzname/fmt/*.csv", expect: { format: "csv", required_fields: ["level"] } });
    expect(failed(csv.checks)).toEqual(["format: gzname/fmt/app.csv: its bytes are gzip but its name does not end in .gz: read by its name it holds no CSV (name it .gz to have it checked decompressed)"]);
    // Damaged gzip bytes are damage, as in a .gz.
    put("gzname/cut/app.log.1", gzipSync(text).subarray(0, 20));
    const cut = await run({ glob: "gzname/cut/*", expect: { not_contains: "sk-live-" } });
    expect(failed(cut.checks)).toEqual(["read: gzname/cut/app.log.1: could not read: not a valid gzip file (unexpected end of file)"]);
    // bzip2, xz, zstd, lz4 and zip are not decompressed: their text cannot be checked, so a content check does not pass on them.
    const heads: Record<string, number[]> = {
      bz2: [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
      xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04],
      zst: [0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05],
      lz4: [0x04, 0x22, 0x4d, 0x18, 0x64, 0x40],
      zip: [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00],
    };
    for (const [ext, head] of Object.entries(heads)) put(`gzother/app.log.${ext}`, Buffer.concat([Buffer.from(head), Buffer.from("compressed bytes\n")]));
    const other = await run({ glob: "gzother/*", expect: { not_contains: "sk-live-" } });
    expect(failed(other.checks)).toEqual(
      ["bz2", "lz4", "xz", "zip", "zst"].map((ext) => {
        const name = { bz2: "compressed with bzip2", lz4: "compressed with lz4", xz: "compressed with xz", zip: "a zip archive", zst: "compressed with zstd" }[ext];
        return `read: gzother/app.log.${ext}: could not read: ${name} (its first bytes say so): only gzip is decompressed, so its text cannot be checked`;
      }),
    );
    // A log zipped by a job (deflated: the token is not in its bytes, so not_contains passed), and a zip with no member.
    const secret = Buffer.from("boot\nuser token sk-live-789 ERROR\n".repeat(20));
    put("gzzip/app.log.3.zip", zip({ "app.log.3": secret }, true));
    put("gzzip/empty.zip", zip({}));
    expect(zip({ "app.log.3": secret }, true).includes("sk-live-")).toBe(false);
    expect(failed((await run({ glob: "gzzip/*", expect: { not_contains: "sk-live-" } })).checks)).toEqual(
      ["app.log.3.zip", "empty.zip"].map((f) => `read: gzzip/${f}: could not read: a zip archive (its first bytes say so): only gzip is decompressed, so its text cannot be checked`),
    );
    // UTF-16 and UTF-32 text (a Windows service's log, by its byte order mark): `ERROR` is not among its bytes, so
    // not_contains passed on a file holding it. Small and big (streamed) files alike.
    const wide = (text: string, enc: "utf16le" | "utf16be") => (enc === "utf16le" ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]) : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
    put("wide/win.log", wide("INFO start\r\nERROR disk full\r\n", "utf16le"));
    put("wide/be.log", wide("ERROR\n", "utf16be"));
    put("wide/big.log", wide("ERROR disk full\n".repeat(70_000), "utf16le"));
    put("wide/u32.log", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("E\0\0\0")]));
    expect(failed((await run({ glob: "wide/*", expect: { not_contains: ["ERROR", { matches: "(?i)error" }] } })).checks)).toEqual(
      [["be.log", "UTF-16BE"], ["big.log", "UTF-16LE"], ["u32.log", "UTF-32LE"], ["win.log", "UTF-16LE"]].map(([f, enc]) => `read: wide/${f}: could not read: ${enc} text (its byte order mark says so): its text cannot be checked as bytes; convert it to UTF-8 (iconv -f ${enc} -t UTF-8)`),
    );
    expect(failed((await run({ glob: "wide/*", expect: { count: 4 } })).checks)).toEqual([]);
    // The same inside gzip (a rotated Windows log), and gzip holding bytes compressed once more (gzip in gzip, bzip2 in
    // gzip): searched as decompressed, not_contains and a count of 0 passed on a file holding ERROR; a big one too
    // (read on a helper thread for its regex).
    const bz2 = Buffer.concat([Buffer.from(heads.bz2!), Buffer.from("compressed bytes\n")]);
    put("widegz/win.log.1.gz", gzipSync(wide("INFO start\r\nERROR disk full\r\n", "utf16le")));
    put("widegz/big.log.2.gz", gzipSync(wide("ERROR disk full\n".repeat(70_000), "utf16be")));
    put("widegz/twice.log.3.gz", gzipSync(gzipSync("ERROR disk full\n")));
    put("widegz/bz.log.4.gz", gzipSync(bz2));
    put("widegz/tiny.log.5.gz", gzipSync(Buffer.from([0xff, 0xfe])));
    expect(failed((await run({ glob: "widegz/*", expect: { not_contains: "ERROR", contains: { matches: "E.R", count: 0 } } })).checks)).toEqual([
      "read: widegz/big.log.2.gz: could not read: gzip holding UTF-16BE text (the byte order mark it holds says so): its text cannot be checked as bytes; convert it to UTF-8 (zcat FILE | iconv -f UTF-16BE -t UTF-8 | gzip)",
      "read: widegz/bz.log.4.gz: could not read: gzip holding data compressed with bzip2 (the first bytes it holds say so): one layer of gzip is decompressed, so its text cannot be checked",
      "read: widegz/tiny.log.5.gz: could not read: gzip holding UTF-16LE text (the byte order mark it holds says so): its text cannot be checked as bytes; convert it to UTF-8 (zcat FILE | iconv -f UTF-16LE -t UTF-8 | gzip)",
      "read: widegz/twice.log.3.gz: could not read: gzip holding gzip once more (the first bytes it holds say so): one layer of gzip is decompressed, so its text cannot be checked",
      "read: widegz/win.log.1.gz: could not read: gzip holding UTF-16LE text (the byte order mark it holds says so): its text cannot be checked as bytes; convert it to UTF-8 (zcat FILE | iconv -f UTF-16LE -t UTF-8 | gzip)",
    ]);
    // Text in gzip shorter than the look at its start is text.
    put("widegz/short/a.log.gz", gzipSync("ok\n"));
    put("widegz/short/empty.log.gz", gzipSync(""));
    expect(failed((await run({ glob: "widegz/short/*", expect: { contains: { matches: "^ok$", count: 1 }, lines: 1 } })).checks)).toEqual([]);
    // Text that merely starts like bzip2's header is text; names, counts and ages do not read a file at all.
    put("gzother/text/BZh9.log", "BZh9 is no bzip2 here\n");
    expect(failed((await run({ glob: "gzother/text/*", expect: { contains: "no bzip2" } })).checks)).toEqual([]);
    expect(failed((await run({ glob: "gzother/*", expect: { count: 5, name: "^app\\.log\\." } })).checks)).toEqual([]);
  });

  test("a folder or file whose name is not UTF-8 fails a read check naming it: no check passes over what it holds", async () => {
    // A Latin-1 "résumé" folder: readdir decoded its name with U+FFFD, no path opened it, and it was taken for one removed
    // while walking: not_contains passed over the ERROR inside, and the count left its file out.
    const latin1 = (rel: string) => Buffer.concat([Buffer.from(`${root}/`), Buffer.from(rel, "latin1")]);
    put("nonutf8/ok/a.log", "fine\n");
    mkdirSync(latin1("nonutf8/r\u00e9sum\u00e9"));
    writeFileSync(latin1("nonutf8/r\u00e9sum\u00e9/b.log"), "boom ERROR\n");
    const folder = "read: nonutf8/r\uFFFDsum\uFFFD: not looked at: its name is not UTF-8 (r\\xe9sum\\xe9), so it cannot be opened by name";
    expect(failed((await run({ glob: "nonutf8/**/*.log", expect: { not_contains: "ERROR" } })).checks)).toEqual([folder]);
    expect(failed((await run({ glob: "nonutf8/*/*.log", expect: { count: 1 } })).checks)).toEqual([folder]);
    // A folder the pattern cannot enter hides nothing it wants.
    expect(failed((await run({ glob: "nonutf8/{ok,web}/*.log", expect: { not_contains: "ERROR" } })).checks)).toEqual([]);
    // A file so named that the pattern matches cannot be read; one it does not match is no matter.
    writeFileSync(latin1("nonutf8/ok/caf\u00e9.log"), "boom ERROR\n");
    expect(failed((await run({ glob: "nonutf8/ok/*.log", expect: { not_contains: "ERROR" } })).checks)).toEqual(["read: nonutf8/ok/caf\uFFFD.log: not looked at: its name is not UTF-8 (caf\\xe9.log), so it cannot be opened by name"]);
    expect(failed((await run({ glob: "nonutf8/ok/a*.log", expect: { not_contains: "ERROR" } })).checks)).toEqual([]);
    // A name holding U+FFFD written as UTF-8 is a name like any other.
    put("nonutf8/ok/x\uFFFD.log", "boom ERROR\n");
    expect(failed((await run({ glob: "nonutf8/ok/x*.log", expect: { not_contains: "ERROR" } })).checks)).toEqual(["not_contains: nonutf8/ok/x\uFFFD.log:1: boom ERROR"]);
  });

  test("manifest: a listed path reaching a matched file through a link is that file, not missing", async () => {
    put("mlink/real/a.log", "x\n");
    symlinkSync("real", join(root, "mlink/via"));
    put("mlink/MANIFEST", "via/a.log\nreal/a.log\nreal/gone.log\n");
    const r = await run({ glob: "mlink/**/*.log", expect: { manifest: "mlink/MANIFEST" } });
    expect(failed(r.checks)).toEqual(["manifest: mlink/MANIFEST:3: mlink/real/gone.log is missing"]);
    const viaLink = await run({ glob: "mlink/via/*.log", expect: { manifest: "mlink/MANIFEST" } });
    expect(failed(viaLink.checks)).toEqual(["manifest: mlink/MANIFEST:3: mlink/real/gone.log is missing"]);
  });

  test("an archive named .GZ (any case) is read as gzip: not_contains sees its text, lines count it decompressed", async () => {
    put("upper/app.LOG.GZ", gzipSync("one\ntoken=SECRET\n"));
    put("upper/b.log.Gz", gzipSync("three\n"));
    const r = await run({ glob: "upper/*", expect: { not_contains: "SECRET", lines: 3 } });
    expect(failed(r.checks)).toEqual([expect.stringMatching(/^not_contains: upper\/app\.LOG\.GZ:2: /)]);
  });

  test("a file stamped in the future is said to be so, without an 'ago' after it", async () => {
    put("future/a.log", "x\n", -2 * DAY);
    const r = await run({ glob: "future/*.log", expect: { min_age: "1h" } });
    expect(failed(r.checks)).toEqual([expect.stringMatching(/^min_age: future\/a\.log: modified (1d23h|2d) in the future \(/)]);
  });

  describe("a modification time in the future (a clock ahead, touch -d tomorrow)", () => {
    const HOUR = 3_600_000;
    /** A file whose mtime is `aheadMs` past the present moment (not past the scenario's start). */
    const putAhead = (rel: string, aheadMs: number) => {
      put(rel, "x\n");
      const t = new Date(Date.now() + aheadMs);
      utimesSync(join(root, rel), t, t);
    };
    const inFuture = (rel: string) => new RegExp(`^${rel.replace(/[./]/g, "\\$&")}: modified (59m\\d\\ds|1h) in the future \\(`);

    test("an hour ahead fails max_age (top and each), is not fresh, fails fresh: false, and still fails min_age", async () => {
      putAhead("fut1/a.log", HOUR);
      for (const [expectIn, path] of [[{ max_age: "7d" }, "max_age"], [{ each: { max_age: "7d" } }, "each.max_age"], [{ each: { fresh: true } }, "each.fresh"], [{ fresh: false }, "fresh"], [{ min_age: "1h" }, "min_age"]] as const) {
        const checks = (await run({ glob: "fut1/*.log", expect: expectIn })).checks.filter((c) => c.path === path);
        expect(checks.map((c) => c.ok)).toEqual([false]);
        expect(checks[0]!.actual).toMatch(inFuture("fut1/a.log"));
      }
      const top = (await run({ glob: "fut1/*.log", expect: { fresh: true } })).checks.find((c) => c.path === "fresh")!;
      expect(top.ok).toBe(false);
      expect(top.actual).toMatch(/^no file modified up to now; not counted, modified in the future: fut1\/a\.log: modified (59m\d\ds|1h) in the future \(/);
    });

    test("beside a file modified after the start, fresh: true passes; max_age still names the future one", async () => {
      putAhead("fut2/a.log", HOUR);
      put("fut2/b.log", "x\n");
      const r = await run({ glob: "fut2/*.log", expect: { fresh: true, max_age: "7d" } });
      expect(r.checks.find((c) => c.path === "fresh")).toMatchObject({ ok: true, actual: expect.stringMatching(/^newest: fut2\/b\.log: modified .* ago .*; not counted, modified in the future: fut2\/a\.log: modified (59m\d\ds|1h) in the future/) });
      expect(failed(r.checks)).toEqual([expect.stringMatching(/^max_age: fut2\/a\.log: modified (59m\d\ds|1h) in the future \(/)]);
    });
    // Within the tolerance (a second ahead counts as now) is pinned in lib/files/evaluate.test.ts at a fixed clock: here
    // the step reads the clock itself, and a busy machine could let a second pass before it does.
  });

  describe("records read from files as Python's json and csv modules read them", () => {
    const formatFailures = async (rel: string, content: string | Buffer, expectIn: Record<string, unknown>) => {
      put(rel, content);
      const r = await run({ glob: rel, expect: expectIn });
      expect({ error: r.error, made: r.checks.map((c) => c.path) }).toEqual({ error: undefined, made: ["count", "format"] });
      return failed(r.checks);
    };

    test("a CSV header name is taken as written: `ts,level ` has the column \"level \", not \"level\"", async () => {
      // Python: csv.DictReader keys the row {'ts': '1', 'level ': 'info'}.
      expect(await formatFailures("rec/sp.csv", "ts,level \n1,info\n", { format: "csv", columns: ["level "] })).toEqual([]);
      expect(await formatFailures("rec/sp.csv", "ts,level \n1,info\n", { format: "csv", columns: ["level"] })).toEqual([
        'format: rec/sp.csv:1: header lacks column "level" (the header has "level ": names are taken as written, whitespace included): ts,level ',
      ]);
    });

    test("a CSV line of whitespace is a row of one field, not a blank line", async () => {
      // Python: [['ts', 'level', 'msg'], ['1', 'info', 'a'], ['   ']].
      expect(await formatFailures("rec/ws.csv", "ts,level,msg\n1,info,a\n   \n", { format: "csv" })).toEqual(["format: rec/ws.csv:3: 1 fields, the header has 3:    "]);
    });

    test("a JSON-lines line of whitespace that is not JSON's fails; a line of JSON's own whitespace is blank", async () => {
      const bytes = Buffer.from('{"a":1}\n\xc2\xa0\n{"a":2}\n', "latin1");
      expect(await formatFailures("rec/nb.jsonl", bytes, { format: "jsonl" })).toEqual([
        "format: rec/nb.jsonl:2: not valid JSON (a line of U+00A0: JSON whitespace is only space, tab, CR and LF): \u00A0",
      ]);
      expect(await formatFailures("rec/ok.jsonl", '{"a":1}\n \t\r\n{"a":2}\n', { format: "jsonl", required_fields: ["a"] })).toEqual([]);
    });

    test("a UTF-8 BOM at the start of a .json or .jsonl file is the encoding's mark (json.loads of the bytes and jq take it)", async () => {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      expect(await formatFailures("rec/bom.json", Buffer.concat([bom, Buffer.from('{"a":1}')]), { format: "json", required_fields: ["a"] })).toEqual([]);
      expect(await formatFailures("rec/bom.jsonl", Buffer.concat([bom, Buffer.from('{"a":1}\n{"a":2}\n')]), { format: "jsonl", required_fields: ["a"] })).toEqual([]);
      expect(await formatFailures("rec/bom2.jsonl", Buffer.concat([Buffer.from('{"a":1}\n'), bom, Buffer.from('{"a":2}\n')]), { format: "jsonl" })).toEqual([
        "format: rec/bom2.jsonl:2: not valid JSON (it starts with a BOM, U+FEFF, which only the file's start may have): \uFEFF{\"a\":2}",
      ]);
    });

    test("a CSV file is UTF-8, as Python's open() reads it: a Latin-1 byte fails its row, naming the line and the byte, plain and .gz", async () => {
      // Python: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 29. Decoded as U+FFFD, it passed.
      const latin1 = Buffer.from("date,component\n2026-12-01,caf\xe9\n", "latin1");
      const spec = { format: "csv", required_fields: { component: { matches: "^caf.$" } } };
      const why = "0xe9 at byte 29; a CSV file is read as UTF-8, as Python's open() reads it";
      expect(await formatFailures("rec/latin1.csv", latin1, spec)).toEqual([`format: rec/latin1.csv:2: not valid UTF-8 (${why}): 2026-12-01,caf\uFFFD`]);
      expect(await formatFailures("rec/latin1.csv.gz", gzipSync(latin1), spec)).toEqual([`format: rec/latin1.csv.gz:2: not valid UTF-8 (${why}): 2026-12-01,caf\uFFFD`]);
      // UTF-8 with a BOM is read as Python's utf-8-sig reads it.
      expect(await formatFailures("rec/utf8.csv", Buffer.from("\uFEFFdate,component\n2026-12-01,café\n"), spec)).toEqual([]);
    });
  });

  describe("CSV line ends: a lone CR ends a row, as Python's csv module reads it (open(f, newline=''))", () => {
    const csvFailures = async (rel: string, content: string, expectIn: Record<string, unknown>) => {
      put(rel, content);
      const r = await run({ glob: rel, expect: { format: "csv", ...expectIn } });
      // The file was read and each expectation checked, pass or fail (no failure alone also holds for no check made).
      expect({ error: r.error, made: r.checks.map((c) => c.path) }).toEqual({ error: undefined, made: ["count", "format"] });
      return failed(r.checks);
    };

    test("a file whose rows all end with a lone CR (classic Mac) has its rows, each numbered on its own line", async () => {
      // Python: [['ts', 'errors'], ['1', '0'], ['2', '3']]
      expect(await csvFailures("csvcr/mac.csv", "ts,errors\r1,0\r2,3\r", { columns: ["ts", "errors"], required_fields: ["errors"] })).toEqual([]);
      expect(await csvFailures("csvcr/mac.csv", "ts,errors\r1,0\r2,3\r", { required_fields: { errors: { lt: 3 } } })).toEqual(['format: csvcr/mac.csv:3: field "errors" is "3", expected < 3: 2,3']);
      // Python: [['ts', 'errors'], ['1'], ['2', '3']]: a short row, not a header of 4 columns and no rows.
      expect(await csvFailures("csvcr/mac-ragged.csv", "ts,errors\r1\r2,3\r", {})).toEqual(["format: csvcr/mac-ragged.csv:2: 1 fields, the header has 2: 1"]);
    });

    test("a lone CR in an unquoted field ends the row there; in a quoted one it is part of the value", async () => {
      // Python: [['a', 'b'], ['1', 'x'], ['y']]
      expect(await csvFailures("csvcr/mid.csv", "a,b\n1,x\ry\n", {})).toEqual(["format: csvcr/mid.csv:3: 1 fields, the header has 2: y"]);
      // Python: [['a', 'b'], ['1', 'x\ry'], ['2', 'z']]
      expect(await csvFailures("csvcr/quoted.csv", 'a,b\r1,"x\ry"\r2,z\r', { required_fields: { b: { in: ["x\ry", "z"] } } })).toEqual([]);
    });

    test("a line break inside a quoted field is kept as written: CRLF stays CRLF", async () => {
      // Python: [['a', 'b'], ['1', 'x\r\ny']]
      expect(await csvFailures("csvcr/crlf.csv", 'a,b\r\n1,"x\r\ny"\r\n', { required_fields: { b: "x\r\ny" } })).toEqual([]);
      expect(await csvFailures("csvcr/crlf.csv", 'a,b\r\n1,"x\r\ny"\r\n', { required_fields: { b: "x\ny" } })).toEqual([expect.stringMatching(/^format: csvcr\/crlf\.csv:2: field "b" is "x\\r\\ny", expected /)]);
    });
  });

  test("format: npz fails a member whose local header names another file (numpy cannot load it), and passes the same zip whole", async () => {
    const whole = npz({ loss: float64s([1, 2]) });
    put("npzname/good.npz", whole);
    const bad = Buffer.from(whole);
    bad.write("lost", 30, "latin1"); // the local header's copy of "loss.npy" (its name follows the 30-byte header)
    put("npzname/bad.npz", bad);
    const r = await run({ glob: "npzname/*.npz", expect: { format: "npz", required_fields: ["loss"] } });
    expect(failed(r.checks)).toEqual(['format: npzname/bad.npz: member "loss.npy": its local header names it "lost.npy": a zip reader (Python\'s zipfile, so numpy) refuses it']);
  });

  test("an exclude that leaves out every file the globs matched says so where the count fails", async () => {
    put("allex/a.jsonl", "{}\n");
    put("allex/b.jsonl", "{}\n");
    const r = await run({ glob: "allex/*.jsonl", exclude: "*.jsonl" });
    expect(failed(r.checks)).toEqual(["count: 0 — exclude (*.jsonl) left out all 2 files the globs matched"]);
  });

  test("a glob whose every file exclude left out fails without count, as one that matched nothing, though another glob kept files", async () => {
    put("exone/api/a.log", "ok\n");
    put("exone/worker/w.log.tmp", "Traceback\n");
    const r = await run({ globs: ["exone/api/*", "exone/worker/*"], exclude: "*.tmp", expect: { not_contains: "Traceback" } });
    expect(failed(r.checks)).toEqual(['glob: 0 — "exone/worker/*": exclude (*.tmp) left out the one file it matched']);
    // With count, the count decides, as for a glob that matched nothing.
    const counted = await run({ globs: ["exone/api/*", "exone/worker/*"], exclude: "*.tmp", expect: { count: 1, not_contains: "Traceback" } });
    expect(failed(counted.checks)).toEqual([]);
  });

  test("manifest: a listed file that is there but not matched is said to be so, not missing", async () => {
    put("mout/a.log", "x\n");
    put("mout/b.tmp", "x\n");
    put("mout/MANIFEST", "a.log\nb.tmp\ngone.log\n");
    const r = await run({ glob: "mout/*.log", expect: { manifest: "mout/MANIFEST" } });
    expect(failed(r.checks)).toEqual(["manifest: mout/MANIFEST:2: mout/b.tmp is there but not among the matched files (the glob or exclude leaves it out)", "manifest: mout/MANIFEST:3: mout/gone.log is missing"]);
  });

  test("manifest: an empty one (ls found nothing) lists nothing to check, and fails", async () => {
    put("mempty/a.log", "x\n");
    put("mempty/MANIFEST", "# written by ls, which found nothing\n\n");
    const r = await run({ glob: "mempty/*.log", expect: { manifest: "mempty/MANIFEST" } });
    expect(failed(r.checks)).toEqual(["manifest: mempty/MANIFEST lists no file: nothing to check"]);
  });

  test("required_fields in files with no record fail (nothing checked); one empty file among others does not", async () => {
    put("norec/empty.jsonl", "");
    put("norec/blank.jsonl", "\n  \n");
    put("norec/header.csv", "level,message\n");
    put("norec/none.json", "[]");
    const jsonl = await run({ glob: "norec/*.jsonl", expect: { format: "jsonl", required_fields: ["level"] } });
    expect(failed(jsonl.checks)).toEqual(["required_fields: no JSON line in 2 files"]);
    const csv = await run({ glob: "norec/*.csv", expect: { format: "csv", required_fields: ["level"] } });
    expect(failed(csv.checks)).toEqual(["required_fields: no data row in 1 file"]);
    const json = await run({ glob: "norec/*.json", expect: { each: { format: "json", required_fields: ["level"] } } });
    expect(failed(json.checks)).toEqual(["each.required_fields: no item in 1 file"]);
    // Columns alone are checked on the header, which is there.
    const columns = await run({ glob: "norec/*.csv", expect: { format: "csv", columns: ["level"] } });
    expect(failed(columns.checks)).toEqual([]);
    expectPassed(columns, ["count", "format"]);
    put("norec2/empty.jsonl", "");
    put("norec2/full.jsonl", '{"level":"info"}\n');
    const oneFull = await run({ glob: "norec2/*.jsonl", expect: { format: "jsonl", required_fields: ["level"] } });
    expect(failed(oneFull.checks)).toEqual([]);
    expectPassed(oneFull, ["count", "format"]);
  });

  test("under each, every file must hold a record: a summary CSV of a header alone among full ones fails, naming it", async () => {
    put("eachrec/summary_1.csv", "date,component,events\n2026-01-01,api,3\n");
    put("eachrec/summary_2.csv", "date,component,events\n");
    put("eachrec/summary_3.csv", "date,component,events\n\n");
    put("eachrec/a.jsonl", '{"tags":["x"]}\n');
    put("eachrec/b.jsonl", "");
    const csv = await run({ glob: "eachrec/*.csv", expect: { each: { format: "csv", required_fields: ["date", "component", "events"] } } });
    expect(failed(csv.checks)).toEqual(["each.required_fields: eachrec/summary_2.csv: no data row to check the fields on", "each.required_fields: eachrec/summary_3.csv: no data row to check the fields on"]);
    const jsonl = await run({ glob: "eachrec/*.jsonl", expect: { each: { format: "jsonl", required_fields: ["tags"] } } });
    expect(failed(jsonl.checks)).toEqual(["each.required_fields: eachrec/b.jsonl: no JSON line to check the fields on"]);
    // At the top the records are counted over all the files: one empty file among others stays fine there.
    const top = await run({ glob: "eachrec/*.csv", expect: { format: "csv", required_fields: ["date"] } });
    expect(failed(top.checks)).toEqual([]);
    const full = await run({ glob: "eachrec/summary_1.csv", expect: { each: { format: "csv", required_fields: ["date"] } } });
    expect(failed(full.checks)).toEqual([]);
    expectPassed(full, ["count", "each.format", "each.required_fields"]);
  });

  test("required_fields with no matched file at all (count: {gte: 0}) checked nothing, and fails", async () => {
    put("nofile/a.log", "x\n");
    const none = await run({ glob: "nofile/*.jsonl", expect: { count: { gte: 0 }, format: "jsonl", required_fields: ["a"] } });
    expect(failed(none.checks)).toEqual(["required_fields: no file matched"]);
    const each = await run({ glob: "nofile/*.csv", expect: { count: 0, each: { format: "csv", required_fields: { a: { gt: 1 } } } } });
    expect(failed(each.checks)).toEqual(["each.required_fields: no file matched"]);
    const npz = await run({ glob: "nofile/*.npz", expect: { count: { gte: 0 }, format: "npz", required_fields: ["x"] } });
    expect(failed(npz.checks)).toEqual(["required_fields: no file matched"]);
    // Without required_fields, format alone on no file stays as it was: count decides.
    const formatOnly = await run({ glob: "nofile/*.jsonl", expect: { count: { gte: 0 }, format: "jsonl" } });
    expect(failed(formatOnly.checks)).toEqual([]);
  });

  test("manifest: a FIFO or a directory named as the manifest fails its check, without waiting for a writer", async () => {
    put("mfifo/a.log", "x\n");
    Bun.spawnSync(["mkfifo", join(root, "mfifo/MANIFEST")]);
    const r = await run({ glob: "mfifo/*.log", expect: { manifest: "mfifo/MANIFEST" } });
    expect(failed(r.checks)).toEqual(["manifest: mfifo/MANIFEST is not a regular file (a FIFO)"]);
    const dir = await run({ glob: "mfifo/*.log", expect: { manifest: "mfifo" } });
    expect(failed(dir.checks)).toEqual(["manifest: mfifo is not a regular file (a directory)"]);
  });

  test("manifest: every listed file must be matched", async () => {
    put("tagged/t1.jsonl", "{}\n");
    put("tagged/MANIFEST", "# written by the tagger\nt1.jsonl\nt2.jsonl\n\n");
    const r = await run({ glob: "tagged/*.jsonl", expect: { manifest: "tagged/MANIFEST" } });
    expect(failed(r.checks)).toEqual(["manifest: tagged/MANIFEST:3: tagged/t2.jsonl is missing"]);
    const none = await run({ glob: "tagged/*.jsonl", expect: { manifest: "tagged/NOPE" } });
    expect(failed(none.checks)).toEqual(["manifest: tagged/NOPE does not exist"]);
  });

  test("root resolves from the scenario directory; a missing root is an error", async () => {
    const r = await run({ glob: "*.jsonl", root: "logs/json", expect: { count: 2 } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["count"]);
    const missing = await run({ glob: "*", root: "no/such/dir" });
    expect(missing.error).toBe(`root directory does not exist: ${join(root, "no/such/dir")} (root: no/such/dir)`);
  });

  test("an aborted signal ends the step with an error, not an exception", async () => {
    const ac = new AbortController();
    ac.abort(new Error("step timed out after 1s"));
    const r = await run({ glob: "logs/app/*", expect: { contains: "zzz" } }, { signal: ac.signal });
    expect(r.error).toBe("stopped while checking files: step timed out after 1s");
  });

  describe("a regex search Bun's engine gives up (it answers no match then: lib/util/regex-limit.ts)", () => {
    const NESTED = String.raw`(\w+\s?)+: ERROR`;
    const GIVE_UP = "word ".repeat(30) + "! zz: ERROR";

    test("over many lines of a file read on a helper thread: the line the one search over the block missed is found", async () => {
      put("giveup/block.log", "word word word word\n".repeat(5000) + "x: ERROR\n");
      const r = await run({ glob: "giveup/block.log", expect: { not_contains: { matches: String.raw`(\w+ ?)+: ERROR` } } });
      expect(failed(r.checks)).toEqual(["not_contains: giveup/block.log:5001: x: ERROR"]);
    });

    test("a group under an exact count gives up too: `(\\w+\\s?){12}` is timed, not answered no match", async () => {
      const line = "a".repeat(60) + "! one two three four five six seven eight nine ten eleven twelve: ERROR";
      put("giveup/count.log", `ok\n${line}\nok\n`);
      const r = await run({ glob: "giveup/count.log", expect: { not_contains: { matches: String.raw`(\w+\s?){12}: ERROR` } } });
      const prefix = "not_contains: not known on giveup/count.log:2: aaaa";
      expect(failed(r.checks).map((f) => f.slice(0, prefix.length))).toEqual([prefix]);
    });

    test("a file name whose regex search gives up is not known, not a mismatch", async () => {
      put(`giveup/names/${"a".repeat(40)}-app.jsonl`, "{}\n");
      const r = await run({ glob: "giveup/names/*", expect: { name: String.raw`([a-z]+_?)+\.jsonl$` } });
      expect(failed(r.checks).map((f) => f.slice(0, 41))).toEqual(["name: not known on the name giveup/names/"]);
    });

    test.each([
      ["a small file", "giveup/small.log", `ok\n${GIVE_UP}\nok\n`],
      ["a file read on a helper thread", "giveup/big.log", "ok\n".repeat(20_000) + `${GIVE_UP}\nok\n`],
    ])("on one line of %s: not_contains and a count fail as not known, naming the line", async (_, rel, content) => {
      put(rel, content);
      const line = content.split("\n").indexOf(GIVE_UP) + 1;
      const r = await run({ glob: rel, expect: { not_contains: { matches: NESTED }, contains: { matches: NESTED, count: 0 } } });
      const notKnown = `not known on ${rel}:${line}: ${GIVE_UP}: /${NESTED}/ answered "no match" only after a long search`;
      expect(failed(r.checks).map((f) => f.slice(0, f.indexOf(" search") + 7))).toEqual([`contains: ${notKnown}`, `not_contains: ${notKnown}`]);
    });
  });

  test("the run log says what was scanned", async () => {
    const ctx = testContext({ scenarioDir: root, startedAt });
    await step.run(step.schema.parse({ glob: "logs/app/*", expect: { lines: { gt: 0 } } }), ctx);
    expect(ctx.logs[0]).toBe(`files: logs/app/* under ${root}`);
    expect(ctx.logs[1]).toMatch(/^files: 2 matched, \d+ B read in \d+ms$/);
  });
});

describe("a failure on a long line quotes the bytes around the find, with its line and column", () => {
  // Before, the quote was the line's first 200 characters: on a 5,000-character line the find was never in it.
  const CONTEXT = "worker=7 Traceback (most recent call last): ";
  const LINE = `${"a".repeat(5000)} ${CONTEXT}${"b".repeat(300)}`;
  const COL = 5001 + 1 + "worker=7 ".length;
  const QUOTE = `…${`${CONTEXT}${"b".repeat(300)}`.slice(0, 200)}…`;

  test.each([
    ["a literal", { not_contains: "Traceback" }, "not_contains: "],
    ["a regex", { not_contains: { matches: "Trace[b]ack" } }, "not_contains: "],
    ["a regex that is a literal", { not_contains: { matches: "Traceback" } }, "not_contains: "],
    ["a count of matching lines", { contains: { matches: "Trace[b]ack \\(most", count: 0 } }, "contains: 1 matching line in 1 file; first "],
    ["a count of matching lines per file", { each: { contains: { matches: "Trace[b]ack", count: 0 } } }, "each.contains: longq/l.log: 1 matching line, first "],
  ])("%s", async (_, expectIn, head) => {
    put("longq/l.log", `${LINE}\n`);
    expect(failed((await run({ glob: "longq/l.log", expect: expectIn })).checks)).toEqual([`${head}longq/l.log:1:${COL}: ${QUOTE}`]);
  });

  test("in a .gz file, and on a later line", async () => {
    put("longq/z.log.gz", gzipSync(`first\n${LINE}\n`));
    for (const item of ["Traceback", { matches: "Trace[b]ack" }]) {
      expect(failed((await run({ glob: "longq/z.log.gz", expect: { not_contains: item } })).checks)).toEqual([`not_contains: longq/z.log.gz:2:${COL}: ${QUOTE}`]);
    }
  });

  test("in a line of 3 MiB read in many chunks, the find near its end", async () => {
    const before = "\0".repeat(3 << 20);
    put("longq/big.log", `ok\n${before}Traceback here\n`);
    for (const item of ["Traceback", { matches: "Trace[b]ack" }]) {
      expect(failed((await run({ glob: "longq/big.log", expect: { not_contains: item } })).checks)).toEqual([`not_contains: longq/big.log:2:${(3 << 20) + 1}: …Traceback here`]);
    }
  });

  test("the column counts bytes: after 3,000 Latin-1 bytes (not UTF-8) or 3,000 two-byte characters", async () => {
    const tail = ` ${CONTEXT}${"b".repeat(300)}\n`;
    put("longq/latin1.log", Buffer.concat([Buffer.from("\xe9".repeat(3000), "latin1"), Buffer.from(tail)]));
    put("longq/utf8.log", `${"é".repeat(3000)}${tail}`);
    for (const item of ["Traceback", { matches: "Trace[b]ack" }]) {
      expect(failed((await run({ glob: "longq/{latin1,utf8}.log", expect: { not_contains: item } })).checks)).toEqual([
        `not_contains: longq/latin1.log:1:${3000 + 1 + 1 + 9}: ${QUOTE}`,
        `not_contains: longq/utf8.log:1:${6000 + 1 + 1 + 9}: ${QUOTE}`,
      ]);
    }
  });

  test("a find near the start of a long line is quoted from the line's start, cut after", async () => {
    put("longq/start.log", `at start: Traceback ${"c".repeat(400)}\n`);
    expect(failed((await run({ glob: "longq/start.log", expect: { not_contains: "Traceback" } })).checks)).toEqual([
      `not_contains: longq/start.log:1:11: ${`at start: Traceback ${"c".repeat(400)}`.slice(0, 200)}…`,
    ]);
  });
});

describe("credentials on a quoted line are masked, their names in the quote or not", () => {
  const PASSWORD = "hunter2secretPWhunter2";
  const jsonLine = (password: string) => `${"x".repeat(300)} {"password":"${password}","msg":"Traceback ${"x".repeat(300)}"}`;

  /** Runs the step with a real masker behind addSecret, as the engine does; the failures as the reports show them. */
  async function masked(input: unknown): Promise<{ shown: string[]; added: unknown[] }> {
    const masker = new Masker();
    const added: unknown[] = [];
    const result = await run(input, { addSecret: (v) => void (added.push(v), masker.add(v)) });
    return { shown: failed(masker.deep(result.checks)), added };
  }

  test("a JSON password before the find, whose name the quote leaves out, is handed to the masker and masked", async () => {
    put("credq/j22.log", `${jsonLine(PASSWORD)}\n`);
    for (const item of ["Traceback", { matches: "Trace[b]ack" }]) {
      const { shown, added } = await masked({ glob: "credq/j22.log", expect: { not_contains: item } });
      expect(added).toContain(PASSWORD);
      expect(shown).toHaveLength(1);
      expect(shown[0]).toStartWith('not_contains: credq/j22.log:1:346: …:"***","msg":"Traceback xxx');
    }
  });

  test("one file's password a prefix of another's: each masked whole, in files failing one step together", async () => {
    put("credq/many/a.log", `{"password":"hunter2secretP","msg":"Traceback"}\n`);
    put("credq/many/b.log", `${jsonLine(PASSWORD)}\n`);
    put("credq/many/c.log", `${"x".repeat(300)} token=Zx81Kq93Lp02Wm Traceback ${"x".repeat(300)}\n`);
    const { shown } = await masked({ glob: "credq/many/*.log", expect: { each: { not_contains: "Traceback" } } });
    expect(shown).toHaveLength(3);
    for (const secret of [PASSWORD, "Zx81Kq93Lp02Wm"]) {
      for (let k = 3; k <= secret.length; k++) for (const part of [secret.slice(0, k), secret.slice(secret.length - k)]) expect({ part, shown: shown.some((s) => s.includes(part)) }).toEqual({ part, shown: false });
    }
  });
});

describe("what a glob's folder holds, when the glob matched no file", () => {
  test("an entry that is no regular file says what it is: a FIFO, a socket, a link to a device", async () => {
    put("odd/fifo/keep.txt", "");
    Bun.spawnSync(["mkfifo", join(root, "odd/fifo/a.log")]);
    mkdirSync(join(root, "odd/sock"), { recursive: true });
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(root, "odd/sock/s.log"), done));
    try {
      mkdirSync(join(root, "odd/dev"), { recursive: true });
      symlinkSync("/dev/null", join(root, "odd/dev/z.log"));
      const said = async (glob: string) => failed((await run({ glob, expect: { count: 1 } })).checks);
      expect(await said("odd/fifo/*.log")).toEqual(['count: 0 — "odd/fifo/*.log" matches no file; odd/fifo holds: a.log (a FIFO, not a regular file), keep.txt']);
      expect(await said("odd/sock/*")).toEqual(['count: 0 — "odd/sock/*" matches no file; odd/sock holds: s.log (a socket, not a regular file)']);
      expect(await said("odd/dev/*")).toEqual(['count: 0 — "odd/dev/*" matches no file; odd/dev holds: z.log (a link to a device, not a regular file)']);
    } finally {
      server.close();
    }
  });

  test("a name with whitespace at an edge, or a control character, is quoted", async () => {
    put("odd/ws/x.jsonl ", "{}\n");
    put("odd/ws/ y.jsonl", "{}\n");
    put("odd/ws/t\tab.txt", "");
    put("odd/ws/plain name.txt", "");
    expect(failed((await run({ glob: "odd/ws/*.log", expect: { count: 1 } })).checks)).toEqual([
      'count: 0 — "odd/ws/*.log" matches no file; odd/ws holds: " y.jsonl", plain name.txt, "t\\tab.txt", "x.jsonl "',
    ]);
  });
});

describe("manifest: a listed path that is no file", () => {
  test("a directory (., name/..) is said to be one, not missing; a .. after a file is missing", async () => {
    put("mdir/t9.jsonl", "{}\n");
    put("mdir/sub/keep", "");
    put("mdir/M", ".\nsub/..\nt9.jsonl/..\nt9.jsonl\n");
    Bun.spawnSync(["mkfifo", join(root, "mdir/f.jsonl")]);
    put("mdir/M2", "f.jsonl\n");
    expect(failed((await run({ glob: "mdir/*.jsonl", expect: { manifest: "mdir/M" } })).checks)).toEqual([
      "manifest: mdir/M:1: mdir is a directory, not a file",
      "manifest: mdir/M:2: mdir is a directory, not a file",
      // A `..` after a file reaches nothing, as `cat mdir/t9.jsonl/..` says "Not a directory".
      "manifest: mdir/M:3: mdir/t9.jsonl/.. is missing (mdir/t9.jsonl is not a directory, so the .. after it reaches nothing)",
    ]);
    expect(failed((await run({ glob: "mdir/t9.jsonl", expect: { manifest: "mdir/M2" } })).checks)).toEqual(["manifest: mdir/M2:1: mdir/f.jsonl is a FIFO, not a regular file"]);
  });
});

describe("braces as bash reads them", () => {
  test("`br/{tmp}.log` is that file, so count: 0 fails naming it; `br/{}.log` too; {a,b} still expands", async () => {
    put("brs/{tmp}.log", "x\n");
    put("brs/{}.log", "x\n");
    put("brs/a.log", "x\n");
    expect(failed((await run({ glob: "brs/{tmp}.log", expect: { count: 0 } })).checks)).toEqual(["count: 1 — found: brs/{tmp}.log"]);
    expect(failed((await run({ glob: "brs/{}.log", expect: { count: 0 } })).checks)).toEqual(["count: 1 — found: brs/{}.log"]);
    expect(failed((await run({ glob: "brs/{a,tmp}.log", expect: { count: 1 } })).checks)).toEqual([]);
  });
});

describe("a name that differs only in Unicode normalisation", () => {
  const nfc = "r\u00e9sum\u00e9";
  const nfd = "re\u0301sume\u0301";
  test("the no-match message says the names differ in normalisation, which way; matching stays as bash's (none)", async () => {
    put(`nf/${nfd}.jsonl`, "{}\n");
    put(`nf2/${nfc}.jsonl`, "{}\n");
    put(`nf3/${nfd}/a.log`, "x\n");
    const said = async (glob: string) => failed((await run({ glob, expect: { count: { gte: 1 } } })).checks);
    expect(await said(`nf/${nfc}.jsonl`)).toEqual([
      `count: 0 — "nf/${nfc}.jsonl" matches no file; nf holds: ${nfd}.jsonl; its ${nfd}.jsonl differs from the pattern's name only in Unicode normalisation (NFD on disk, NFC in the scenario), which a glob does not match across, as in bash: rename the file, or spell the name as the disk does`,
    ]);
    expect(await said(`nf2/${nfd}.jsonl`)).toEqual([
      `count: 0 — "nf2/${nfd}.jsonl" matches no file; nf2 holds: ${nfc}.jsonl; its ${nfc}.jsonl differs from the pattern's name only in Unicode normalisation (NFC on disk, NFD in the scenario), which a glob does not match across, as in bash: rename the file, or spell the name as the disk does`,
    ]);
    expect(await said(`nf3/${nfc}/*.log`)).toEqual([
      `count: 0 — "nf3/${nfc}/*.log" matches no file: nf3/${nfc} does not exist; the nearest existing directory, nf3, holds: ${nfd}/; its ${nfd} differs from the pattern's name only in Unicode normalisation (NFD on disk, NFC in the scenario), which a glob does not match across, as in bash: rename the folder, or spell the name as the disk does`,
    ]);
    // A wildcard in the name: no note (the listing says what is there).
    expect(await said(`nf/${nfc}*.jsonl`)).toEqual([`count: 0 — "nf/${nfc}*.jsonl" matches no file; nf holds: ${nfd}.jsonl`]);
  });
});

describe("manifest lines are names, bytes as written", () => {
  test("a line's spaces are part of the name: `t1.jsonl ` (deleted) is not `t1.jsonl`; a CRLF line's CR is no part of it", async () => {
    put("msp/t1.jsonl", "{}\n");
    put("msp/ lead.jsonl", "{}\n");
    put("msp/M", "t1.jsonl \n lead.jsonl\n");
    expect(failed((await run({ glob: "msp/*.jsonl", expect: { manifest: "msp/M" } })).checks)).toEqual(['manifest: msp/M:1: "msp/t1.jsonl " is missing']);
    put("msp/CRLF", "# tagged\r\nt1.jsonl\r\n lead.jsonl\r\n\r\n");
    expect(failed((await run({ glob: "msp/*.jsonl", expect: { manifest: "msp/CRLF" } })).checks)).toEqual([]);
  });

  test("blank lines (spaces only) and comments (# after any spaces) are still skipped", async () => {
    put("msp2/a.jsonl", "{}\n");
    put("msp2/M", "  # a note\n   \n\t\na.jsonl\n#gone.jsonl\n");
    const r = await run({ glob: "msp2/*.jsonl", expect: { manifest: "msp2/M" } });
    expect(failed(r.checks)).toEqual([]);
    expect(r.checks.find((c) => c.path === "manifest")?.actual).toBe("all 1 listed file present");
  });
});

describe("docs/steps/files.md", () => {
  test("every files step in its examples is valid", () => {
    const text = readFileSync(join(import.meta.dir, "../../docs/steps/files.md"), "utf8");
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as unknown);
    const steps = blocks.flatMap((b) => (Array.isArray(b) ? b : [])).filter((s): s is { files: unknown } => typeof s === "object" && s !== null && "files" in s);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const s of steps) expect(step.schema.safeParse(s.files).error?.issues ?? []).toEqual([]);
  });
});
