// Secret masking: every common encoding of a secret is masked; empty and short secrets are refused with a reason.
import { describe, expect, test } from "bun:test";
import { ENGINE_WORDS, Masker, MIN_SECRET_LENGTH, unmaskableReason } from "./mask.ts";
import type { Phase, RunEvent, RunStatus, StepStatus } from "../engine/events.ts";
import type { FileStatus } from "../report/files-summary.ts";
import type { QueryResult } from "../core/query-result.ts";
import { KINDS } from "../steps/registry.ts";
import { interpolateQuery, shellQuote } from "./interpolate.ts";
import { clipAfter, clipBlockHead, clipBlockTail, clipCounted, clipToWidth } from "../util/clip.ts";

const SECRET = `p@ss w/rd&x'"é😀`;
const masker = new Masker();
masker.add(SECRET);

describe("every common form of a secret is masked", () => {
  // [name, the form, characters of it that may survive: those that also encode the text around the secret]
  const forms: [string, string, number?][] = [
    ["raw", SECRET],
    ["encodeURIComponent (%20, upper-case hex)", encodeURIComponent(SECRET)],
    ["lower-case hex", encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ["form encoding (+ for space)", new URLSearchParams({ q: SECRET }).toString().slice(2)],
    ["encodeURI (a URL's path)", encodeURI(SECRET)],
    ["a URL object's query", new URL(`http://h/?q=${SECRET}`).search.slice(3)],
    ["JSON-escaped", JSON.stringify(SECRET).slice(1, -1)],
    ["JSON with \\u escapes (ASCII-only encoders)", JSON.stringify(SECRET).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)],
    ["JSON with \\/ and upper-case \\u", JSON.stringify(SECRET).slice(1, -1).replace("/", "\\/").replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)],
    ["JSON-escaped twice (JSON in a JSON string)", JSON.stringify(JSON.stringify(SECRET)).slice(1, -1), 4],
    ["shell-quoted", shellQuote(SECRET)],
    ["backslash-escaped for double quotes", SECRET.replace(/[\\"$`]/g, "\\$&")],
    ["HTML entities", Bun.escapeHTML(SECRET)],
    ["base64", Buffer.from(SECRET).toString("base64")],
    ["base64url", Buffer.from(SECRET).toString("base64url")],
    ["base64 inside basic auth (user:secret)", Buffer.from(`user:${SECRET}`).toString("base64"), 8],
    ["base64 at the third alignment", Buffer.from(`ab${SECRET}cd`).toString("base64"), 8],
    ["every character as a decimal HTML reference", [...SECRET].map((c) => `&#${c.codePointAt(0)};`).join("")],
    ["every character as a hex HTML reference, lower-case", [...SECRET].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join("")],
    ["every character as a hex HTML reference, upper-case, leading zeros", [...SECRET].map((c) => `&#X${c.codePointAt(0)!.toString(16).toUpperCase().padStart(6, "0")};`).join("")],
    ["decimal references with leading zeros", [...SECRET].map((c) => `&#00${c.codePointAt(0)};`).join("")],
    ["é as the named entity &eacute; (HTML5's names of Latin-1 characters)", Bun.escapeHTML(SECRET).replace("é", "&eacute;")],
    ["only é as a reference, decimal", SECRET.replace("é", "&#233;")],
    ["only é as a reference, hex", SECRET.replace("é", "&#xE9;")],
    ["UTF-8 read as Latin-1 (a server echoing a header's bytes)", Buffer.from(SECRET, "utf8").toString("latin1")],
    ["UTF-8 read as windows-1252 (a body labelled iso-8859-1, read as browsers read that label)", new TextDecoder("windows-1252").decode(Buffer.from(SECRET, "utf8"))],
    ["UTF-8 read as Latin-1, then JSON with \\u escapes", JSON.stringify(Buffer.from(SECRET, "utf8").toString("latin1")).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)],
    ["each character beyond ASCII as U+FFFD (é sent as Latin-1, read as UTF-8)", SECRET.replace(/[^\x00-\x7f]/gu, "\ufffd")],
    ["a character beyond ASCII as several U+FFFD", SECRET.replace(/[^\x00-\x7f]/gu, "\ufffd\ufffd\ufffd")],
    ["U+FFFD JSON-escaped", SECRET.replace(/[^\x00-\x7f]/gu, "\\ufffd")],
    // Quotes doubled, as SQL writes ' in a string literal and CSV " in a field (a query or a row an error message shows).
    ["' doubled (an SQL string literal, YAML single quotes)", SECRET.replaceAll("'", "''")],
    ['" doubled (a CSV field)', SECRET.replaceAll('"', '""')],
    // Another Unicode normalization: é as e and a combining accent (NFD, as macOS file names and some libraries give it).
    ["é decomposed (NFD)", SECRET.normalize("NFD")],
    ["é decomposed, in capitals", SECRET.normalize("NFD").toUpperCase()],
    ['" doubled inside a JSON string (a CSV field in a JSON log line)', JSON.stringify(SECRET.replaceAll('"', '""')).slice(1, -1)],
    ["' doubled, percent-encoded", encodeURIComponent(SECRET.replaceAll("'", "''")).replaceAll("'", "%27")],
    ["' doubled, as HTML references", Bun.escapeHTML(SECRET.replaceAll("'", "''"))],
  ];
  for (const [name, form, slack = 3] of forms) {
    test(name, () => {
      const out = masker.text(`before ${form} after`);
      expect(out).toContain("***");
      expect(out).toStartWith("before ");
      expect(out).toEndWith(" after");
      // Nothing longer than a few characters of the form survives.
      const left = out.slice("before ".length, -" after".length).replaceAll("***", "");
      expect(left.length).toBeLessThanOrEqual(slack);
    });
  }

  // A query language's escapes, then percent-encoded: a promql or logql step writes a secret inside a quoted string of
  // the query Go-escaped (`\"`, `\\`, `\'`, `\n`, `\x1f`), then sends the query in a URL (encodeURIComponent, or
  // URLSearchParams with `+` for a space), where the escapes' backslashes become %5C.
  describe("escaped as a query language's string, then percent-encoded", () => {
    const secrets = ['pa"ssword2', "pa\\ssword3", "it's a \\\"mix\"\n\x1fé/"];
    for (const secret of secrets) {
      const m = new Masker();
      m.add(secret);
      for (const quote of ['"', "'"]) {
        const query = interpolateQuery(`x{token=${quote}\${K}${quote}}`, (name) => (name === "K" ? secret : undefined));
        const escaped = query.slice(`x{token=${quote}`.length, -`${quote}}`.length);
        const forms: [string, string][] = [
          ["encodeURIComponent", encodeURIComponent(escaped)],
          ["URLSearchParams", new URLSearchParams({ q: escaped }).toString().slice(2)],
          ["URLSearchParams twice", new URLSearchParams({ q: new URLSearchParams({ q: escaped }).toString().slice(2) }).toString().slice(2)],
          ["encodeURIComponent, lower-case hex", encodeURIComponent(escaped).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
          ["encodeURIComponent of a JSON string", encodeURIComponent(JSON.stringify(escaped).slice(1, -1))],
        ];
        for (const [name, form] of forms) {
          test(`${JSON.stringify(secret)} in ${quote} quotes, ${name}`, () => {
            const out = m.text(`query=before${form}after`);
            expect(out).toBe("query=before***after");
          });
        }
      }
    }
  });

  test("each Latin-1 character's HTML5 name, and the euro's, is masked; names of other characters are not known", () => {
    const m = new Masker();
    m.add("x\u00a0©®°±µ¶·¼½¾¿ÀÆÇÐ×ØÞßàæçð÷øþÿ€y");
    expect(m.text("x&nbsp;&copy;&reg;&deg;&plusmn;&micro;&para;&middot;&frac14;&frac12;&frac34;&iquest;&Agrave;&AElig;&Ccedil;&ETH;&times;&Oslash;&THORN;&szlig;&agrave;&aelig;&ccedil;&eth;&divide;&oslash;&thorn;&yuml;&euro;y")).toBe("***");
    const dash = new Masker();
    dash.add("a—b—c");
    expect(dash.text("a&#8212;b&#x2014;c")).toBe("***");
    expect(dash.text("a&mdash;b&mdash;c")).toBe("a&mdash;b&mdash;c");
  });

  test("masks every occurrence, in nested values, and leaves other text alone", () => {
    const m = new Masker();
    m.add("s3cr3t-token");
    expect(m.deep({ a: "Bearer s3cr3t-token", b: ["x s3cr3t-token y"], n: 1 })).toEqual({ a: "Bearer ***", b: ["x *** y"], n: 1 });
    // The part `s3cr3t` standing as a word is masked (a parser quotes it on its own: see below); in a longer word it is not.
    expect(m.text("s3cr3t token s3cr3t_token")).toBe("*** token s3cr3t_token");
  });

  test("an object seen in several events is masked once while the secrets stay the same, and again after one is added", () => {
    const m = new Masker();
    m.add("s3cr3t-token");
    const result = { body: "s3cr3t-token and other-secret", checks: [{ actual: "s3cr3t-token" }] };
    const first = m.deep({ type: "attempt-end", result });
    const second = m.deep({ type: "step-end", result });
    expect(second.result).toBe(first.result);
    expect(first.result).toEqual({ body: "*** and other-secret", checks: [{ actual: "***" }] });
    m.add("other-secret");
    expect(m.deep({ type: "step-end", result }).result).toEqual({ body: "*** and ***", checks: [{ actual: "***" }] });
  });

  test("in what a step observed (a check's actual, observed values), a number or a key holding a secret is masked; the engine's own numbers and keys are not", () => {
    const m = new Masker();
    m.add("keyS3cretName");
    m.add("98765432");
    const actual = { keyS3cretName: 1, pin: 98765432, big: 1987654321n, list: [98765432, 5], nested: { "x-keyS3cretName-y": true } };
    const event = { type: "attempt-end", durationMs: 98765432, result: { checks: [{ path: "json $", actual, ok: false }], observed: { count: 98765432, keyS3cretName: "v" } } };
    expect(m.deep(event) as unknown).toEqual({
      type: "attempt-end",
      durationMs: 98765432,
      result: { checks: [{ path: "json $", actual: { "***": 1, pin: "***", big: "1***1", list: ["***", 5], nested: { "x-***-y": true } }, ok: false }], observed: { count: "***", "***": "v" } },
    });
  });

  test("a __proto__ key of what a step observed stays a key in the masked copy", () => {
    // The copy was a plain object: the key became its prototype and left the report.
    const m = new Masker();
    m.add("verysecretvalue123");
    const actual = JSON.parse('{"__proto__":{"x":"verysecretvalue123"},"b":2}');
    const event = { type: "attempt-end", result: { checks: [{ path: "json $", actual, ok: false }] } };
    expect(JSON.stringify(m.deep(event))).toBe('{"type":"attempt-end","result":{"checks":[{"path":"json $","actual":{"__proto__":{"x":"***"},"b":2},"ok":false}]}}');
  });

  test("a secret of digits past 2^53, parsed from JSON (so rounded), is masked as the number it reads as", () => {
    const m = new Masker();
    m.add("12345678901234567890");
    const parsed = JSON.parse('{"acct": 12345678901234567890, "other": 12345678901234000000}') as Record<string, number>;
    expect(m.deep({ result: { checks: [{ actual: parsed }] } }) as unknown).toEqual({ result: { checks: [{ actual: { acct: "***", other: 12345678901234000000 } }] } });
  });

  test("a secret of several lines is masked whole and line by line (output is split into lines before it is shown)", () => {
    const m = new Masker();
    m.add("-----BEGIN KEY-----\nAbCdEfGh12345678\r\n    ZyXwVuTs87654321\n    \nab\n-----END KEY-----");
    expect(m.text("log: AbCdEfGh12345678")).toBe("log: ***");
    expect(m.text("ZyXwVuTs87654321 then -----END KEY-----")).toBe("*** then ***");
    // Blank and short lines are no secrets of their own.
    expect(m.text("    ab    ")).toBe("    ab    ");
  });

  test("a secret that contains another is masked whole", () => {
    const m = new Masker();
    m.add("abcd");
    m.add("xxabcdyy");
    expect(m.text("xxabcdyy abcd")).toBe("*** ***");
  });

  test("two secrets that share characters, or a secret overlapping itself, are masked whole: no part of either is left", () => {
    // Matched one after the other, the second began inside the first and was missed: "abcd1234wxyz" showed "***wxyz".
    const m = new Masker();
    m.add("abcd1234");
    m.add("1234wxyz");
    expect(m.text("abcd1234wxyz, 1234wxyz and abcd1234")).toBe("***, *** and ***");
    expect(m.text("zz1234wxyzabcd1234")).toBe("zz******");
    const self = new Masker();
    self.add("abab");
    expect(self.text("x ababab y")).toBe("x *** y");
    expect(self.text("x abababab y")).toBe("x *** y");
  });
});

describe("a part of a secret a parser quotes on its own", () => {
  test("a JSON parser's identifier, a LogQL or JSONPath parser's token: masked where it stands as a word", () => {
    const m = new Masker();
    m.add("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    m.add("S3cr3t-Tok3n-XYZ123");
    // Bun's JSON.parse on a text starting with the first key.
    expect(m.text('stdout is not JSON (JSON Parse error: Unexpected identifier "wJalrXUtnFEMI"): "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"')).toBe(
      'stdout is not JSON (JSON Parse error: Unexpected identifier "***"): "***"',
    );
    expect(m.text('parse error at line 1, col 21: syntax error: unexpected "S3cr3t"')).toBe('parse error at line 1, col 21: syntax error: unexpected "***"');
    expect(m.text(`"S3cr3t" is not a value in a filter (a member of the item is @.S3cr3t, text is quoted: 'S3cr3t')`)).toBe(`"***" is not a value in a filter (a member of the item is @.***, text is quoted: '***')`);
    expect(m.text("Tok3n XYZ123 K7MDENG bPxRfiCYEXAMPLEKEY")).toBe("Tok3n *** *** ***");
    // Inside a longer word it is another word.
    expect(m.text("xS3cr3t S3cr3ty")).toBe("xS3cr3t S3cr3ty");
  });

  test("a part of small letters alone, a capitalised word, a number, or one shorter than 6, is left: prose stays readable elsewhere", () => {
    const m = new Masker();
    m.add("correct-horse-battery-staple");
    m.add("ab1-xy2-zz9");
    m.add("Grafana-Welcome-100000");
    expect(m.text("the correct answer: a horse; a battery of ab1 tests")).toBe("the correct answer: a horse; a battery of ab1 tests");
    expect(m.text("Welcome to Grafana, 100000 rows")).toBe("Welcome to Grafana, 100000 rows");
    expect(m.text("correct-horse-battery-staple Grafana-Welcome-100000")).toBe("*** ***");
  });

  test("a JSON parser's identifier runs over $: the part with it is masked too", () => {
    const m = new Masker();
    m.add("Pa$$w0rd!");
    m.add("my$ecret$Key9#");
    expect(m.text('JSON Parse error: Unexpected identifier "Pa$$w0rd"')).toBe('JSON Parse error: Unexpected identifier "***"');
    expect(m.text('Unexpected identifier "my$ecret$Key9"')).toBe('Unexpected identifier "***"');
    expect(m.text("costs $$ and w0rd")).toBe("costs $$ and w0rd");
  });
});

describe("a secret a report's cut went through", () => {
  const key = "QWERTYUIOPASDFGHJKLZ";
  const m = new Masker();
  m.add(key);
  // Texts are cut before they are masked: what is left of the secret at the cut is not the secret, and was shown.
  test.each([
    ["the last 4 KiB of output (clipBlockTail)", clipBlockTail(`${key}${"b".repeat(4077)}`, 4096)],
    ["the first 4 KiB of a body (clipBlockHead)", clipBlockHead(`${"a".repeat(4082)}${key}`, 4096)],
    ["clipAfter", clipAfter(`line: ${key}`, 12)],
    ["clipToWidth", clipToWidth(`$ curl -H ${key}`, 20)],
    ["clipCounted", clipCounted(`x=${key}`, 9)],
  ])("%s: the part of it at the cut is masked", (_, cut) => {
    const masked = m.text(cut);
    expect(masked).toContain("***");
    // No run of 2 or more of the secret's characters in its order is left beside the cut.
    for (let k = 2; k < key.length; k++) {
      for (const part of [key.slice(0, k), key.slice(key.length - k)]) expect(masked).not.toContain(part);
    }
  });

  test("text around a cut that is no part of a secret stays", () => {
    expect(m.text(clipAfter("hello world", 5))).toBe("hello…");
    expect(m.text(clipBlockTail(`Q${"b".repeat(20)}`, 10))).toBe(`… (11 earlier characters left out)\n${"b".repeat(10)}`);
  });

  test("the part of a secret's end just after any \"…\" is masked, not only after a \"… (N earlier characters left out)\" line", () => {
    // A files step's quote starts after a space, comma or quote mark: inside a pass phrase, or a secret holding a comma.
    const phrase = "Open Sesame 12345 Alibaba";
    const commas = "Open,Sesame,12345,Alibaba";
    const t = new Masker();
    for (const v of [key, phrase, commas]) t.add(v);
    expect(t.text(`a.log:1:352: …12345 Alibaba ${"y".repeat(20)} Traceback xx…`)).toBe(`a.log:1:352: …*** ${"y".repeat(20)} Traceback xx…`);
    expect(t.text(`a.log:1:352: …Sesame,12345,Alibaba ${"y".repeat(20)} Traceback`)).toBe(`a.log:1:352: …*** ${"y".repeat(20)} Traceback`);
    expect(t.text(`…${key.slice(-2)} Traceback`)).toBe("…*** Traceback");
    // A secret's end after a cut and another's beginning before the next cut, in one text.
    expect(t.text(`…Alibaba Traceback ${key.slice(0, 5)}…`)).toBe("…*** Traceback ***…");
    // Text after a cut that ends no secret stays.
    expect(t.text("…Traceback here")).toBe("…Traceback here");
    expect(t.text("a…b")).toBe("a…b");
  });

  test("a secret cut after a part of it that is masked on its own (a word: Abc123, a JWT's header) is masked whole up to the cut", () => {
    // The parts were masked first, and what was left before the cut was no beginning of the secret any more: shown.
    const t = new Masker();
    const value = "Abc123$(x)Def456Ghi789Jkl012Mno345Pqr678Stu901Vwx234Yz0567Abc890";
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Xyz";
    t.add(value);
    t.add(jwt);
    expect(t.text(`holds shell syntax ("${value.slice(0, 60)}…")`)).toBe('holds shell syntax ("***…")');
    expect(t.text(`token ${jwt.slice(0, 40)}…`)).toBe("token ***…");
    expect(t.text(clipAfter(`id ${jwt} sent`, 40))).toBe("id ***…");
    // The whole secret before a cut, and another text, are as before.
    expect(t.text(`${jwt} and more…`)).toBe("*** and more…");
  });

  test("the part of a secret at a cut is masked as a JSON line holds it too, its quote marks and backslashes escaped", () => {
    const t = new Masker();
    t.add('Open Sesame 12"45 Alibaba\\x');
    // A JSON log line's bytes, quoted from a space inside the secret; and cut inside it.
    expect(t.text('a.log:1:352: …12\\"45 Alibaba\\\\x", Traceback')).toBe('a.log:1:352: …***", Traceback');
    expect(t.text('{"pw":"Open Sesame 12\\"4…')).toBe('{"pw":"***…');
  });

  test("the part of a secret at a cut is masked in the other forms output gives it too: capitals, small letters, hex, base64, percent-encoded", () => {
    // `tr a-z A-Z`, `xxd -p`, `base64` of a secret, cut by a report (the last 4 KiB of an output, a quote's 200
    // characters, a process's command line at 80): the part beside the cut was shown (BPXRFICYZZ9Q, 43597a7a3951).
    const value = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz9Q";
    const t = new Masker();
    t.add(value);
    const bytes = Buffer.from(value);
    const forms = [
      value.toUpperCase(),
      value.toLowerCase(),
      bytes.toString("hex"),
      bytes.toString("hex").toUpperCase(),
      bytes.toString("base64"),
      bytes.toString("base64").replace(/=+$/, ""),
      bytes.toString("base64url"),
      encodeURIComponent(value),
      encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ];
    for (const form of forms) {
      for (const k of [4, 9, 12, form.length - 4]) {
        const before = t.text(clipAfter(`x ${form} y`, 2 + k));
        expect(before, `${form} cut after ${k}`).toBe("x ***…");
        const after = t.text(clipBlockTail(`${form}${"y".repeat(40)}`, 40 + k));
        expect(after, `${form} kept from ${form.length - k}`).toBe(`… (${form.length - k} earlier characters left out)\n***${"y".repeat(40)}`);
      }
    }
    // Text beside a cut that holds no more than three characters of such a form stays.
    expect(t.text("a WJA…")).toBe("a WJA…");
    expect(t.text("…Q== x")).toBe("…Q== x");
  });

  test("terminal escape sequences inside a secret (grep --color) do not hide it", () => {
    const colored = `token=QWERTYU\x1b[01;31m\x1b[KIOP\x1b[m\x1b[KASDFGHJKLZ end`;
    expect(m.text(colored)).toBe("token=*** end");
  });
});

describe("secrets too short to mask", () => {
  test.each([
    ["", "empty"],
    ["abc", `3 characters long, too short to mask (minimum ${MIN_SECRET_LENGTH})`],
    ["é😀x", "3 characters long"],
  ])("%p is refused with a reason", (value, reason) => {
    const m = new Masker();
    expect(m.add(value)).toContain(reason);
    expect(unmaskableReason(value)).toContain(reason);
    expect(m.active).toBe(false);
    expect(m.text("a cat")).toBe("a cat");
  });
  test("four characters are masked", () => {
    const m = new Masker();
    expect(m.add("abcd")).toBeUndefined();
    expect(m.text("xabcdx")).toBe("x***x");
  });
});

describe("a cookie's value is masked in its cookie form, however short", () => {
  test("after its name and =, quoted or JSON-escaped or percent-encoded, where the value ends; not as a word, under another name or inside a longer value", () => {
    const m = new Masker();
    m.add({ cookie: "sid", value: "ab12" });
    expect(m.text("sid=ab12; theme=dark")).toBe("sid=***; theme=dark");
    expect(m.text('{"cookie":"sid=\\"ab12\\""} sid="ab12" sid=%61b12')).toBe('{"cookie":"sid=\\"***\\""} sid="***" sid=***');
    expect(m.text("ab12 xsid=ab12 sid=ab123 sid=ab12")).toBe("ab12 xsid=ab12 sid=ab123 sid=***");
    expect(m.count).toBe(1);
  });

  test("in a URL's query, where & ends it (a redirect's Location carrying the cookie: /echo?sid=ab12&next=1)", () => {
    const m = new Masker();
    m.add({ cookie: "sid", value: "ab12" });
    expect(m.text("GET /echo?t=1&sid=ab12&next=1 → 200")).toBe("GET /echo?t=1&sid=***&next=1 → 200");
    expect(m.text("sid=ab12x&next=1")).toBe("sid=ab12x&next=1");
    expect(m.text("location: /fail?sid=ab12#frag /fail;sid=ab12?a=1")).toBe("location: /fail?sid=***#frag /fail;sid=***?a=1");
  });

  test("a text showing a Cookie or Set-Cookie header makes its cookies masked, there and from then on", () => {
    const m = new Masker();
    expect(m.text("upstream log: Cookie: sid=ab12; theme=dark, then set-cookie: lang=en; Path=/")).toBe("upstream log: Cookie: sid=***; theme=***, then set-cookie: lang=***; Path=/");
    expect(m.text("later sid=ab12 and Path=/ and ab12")).toBe("later sid=*** and Path=/ and ab12");
    expect(m.deep({ a: "sid=ab12", b: '{"set-cookie":"tok=Zq7w; HttpOnly"}', c: "tok=Zq7w" })).toEqual({ a: "sid=***", b: '{"set-cookie":"tok=***; HttpOnly"}', c: "tok=***" });
  });

  test("a Cookie or Set-Cookie header written as a list (an echo service's or a service's log of a header sent several times) makes every entry's cookies masked", () => {
    const m = new Masker();
    expect(m.text('{"set-cookie": ["a=S3cr1; Path=/", "b=S3cr2; HttpOnly", "c=x3"], "n": 1}')).toBe('{"set-cookie": ["a=***; Path=/", "b=***; HttpOnly", "c=***"], "n": 1}');
    expect(m.text("later a=S3cr1 b=S3cr2 c=x3 Path=/")).toBe("later a=*** b=*** c=*** Path=/");
    // Escaped quotes (JSON in a JSON string), a Cookie list (each pair of each entry).
    const esc = new Masker();
    expect(esc.text('{"log":"{\\"cookie\\": [\\"a=Zq7w; b=Kp9x\\", \\"c=Wv5u\\"]}"}')).toBe('{"log":"{\\"cookie\\": [\\"a=***; b=***\\", \\"c=***\\"]}"}');
    // An entry that is no cookie is none.
    const none = new Masker();
    none.text('{"set-cookie": ["not a cookie", "x y=z"]}');
    expect(none.count).toBe(0);
  });

  test("Set-Cookie headers joined with \", \" (as Python's requests shows several) make every cookie masked, past an Expires date's comma", () => {
    const m = new Masker();
    expect(m.text("Set-Cookie: a=S3cr1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/, b=S3cr2; HttpOnly, c=x9")).toBe("Set-Cookie: a=***; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/, b=***; HttpOnly, c=***");
    expect(m.text("{'Set-Cookie': 'sid=Zq7w; Path=/, csrf=Kp9x', 'note': 'q, r=s'}")).toBe("{'Set-Cookie': 'sid=***; Path=/, csrf=***', 'note': 'q, r=s'}");
    // Also in an entry of a list (a header joined with ", " by a proxy, then logged as a list), not past the entry's quotes.
    const listed = new Masker();
    expect(listed.text('{"set-cookie": ["a=S3cr1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=S3cr2; Path=/", "c=x9, d=Wv5u"], "note": "q, r=s"}')).toBe(
      '{"set-cookie": ["a=***; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=***; Path=/", "c=***, d=***"], "note": "q, r=s"}',
    );
    expect(listed.count).toBe(4);
    // Not past the header's quotes or line: what follows is no cookie.
    const other = new Masker();
    other.text('{"set-cookie":"a=S3cr1","note":"x, y=z"} set-cookie: b=S3cr2\nthen, w=v');
    expect(other.count).toBe(2);
  });

  test("a Cookie header whose cookies a client joined with \", \" makes every cookie masked, not only the first; prose after a comma is none", () => {
    const m = new Masker();
    expect(m.text("Cookie: sid=Zq7w, csrf=Kp9x; lang=en, then we went on")).toBe("Cookie: sid=***, csrf=***; lang=***, then we went on");
    expect(m.text("later csrf=Kp9x lang=en")).toBe("later csrf=*** lang=***");
  });

  test("Go's print of an http.Header (map[Set-Cookie:[a=1; Path=/ b=2]]) makes every cookie masked, not the attributes", () => {
    const m = new Masker();
    expect(m.text("headers: map[Content-Type:[text/plain] Set-Cookie:[a=S3cr1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/ b=S3cr2; HttpOnly] X-Id:[7]]")).toBe(
      "headers: map[Content-Type:[text/plain] Set-Cookie:[a=***; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/ b=***; HttpOnly] X-Id:[7]]",
    );
    const req = new Masker();
    expect(req.text("map[Cookie:[sid=Zq7w; theme=dark] User-Agent:[Go-http-client/1.1]]")).toBe("map[Cookie:[sid=***; theme=***] User-Agent:[Go-http-client/1.1]]");
    expect(req.text("later sid=Zq7w")).toBe("later sid=***");
  });

  test("cookies quoted in ' (a Python dict in a service's log) are masked, the quotes kept", () => {
    const py = new Masker();
    expect(py.text("headers={'Set-Cookie': ['sid=Zq7w; Path=/', 'csrf=Kp9x']}")).toBe("headers={'Set-Cookie': ['sid=***; Path=/', 'csrf=***']}");
    expect(py.text("{'Cookie': 'a=Wv5u; b=Xy4z', 'n': 1} later 'a=Wv5u'")).toBe("{'Cookie': 'a=***; b=***', 'n': 1} later 'a=***'");
  });

  test("a reference or a masked value in a cookie header is no cookie to mask", () => {
    const m = new Masker();
    m.text("Cookie: sid=${SID}; a=$B; c=***");
    expect(m.count).toBe(0);
  });
});

test("a credential a message shows before a colon (token=…: expired) is masked where it later shows alone, the colon kept", () => {
  const m = new Masker();
  expect(m.text("auth failed for token=AbCdEf123456: expired")).toBe("auth failed for token=***: expired");
  expect(m.text("retrying with AbCdEf123456 now")).toBe("retrying with *** now");
});

test("a secret is masked in small letters too: a header's name and a URL's host carry it lowered", () => {
  const m = new Masker();
  m.add("m3taHdrNm");
  expect(m.text('x-custom-m3tahdrnm: v {"x-custom-m3tahdrnm":"v"} http://m3tahdrnm.example/ X-Custom-m3taHdrNm')).toBe('x-custom-***: v {"x-custom-***":"v"} http://***.example/ X-Custom-***');
  // Capitals too (`tr a-z A-Z` leaked one), and the hex of its bytes (`xxd -p`, either case), its bytes as \xNN escapes and
  // percent-encoded twice (`%252F`).
  const lower = new Masker();
  lower.add("abcd/1234");
  expect(lower.text("ABCD/1234 abcd/1234 61626364")).toBe("*** *** 61626364");
  const hex = Buffer.from("abcd/1234").toString("hex");
  expect(lower.text(`${hex} ${hex.toUpperCase()} \\x61\\x62\\x63\\x64\\x2f\\x31\\x32\\x33\\x34 abcd%252F1234`)).toBe("*** *** *** ***");
});

test("a secret's base64 form is masked with its / JSON-escaped (PHP's \\/) or percent-encoded, and its + percent-encoded", () => {
  const m = new Masker();
  m.add("x??>~~?+w0rd");
  // base64 of the secret is eD8/Pn5+Pyt3MHJk: a / and a + in it.
  expect(m.text('{"auth":"Basic eD8\\/Pn5+Pyt3MHJk"} ?b=eD8%2FPn5%2bPyt3MHJk eD8/Pn5+Pyt3MHJk')).toBe('{"auth":"Basic ***"} ?b=*** ***');
});

test("a secret with spaces around it is masked without them too: a header's value is sent trimmed", () => {
  const m = new Masker();
  m.add("  tok-1234567 ");
  expect(m.text('{"x-custom":"tok-1234567"} [  tok-1234567 ]')).toBe('{"x-custom":"***"} [***]');
});

test("a short cookie's value is masked as a JSON member named for it too, as an echo service lists the cookies it got", () => {
  const m = new Masker();
  m.add({ cookie: "sid", value: "ab12" });
  expect(m.text('{"cookies": {"sid": "ab12", "x": "ab12"}} {\\"sid\\":\\"ab12\\"} "sid":"ab123"')).toBe('{"cookies": {"sid": "***", "x": "ab12"}} {\\"sid\\":\\"***\\"} "sid":"ab123"');
});

test("a basic credential whose user:password holds a secret is masked whole: its ends encode bits of the user and the password", () => {
  const m = new Masker();
  m.add("password12");
  const token = Buffer.from("usr:password12").toString("base64"); // dXNyOnBhc3N3b3JkMTI=
  // Without a header's name before it (a value of a headers object, a service's log of it).
  expect(m.text(`Basic ${token}`)).toBe("Basic ***");
  expect(m.deep({ headers: { Authorization: `Basic ${token}` } })).toEqual({ headers: { Authorization: "Basic ***" } });
  // Its / JSON-escaped, and once learned the token is masked wherever it shows.
  const slash = new Masker();
  slash.add("x??>~~?+w0rd");
  const t2 = Buffer.from("ab:x??>~~?+w0rd").toString("base64");
  expect(t2).toContain("/");
  expect(slash.text(`{"h":"basic ${t2.replaceAll("/", "\\/")}"}`)).toBe('{"h":"basic ***"}');
  expect(slash.text(`token ${t2}`)).toBe("token ***");
  // A basic credential holding no secret stays shown.
  const other = Buffer.from("usr:nothing1").toString("base64");
  expect(m.text(`Basic ${other}`)).toBe(`Basic ${other}`);
});

describe("a URL's password in a text is masked in its URL form, however short; a long credential-like one everywhere", () => {
  test("a text showing one makes it masked, there and from then on: the user name, host and port stay", () => {
    const m = new Masker();
    expect(m.text("connecting postgres://admin:s3cr3tpw@db:5432/x Traceback")).toBe("connecting postgres://admin:***@db:5432/x Traceback");
    expect(m.text("pw s3cr3tpw")).toBe("pw ***");
    expect(m.text("redis://:ab@cache:6379 amqp://guest:guest@mq/")).toBe("redis://:***@cache:6379 amqp://guest:***@mq/");
    // A short one only where it shows as a URL's password: `guest` and `ab` stay elsewhere.
    expect(m.text("guest ab amqp://other:guest@mq2 x:guest@y")).toBe("guest ab amqp://other:***@mq2 x:guest@y");
    // Percent-encoded in the URL, decoded elsewhere.
    expect(m.text("mongodb://app:P%40ssw0rd9@c0/db")).toBe("mongodb://app:***@c0/db");
    expect(m.text("P@ssw0rd9")).toBe("***");
  });

  test("in an event while no secret is known, in a short string and in a lazy detail's sources; a user alone, a port and an email stay", () => {
    const m = new Masker();
    expect(m.deep({ type: "log", line: "dsn=pg://a:Zq9x@db" })).toEqual({ type: "log", line: "dsn=pg://a:***@db" });
    const plain = new Masker();
    const text = "https://ann@git.example.com/r.git http://host:8080/a?b=c@d mail bob@example.com";
    expect(plain.deep({ type: "log", line: text })).toEqual({ type: "log", line: text });
    expect(plain.active).toBe(false);
  });
});

describe("while no secret is known, an event is looked through for credentials", () => {
  test("in a key and in a short value, by every masker and every time: a text holding a credential's word is never remembered as plain", () => {
    // Keys and short strings without such a word are remembered across maskers (they recur in every event); these hold one.
    for (let i = 0; i < 2; i++) {
      const m = new Masker();
      expect(m.deep({ type: "attempt-end", "statusExpected": true, "x-api-key: Kx9ab8cd7e": 1 })).toEqual({ type: "attempt-end", "statusExpected": true, "x-api-key: Kx9ab8cd7e": 1 });
      expect(m.text("sent Kx9ab8cd7e")).toBe("sent ***");
      const n = new Masker();
      expect(n.deep({ type: "log", line: "token=abc12345" })).toEqual({ type: "log", line: "token=***" });
    }
  });

  test("in strings at every depth, in arrays and in a part that recurs in a later event; numbers, booleans and dates are passed", () => {
    const m = new Masker();
    const step = { name: "login", tags: ["smoke", "password=Hunter2x99"] };
    expect(m.deep({ type: "step-start", at: new Date(0), step, n: 1, ok: true })).toEqual({ type: "step-start", at: new Date(0), step: { name: "login", tags: ["smoke", "password=***"] }, n: 1, ok: true });
    const result = { checks: [{ actual: { nested: [["Authorization: Bearer eyJhbGciOi12"]] } }] };
    expect(m.deep({ type: "attempt-end", step, result })).toEqual({ type: "attempt-end", step: { name: "login", tags: ["smoke", "password=***"] }, result: { checks: [{ actual: { nested: [["Authorization: Bearer ***"]] } }] } });
    expect(m.text("Hunter2x99 eyJhbGciOi12")).toBe("*** ***");
    // A fresh masker meets the same parts in another order: the deeper one first, then the part holding it.
    const fresh = new Masker();
    expect(fresh.deep({ type: "step-end", result })).toEqual({ type: "step-end", result: { checks: [{ actual: { nested: [["Authorization: Bearer ***"]] } }] } });
    expect(fresh.deep({ type: "attempt-start", step })).toEqual({ type: "attempt-start", step: { name: "login", tags: ["smoke", "password=***"] } });
  });
});

test("a masked copy holds a value's own enumerable keys, in their order, as Object.entries lists them: none inherited or hidden", () => {
  const m = new Masker();
  m.add("Hunter2x99");
  const value = Object.assign(Object.create({ inherited: "Hunter2x99" }) as object, { b: "x Hunter2x99", 2: "two", a: 1 });
  Object.defineProperty(value, "hidden", { value: "Hunter2x99", enumerable: false });
  const masked = m.deep({ type: "attempt-end", result: value, list: [value] });
  expect(JSON.stringify(masked)).toBe('{"type":"attempt-end","result":{"2":"two","b":"x ***","a":1},"list":[{"2":"two","b":"x ***","a":1}]}');
  expect(Object.keys(masked.result)).toEqual(Object.keys(value));
  expect("inherited" in masked.result).toBe(false);
});

describe("the engine's own words", () => {
  test("ENGINE_WORDS holds every status, event type, phase, step kind and result type (the Record lists each: tsc refuses one left out)", () => {
    const words: Record<StepStatus | RunStatus | FileStatus | RunEvent["type"] | Phase | QueryResult["type"], true> = {
      passed: true, failed: true, skipped: true, interrupted: true, invalid: true, "not run": true,
      "run-start": true, info: true, "step-start": true, "attempt-start": true, "attempt-end": true, "step-end": true, diagnostics: true, log: true, thresholds: true, "run-end": true,
      main: true, teardown: true, vector: true, matrix: true, scalar: true, streams: true,
    };
    expect([...Object.keys(words), ...KINDS].filter((w) => !ENGINE_WORDS.has(w))).toEqual([]);
  });

  test("a secret inside one of them leaves a status, a type, a phase and a kind as they are; the same word elsewhere is masked", () => {
    const m = new Masker();
    m.add("fail");
    const event = { type: "step-end", status: "failed", step: { phase: "main", kind: "shell", name: "it failed" }, result: { observed: { status: "failed" }, checks: [] } };
    expect(m.deep(event)).toEqual({ type: "step-end", status: "failed", step: { phase: "main", kind: "shell", name: "it ***ed" }, result: { observed: { status: "***ed" }, checks: [] } });
    // A field of that name holding anything else is masked as any text.
    expect(m.deep({ status: "failing" })).toEqual({ status: "***ing" });
  });
});

describe("a long secret (a JWT, a token in a URL) is masked whole in its common forms", () => {
  // Built character by character in every form, such a value made a regex that could not be compiled at 3,000
  // characters: the step that printed or captured it failed with "regular expression too large".
  const token = `eyJhbGciOiJSUzI1NiJ9.${"Qx/Z+w9".repeat(430)}.sig-é`;

  test("a declared one: raw, JSON-escaped, percent-encoded, in capitals, base64 and hex", () => {
    const m = new Masker();
    expect(m.add(token)).toBeUndefined();
    for (const form of [token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token), token.toUpperCase(), Buffer.from(token).toString("hex")]) {
      expect(m.text(`before ${form} after`)).toBe("before *** after");
    }
    // base64's last group holds bits of the bytes after the value too: at most its last characters stay, as for any secret.
    expect(m.text(`before ${Buffer.from(token).toString("base64")} after`)).toMatch(/^before \*\*\*[A-Za-z0-9+/=]{0,4} after$/);
  });

  test("HTML-escaped as servers write quotes and ampersands: named, decimal with leading zeros, hex", () => {
    // Python's html.escape writes ' as &#x27;, Go's html/template " as &#34;, PHP's htmlspecialchars ' as &#039;, HTML5 as &apos;.
    const quoted = `${"tok".repeat(25)}'a"b&c<d>`;
    const m = new Masker();
    expect(m.add(quoted)).toBeUndefined();
    const forms = [
      quoted.replace(/'/g, "&#x27;").replace(/"/g, "&quot;").replace(/&(?!#|quot)/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
      quoted.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&#34;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
      quoted.replace(/&/g, "&#38;").replace(/'/g, "&#039;").replace(/"/g, "&#x22;").replace(/</g, "&#60;").replace(/>/g, "&#X3E;"),
      quoted.replace(/&/g, "&amp;").replace(/'/g, "&apos;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    ];
    for (const form of forms) expect(m.text(`<td>${form}</td>`)).toBe("<td>***</td>");
  });

  test("escaped character by character as escapers write it, mixed forms too: Go's JSON and html/template, mustache, Python's ensure_ascii, quotes left as they are, percent-encoding of every byte", () => {
    const signed = `https://cdn.example.com/f?sig=${"Ab9+/".repeat(16)}&exp=1700000000&who=José's "bot"`;
    const m = new Masker();
    expect(m.add(signed)).toBeUndefined();
    const hex = (c: string, f: (n: string) => string) => [...Buffer.from(c, "utf8")].map((b) => f(b.toString(16).padStart(2, "0"))).join("");
    const forms = [
      // Go's encoding/json: & < > as \u0026, …; Python's json.dumps (ensure_ascii): é as \u00e9.
      JSON.stringify(signed).slice(1, -1).replace(/&/g, "\\u0026").replace(/é/g, "\\u00e9"),
      // Go's html/template: + as &#43;, & as &amp;, ' as &#39;, " as &#34;.
      signed.replace(/&/g, "&amp;").replace(/\+/g, "&#43;").replace(/'/g, "&#39;").replace(/"/g, "&#34;"),
      // mustache.js: / = ' as &#x2F; &#x3D; &#39;; PHP before 8.1 (ENT_COMPAT) leaves ' as it is.
      signed.replace(/&/g, "&amp;").replace(/\//g, "&#x2F;").replace(/=/g, "&#x3D;").replace(/"/g, "&quot;"),
      // Every byte but the unreserved ones percent-encoded (also ' ( ) ! *, which encodeURIComponent leaves), in small hex digits, then again.
      [...signed].map((c) => (/[A-Za-z0-9._~-]/.test(c) ? c : hex(c, (h) => `%25${h}`))).join(""),
    ];
    for (const form of forms) expect(m.text(`<a href="${form}">x</a>`)).toBe(`<a href="***">x</a>`);
  });

  test("escaped, then percent-encoded or HTML-escaped: a query string of a step's request, JSON in an HTML page", () => {
    const token = `Tk9_aZ&b<c>d"e'f/g?h=i+j k%l#m;n:o@p[q]r{s}t|u\\v^w\`x~y!z$é€${"A1B2C3D4E5".repeat(4)}`;
    const m = new Masker();
    expect(m.add(token)).toBeUndefined();
    // A logql or promql step writes it inside a quoted string of its query (\" and \\ escaped) and sends it in a URL.
    const inQuery = new URLSearchParams({ query: `{svc="a"} |= "${token.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` }).toString();
    expect(m.text(`GET /loki/api/v1/query_range?${inQuery}`)).not.toContain("A1B2C3D4E5");
    // Python's html.escape(json.dumps(s)): \" then &quot;, é as \u00e9.
    const jsonThenHtml = JSON.stringify(token)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    expect(m.text(`<pre>${jsonThenHtml}</pre>`)).toBe("<pre>&quot;***&quot;</pre>");
  });

  test("a URL's password longer than 64 characters is masked HTML-escaped in a link too", () => {
    const m = new Masker();
    const password = `p&${"q".repeat(80)}'z`;
    // Known as a URL's password (a scenario's URL, a line that held it), then shown in a page.
    expect(m.add({ urlPassword: password })).toBeUndefined();
    expect(m.text(`<a href="https://user:${password.replace(/&/g, "&amp;").replace(/'/g, "&#39;")}@host/">x</a>`)).toBe(`<a href="https://user:***@host/">x</a>`);
  });

  test("one learned from output: a URL's password of 3,000 characters, and forty secrets of 200", () => {
    const m = new Masker();
    const password = `${"A".repeat(3000)}x9`;
    expect(m.text(`git clone https://oauth2:${password}@git.example.com/g/r.git`)).toBe("git clone https://oauth2:***@git.example.com/g/r.git");
    const many = new Masker();
    const values = Array.from({ length: 40 }, (_, i) => `${"k3Y".repeat(66)}${i}z`);
    for (const v of values) many.add(v);
    expect(many.text(values.join(" "))).toBe(values.map(() => "***").join(" "));
  });
});

test("a URL's password whose user name is an email address is masked in its URL form", () => {
  const m = new Masker();
  expect(m.text("smtp://noreply@example.com:Hunter2pass@smtp.example.com:587")).toBe("smtp://noreply@example.com:***@smtp.example.com:587");
  expect(m.text("1,http://svc:8080,bob@example.com")).toBe("1,http://svc:8080,bob@example.com");
});
