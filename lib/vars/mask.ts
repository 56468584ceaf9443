// Secret masking, the one place it happens: every occurrence of a secret in any text becomes ***, in the forms output commonly gives it (raw, in small letters or capitals, percent-encoded (also twice) and form-encoded, JSON- and shell-escaped (and then percent-encoded: a query language's string in a URL), \xNN escapes, hex, HTML character references, base64 and base64url, UTF-8 misread as Latin-1 or as U+FFFD).
import { CUT_START } from "../util/clip.ts";
import { setOwn } from "../util/own.ts";
import { credentialsIn, mayHoldUrlPassword, urlPasswordsIn } from "../util/credential-fields.ts";
import { COOKIE_CREDENTIAL } from "../util/url-text.ts";
import { unmadeSources } from "../core/detail.ts";

const MASK = "***";

/**
 * A cookie's value, masked where it shows as that cookie (`NAME=VALUE`: a Cookie or Set-Cookie header, a service's log
 * of one; `"NAME": "VALUE"`, a JSON member, as an echo service lists the cookies it received), however short:
 * elsewhere a value such as `ab12` or `dark` masked everywhere would shred output.
 */
export interface CookieSecret {
  cookie: string;
  value: string;
}

/**
 * A password a URL in some output shows (`postgres://admin:PASSWORD@db`), masked where it shows as a URL's password
 * (after `scheme://USER:`, before `@`), however short: elsewhere `admin` or `guest` masked everywhere would shred output.
 */
export interface UrlPasswordSecret {
  urlPassword: string;
}

/** What a masker is given to mask: a secret value, a cookie's value in its cookie form, or a URL's password in its URL form. */
export type SecretValue = string | CookieSecret | UrlPasswordSecret;

/**
 * Before a cookie's name, no character a name may hold (RFC 6265's token); after its value, no cookie-octet. A `'` may
 * be both, but quotes the cookie in a log more often (a Python dict's `'sid=VALUE'`): it is taken as a quote there; so
 * is a `]` after the value, which closes a list more often (Go's `map[Cookie:[sid=VALUE]]`). A `&`, both too, is taken
 * as a separator on either side, and a `?` or `#` after the value ends it: a URL shows a cookie as
 * `?a=1&NAME=VALUE&b=2`, `?NAME=VALUE#frag` or `;NAME=VALUE?a=1` (a redirect's Location).
 */
const NOT_COOKIE_NAME_BEFORE = "(?<![!#$%*+\\-.^_`|~0-9A-Za-z])";
const NOT_COOKIE_OCTET_AFTER = "(?![\\x21\\x24\\x25\\x28-\\x2B\\x2D-\\x3A\\x3C-\\x3E\\x40-\\x5B\\x5E-\\x7E])";

/** The regex source matching a cookie's value right after `NAME=` or `"NAME": "` (quoted, or its quotes JSON-escaped, too). */
function cookiePattern({ cookie, value }: CookieSecret): string {
  const encoded = perCharacter(value);
  // Also as a JSON member named for the cookie ({"cookies": {"sid": "VALUE"}}, as an echo service answers them).
  const name = reEscape(cookie);
  return `(?<=${NOT_COOKIE_NAME_BEFORE}${name}=(?:\\\\*")?|\\\\*"${name}\\\\*"\\s*:\\s*\\\\*")(?:${encoded})${NOT_COOKIE_OCTET_AFTER}`;
}

/**
 * Before a URL's password: `scheme://`, a user name (maybe empty) and `:`, as urlPasswordsIn (lib/util/credential-fields.ts)
 * finds one; after it, the `@` that ends the userinfo.
 */
function urlPasswordPattern(urlPassword: string): string {
  const encoded = urlPassword.length > LONG_SECRET ? longForms(urlPassword) : perCharacter(urlPassword);
  return `(?<=[A-Za-z0-9+.-]:\\/\\/[^\\s/?#:"'\`<>\\\\]*:)(?:${encoded})(?=@)`;
}

/** Secrets shorter than this are not masked: masking 1–3 characters would shred every text (the runner warns instead). */
export const MIN_SECRET_LENGTH = 4;

/** Why a secret cannot be masked, or undefined when it is. */
export function unmaskableReason(value: string): string | undefined {
  if (value === "") return "its value is empty, so nothing can be masked";
  const length = [...value].length;
  if (length < MIN_SECRET_LENGTH) return `its value is ${length} character${length === 1 ? "" : "s"} long, too short to mask (minimum ${MIN_SECRET_LENGTH}): it appears in output as it is`;
  return undefined;
}

const reEscape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
/** One hex digit, either case. */
const hexRe = (d: string) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d);
const hexSeq = (hex: string) => [...hex].map(hexRe).join("");

const JSON_SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
/** HTML5's names of the characters of & < > " ', of Latin-1's U+00A0–U+00FF (in order) and of €. */
const LATIN1_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig " +
  "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";
const HTML_NAMES: ReadonlyMap<string, string> = new Map([
  ["&", "amp"],
  ["<", "lt"],
  [">", "gt"],
  ['"', "quot"],
  ["'", "apos"],
  ["€", "euro"],
  ...LATIN1_NAMES.split(" ").map((name, i) => [String.fromCharCode(0xa0 + i), name] as [string, string]),
]);

/** A percent sign as a URL writes it, also percent-encoded itself once or more (`%252F` for `/`: a URL carried in another URL's query). */
const PERCENT = "%(?:25)*";
/** A character's UTF-8 bytes percent-encoded, without the first PERCENT. */
const percentHex = (ch: string) => [...Buffer.from(ch, "utf8")].map((b) => hexSeq(b.toString(16).padStart(2, "0"))).join(PERCENT);
/** A character's UTF-8 bytes percent-encoded. */
const percentForm = (ch: string) => PERCENT + percentHex(ch);

/**
 * The backslashes of an escape: one or more (escapes may be nested, JSON inside a JSON string), each raw or
 * percent-encoded (`%5C`, also twice): a promql or logql step writes a secret inside a quoted string of its query
 * escaped (`\"`, `\\`, `\'`, `\n`, `\x1f`, as Go quotes) and sends the query in a URL, where `\"` is `%5C%22`.
 */
