// Tests for format: csv — header columns, field counts, RFC 4180 quoting across lines, per-column rules.
import { describe, expect, spyOn, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CsvProbe, eachCsvLine, maskCells } from "./csv.ts";
import { describeRequiring } from "../../test/helpers/requires.ts";
import { runWithin } from "../../test/helpers/bounded-spawn.ts";
import { seededRandom } from "../../test/helpers/random.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { fieldRules } from "./fields.ts";
import { ProbeFeeder } from "./scan.ts";

function check(text: string, columns: string[] = [], spec?: Parameters<typeof fieldRules>[0]): string | undefined {
  const p = new CsvProbe(columns, fieldRules(spec));
  p.onText(text);
  p.onEnd();
  return p.problems.render("s.csv");
}

describe("CsvProbe", () => {
  test.each([
    ["a well-formed file", "ts,component,errors\n1,api,0\n2,db,3\n", ["ts", "errors"], undefined, undefined],
    ["a BOM and CRLF line ends", "\uFEFFts,errors\r\n1,0\r\n", ["ts"], undefined, undefined],
    ["a missing column", "ts,component\n1,api\n", ["ts", "errors", "p50"], undefined, 's.csv:1: header lacks columns "errors", "p50": ts,component'],
    ["a ragged row", "a,b,c\n1,2,3\n1,2\n", [], undefined, "s.csv:3: 2 fields, the header has 3: 1,2"],
    ["quoted commas and doubled quotes", 'a,b\n"x, y","say ""hi"""\n', [], undefined, undefined],
    ["a quoted field spanning lines keeps the record's first line number", 'a,b\n"multi\nline",2\n3\n', [], undefined, "s.csv:4: 1 fields, the header has 2: 3"],
    ["an unterminated quote", 'a,b\n1,"open\n', [], undefined, 's.csv:2: unterminated quoted field: 1,"open'],
    ["an empty file", "", [], undefined, "s.csv: empty file: no header row"],
    ["required_fields must be non-empty", "a,b\n1,\n", [], ["b"], 's.csv:2: empty field "b": 1,'],
    ["a matcher on a column's values", "a,n\nx,5\ny,50\n", [], { n: { lt: 10 } }, 's.csv:3: field "n" is "50", expected < 10: y,50'],
    ["a required field that is not a column is reported once, on the header", "a\n1\n2\n", [], ["b"], 's.csv:1: header lacks column "b": a'],
    // An empty cell is a missing field to a matcher too: {exists: true} and {type: string} passed on it.
    ["exists: true on an empty cell", "a,d\n1,\n", [], { d: { exists: true } }, 's.csv:2: empty field "d", expected exists: 1,'],
    ["type: string on an empty cell", "a,d\n1,\n", [], { d: { type: "string" } }, 's.csv:2: empty field "d": 1,'],
    ["not: {exists: false} on an empty cell", "a,d\n1,x\n2,\n", [], { d: { not: { exists: false } } }, 's.csv:3: empty field "d", expected not (does not exist): 2,'],
    ["exists: false on empty cells", "a,d\n1,\n2,\n", [], { d: { exists: false } }, undefined],
    ["exists: false on a cell with a value", "a,d\n1,\n2,x\n", [], { d: { exists: false } }, 's.csv:3: field "d" is "x", expected does not exist: 2,x'],
    // A matcher holding on a missing field does not need its column: "header lacks column" failed {exists: false}.
    ["exists: false on a column the header lacks", "a\n1\n", [], { nosuch: { exists: false } }, undefined],
    ["not: {exists: true} on a column the header lacks", "a\n1\n", [], { nosuch: { not: { exists: true } } }, undefined],
    ["exists: true on a column the header lacks", "a\n1\n", [], { nosuch: { exists: true } }, 's.csv:1: header lacks column "nosuch": a'],
    // A row was a plain object: a column named __proto__ set its prototype and was "missing" in every row.
    ["columns named __proto__ and constructor are columns like any other", "__proto__,constructor,toString\na,b,c\n", [], ["__proto__", "constructor", "toString"], undefined],
    // Header names are taken as written, as Python's csv.DictReader keys them: `ts,level ` has the column "level ".
    ["a header name with a space after it is that name", "ts,level \n1,info\n", ["level "], undefined, undefined],
    ["a column the header has only with spaces around it is missing, and the message says so", "ts, level\n1, info\n", ["level"], undefined, 's.csv:1: header lacks column "level" (the header has " level": names are taken as written, whitespace included): ts, level'],
    ["a required field likewise", "ts,level \n1,info\n", [], ["level"], 's.csv:1: header lacks column "level" (the header has "level ": names are taken as written, whitespace included): ts,level '],
    // Only an empty line is blank (Python's [] row); a line of spaces is a row of one field.
    ["a row of spaces is a short row", "ts,level,msg\n1,info,a\n   \n", [], undefined, "s.csv:3: 1 fields, the header has 3:    "],
    ["a row of U+00A0 is a short row", "ts,level\n1,info\n\u00A0\n", [], undefined, "s.csv:3: 1 fields, the header has 2: \u00A0"],
    ["a row of a form feed is a short row", "ts,level\n\f\r\n1,info\r\n", [], undefined, "s.csv:2: 1 fields, the header has 2: \f"],
    ["a header of spaces is a header of one column", "  \nts\n", ["ts"], undefined, 's.csv:1: header lacks column "ts":   '],
    ["whitespace one cannot see is named", "ts,\u00A0level\n1,info\n", ["level"], undefined, 's.csv:1: header lacks column "level" (the header has "\\u00a0level": names are taken as written, whitespace included): ts,\u00A0level'],
    // A BOM is the encoding's mark at the file's start only (Python's utf-8-sig); elsewhere it is a character.
    ["a BOM on a line of its own at the start, then the header", "\uFEFF\nts\n1\n", ["ts"], undefined, undefined],
    ["a BOM after the file's start is part of the name", "\n\uFEFFts,level\n1,info\n", ["ts"], undefined, 's.csv:2: header lacks column "ts" (the header has "\\ufeffts": names are taken as written, whitespace included): \uFEFFts,level'],
  ])("%s", (_, text, columns, spec, problem) => {
    expect(check(text, columns, spec)).toBe(problem);
  });
});

