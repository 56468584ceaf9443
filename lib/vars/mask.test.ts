// Secret masking: every common encoding of a secret is masked; empty and short secrets are refused with a reason.
import { describe, expect, test } from "bun:test";
import { Masker, MIN_SECRET_LENGTH, unmaskableReason } from "./mask.ts";
import { shellQuote } from "./interpolate.ts";
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

  test("masks every occurrence, in nested values, and leaves other text alone", () => {
    const m = new Masker();
    m.add("s3cr3t-token");
    expect(m.deep({ a: "Bearer s3cr3t-token", b: ["x s3cr3t-token y"], n: 1 })).toEqual({ a: "Bearer ***", b: ["x *** y"], n: 1 });
    expect(m.text("s3cr3t token s3cr3t_token")).toBe("s3cr3t token s3cr3t_token");
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

describe("a secret broken across lines", () => {
  const key = "sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const m = new Masker();
  m.add(key);
  /** No run of `n` or more of the secret's characters in its order, on either side of a break. */
  const noPart = (out: string, secret: string, n: number) => {
    for (let i = 0; i + n <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + n));
  };

  for (const [name, brk] of [
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["a lone CR", "\r"],
    ["LF and the run log's indentation", "\n    "],
    ["CRLF and a tab", "\r\n\t"],
  ] as const) {
    test(`${name} at every position inside it is masked on both lines`, () => {
      for (let k = 1; k < key.length; k++) {
        const out = m.text(`token=${key.slice(0, k)}${brk}${key.slice(k)} end`);
        expect(out).toBe("token=*** end");
      }
    });
  }

  test("several breaks (fold -w 20) are masked as one", () => {
    const folded = `token=${key} end`.match(/.{1,20}/g)!.join("\n");
    expect(m.text(folded)).toBe("token=*** end");
    expect(m.text(folded.replaceAll("\n", "\r\n    "))).toBe("token=*** end");
  });

  test("base64 output wrapped at 76 columns (GNU base64), the break anywhere in the secret's encoding", () => {
    // The secret inside a longer encoded file, at each of the three alignments and with the wrap at every offset.
    const fragments = [0, 1, 2].map((k) => {
      const text = Buffer.from(`${"\0".repeat(k)}${key}`).toString("base64");
      return text.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + key.length)) / 6));
    });
    for (let pad = 0; pad < 80; pad++) {
      const file = `{"user":"alice","note":"${"x".repeat(pad)}","password":"${key}","more":"padding"}`;
      const wrapped = Buffer.from(file).toString("base64").match(/.{1,76}/g)!.join("\n");
      const out = m.text(wrapped);
      expect(out).toContain("***");
      // What is left, joined back without its breaks, holds no 6 characters of any alignment of the secret's encoding.
      for (const f of fragments) noPart(out.replaceAll("\n", ""), f, 6);
    }
  });

  test("text that only shares a beginning or an end with the secret is not masked", () => {
    for (const text of [`sk-live-ABC\nsomething else`, `x sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678\n`, `abc\nJKLMNOPQRSTUVWXYZ0123456789 end`, `sk-live-\n\nABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`]) {
      expect(m.text(text)).toBe(text);
    }
  });

  test("a break followed by other text than indentation is no break inside the secret (the limit)", () => {
    const text = `sk-live-ABCDEFGHIJ\n2026-01-01T00:00:00.000Z   KLMNOPQRSTUVWXYZ0123456789`;
    expect(m.text(text)).toBe(text);
  });

  describe("output masked line by line (Masker.lines)", () => {
    const feed = (lines: string[], masker = m) => {
      const out: string[] = [];
      const sink = masker.lines((l) => out.push(l));
      const afterEach: number[] = [];
      for (const line of lines) {
        sink.push(line);
        afterEach.push(out.length);
      }
      sink.end();
      return { out, afterEach };
    };

    test("a secret folded over three lines comes out masked, as one line", () => {
      const { out } = feed(["before", "token=sk-live-ABCDEF", "GHIJKLMNOPQRSTUVWXYZ", "0123456789 end", "after"]);
      expect(out).toEqual(["before", "token=*** end", "after"]);
    });

    test("base64 wrapped at 76 columns, line by line", () => {
      const file = `{"user":"alice","password":"${key}","note":"padding padding padding"}`;
      const lines = Buffer.from(file).toString("base64").match(/.{1,76}/g)!;
      const { out } = feed(lines);
      expect(out.join("\n")).toContain("***");
      const b64 = Buffer.from(key).toString("base64");
      noPart(out.join(""), b64.slice(4, -4), 8);
    });

    test("a line is given on at once unless its end may begin a secret; one that only looked like it comes out as it was", () => {
      const { out, afterEach } = feed(["plain line", "ends with sk-live-AB", "not the rest", "last"]);
      expect(out).toEqual(["plain line", "ends with sk-live-AB", "not the rest", "last"]);
      // "plain line" at once; the line ending with the secret's beginning waits for the next.
      expect(afterEach[0]).toBe(1);
      expect(afterEach[1]).toBe(1);
      expect(afterEach[2]).toBeGreaterThanOrEqual(2);
    });

    test("lines that each end with a secret's first two characters are held one at a time, not gathered", () => {
      const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ends with sk`);
      const { out, afterEach } = feed(lines);
      expect(out).toEqual(lines);
      for (let i = 1; i < lines.length; i++) expect(afterEach[i]).toBe(i);
    });

    test("a line that ends with a secret's first character alone is given on at once; the rest of the secret on the next line is masked", () => {
      const { out, afterEach } = feed(["token=s", "k-live-ABCDEFGHIJKLMN", "OPQRSTUVWXYZ0123456789 end", "after s", "no secret"]);
      expect(out).toEqual(["token=s", "*** end", "after s", "no secret"]);
      expect(afterEach).toEqual([1, 1, 2, 3, 4]);
    });

    test("a whole secret that spans lines before the line a new beginning starts in is masked whole", () => {
      const { out } = feed(["a sk-live-ABCDEFGHIJ", "KLMNOPQRSTUVWXYZ0123456789 b sk", "-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 c"]);
      expect(out).toEqual(["a *** b *** c"]);
    });

    test("with no secret yet, lines are given on as they are; one added between two lines masks the next", () => {
      const fresh = new Masker();
      const out: string[] = [];
      const sink = fresh.lines((l) => out.push(l));
      sink.push("token=sk-live-ABCDEF");
      fresh.add(key);
      sink.push("x sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 y");
      sink.end();
      expect(out).toEqual(["token=sk-live-ABCDEF", "x *** y"]);
    });

    test("CRLF lines and the secret's lines of a secret of several lines", () => {
      const pem = "-----BEGIN KEY-----\nAbCdEfGh12345678ZyXwVuTs87654321\n-----END KEY-----";
      const pm = new Masker();
      pm.add(pem);
      const { out } = feed(["x AbCdEfGh1234", "5678ZyXwVuTs87654321 y"], pm);
      expect(out).toEqual(["x *** y"]);
    });
  });
});

describe("long secrets", () => {
  const randomText = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64");
  /** A PEM key's shape: 64-character lines of base64 (a 4096-bit key's is 3272 characters). */
  const pem = (bytes: number) => `-----BEGIN PRIVATE KEY-----\n${randomText(bytes).match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;

  test("a 4096-bit-sized key is masked whole, and each of its lines across breaks; with two, the pattern still fits the regex engine", () => {
    const m = new Masker();
    const [a, b] = [pem(2374), pem(2374)];
    expect(m.add(a)).toBeUndefined();
    expect(m.text(`a=${a}`)).toBe("a=***");
    const line = a.split("\n")[5]!;
    expect(m.text(`x ${line.slice(0, 30)}\n    ${line.slice(30)} y`)).toBe("x *** y");
    // Too large for breaks between every two characters: masked as before, without them.
    expect(m.add(b)).toBeUndefined();
    expect(m.text(`a=${a} b=${b}`)).toBe("a=*** b=***");
  });

  test("a 1000-character token folded at 80 columns is masked, in a text and line by line", () => {
    const m = new Masker();
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(750))).toString("base64url");
    m.add(token);
    const folded = `token=${token} end`.match(/.{1,80}/g)!;
    expect(m.text(folded.join("\n"))).toBe("token=*** end");
    const out: string[] = [];
    const sink = m.lines((l) => out.push(l));
    for (const l of folded) sink.push(l);
    sink.end();
    expect(out).toEqual(["token=*** end"]);
  });
});