const BACKSLASHES = `(?:\\\\|${PERCENT}5[cC])+`;

/** A space as a form writes it (`+`), also percent-encoded after that (`%2B`: a form's text carried in another's). */
const FORM_SPACE = `(?:\\+|${PERCENT}2[bB])`;

/** The ASCII character an escape's backslashes precede: as it is or, where a URL carries the escape, percent-encoded (`+` for a space, as a form). */
function escapedChar(c: string): string {
  if (/[A-Za-z0-9]/.test(c)) return c;
  return `(?:${reEscape(c)}|${percentForm(c)}${c === " " ? `|${FORM_SPACE}` : ""})`;
}

/** A value character by character, each in every form charForms gives, escape sequences allowed between them. */
function perCharacter(value: string): string {
  return [...value].map(charForms).join(ESCAPES);
}

/** A character's UTF-16 units as JSON's `\uXXXX` escapes (hex digits in either case), the first one's backslashes left to the caller. */
function unitEscapes(ch: string): string {
  return [...Array(ch.length).keys()].map((i) => `${i ? BACKSLASHES : ""}u${hexSeq(ch.charCodeAt(i).toString(16).padStart(4, "0"))}`).join("");
}

/** A character's HTML references: numeric, decimal or hex (x or X, digits of either case), with leading zeros or none; and `name`'s, when given. */
function htmlReferences(ch: string, name: string | undefined): string[] {
  const cp = ch.codePointAt(0)!;
  return [`&#0*${cp};`, `&#[xX]0*${hexSeq(cp.toString(16))};`, ...(name === undefined ? [] : [`&${name};`])];
}

/** Every way one character commonly appears in output, as a regex alternative. */
function charForms(ch: string): string {
  const forms = [reEscape(ch)];
  const bytes = Buffer.from(ch, "utf8");
  if (ch === " ") forms.push(FORM_SPACE);
  // Escaped: `\xNN` escapes of its bytes, `\uNNNN` of its UTF-16 units, JSON's short escape, a backslash before
  // punctuation. One alternative after the first backslashes: the masker runs on every event, and each alternative
  // that begins with them is tried again at every `\` and `%` of a text.
  const escapes = new Set<string>();
  escapes.add([...bytes].map((b, i) => `${i ? BACKSLASHES : ""}x${hexSeq(b.toString(16).padStart(2, "0"))}`).join(""));
  escapes.add(unitEscapes(ch));
  if (JSON_SHORT[ch]) escapes.add(escapedChar(JSON_SHORT[ch].slice(1)));
  if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e ]/.test(ch)) escapes.add(escapedChar(ch));
  // Percent-encoded (also twice or more), and escaped with the first backslash raw or percent-encoded: the alternatives
  // that begin with `%` share it, tried once at each `%` of a text.
  const escaped = `(?:${BACKSLASHES})?(?:${[...escapes].join("|")})`;
  forms.push(`\\\\${escaped}`, `${PERCENT}(?:${percentHex(ch)}|5[cC]${escaped})`);
  if (ch === "'") forms.push(reEscape(`'\\''`), reEscape(`'"'"'`));
  forms.push(...htmlReferences(ch, HTML_NAMES.get(ch)));
  if (bytes.length > 1) forms.push(...misreadForms(bytes));
  // Doubled, as SQL and YAML write ' inside single quotes and CSV writes " inside a field, in any of its forms too (a CSV
  // row in a JSON log line: \"\"; percent-encoded: %27%27).
  if (ch === "'" || ch === '"') return `(?:(?:${forms.join("|")}){1,2})`;
  return forms.length === 1 ? forms[0]! : `(?:${forms.join("|")})`;
}

/**
 * The forms of a character beyond ASCII whose UTF-8 bytes were read in another encoding: each byte as the Latin-1
 * (or windows-1252) character it is (`Ã¤` for `ä`: a server that reads a request header's bytes as Latin-1, as Python's and Node's do,
 * and echoes them as UTF-8), raw or JSON-escaped; and one or more U+FFFD (`�`, or `\ufffd`), which a text decoder
 * shows for bytes that are not UTF-8 (the character sent or echoed in Latin-1 and read as UTF-8).
 */
function misreadForms(bytes: Buffer): string[] {
  const latin1 = [...bytes].map((b) => `(?:${byteForms(b).join("|")})`).join("");
  return [latin1, `(?:\ufffd|\\\\+u${hexSeq("fffd")}){1,4}`];
}

/**
 * One byte read as one character: its Latin-1 character and, where windows-1252 differs (0x80–0x9F: a body labelled
 * iso-8859-1 is read as windows-1252, as browsers read that label, so the bytes of `€` show as `â‚¬`), that one, each raw
 * or JSON-escaped.
 */
function byteForms(b: number): string[] {
  const chars = new Set([String.fromCharCode(b), CP1252.decode(Uint8Array.of(b))]);
  return [...chars].flatMap((c) => [reEscape(c), `\\\\+u${hexSeq(c.charCodeAt(0).toString(16).padStart(4, "0"))}`]);
}

const CP1252 = new TextDecoder("windows-1252");

/** The base64 text that encodes the secret's bytes wherever they sit in a longer value (three alignments), both alphabets. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const text = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const fragment = text.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (fragment.length < MIN_SECRET_LENGTH) continue;
    out.add(fragment);
    out.add(fragment.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...out];
}

/**
 * The regex source of a base64 fragment as output gives it: its `/` also JSON-escaped (`\/`, as PHP writes it) or
 * percent-encoded, its `+` also percent-encoded (a base64 value in a URL's query).
 */