describe("the cells of a column named for a credential are masked wherever a problem quotes a row", () => {
  test.each([
    ["a rule's failure", "ts,level,password\n1,fatal,hunter3secret\n", { level: "info" }, 's.csv:2: field "level" is "fatal", expected == "info": 1,fatal,***'],
    ["a quoted cell keeps its quotes, a short one is masked too", 'ts,level,DB_PASSWORD,api_token\n1,fatal,"a,b ""c""",x1\n', { level: "info" }, 's.csv:2: field "level" is "fatal", expected == "info": 1,fatal,"***",***'],
    ["an empty cell stays empty", "ts,level,secret\n1,fatal,\n", { level: "info" }, 's.csv:2: field "level" is "fatal", expected == "info": 1,fatal,'],
    ["a cell of several lines", 'level,password,msg\nfatal,"hunter3\nsecret",m\n', { level: "info" }, 's.csv:2: field "level" is "fatal", expected == "info": fatal,"***",m'],
    // A `,` too many before the cell or inside it moves the value right; one too few, left.
    ["a field too many", "ts,level,password\n1,info,hunter3,secret\n", undefined, "s.csv:2: 4 fields, the header has 3: 1,info,***,***"],
    ["a field too many before the cell", "ts,password,msg\n1,x,hunter3secret,m\n", undefined, "s.csv:2: 4 fields, the header has 3: 1,***,***,m"],
    ["a field too few", "ts,level,password,msg\nfatal,hunter3secret,m\n", undefined, "s.csv:2: 3 fields, the header has 4: fatal,***,***"],
    ["an unterminated quoted cell", 'ts,password\n1,"hunter3secret\n', undefined, 's.csv:2: unterminated quoted field: 1,"***'],
    // A rule on the credential's own column shows its value as ***.
    ["a rule on the credential's column", "user,password\nbob,hunter3secret\n", { password: { matches: "^x" } }, 's.csv:2: field "password" is "***", expected matches /^x/: bob,***'],
    // Not a credential's name: `pwd` alone is a folder, `tokens` a count, `password_hash` no password.
    ["other columns stay", "pwd,tokens,password_hash,level\n/home/u,123456789,0a1b2c3d4e,fatal\n", { level: "info" }, 's.csv:2: field "level" is "fatal", expected == "info": /home/u,123456789,0a1b2c3d4e,fatal'],
    // The header's own names are no values.
    ["a header lacking a column", "ts,password\n1,hunter3secret\n", { level: "info" }, 's.csv:1: header lacks column "level": ts,password'],
  ])("%s", (_, text, spec, problem) => {
    expect(check(text, [], spec as Parameters<typeof fieldRules>[0])).toBe(problem);
  });

  test("a row's long credential cells go with the problem, to be masked wherever they show; short ones and a ragged row's do not", () => {
    const secretsOf = (text: string, spec?: Parameters<typeof fieldRules>[0]) => {
      const p = new CsvProbe([], fieldRules(spec));
      p.onText(text);
      p.onEnd();
      return p.problems.first?.secrets;
    };
    expect(secretsOf("ts,level,password,token\n1,fatal,hunter3secret,ab12\n", { level: "info" })).toEqual(["hunter3secret"]);
    expect(secretsOf("ts,level,password\n1,info,hunter3,secret\n")).toBeUndefined();
    // A word in a credential's column is masked in the quote, not learned: masked everywhere, it would shred output.
    expect(secretsOf("token,count\ninternationalization,0\n", { count: { gt: 0 } })).toBeUndefined();
    expect(secretsOf("ts,level\n1,fatal\n", { level: "info" })).toBeUndefined();
  });

  test("a line that is no UTF-8, inside a quoted credential's cell or starting a row", () => {
    const render = (text: string) => {
      const p = new CsvProbe([], []);
      const bytes = Buffer.concat(text.split("\uFFFD").flatMap((part, i) => (i ? [Buffer.from([0xff]), Buffer.from(part)] : [Buffer.from(part)])));
      p.onText(text, 0, false, bytes);
      p.onEnd();
      return p.problems.render("s.csv")?.replace(/ \(0xff .*\):/, ":");
    };
    expect(render('ts,password,msg\n1,"hunter3\nsecret\uFFFD",x\n')).toBe('s.csv:3: not valid UTF-8: ***",x');
    expect(render("ts,password,msg\n1,hunter3secret\uFFFD,x\n")).toBe("s.csv:2: not valid UTF-8: 1,***,x");
  });

  test("maskCells reads a record as the probe does: quotes, doubled quotes and commas inside them, and from inside a quoted cell", () => {
    const second = (i: number) => i === 1;
    expect(maskCells('a,"b,""c""",d', second)).toBe('a,"***",d');
    expect(maskCells("a,b,c", second)).toBe("a,***,c");
    expect(maskCells('a,"b', second)).toBe('a,"***');
    expect(maskCells('tail",x', second, { field: 1, inQuotes: true })).toBe('***",x');
    expect(maskCells("", second)).toBe("");
  });
});

