// A URL no parser reads is said without its credentials, and a load error's quoted line shows no credential.
import { describe, expect, test } from "bun:test";
import { invalidUrl, maskedSourceLine, urlPartsOf, withoutUserinfo } from "./url-text.ts";
import { InvalidInput } from "../core/invalid-input.ts";

describe("invalidUrl", () => {
  test("a URL that parses is fine, whatever its password holds once encoded", () => {
    expect(invalidUrl("http://bob:Hunter2%2Fxyzzy@127.0.0.1:1/echo")).toBeUndefined();
    expect(invalidUrl("http://127.0.0.1:4873/@scope/pkg")).toBeUndefined();
  });

  test("a password holding / ? or # breaks the URL: the message says to percent-encode it and shows no credential", () => {
    for (const [url, shown] of [
      ["http://bob:Hunter2/xyzzy@127.0.0.1:1/echo", "http://***@127.0.0.1:1/echo"],
      ["http://admin:Pr#Pass99@127.0.0.1:9", "http://***@127.0.0.1:9"],
      ["http://carl:Qu?ery42@127.0.0.1:1/", "http://***@127.0.0.1:1/"],
    ]) {
      const message = invalidUrl(url!)!;
      expect(message).toStartWith(`invalid URL ${JSON.stringify(shown)}: a user name or password holding /, ? or # must be percent-encoded (%2F, %3F, %23)`);
    }
  });

  test("a text that is no URL at all is asked for in full", () => {
    expect(invalidUrl("not a url")).toBe('invalid URL "not a url": write it in full, e.g. http://127.0.0.1:8080/health');
    expect(invalidUrl("127.0.0.1:8080/health")).toContain("write it in full");
  });

  test("withoutUserinfo hides everything before the last @ of the URL's first word", () => {
    expect(withoutUserinfo("http://bob:p@ss/x@host/a@b c@d")).toBe("http://***@b c@d");
    expect(withoutUserinfo("http://host/x")).toBe("http://host/x");
  });
});