function base64Pattern(fragment: string): string {
  return reEscape(fragment).replace(/\\\//g, "(?:\\\\*\\/|%2[fF])").replace(/\\\+/g, "(?:\\+|%2[bB])");
}

/**
 * Terminal escape sequences (colours, cursor moves: ESC [ … letter) a program may write inside a value, as `grep --color`
 * does around its match: reports strip them, so a secret split by them would reappear whole once masked around.
 */
const ESCAPES = "(?:\\x1b\\[[0-?]*[ -/]*[@-~])*";

/** A value as it is, composed and decomposed (NFC, NFD), each also in small letters and in capitals. */
function caseVariants(value: string): string[] {
  return [value, value.normalize("NFC"), value.normalize("NFD")].flatMap((v) => [v, v.toLowerCase(), v.toUpperCase()]);
}

/**
 * Longer than this (in UTF-16 units), a secret is matched in its whole forms (wholeForms), not character by character:
 * each character's forms in alternation made a regex that took 0.1 s to compile at 200 characters and 0.5 s at 1,000,
 * and could not be compiled at 3,000 (a long token, a JWT, captured or printed in a URL failed its step with "regular
 * expression too large"), nor could forty secrets of 200.
 */
const LONG_SECRET = 64;

/**
 * A long secret's forms, each the whole value: as it is, composed and decomposed, in small letters and capitals, JSON-
 * escaped (its `/` also as `\/`), percent-encoded (hex digits in either case, once, twice, and form-encoded), misread
 * as Latin-1, and the hex of its bytes (escaped character by character: escapedPattern). Such a value is a token, which
 * output carries whole.
 */
function wholeForms(value: string): string[] {
  const texts = caseVariants(value);
  const json = JSON.stringify(value).slice(1, -1);
  const percent = encodeURIComponent(value);
  const bytes = Buffer.from(value, "utf8");
  const hex = bytes.toString("hex");
  const forms = [
    ...texts,
    json,
    json.replaceAll("/", "\\/"),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    percent.replace(/%20/g, "+"),
    encodeURIComponent(percent),
    bytes.toString("latin1"),
    hex,
    hex.toUpperCase(),
  ];
  return [...new Set(forms)];
}

/**
 * Most characters a long secret's escapedPattern spells out, each as an alternation: every secret's pattern is compiled
 * again when one is added, and forty of 200 characters with 100 of them each took ten times as long (0.8 s).
 */
const MAX_ESCAPED_CHARS = 64;

/**
 * The characters escapedPattern spells out: all but ASCII letters, digits and `-` `.` `_`, which no JSON or HTML
 * escaper writes otherwise and percent-encoding leaves as they are (RFC 3986's unreserved characters, but `~`, which
 * URLSearchParams encodes as `%7E`): a JWT or a base64url token has none.
 */
const ESCAPABLE = /[^A-Za-z0-9._-]/;

/**
 * A long secret with each character ESCAPABLE holds as it is or in any escape output gives it, each
 * on its own, so one value mixing them is found too: JSON's `\uXXXX` (Go's encoding/json writes `&` `<` `>` so,
 * Python's ensure_ascii every character beyond ASCII; hex digits in either case) or its short escape (`\"`, `\/`), an
 * HTML character reference (named, decimal or hex, leading zeros or none: Go's html/template writes `+` as `&#43;`,
 * mustache `/` and `=` as `&#x2F;`, `&#x3D;`, Python's html.escape `'` as `&#x27;`, PHP `&#039;`), or its UTF-8 bytes
 * percent-encoded (hex digits in either case, once or more: `%252f`; a space also as a form's `+`). Undefined when the
 * value has none of them (its whole forms cover it), or more than MAX_ESCAPED_CHARS: the regex grows by an alternation
 * for each, and a value that long of punctuation is matched in its whole forms only.
 */
function escapedPattern(value: string): string | undefined {
  const chars = [...value];
  const escaped = chars.filter((c) => ESCAPABLE.test(c)).length;
  if (escaped === 0 || escaped > MAX_ESCAPED_CHARS) return undefined;
  return chars
    .map((c) => {
      if (!ESCAPABLE.test(c)) return reEscape(c);
      const forms = [reEscape(c), percentForm(c), ...htmlReferences(c, HTML_NAMES.get(c) ?? MORE_HTML_NAMES[c])];
      if (c === " ") forms.push(FORM_SPACE);
      // Backslash-escaped too (JSON's \", a LogQL or PromQL string's \" and \\), the backslashes raw or percent-encoded
      // and the character in any form above: a step's query sent in a URL (`%5C%22`), JSON then HTML-escaped (`\&quot;`).
      const short = JSON_SHORT[c] && JSON_SHORT[c] !== `\\${c}` ? `|${BACKSLASHES}${reEscape(JSON_SHORT[c].slice(1))}` : "";
      return `(?:(?:${BACKSLASHES})?(?:${forms.join("|")})|${BACKSLASHES}${unitEscapes(c)}${short})`;
    })
    .join("");
}

/** HTML5's names of characters HTML escapers write as references beside & < > " ' (mustache, Handlebars, Go). */
const MORE_HTML_NAMES: Record<string, string> = { "+": "plus", "/": "sol", "=": "equals", "`": "grave" };

/** A long secret's forms as one regex source: its whole forms and, where it has characters to escape, escapedPattern. */
function longForms(value: string): string {
  const escaped = escapedPattern(value);
  return [...wholeForms(value).map(reEscape), ...(escaped ? [escaped] : [])].join("|");
}

/** The regex source matching a secret in every form above, escape sequences allowed between its characters. */
function secretPattern(value: string): string {
  if (value.length > LONG_SECRET) {
    return [longForms(value), ...base64Forms(value).map(base64Pattern)].join("|");
  }
  const encoded = perCharacter(value);
  // In small letters too: a header's name (fetch and HTTP/2 send it so, and a server echoes it so) and a URL's host
  // (URL parsing lowers it) carry a secret in them lowered. In capitals too (`tr a-z A-Z`, a log that shouts). Composed
  // or decomposed too (`é` as one character or as `e` and a combining accent, NFC and NFD): it looks the same. And as
  // the hex of its bytes (`xxd -p`, `od`, a debug dump).
  const variants = caseVariants(value);
  const cased = [...new Set(variants)].filter((v) => v !== value).map(perCharacter);
  const hex = [...Buffer.from(value, "utf8")].map((b) => hexSeq(b.toString(16).padStart(2, "0"))).join("");
  return [encoded, ...cased, hex, ...base64Forms(value).map(base64Pattern)].join("|");
}

/**
 * The parts of a secret a parser's message quotes on their own: a JSON parser names the identifier it choked on (`wJalrXUtnFEMI`
 * of `wJalrXUtnFEMI/K7MDENG/…`, `Pa$$w0rd` of `Pa$$w0rd!`: its identifiers hold `$`), LogQL's and JSONPath's the token
 * (`S3cr3t` of `S3cr3t-Tok3n-XYZ123`). Each run of letters, digits and `_` (and one with `$` too) of at least PART_MIN
 * characters that holds a letter, and a digit or a capital after its first character; a word alone (`horse` of a pass
 * phrase, `Grafana` of `Grafana-Welcome-100000`) or a number is left: masking it would shred the prose around it.
 */
function secretParts(value: string): string[] {
  const runs = [...(value.match(/[A-Za-z0-9_]+/g) ?? []), ...(value.match(/[A-Za-z0-9_$]+/g) ?? [])];
  const parts = runs.filter((r) => r !== value && r.length >= PART_MIN && /[A-Za-z]/.test(r) && (/\d/.test(r) || /[A-Z]/.test(r.slice(1))));
  return [...new Set(parts)];
}

const PART_MIN = 6;

/** A part of a secret, as a word: not inside a longer run of the characters it is made of. */
function partPattern(part: string): string {
  const word = part.includes("$") ? "A-Za-z0-9_$" : "A-Za-z0-9_";
  return `(?<![${word}])${part.replaceAll("$", () => "\\$")}(?![${word}])`;
}

/**
 * The text with each run of overlapping ranges (a secret's matches, the parts of one a cut left: [start, end)) replaced
 * by one MASK: two secrets sharing characters, or a secret's match and a cut part of another, are masked as their union.
 */
function masked(s: string, ranges: [start: number, end: number][]): string {
  if (!ranges.length) return s;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) {
      at = Math.max(at, end);
      continue;
    }
    out += s.slice(at, start) + MASK;
    at = end;
  }
  return out + s.slice(at);
}