describe("line ends", () => {
  const lines = (text: string) => {
    const got: [string, string][] = [];
    eachCsvLine(text, (line, eol) => void got.push([line, eol]));
    return got;
  };
  test.each([
    ["LF", "a\nb\n", [["a", "\n"], ["b", "\n"]]],
    ["CRLF", "a\r\nb\r\n", [["a", "\r\n"], ["b", "\r\n"]]],
    ["a lone CR (classic Mac)", "a\rb\r", [["a", "\r"], ["b", "\r"]]],
    ["mixed, and a CR before a CRLF", "a\rb\r\r\nc\n", [["a", "\r"], ["b", "\r"], ["", "\r\n"], ["c", "\n"]]],
    ["a last line without an end", "a\nb", [["a", "\n"], ["b", ""]]],
    ["empty lines", "\n\r\n\r", [["", "\n"], ["", "\r\n"], ["", "\r"]]],
  ])("%s", (_, text, expected) => {
    expect(lines(text)).toEqual(expected as [string, string][]);
  });

  test("a header row that ends with a lone CR is the header, its rows are rows (classic Mac)", () => {
    expect(check("ts,errors\r1,0\r2,3\r", ["ts", "errors"])).toBeUndefined();
    expect(check("ts,errors\r1,0\r2\r", ["errors"])).toBe("s.csv:3: 1 fields, the header has 2: 2");
    // Line numbers count every line end the reader takes, quoted ones too (Python's reader.line_num counts them so).
    expect(check('a,b\r1,"x\ry"\r2\r', [])).toBe("s.csv:4: 1 fields, the header has 2: 2");
  });
});

