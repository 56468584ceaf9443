// Credentials in text before any value is known: a URL no parser reads (said without its user name and password), one holding a control character, and the credentials a scenario line shows (masked in load errors); and the part of a URL each of its characters stands in.
import { credentialsIn, isCredentialName } from "./credential-fields.ts";

/** From the scheme's `//` to the last `@` of the URL's first word: its user name and password as written. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)\S*@/i;

/** The URL with whatever stands before its last `@` (a user name and password, as written) shown as `***`. */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, "$1***@");
}

/** What withoutUserinfo shows as `***`: a URL's user name and password as written, to the last `@` of its first word; undefined when it has none. */
export function writtenUserinfo(url: string): string | undefined {
  const m = USERINFO.exec(url);
  return m ? m[0].slice(m[1]!.length, -1) : undefined;
}

/**
 * Why `url` is no URL a request can go to, or undefined when it parses. The URL is shown without its credentials: a
 * password holding `/`, `?` or `#` is what usually breaks it, and the message is printed before any masking.
 */
export function invalidUrl(url: string): string | undefined {
  if (URL.canParse(url)) return undefined;
  const shown = JSON.stringify(withoutUserinfo(url));
  if (USERINFO.test(url))
    // A space, or an @ before the last, parses: the URL parser encodes it and fetch sends it as written (`bob:a b`).
    return `invalid URL ${shown}: a user name or password holding /, ? or # must be percent-encoded (%2F, %3F, %23)`;
  return `invalid URL ${shown}: write it in full, e.g. http://127.0.0.1:8080/health`;
}

/** Request headers whose value is a credential (after its scheme, for the two Authorization headers): masked as secrets. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(["authorization", "proxy-authorization", "x-api-key", "x-auth-token"]);

/** The shortest value of a request's Cookie header masked as a credential (a session id is longer; `dark`, `true`, `en-US` are none). */
export const COOKIE_CREDENTIAL = 8;

/**
 * Credentials a scenario file's line may hold as written: a URL's user name and password (to its last `@`), the
 * value of a `password:`, `bearer:`, `Authorization:`, `Proxy-Authorization:`, `X-Api-Key:` or `X-Auth-Token:` key
 * (after an Authorization scheme), and each cookie's value under a `Cookie:` key. Groups: 1, 3 or 5 what stays before,
 * 2, 4 or 6 the credential (6: a cookie's value, however short: the line shows it in its cookie form).
 */
const CREDENTIAL_IN_LINE = (() => {
  const plain = ["password", "bearer", ...[...CREDENTIAL_HEADERS].filter((h) => !h.endsWith("authorization"))].join("|");
  const schemed = [...CREDENTIAL_HEADERS].filter((h) => h.endsWith("authorization")).join("|");
  return new RegExp(
    `([a-z][a-z0-9+.-]*:\\/\\/)([^\\s"'@]+(?:@[^\\s"'@/?#]+)*)(?=@)|(\\b(?:${plain})["']?\\s*:\\s*["']?|\\b(?:${schemed})["']?\\s*:\\s*["']?(?:[A-Za-z][\\w.+-]* +)?)((?:\\$\\{[^\\s}]*\\}|[^\\s"',}\\]])+)` +
      `|(?<=\\bcookie["']?\\s*:\\s*["']?(?:[^"'\\n]*;\\s*)?)([^\\s"'=;,{}[\\]]+=)((?:\\$\\{[^\\s}]*\\}|[^\\s"';,}\\]])+)`,
    "gi",
  );
})();

/** A text that is references only (`${PASS}`, `${A}${B}`): as a credential's text, no credential (its value is not in it). */
export const ONLY_REFS = /^(?:\$\{[^\s}]*\})+$/;

/**
 * A line of a scenario file as a load error quotes it, its credentials shown as `***`, and where column `col` (0-based)
 * falls in it: the error is printed before the run knows its secrets, and CI logs keep what it prints.
 */
export function maskedSourceLine(text: string, col: number): { text: string; col: number } {
  const ranges = credentialRanges(text);
  let out = "";
  let at = 0;
  let shifted = col;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    out += text.slice(at, from) + "***";
    if (end <= col) shifted += 3 - (end - from);
    else if (from < col) shifted = out.length - 3;
    at = end;
  }
  return { text: out + text.slice(at), col: shifted };
}

/** The shortest credential of a line masked in the message that quotes the line too: a shorter one would shred its words. */
const LINE_CREDENTIAL_IN_MESSAGE = 4;

/**
 * A load error's message with the credentials its quoted line shows as `***` (maskedSourceLine) masked too, the longest
 * first: a message may repeat text of the line (a compose file's `${X?message}` written beside a token).
 */
export function maskedLikeLine(message: string, line: string): string {
  const values = [...new Set(credentialRanges(line).map(([start, end]) => line.slice(start, end)))].filter((v) => v.length >= LINE_CREDENTIAL_IN_MESSAGE);
  values.sort((a, b) => b.length - a.length);
  return values.reduce((text, value) => text.replaceAll(value, "***"), message);
}