/** The shortest part of a secret masked where a text was cut through it (see Masker.cutEdges). */
const MIN_CUT_PART = 2;

export class Masker {
  private values: string[] = [];
  /** Objects learn() has looked through (they do not change once emitted). */
  private learned = new WeakSet<object>();
  /**
   * Keys, and strings of up to RECURRING_MAX characters, known to hold none of LEARN_WORDS and no URL's password (so
   * learnText finds nothing in them): the field names and an event's type recur in every event. At most PLAIN_MAX of
   * them, none longer than PLAIN_LENGTH_MAX, and only while this masker lives: a long key of a parsed body is not kept
   * past its run.
   */
  private plain = new Set<string>();
  /** Cookies' values masked in their cookie form only (see CookieSecret). */
  private cookies: CookieSecret[] = [];
  /** URLs' passwords masked in their URL form only (see UrlPasswordSecret). */
  private urlPasswords: string[] = [];
  private pattern?: RegExp;
  /** The same secrets, matched plainly: most texts hold none, and this finds that faster than the lookahead. */
  private found?: RegExp;
  /**
   * Masked copies of the objects deep() has seen, while the secrets stay the same: a step's result travels in several
   * events (attempt-end, step-end) and its step info in every event of the step, and each is masked once.
   */
  private copies = new WeakMap<object, unknown>();
  /** The same, for values seen as data (see DATA_FIELDS). */
  private dataCopies = new WeakMap<object, unknown>();
  /** Secrets written as numbers, as JSON.parse reads them: one past 2^53 comes out rounded, its digits no longer the secret's. */
  private numbers = new Set<number>();
  /** The secrets' parts a parser quotes on its own (secretParts), masked where they stand as a word. */
  private parts: string[] = [];

  /** Adds a secret value; returns why it is not masked (empty, too short), or undefined. */
  add(value: SecretValue | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string") return "urlPassword" in value ? this.addUrlPassword(value) : this.addCookie(value);
    const reason = unmaskableReason(value);
    if (reason !== undefined || this.values.includes(value)) return reason;
    this.values.push(value);
    if (NUMERIC.test(value.trim())) this.numbers.add(Number(value.trim()));
    // A value of several lines (a PEM key) is also each of its lines (trimmed; blank and short ones aside): output is split
    // into lines before it is shown (the run log's records, a step's output line by line), where the whole value never occurs.
    // A value with spaces around it is also the value without them: a header's value is sent trimmed, and a line
    // of output shown trimmed.
    if (/[\r\n]/.test(value) || value.trim() !== value) {
      for (const line of value.split(/\r?\n|\r/).map((l) => l.trim())) {
        if (unmaskableReason(line) === undefined && !this.values.includes(line)) this.values.push(line);
      }
    }
    for (const part of secretParts(value)) if (!this.parts.includes(part) && !this.values.includes(part)) this.parts.push(part);
    // Longest first, so a secret that contains another is masked whole.
    this.values.sort((a, b) => b.length - a.length);
    this.rebuild();
    this.onAdd?.(value);
    return undefined;
  }

  /** Adds a cookie's value, masked in its cookie form (cookieSecrets gives a long one as a string secret besides). */
  private addCookie(cookie: CookieSecret): undefined {
    if (cookie.value === "" || cookie.cookie === "" || this.cookies.some((c) => c.cookie === cookie.cookie && c.value === cookie.value)) return undefined;
    this.cookies.push({ cookie: cookie.cookie, value: cookie.value });
    this.rebuild();
    this.onAdd?.(cookie);
    return undefined;
  }

  /** Adds a URL's password, masked in its URL form (secretsIn gives a long credential-like one as a string secret besides). */
  private addUrlPassword({ urlPassword }: UrlPasswordSecret): undefined {
    if (urlPassword === "" || this.urlPasswords.includes(urlPassword)) return undefined;
    this.urlPasswords.push(urlPassword);
    this.rebuild();
    this.onAdd?.({ urlPassword });
    return undefined;
  }