// Python's csv module reads a file open()ed as text, UTF-8: a byte that is no UTF-8 is a UnicodeDecodeError. Decoded
// here as U+FFFD, a Latin-1 `café` passed `matches: '^caf.$'`. Fed as a file is read, in chunks of any size.
describe("a CSV file is UTF-8: bytes that are none fail their row, naming the line and the byte", () => {
  /** The probe's verdict on the bytes fed in chunks of `size` (a feeder keeping lines of at most `maxLine` whole). */
  function fed(bytes: Buffer, size: number, spec?: Parameters<typeof fieldRules>[0], maxLine?: number): string | undefined {
    const p = new CsvProbe([], fieldRules(spec));
    const feeder = new ProbeFeeder({ bytes: [], text: [p] }, 0, maxLine);
    for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
    feeder.end();
    return p.problems.render("s.csv");
  }
  const latin1 = (text: string) => Buffer.from(text, "latin1");
  const why = "a CSV file is read as UTF-8, as Python's open() reads it";
  test.each([1, 2, 3, 5, 64 * 1024])("in chunks of %d bytes", (size) => {
    // The tester's file: Python fails it at byte 29 ('utf-8' codec can't decode byte 0xe9 in position 29).
    expect(fed(latin1("date,component\n2026-12-01,caf\xe9\n"), size, { component: { matches: "^caf.$" } })).toBe(`s.csv:2: not valid UTF-8 (0xe9 at byte 29; ${why}): 2026-12-01,caf\uFFFD`);
    // Every bad row counts, rows after one are still read; a row's field rules are not run on it (one problem a row).
    expect(fed(latin1("a,b\n\xff,1\n2\n3,\xe9\xe9\n4,ok\n"), size, ["b"])).toBe(`s.csv:2: not valid UTF-8 (0xff at byte 4; ${why}): \uFFFD,1 (and 2 more bad lines in this file)`);
    // In the header: the names after it are still the columns the rows are read by.
    expect(fed(latin1("caf\xe9,b\n1,2\n3\n"), size)).toBe(`s.csv:1: not valid UTF-8 (0xe9 at byte 3; ${why}): caf\uFFFD,b (and 1 more bad line in this file)`);
    // Inside a quoted field spanning lines: the line holding the byte is named, and its record is not read further.
    expect(fed(latin1('a,b\n1,"x\r\ny\xe9"\n2,z\n'), size, { b: "z" })).toBe(`s.csv:3: not valid UTF-8 (0xe9 at byte 11; ${why}): y\uFFFD"`);
    // A character cut short at the file's end, a UTF-16 surrogate (CESU-8), an overlong form, past U+10FFFF.
    expect(fed(latin1("a\n\xc3"), size)).toBe(`s.csv:2: not valid UTF-8 (0xc3 at byte 2; ${why}): \uFFFD`);
    expect(fed(latin1("a\nx\xed\xa0\x80\n"), size)).toBe(`s.csv:2: not valid UTF-8 (0xed at byte 3; ${why}): x\uFFFD\uFFFD\uFFFD`);
    expect(fed(latin1("a\n\xc0\xaf\n"), size)).toBe(`s.csv:2: not valid UTF-8 (0xc0 at byte 2; ${why}): \uFFFD\uFFFD`);
    expect(fed(latin1("a\n\xf4\x90\x80\x80\n"), size)).toBe(`s.csv:2: not valid UTF-8 (0xf4 at byte 2; ${why}): \uFFFD\uFFFD\uFFFD\uFFFD`);
    // The byte is placed after characters of 2, 3 and 4 bytes and a lone CR's row end.
    expect(fed(Buffer.concat([Buffer.from("a\ré€😀"), latin1("\xe9\n")]), size)).toBe(`s.csv:2: not valid UTF-8 (0xe9 at byte 11; ${why}): é€😀\uFFFD`);
  });
  test.each([1, 2, 3, 5, 64 * 1024])("UTF-8 cut anywhere by the chunks, a BOM, and a U+FFFD written as such pass (chunks of %d bytes)", (size) => {
    const text = "\uFEFFdate,component\r\n2026-12-01,café\r\n2026-12-02,€\r2026-12-03,😀\n2026-12-04,\"\uFFFD\n€\"\n";
    expect(fed(Buffer.from(text), size, { component: { matches: "^(caf.|.|\uFFFD\\n.)$" } })).toBeUndefined();
    const got = fed(Buffer.from(text), size, { component: { matches: "^caf.$" } });
    expect(got).toStartWith('s.csv:3: field "component" is "€", expected ');
    expect(got).toEndWith(": 2026-12-02,€ (and 2 more bad lines in this file)");
  });
  test.each([1, 2, 3, 4, 5, 7])("after a line longer than the feeder keeps whole, a bad byte is placed in the file (chunks of %d bytes)", (size) => {
    const p = new CsvProbe([], []);
    const seen: unknown[] = [];
    spyOn(p.problems, "add").mockImplementation((problem) => void seen.push(problem));
    // Lines of at most 8 bytes kept whole: row 2 comes in pieces, and the text after it may start inside it.
    const feeder = new ProbeFeeder({ bytes: [], text: [p] }, 0, 8);
    const bytes = latin1("a,b\n1,0123456789abcdef\n2,\xe9\n");
    for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
    feeder.end();
    expect(seen).toEqual([
      { lineNo: 2, message: "longer than 32 MiB: not parsed", text: expect.any(String) },
      { lineNo: 3, message: `not valid UTF-8 (0xe9 at byte 25; ${why})`, text: "2,\uFFFD" },
    ]);
  });
});