/** A query parameter in a line (`?NAME=VALUE`, `&NAME=VALUE`): group 1 its name, group 2 its value, to a `&`, `#`, space or quote. */
const QUERY_PARAM = /[?&]([^\s=&#?"']+)=((?:\$\{[^\s}]*\}|[^\s&#"',}\]])+)/g;

/** Where the credentials maskedSourceLine masks stand in a line, by start. */
function credentialRanges(text: string): [start: number, end: number][] {
  const ranges: [start: number, end: number][] = [];
  for (const m of text.matchAll(CREDENTIAL_IN_LINE)) {
    const before = m[1] ?? m[3] ?? m[5]!;
    const secret = m[2] ?? m[4] ?? m[6]!;
    // A reference alone (`password: "${PASS}"`) is no credential: its value is not in the line. Cut at its `}`, it
    // showed as `"***}"`.
    if (m[2] === undefined && ONLY_REFS.test(secret)) continue;
    const start = m.index + before.length;
    ranges.push([start, start + secret.length]);
  }
  // A query parameter named as a credential (`?access_token=…`, `&api_key=…`), however it looks, as the run masks it.
  for (const m of text.matchAll(QUERY_PARAM)) {
    const [, name, value] = m;
    if (ONLY_REFS.test(value!) || !isCredentialName(name!)) continue;
    const start = m.index + m[0].length - value!.length;
    ranges.push([start, start + value!.length]);
  }
  // A credential written as text anywhere in the line (`echo token=…` in a script, `?access_token=…` in a URL,
  // `DB_PASSWORD: …` under vars:), as the run would mask it in output.
  for (const value of credentialsIn(text) ?? []) {
    for (let i = text.indexOf(value); i !== -1; i = text.indexOf(value, i + value.length)) ranges.push([i, i + value.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * What a `url:` may not hold once its variables are filled in: URL parsing removes a tab, CR and LF anywhere in it (a
 * `${P}` holding "nu\nl.json" requested /nul.json, and the step passed against another URL), and NUL is no URL's
 * either: a line break, a tab or NUL.
 */
export const URL_CONTROL = /[\r\n\t\0]/;

/** Why such a URL is refused: the load error's message, and the step's error when a run-time value brings one. */
export const URL_CONTROL_MESSAGE =
  "its value holds a line break, a tab or NUL, which a URL does not allow (URL parsing drops line breaks and tabs, so another URL would be requested); it was not sent";

/** What a request header's value may not hold: a line break or NUL (HTTP's field values allow neither; fetch refuses to send one). */
export const HEADER_VALUE_CONTROL = /[\r\n\0]/;

/** Why such a header value is refused: the load error's message (after `headers.NAME:`), and the step's error when a run-time value brings one. */
export const HEADER_VALUE_CONTROL_MESSAGE = "its value holds a line break or NUL, which HTTP does not allow in a header; it was not sent";

/** What a request header's name may hold (HTTP's token characters): anything else fetch refuses to send. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why `name` cannot name a request header, or undefined when it can. */
export function badHeaderName(name: string): string | undefined {
  if (HEADER_NAME.test(name)) return undefined;
  return `${JSON.stringify(name)} is no header name: a name is letters, digits and !#$%&'*+-.^_\`|~, with no space or colon`;
}

/** Why a URL that parses cannot be requested by an http step (its scheme), or undefined. */
export function unsupportedScheme(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed || parsed.protocol === "http:" || parsed.protocol === "https:") return undefined;
  return `unsupported URL scheme ${parsed.protocol} in ${withoutUserinfo(url)}: use http or https`;
}

/** A part of a URL, as a special-scheme (http, https) URL is split: its scheme, user, password, host, port, what follows them, and the characters between. */
export type UrlPartName = "scheme" | "user" | "password" | "host" | "port" | "path" | "delimiter";

/** Where each character of `url` stands: one part name a character (its `:`, `//`, `@` and the `:` before a port are delimiters). */
export function urlPartsOf(url: string): UrlPartName[] {
  const parts: UrlPartName[] = Array.from({ length: url.length }, () => "path");
  const fill = (from: number, to: number, part: UrlPartName) => parts.fill(part, from, to);
  // The WHATWG parser drops leading and trailing spaces and control characters: they stand in no part of the origin.
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  const colon = url.indexOf(":", start);
  if (colon === -1) return parts;
  fill(start, colon, "scheme");
  // A special scheme skips any run of `/` and `\` after its `:` (`http:\\h`, `http:h` are http://h/).
  let at = colon + 1;
  while (at < url.length && (url[at] === "/" || url[at] === "\\")) at++;
  fill(colon, at, "delimiter");
  let end = at;
  while (end < url.length && !"/\\?#".includes(url[end]!)) end++;
  // The user and password go to the last `@` of the authority, split at their first `:`.
  const atSign = url.lastIndexOf("@", end - 1);
  let host = at;
  if (atSign >= at) {
    const sep = url.indexOf(":", at);
    if (sep !== -1 && sep < atSign) {
      fill(at, sep, "user");
      fill(sep, sep + 1, "delimiter");
      fill(sep + 1, atSign, "password");
    } else fill(at, atSign, "user");
    fill(atSign, atSign + 1, "delimiter");
    host = atSign + 1;
  }
  // The port starts at the first `:` outside an IPv6 address's brackets.
  let port = -1;
  let bracket = false;
  for (let i = host; i < end && port === -1; i++) {
    if (url[i] === "[") bracket = true;
    else if (url[i] === "]") bracket = false;
    else if (url[i] === ":" && !bracket) port = i;
  }
  fill(host, port === -1 ? end : port, "host");
  if (port !== -1) {
    fill(port, port + 1, "delimiter");
    fill(port + 1, end, "port");
  }
  return parts;
}