  /** The patterns, from the values, the cookies and the URLs' passwords. */
  private rebuild(): void {
    // A lookahead, so that every position is tried and matches may overlap: two secrets sharing characters
    // ("abcd1234" and "1234wxyz" in "abcd1234wxyz"), or a secret overlapping itself, are masked as the union of their
    // matches. Matched one after the other, the second began inside the first and was missed: "***wxyz".
    const alternatives = [
      ...this.values.map(secretPattern),
      ...this.cookies.map(cookiePattern),
      ...this.urlPasswords.map(urlPasswordPattern),
      ...this.parts.map(partPattern),
    ].join("|");
    this.found = new RegExp(alternatives);
    this.pattern = new RegExp(`(?=(${alternatives}))`, "g");
    this.copies = new WeakMap();
    this.dataCopies = new WeakMap();
    this.cutFormsMade = undefined;
  }

  /** Called with each value added: several files of one invocation share every secret one of them learns (linkMaskers). */
  onAdd?: (value: SecretValue) => void;

  get active(): boolean {
    return this.count > 0;
  }

  /** How many values are masked (a secret of several lines counts its lines too, and a cookie's value and a URL's password count): grows when a secret is captured. */
  get count(): number {
    return this.values.length + this.cookies.length + this.urlPasswords.length;
  }

  /**
   * The text with every secret masked. A credential the text itself holds (a JSON member named as one, a log line's
   * `token=…`, `password: …`, `Authorization: Bearer …`: credentialsIn; a URL's password) becomes a secret first,
   * whatever printed it (a command, a service's log through compose, a LogQL answer, a file): masked here and from now on.
   */
  text(s: string): string {
    this.learnText(s);
    if (!this.pattern) return s;
    // The cuts are looked for in the text as it is, not once masked: a part of the secret masked on its own (secretParts:
    // `Abc123` of `Abc123$(x)Def456…`) would leave the rest of its beginning no beginning of a secret, shown.
    const cuts = () => (s.includes("…") ? this.cutEdges(s) : []);
    let first = s.search(this.found!);
    if (first === -1) return masked(s, cuts());
    if (BASIC_WORD.test(s) && this.learnBasic(s)) first = s.search(this.found!);
    // Matched from `first` in the whole text: a cookie's value is known by the `NAME=` before it.
    this.pattern.lastIndex = first;
    return masked(s, [...this.matches(s, this.pattern), ...cuts()]);
  }

  /**
   * Adds each basic credential of the text (`Basic BASE64`) whose decoded `user:password` holds a secret, whole: masked
   * by its base64 fragment alone, its ends still encoded bits of the user and of the password (`dXNyOn***I=`). Whether
   * one was added.
   */
  private learnBasic(s: string): boolean {
    const before = this.count;
    for (const m of s.matchAll(BASIC_TOKEN)) {
      const token = m[1]!.replace(/\\/g, "");
      const decoded = Buffer.from(token, "base64").toString("utf8");
      if (this.values.some((v) => decoded.includes(v))) this.add(token);
    }
    return this.count !== before;
  }

  /** Where the matches of `pattern` (a lookahead capturing the match) are in the text: [start, end) each, in order. */
  private matches(s: string, pattern: RegExp): [start: number, end: number][] {
    const out: [number, number][] = [];
    for (const m of s.matchAll(pattern)) if (m[1]!.length > 0) out.push([m.index, m.index + m[1]!.length]);
    return out;
  }

  /**
   * A text cut short for a report (lib/util/clip.ts marks every cut with "…") may have been cut through a secret, which
   * is then no longer whole and escapes the pattern: the part of a secret's beginning just before a "…" (or before the
   * line break of "\n… (N more characters left out)"), and the part of its end just after a "…" (or after a "… (N
   * earlier characters left out)" line), are masked too, when at least MIN_CUT_PART characters long. A cut's "…" may
   * stand anywhere in a text (a files step's quote of a long line, "path:1:352: …", starts after a space or a comma,
   * which a pass phrase holds), so the end after each is looked at: a coincidence (a secret ending in "an" before
   * "…and 3 more files") is masked too, as on the beginning's side. The texts are cut before they are masked (the steps
   * cut, the run masks what they hand over), so this is where it can be done for every cut at once. Returns where those
   * parts are, [start, end) each, for text() to mask with the secrets' matches.
   */
  private cutEdges(s: string): [start: number, end: number][] {
    const cuts: [start: number, end: number][] = [];
    for (let i = s.indexOf("…"); i !== -1; i = s.indexOf("…", i + 1)) {
      const before = s[i - 1] === "\n" ? i - 1 : i;
      const k = this.longestPart(s, before, "head");
      if (k) cuts.push([before - k, before]);
      const t = this.longestPart(s, i + 1, "tail");
      if (t) cuts.push([i + 1, i + 1 + t]);
    }
    for (const m of s.matchAll(CUT_START)) {
      const after = m.index + m[0].length;
      const k = this.longestPart(s, after, "tail");
      if (k) cuts.push([after, after + k]);
    }
    return cuts;
  }