/** The records the probe reads, header first (blank lines skipped), by watching the method every record goes through. */
function recordsOf(text: string): string[][] {
  const spy = spyOn(CsvProbe.prototype as unknown as { finish(record: string[]): void }, "finish");
  try {
    const p = new CsvProbe([], []);
    p.onText(text);
    p.onEnd();
    return spy.mock.calls.map(([record]) => record);
  } finally {
    spy.mockRestore();
  }
}

// Python's csv module (a file opened with newline="", as its docs ask) is what a team's own tooling reads; blank lines
// (its [] rows) are skipped by both, as DictReader skips them. utf-8-sig: a BOM at the file's start is the encoding's
// mark, anywhere else a character of the field.
const PYTHON_ROWS = `
import csv, json, sys
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        print(json.dumps([row for row in csv.reader(f) if row != []]))
`;

describeRequiring("format: csv against Python's csv module", "python3", Bun.which("python3") ? undefined : "python3 is not installed", () => {
  test("rows, their field counts and values agree on files mixing LF, CRLF and lone CR, inside quotes and out", async () => {
    const random = seededRandom(4180);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const ends = ["\n", "\r\n", "\r"];
    // Fields: plain, empty, a quote inside an unquoted field (a literal), quoted with commas, doubled quotes and every
    // line end inside, text after a closing quote (kept, as Python keeps it), and whitespace that is no line end (a row
    // of it alone is a row of one field, not a blank line) or a BOM (one at the file's start is the encoding's mark).
    const space = () => pick([" ", "  ", "\t", "\u00A0", "\f", "\v", "\u2028", "\u3000", "\uFEFF"]);
    const field = () => pick([() => "a", () => "", () => 'b"c', () => `"x${pick([",", '""', ...ends])}y"`, () => '"q"z', () => `"${pick(ends)}"`, space, () => `${space()}a${space()}`])();
    const texts: string[] = [];
    for (let n = 0; n < 300; n++) {
      let text = random() < 0.2 ? "\uFEFF" : "";
      const rows = 1 + Math.floor(random() * 5);
      for (let r = 0; r < rows; r++) {
        const fields = 1 + Math.floor(random() * 3);
        text += Array.from({ length: fields }, field).join(",");
        if (r < rows - 1 || random() < 0.7) text += pick(ends);
        if (random() < 0.1) text += pick(ends); // a blank line
      }
      texts.push(text);
    }
    const dir = tempDir("csv-py-");
    const paths = texts.map((text, i) => {
      const path = join(dir, `${i}.csv`);
      writeFileSync(path, text);
      return path;
    });
    const python = await runWithin(["python3", "-c", PYTHON_ROWS, ...paths]);
    expect(python.stderr).toBe("");
    const theirs = python.stdout.trim().split("\n").map((l) => JSON.parse(l) as string[][]);
    expect(theirs.length).toBe(texts.length);
    for (const [i, text] of texts.entries()) expect({ text, rows: recordsOf(text) }).toEqual({ text, rows: theirs[i]! });
  });

  test("the first byte that is no UTF-8 is the one Python's decoder stops at; files it decodes pass, fed in chunks of any size", async () => {
    const random = seededRandom(3629);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    // Characters of 1 to 4 bytes, a U+FFFD written as such, line ends, quotes; bytes that are no UTF-8: Latin-1, a
    // surrogate, an overlong form, past U+10FFFF, a character cut short before a line end or the file's end.
    const good = ["a", ",", '"', "\n", "\r\n", "\r", "é", "€", "😀", "\uFFFD", "\uFEFF"].map((c) => Buffer.from(c));
    const bad = [[0xe9], [0xff], [0x80], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]].map((b) => Buffer.from(b));
    const files: Buffer[] = [];
    for (let n = 0; n < 300; n++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 30) }, () => (random() < 0.05 ? pick(bad) : pick(good)));
      files.push(Buffer.concat([random() < 0.2 ? Buffer.from("\uFEFF") : Buffer.alloc(0), ...parts]));
    }
    const dir = tempDir("csv-utf8-");
    const paths = files.map((bytes, i) => {
      const path = join(dir, `${i}.csv`);
      writeFileSync(path, bytes);
      return path;
    });
    const script = `
import sys
for path in sys.argv[1:]:
    try:
        open(path, newline="", encoding="utf-8-sig").read()
        print(-1)
    except UnicodeDecodeError as e:
        print(e.start + (3 if open(path, "rb").read(3) == b"\\xef\\xbb\\xbf" else 0))
`;
    const python = await runWithin(["python3", "-c", script, ...paths]);
    expect(python.stderr).toBe("");
    const theirs = python.stdout.trim().split("\n").map(Number);
    expect(theirs.length).toBe(files.length);
    expect(theirs.filter((n) => n >= 0).length).toBeGreaterThan(50);
    for (const [i, bytes] of files.entries()) {
      const p = new CsvProbe([], []);
      const first: number[] = [];
      spyOn(p.problems, "add").mockImplementation((problem) => {
        const at = /^not valid UTF-8 \(0x[0-9a-f]{2} at byte (\d+);/.exec(problem.message);
        if (at) first.push(Number(at[1]));
      });
      const feeder = new ProbeFeeder({ bytes: [], text: [p] });
      const size = 1 + Math.floor(random() * 8);
      for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
      feeder.end();
      expect({ file: bytes.toString("hex"), first: first[0] ?? -1 }).toEqual({ file: bytes.toString("hex"), first: theirs[i]! });
    }
  });
});