describe("maskedSourceLine", () => {
  test("URL credentials and credential keys are masked, and the column still points at the same text", () => {
    const line = `  - { http: { url: "http://bob:Hunter2/xyzzy@127.0.0.1:1/", headers: { Authorization: "Bearer tok123456", X-Api-Key: k9876543 }, tiemout: 1 } }`;
    const col = line.indexOf("tiemout");
    const masked = maskedSourceLine(line, col);
    expect(masked.text).toBe(`  - { http: { url: "http://***@127.0.0.1:1/", headers: { Authorization: "Bearer ***", X-Api-Key: *** }, tiemout: 1 } }`);
    expect(masked.text.slice(masked.col)).toStartWith("tiemout");
  });

  test("a password under auth, a token as the URL's user, a column inside a credential points at its mask", () => {
    const line = `auth: { basic: { username: u, password: 'p4ssw0rd' } }, url: "http://tokenonly99@h/"`;
    const masked = maskedSourceLine(line, line.indexOf("ssw0rd"));
    expect(masked.text).toBe(`auth: { basic: { username: u, password: '***' } }, url: "http://***@h/"`);
    expect(masked.text.slice(masked.col)).toStartWith("***");
  });

  test("each cookie value under a Cookie key is masked, however short, its name shown", () => {
    const line = `headers: { Cookie: "sid=literal-session-77; theme=dark; csrf=abcdefgh12", tiemout: 1 }`;
    const masked = maskedSourceLine(line, line.indexOf("tiemout"));
    expect(masked.text).toBe(`headers: { Cookie: "sid=***; theme=***; csrf=***", tiemout: 1 }`);
    expect(masked.text.slice(masked.col)).toStartWith("tiemout");
    expect(maskedSourceLine(`        cookie: sid=\${SID}`, 0).text).toBe(`        cookie: sid=\${SID}`);
  });

  test("a credential written as text anywhere in the line is masked as the run would mask it, the column kept on its character", () => {
    const line = `    shell: { run: 'echo token=LoadTok3n-abcdefgh; curl "http://h/?access_token=QueryTok3n-zz99"', tiemout: 1 }`;
    const masked = maskedSourceLine(line, line.indexOf("tiemout"));
    expect(masked.text).toBe(`    shell: { run: 'echo token=***; curl "http://h/?access_token=***"', tiemout: 1 }`);
    expect(masked.text.slice(masked.col)).toStartWith("tiemout");
    expect(maskedSourceLine(`vars: { DB_PASSWORD: "V4rPass-word-77" }`, 8).text).toBe(`vars: { DB_PASSWORD: "***" }`);
    // Prose and references are left, as in output.
    expect(maskedSourceLine(`  - name: the token: Expected one; token=\${TOKEN}`, 0).text).toBe(`  - name: the token: Expected one; token=\${TOKEN}`);
  });

  test("a URL's query parameter named as a credential is masked however it looks, as the run masks it; others and references stay", () => {
    const line = `  - http: { url: "http://h/a?access_token=plainlowercase&page=2&apikey=ab&key=shown&token=\${T}#x", tiemout: 1 }`;
    const masked = maskedSourceLine(line, line.indexOf("tiemout"));
    expect(masked.text).toBe(`  - http: { url: "http://h/a?access_token=***&page=2&apikey=***&key=shown&token=\${T}#x", tiemout: 1 }`);
    expect(masked.text.slice(masked.col)).toStartWith("tiemout");
  });

  test("a column inside the second credential of a line points at that credential's mask", () => {
    const line = `url: "http://bob:pw123456@h/", headers: { X-Api-Key: abcdefghijkl }`;
    const masked = maskedSourceLine(line, line.indexOf("ghij"));
    expect(masked.text).toBe(`url: "http://***@h/", headers: { X-Api-Key: *** }`);
    expect(masked.col).toBe(masked.text.lastIndexOf("***"));
  });

  test("a credential key whose value is a ${NAME} alone shows the reference; one mixing text and a reference is masked whole", () => {
    // The value stopped at the reference's `}`: `password: "${PASS}"` showed as `password: "***}"`.
    const line = `auth: { basic: { username: u, password: "\${PASS}" } }, headers: { Authorization: "Bearer \${T}", X-Api-Key: "k\${T}" }`;
    expect(maskedSourceLine(line, 0).text).toBe(`auth: { basic: { username: u, password: "\${PASS}" } }, headers: { Authorization: "Bearer \${T}", X-Api-Key: "***" }`);
  });

  test("a line with no credential is unchanged", () => {
    const line = `  - { http: { url: "http://127.0.0.1:4873/a", expect: { status: 200 } } }`;
    expect(maskedSourceLine(line, 10)).toEqual({ text: line, col: 10 });
  });

  test("a load error quotes the line masked", () => {
    const file = "s.yaml";
    const source = `steps:\n  - { http: { url: "http://bob:Hunter2xyzzy@127.0.0.1:1/", tiemout: 1s } }\n`;
    const err = new InvalidInput([{ file, pos: { line: 2, col: source.split("\n")[1]!.indexOf("tiemout") + 1 }, message: 'unknown key "tiemout"' }], new Map([[file, source]]));
    const out = err.format();
    expect(out).not.toContain("Hunter2xyzzy");
    const [quoted, caret] = out.split("\n").slice(1, 3);
    expect(quoted!.slice(caret!.indexOf("^"))).toStartWith("tiemout");
  });
});

describe("urlPartsOf", () => {
  const said = (url: string) => {
    const letters = { scheme: "s", user: "u", password: "w", host: "h", port: "p", path: ".", delimiter: "_" } as const;
    return urlPartsOf(url).map((p) => letters[p]).join("");
  };

  test("splits a URL as the WHATWG parser does for http and https", () => {
    expect(said("http://127.0.0.1:8080/x?y#z")).toBe("ssss___hhhhhhhhh_pppp......");
    // The user and password go to the last @, split at their first :.
    expect(said("http://a:b@c@h:1/")).toBe("ssss___u_www_h_p.");
    expect(said("http://[::1]:9/")).toBe("ssss___hhhhh_p.");
    expect(said("https:\\\\h\\x")).toBe("sssss___h..");
    expect(said(" http://h")).toBe(".ssss___h");
    expect(said("no scheme")).toBe(".........");
  });
});