  /**
   * The length of the longest proper beginning of a secret ending at `at` ("head"), or end of one starting there
   * ("tail"); 0 for none. A secret is also looked for as a JSON string holds it (its `"` and `\` escaped): a files
   * step quotes a JSON log line's bytes as they are.
   */
  private longestPart(s: string, at: number, side: "head" | "tail"): number {
    let best = 0;
    for (const [v, min] of this.cutForms()) {
      for (let k = Math.min(v.length - 1, side === "head" ? at : s.length - at); k >= min && k > best; k--) {
        // The part's first character decides most lengths before any slice: a long secret in many forms is cheap.
        if (side === "head" ? s.charCodeAt(at - k) !== v.charCodeAt(0) : s.charCodeAt(at) !== v.charCodeAt(v.length - k)) continue;
        const part = side === "head" ? s.slice(at - k, at) : s.slice(at, at + k);
        if (part === (side === "head" ? v.slice(0, k) : v.slice(v.length - k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }

  /**
   * The secrets as longestPart looks for them, each with the shortest part of it masked: as it is and, where that
   * differs, as a JSON string holds it, from MIN_CUT_PART characters; and in the other forms output gives a secret whole
   * (wholeForms: small letters, capitals, percent-encoded, the hex of its bytes; and its base64, padded or not, in either
   * alphabet, and the fragments of it inside a longer encoded value), from MIN_SECRET_LENGTH characters: `tr a-z A-Z`,
   * `xxd -p` or `base64` of a secret cut by a report left its part beside the cut shown. A shorter part of those forms is
   * left, as more forms make more text beside a cut that merely looks like one's beginning or end.
   */
  private cutForms(): [form: string, min: number][] {
    if (this.cutFormsMade) return this.cutFormsMade;
    const forms = new Map<string, number>();
    for (const v of this.values) forms.set(v, MIN_CUT_PART).set(JSON.stringify(v).slice(1, -1), MIN_CUT_PART);
    for (const v of this.values) {
      const base64 = Buffer.from(v, "utf8").toString("base64");
      const encoded = [...wholeForms(v), base64, base64.replace(/=+$/, ""), Buffer.from(v, "utf8").toString("base64url"), ...base64Forms(v)];
      for (const form of encoded) if (!forms.has(form)) forms.set(form, MIN_SECRET_LENGTH);
    }
    return (this.cutFormsMade = [...forms]);
  }

  /** cutForms(), made again after a secret is added (rebuild). */
  private cutFormsMade?: [form: string, min: number][];

  /** Masks every string inside a value (events, results); returns the same object when nothing is secret. */
  deep<T>(value: T): T {
    if (!this.pattern) {
      this.learn(value);
      if (!this.pattern) return value;
    }
    const before = this.count;
    const out = this.walk(value) as T;
    // A credential found in one of its strings (see text) is masked in those walked before it too.
    return this.count === before ? out : (this.walk(value) as T);
  }

  /** Adds the credentials a text holds (credentialsIn) and the cookies of a Cookie or Set-Cookie header it shows (cookiesIn). */
  private learnText(s: string): void {
    const found = secretsIn(s);
    if (found) for (const value of found) this.add(value);
  }

  /** Adds the credentials the strings inside a value hold (see text), changing nothing. */
  private learn(value: unknown): void {
    if (typeof value === "string") this.learnString(value);
    else if (typeof value === "object" && value !== null) this.learnObject(value, 0);
  }

  /**
   * learn() of an object `depth` levels inside the value deep() was given. Every event of a run passes here while no
   * secret is known (bench/steps.ts per step): walked without Object.entries' arrays, a field that is no string or object
   * costing a typeof.
   */
  private learnObject(value: object, depth: number): void {
    if (value instanceof Date) return;
    // What recurs whole is an event's part (a step's info in every event of the step, an attempt's result in attempt-end
    // and step-end), or a value given to deep() again (a report's record of one): looked through once. An event itself
    // is new each time, and what lies deeper comes with its part.
    if (depth < 2) {
      if (this.learned.has(value)) return;
      if (depth === 1) this.learned.add(value);
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === "string") this.learnString(v);
        else if (typeof v === "object" && v !== null) this.learnObject(v, depth + 1);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      if (k.length >= 10) this.learnRecurring(k);
      // A lazy detail's body (an http response's) is made only when one of its sources holds a word a credential is
      // named by: else the run log makes it when the loop is idle, and no report is the slower for this look.
      if (k === "body") {
        const sources = unmadeSources(record);
        if (sources !== undefined && !holdsLearnWord(sources())) continue;
      }
      const v = record[k];
      if (typeof v === "string") this.learnString(v);
      else if (typeof v === "object" && v !== null) this.learnObject(v, depth + 1);
    }
  }

  /** learnText() of a string inside a value. */
  private learnString(s: string): void {
    if (s.length < 10) return;
    if (s.length <= RECURRING_MAX) this.learnRecurring(s);
    else this.learnText(s);
  }

  /**
   * learnText() of a key, or of a string short enough to recur (an event's type): one holding none of LEARN_WORDS and no
   * URL's password (mayHoldUrlPassword), of which learnText finds nothing, is remembered (plain) and not looked at again.
   */
  private learnRecurring(s: string): void {
    if (this.plain.has(s)) return;
    if (LEARN_WORDS.test(s) || mayHoldUrlPassword(s)) this.learnText(s);
    else if (s.length <= PLAIN_LENGTH_MAX && this.plain.size < PLAIN_MAX) this.plain.add(s);
  }

  /**
   * `data`: inside a field holding what a step observed (DATA_FIELDS), where a service's answer is kept as parsed: there a
   * number whose digits hold a secret, and a key holding one, are masked too (`{"sk-…": 1, "pin": 98765432}` parsed
   * from a body was shown as it was). Elsewhere numbers and keys are the engine's own (durations, counts, field names).
   */
  private walk(value: unknown, data = false): unknown {
    if (typeof value === "string") return this.text(value);
    if (data && (typeof value === "number" || typeof value === "bigint")) {
      if (typeof value === "number" && this.numbers.has(value)) return MASK;
      const text = String(value);
      const masked = this.text(text);
      return masked === text ? value : masked;
    }
    if (value instanceof Date || value === null || typeof value !== "object") return value;
    const cache = data ? this.dataCopies : this.copies;
    const seen = cache.get(value);
    if (seen !== undefined) return seen;
    let out: unknown;
    if (Array.isArray(value)) out = value.map((v) => this.walk(v, data));
    else {
      const copy: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      // Its own enumerable keys in Object.entries' order, without its arrays. A "__proto__" key of a response body or a
      // command's JSON is a key like any other in the copy.
      for (const k in record) {
        if (!Object.hasOwn(record, k)) continue;
        const v = record[k];
        // The engine's own words (a status, an event's type) are no text to mask: a secret `fail` made `failed` `***ed`,
        // and the reports then counted that step as neither passed nor failed.
        if (!data && typeof v === "string" && ENGINE_FIELDS.has(k) && ENGINE_WORDS.has(v)) setOwn(copy, k, v);
        else setOwn(copy, data ? this.text(k) : k, this.walk(v, data || DATA_FIELDS.has(k)));
      }
      out = copy;
    }
    cache.set(value, out);
    return out;
  }
}

/** A text that may hold a basic credential (BASIC_TOKEN). */
const BASIC_WORD = /basic/i;
/** A basic credential after its scheme, its `/` maybe JSON-escaped (group 1). */
const BASIC_TOKEN = /(?<![A-Za-z0-9])basic[ \t]+((?:[A-Za-z0-9+]|\\*\/){4,}={0,2})/gi;

/** A number as JSON writes one. */
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Fields of a step's result that hold what the step observed: a check's `actual`, the result's `observed` values. */
const DATA_FIELDS: ReadonlySet<string> = new Set(["actual", "observed"]);

/** The fields of events and records that hold one of the engine's words (ENGINE_WORDS): a step's or run's `status`, an event's `type`, a step's `phase` and `kind`, a result's `type`. */
const ENGINE_FIELDS: ReadonlySet<string> = new Set(["status", "type", "phase", "kind"]);
/**
 * The engine's words those fields hold (lib/engine/events.ts: StepStatus, RunStatus, RunEvent's types, Phase; the step
 * kinds; QueryResult's types; lib/report/files-summary.ts: FileStatus), kept as they are where a secret is part of one.
 * lib/vars/mask.test.ts holds the list to those types.
 */
export const ENGINE_WORDS: ReadonlySet<string> = new Set([
  "passed", "failed", "skipped", "interrupted", "invalid", "not run",
  "run-start", "info", "step-start", "attempt-start", "attempt-end", "step-end", "diagnostics", "log", "thresholds", "run-end",
  "main", "teardown",
  "compose", "http", "files", "logql", "promql", "shell", "sleep",
  "vector", "matrix", "scalar", "streams", "string",
]);

/**
 * Makes every masker mask what any of them is given from now on: the files of one invocation, where a secret one file
 * captures may be printed by another's command (concurrently with --jobs, or in a later file).
 */
export function linkMaskers(maskers: readonly Masker[]): void {
  for (const m of maskers) m.onAdd = (value) => { for (const other of maskers) if (other !== m) other.add(value); };
}

/**
 * What masks the cookies of `pairs` (`NAME=VALUE`, a quoted value unquoted): each value in its cookie form, and one of
 * COOKIE_CREDENTIAL characters or more everywhere.
 */
export function cookieSecrets(pairs: Iterable<string>): SecretValue[] {
  const found: SecretValue[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq === -1) continue;
    const cookie = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    if (value === "") continue;
    if (cookie !== "") found.push({ cookie, value });
    if (value.length >= COOKIE_CREDENTIAL) found.push(value);
  }
  return found;
}

/**
 * What a masker learns from a text it masks (Masker.text): the credentials it holds (credentialsIn), the cookies of a
 * Cookie or Set-Cookie header it shows (cookiesIn) and the passwords of its URLs (urlSecretsIn); undefined when there
 * is none. For a step that shows only part of a
 * text it read (a files step's quote of a long line, which may leave out the name that says a value is one): it hands
 * what this finds in the whole to the masker (StepContext.addSecret).
 */
export function secretsIn(s: string): SecretValue[] | undefined {
  if (s.length < 10) return undefined;
  const urls = urlSecretsIn(s);
  // Every name either finder looks for holds one of these words: most texts hold none, and this finds that fastest.
  if (!LEARN_WORDS.test(s)) return urls;
  const found: SecretValue[] | undefined = credentialsIn(s);
  const cookies = cookiesIn(s);
  const all = cookies ? [...(found ?? []), ...cookies] : found;
  return urls ? [...(all ?? []), ...urls] : all;
}

/**
 * What masks the passwords of the URLs a text shows (urlPasswordsIn: `postgres://admin:PASSWORD@db`, a service's log of
 * its connection string): each in its URL form, and one that is a credential by the rules for one written as text
 * (8 characters or more, credential-like) everywhere. Undefined when there is none.
 */
function urlSecretsIn(s: string): SecretValue[] | undefined {
  const passwords = urlPasswordsIn(s);
  if (!passwords) return undefined;
  const found: SecretValue[] = [];
  for (const { password, everywhere } of passwords) {
    found.push({ urlPassword: password });
    if (everywhere) found.push(password);
  }
  return found;
}

/** Words one of which every text credentialsIn or cookiesIn finds something in holds. */
const LEARN_WORDS = /token|secret|pass|key|pwd|authoriz|bearer|cookie/i;

/** Whether one of the texts holds one of LEARN_WORDS, or may show a URL's password. */
function holdsLearnWord(texts: readonly string[]): boolean {
  for (let i = 0; i < texts.length; i++) if (LEARN_WORDS.test(texts[i]!) || mayHoldUrlPassword(texts[i]!)) return true;
  return false;
}

/** See Masker.plain. */
const PLAIN_MAX = 1024;
const PLAIN_LENGTH_MAX = 64;
const RECURRING_MAX = 16;

/** A cookie as a text shows it: a name, `=`, and a value of cookie octets, quoted or not (RFC 6265). */
const TEXT_COOKIE = `[!#$%&'*+\\-.^_\`|~0-9A-Za-z]+=(?:"[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*"|[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*)`;

/**
 * A Cookie or Set-Cookie header in a text (`Cookie: a=1; b=2`, `"set-cookie":"sid=x; Path=/"`): group 1 `set-` or
 * none, group 2 its cookies as far as they go (`; ` between them).
 */
const COOKIE_HEADER = new RegExp(`(?<![A-Za-z0-9-])(set-)?cookie(?:\\\\*["'])?[ \\t]*:[ \\t]*(?:\\\\*["'])?(${TEXT_COOKIE}(?:;[ \\t]*${TEXT_COOKIE})*)`, "gi");

/**
 * The next cookie of Set-Cookie headers joined with ", " (`a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/, b=2`):
 * past the attributes, within the line and the quotes, a `,` before a `NAME=` (group 1, with its attributes).
 */
const SET_COOKIE_MORE = new RegExp(`(?:[^\\n"'\\\\,]|,(?![ \\t]*[!#$%&'*+\\-.^_\`|~0-9A-Za-z]+=))*,[ \\t]*(${TEXT_COOKIE}(?:;[ \\t]*${TEXT_COOKIE})*)`, "y");

/** The next cookies of a Cookie header after `, ` (group 1), right where the ones before end. */
const COOKIE_MORE = new RegExp(`,[ \\t]*(${TEXT_COOKIE}(?:;[ \\t]*${TEXT_COOKIE})*)`, "y");

/**
 * A Cookie or Set-Cookie header's values written as a list (`"set-cookie": ["a=1; Path=/", "b=2"]`, as an echo service
 * or a service's log shows a header sent several times): group 1 `set-` or none; the entries follow (LIST_ENTRY).
 */
const COOKIE_LIST = /(?<![A-Za-z0-9-])(set-)?cookie(?:\\*["'])?[ \t]*:[ \t]*\[/gi;
/** One quoted entry of such a list (group 2, its quotes maybe backslash-escaped: group 1), then `,` or the list's `]`. */
const LIST_ENTRY = /[ \t\r\n]*(\\*["'])(.*?)\1[ \t\r\n]*(,|\])/y;
/** A cookie in Go's print of a header's values (group 2), at the list's start or after what precedes it, a space or `;` (group 1). */
const GO_COOKIE = new RegExp(`(^|[ ;])(${TEXT_COOKIE})`, "g");
/** Set-Cookie attributes: in Go's print, `NAME=VALUE` after a space may be an attribute of the entry before. */
const COOKIE_ATTRIBUTE = /^(?:expires|max-age|domain|path|samesite|priority|partitioned|secure|httponly)$/i;

/**
 * The cookies of a header's values as Go prints an http.Header (`%v`): `[v1 v2]`, entries unquoted and joined with a
 * space, from `from` (past the `[`) to the `]` that ends the list (before a space, a `]`, a line end or the text's end).
 * A Cookie header's every pair; a Set-Cookie header's first pair of each entry: one after a space that no `;` precedes,
 * unless its name is an attribute's.
 */
function goListCookies(text: string, from: number, set: boolean): string[] {
  let end = from;
  for (;;) {
    end = text.indexOf("]", end);
    if (end === -1) {
      end = text.length;
      break;
    }
    const next = text[end + 1];
    if (next === undefined || next === " " || next === "]" || next === "\n" || next === "\r") break;
    end++;
  }
  const list = text.slice(from, end);
  const pairs: string[] = [];
  for (const g of list.matchAll(GO_COOKIE)) {
    const pair = g[2]!;
    if (set) {
      const at = g.index + g[1]!.length;
      if (g[1] === ";" || (at > 0 && list[at - 2] === ";")) continue;
      if (COOKIE_ATTRIBUTE.test(pair.slice(0, pair.indexOf("=")))) continue;
    }
    pairs.push(pair);
  }
  return pairs;
}

/** One cookie, `NAME=VALUE`, and nothing else. */
const ONE_COOKIE = new RegExp(`^${TEXT_COOKIE}$`);

/**
 * What masks the cookies a text shows in a Cookie header (each of its pairs) or a Set-Cookie header (its first pair: the
 * rest are attributes), as a service's log or an echoed request shows them, its values also written as a list (each
 * entry so); undefined when there is none.
 */
export function cookiesIn(text: string): SecretValue[] | undefined {
  if (text.length < 10 || !/cookie/i.test(text)) return undefined;
  let found: SecretValue[] | undefined;
  const take = (set: boolean, cookies: string) => {
    const pairs = set ? [cookies.split(";", 1)[0]!] : cookies.split(";");
    // A reference or an already masked value is none.
    const secrets = cookieSecrets(pairs.filter((p) => !p.includes("***") && !p.includes("=$") && ONE_COOKIE.test(p.trim())));
    if (secrets.length) (found ??= []).push(...secrets);
  };
  /** Each cookie of joined Set-Cookie headers after `from` in `within` (SET_COOKIE_MORE), up to the end `cut` finds. */
  const takeJoined = (within: string, from: number, cut: (cookies: string) => string) => {
    SET_COOKIE_MORE.lastIndex = from;
    for (let e = SET_COOKIE_MORE.exec(within); e; e = SET_COOKIE_MORE.exec(within)) {
      const more = cut(e[1]!);
      take(true, more);
      if (more !== e[1]) break;
    }
  };
  for (const m of text.matchAll(COOKIE_HEADER)) {
    // Opened by a `'`, its cookies end at the next one (a `'` is a cookie-octet, but quotes them in a Python dict).
    const quoted = text[m.index + m[0].length - m[2]!.length - 1] === "'";
    const cut = (cookies: string) => (quoted ? cookies.split("'", 1)[0]! : cookies);
    const cookies = cut(m[2]!);
    take(m[1] !== undefined, cookies);
    if (cookies !== m[2]) continue;
    // A Cookie header whose cookies some client printed joined with ", " (`Cookie: a=1, b=2`): each after its comma.
    if (m[1] === undefined) {
      COOKIE_MORE.lastIndex = m.index + m[0].length;
      for (let e = COOKIE_MORE.exec(text); e; e = COOKIE_MORE.exec(text)) take(false, e[1]!);
      continue;
    }
    // Set-Cookie headers joined with ", " (as Python's requests shows several): each cookie after its comma.
    takeJoined(text, m.index + m[0].length, cut);
  }
  if (!text.includes("[")) return found;
  for (const m of text.matchAll(COOKIE_LIST)) {
    const from = m.index + m[0].length;
    LIST_ENTRY.lastIndex = from;
    let e = LIST_ENTRY.exec(text);
    // No quoted entry: Go's print of an http.Header (`map[Set-Cookie:[a=1; Path=/ b=2]]`), its entries unquoted.
    if (!e) {
      for (const pair of goListCookies(text, from, m[1] !== undefined)) take(false, pair);
      continue;
    }
    for (; e; e = e[3] === "," ? LIST_ENTRY.exec(text) : null) {
      const entry = e[2]!;
      if (m[1] === undefined) {
        take(false, entry);
        continue;
      }
      // An entry of Set-Cookie headers joined with ", " (["a=1; Path=/, b=2"]): its first cookie up to the comma, then
      // each cookie after its comma, as above.
      const first = ENTRY_COOKIES.exec(entry);
      if (!first) continue;
      take(true, first[0]);
      takeJoined(entry, first[0].length, (cookies) => cookies);
    }
  }
  return found;
}

/** A list entry's first cookie with its attributes (`a=1; Path=/`), as COOKIE_HEADER's group 2 takes them. */
const ENTRY_COOKIES = new RegExp(`^[ \\t]*${TEXT_COOKIE}(?:;[ \\t]*${TEXT_COOKIE})*`);
