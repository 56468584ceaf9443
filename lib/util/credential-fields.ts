// Credentials a response or an output hands over in JSON (a token endpoint's {"access_token": "…"}): masked as secrets.

/**
 * A JSON member whose name says it holds a credential, with a string value: access, refresh, id, session and auth
 * tokens, client and API secrets and keys, passwords, private and secret keys, in snake, kebab or camel case. Group 1 is
 * the value as written (its escapes kept).
 */
const CREDENTIAL_MEMBER =
  /"(?:(?:access|refresh|id|session|auth)[_-]?token|(?:client|api)[_-]?(?:secret|key)|apikey|pass(?:word|wd)|(?:private|secret)[_-]?key|(?:aws[_-]?)?secret[_-]?access[_-]?key)"\s*:\s*"((?:[^"\\\n]|\\.){8,})"/gi;

/** A credential shorter than this is no token (`"password": "changeme"` is 8): masked everywhere it would shred output. */
const MIN_LENGTH = 8;

/**
 * The string values of 8 characters or more (as decoded) of the JSON members in `text` named as credentials, or
 * undefined when there is none. A text without `":` holds no JSON member: most outputs are left at that test.
 */
export function credentialFieldValues(text: string): string[] | undefined {
  if (text.length < 16 || !text.includes('":')) return undefined;
  let found: string[] | undefined;
  for (const m of text.matchAll(CREDENTIAL_MEMBER)) {
    let value = m[1]!;
    if (value.includes("\\")) {
      try {
        value = JSON.parse(`"${value}"`) as string;
      } catch {
        continue;
      }
    }
    if (value.length >= MIN_LENGTH) (found ??= []).push(value);
  }
  return found;
}

/**
 * The names that say a value written as text is a credential (CREDENTIAL_TEXT, after any prefix ending in a character
 * that is no letter or digit), as a regex source: the JSON members' names (CREDENTIAL_MEMBER), `token`, `secret`,
 * `secret_access_key`, `pgpassword`, and `pwd` after `_` or `-` only.
 */
const CREDENTIAL_NAME =
  "(?:(?:(?:access|refresh|id|session|auth|api)[_-]?)?token|(?:client|api)[_-]?(?:secret|key)|apikey|secret|pass(?:word|wd)|(?:private|secret)[_-]?key|secret[_-]?access[_-]?key|pgpassword|(?<=[_-])pwd)";

/** A whole name that says its value is a credential: one of CREDENTIAL_NAME, after nothing or a prefix ending in a character that is no letter or digit. */
const CREDENTIAL_NAME_WHOLE = new RegExp(`^(?:.*[^A-Za-z0-9])?${CREDENTIAL_NAME}$`, "is");

/**
 * Whether a name (a CSV column's) says its value is a credential, as CREDENTIAL_TEXT takes a name before `=` or `:`
 * (`password`, `DB_PASSWORD`, `api_key`, `accessToken`, `secret`, `MYSQL_PWD`; not `pwd`, `tokens`, `password_hash`).
 */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME_WHOLE.test(name);
}

/**
 * A credential written as text, not JSON: a `NAME=VALUE` or `NAME: VALUE` pair whose name says it holds one (the names
 * above, plus `token`, `secret` and `secret_access_key`, after any prefix ending in a character that is no letter or
 * digit, `pgpassword` (libpq's PGPASSWORD), and `pwd` after `_` or `-` only (`MYSQL_PWD=…`; `PWD=/home/…` and
 * `OLDPWD=…` are folders): `DB_PASSWORD=…`, `AWS_SECRET_ACCESS_KEY=…`, `X-Api-Key: …`, `?token=…`), the value of an
 * `Authorization` or `Proxy-Authorization` header after its scheme, the word after `Bearer`, and the argument after a
 * command-line option so named (`--api-key VALUE`, `--db-password VALUE`). Group 1, 2, 3 or 4 is the
 * value as written, up to a space, a quote, a backslash or `&;,<>` (the quotes may be backslash-escaped: `\"password\": \"…\"` in a
 * command line).
 */
const CREDENTIAL_TEXT = new RegExp(
  String.raw`(?<![A-Za-z0-9])${CREDENTIAL_NAME}(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?([^\s"'&;,<>\\]{8,})|(?<![A-Za-z0-9])(?:proxy-)?authorization(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?(?:[A-Za-z][\w.+-]*[ \t]+)?([^\s"'&;,<>\\]{8,})|(?<![A-Za-z0-9])bearer[ \t]+([^\s"'&;,<>\\]{8,})|(?<![\w-])--(?:[a-z0-9]+-)*(?:token|secret|pass(?:word|wd)|(?:api|private|secret)-?key|apikey)[ \t]+["']?([^\s"'&;,<>\\]{8,})`,
  "gi",
);

/** Text that may hold CREDENTIAL_TEXT: most texts hold none of these words, and this finds that faster. */
const CREDENTIAL_WORD = /token|secret|pass|key|pwd|authorization|bearer/i;

/**
 * Whether a value found in text looks like a credential, not a word: no reference (`$NAME`, `${NAME}`), nothing already
 * masked, and a digit in it, or capitals past its first letter beside small letters (`password: Expected` is prose).
 */
function credentialLike(value: string): boolean {
  if (value.startsWith("$") || value.includes("***")) return false;
  return /\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value.slice(1)));
}

/**
 * The credentials `text` holds in JSON members (credentialFieldValues) or written as text (CREDENTIAL_TEXT: a log line's
 * `token=…`, `password: …`, `Authorization: Bearer …`), each of 8 characters or more and, as text, credential-like; the
 * password inside a basic credential too. Undefined when there is none.
 */
export function credentialsIn(text: string): string[] | undefined {
  let found = credentialFieldValues(text);
  if (text.length < 12 || !CREDENTIAL_WORD.test(text)) return found;
  for (const m of text.matchAll(CREDENTIAL_TEXT)) {
    // Without what ends a sentence or a message after it (`token=…: expired`, `…!`, `(token=…)`): learned with it, the
    // value itself was not masked where it shows alone.
    const value = (m[1] ?? m[2] ?? m[3] ?? m[4]!).replace(/[.:!?)\]}]+$/, "");
    if (value.length < MIN_LENGTH || !credentialLike(value) || found?.includes(value)) continue;
    (found ??= []).push(value);
    // `Authorization: Basic BASE64` holds `user:password`: the password shows wherever a service writes it decoded.
    if (m[2] !== undefined && /^basic[ \t]/i.test(m[0].slice(m[0].search(/[:=]/) + 1).replace(/^[ \t"'\\]+/, ""))) {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0 && decoded.length - colon - 1 >= 4 && !decoded.includes("\ufffd")) found.push(decoded.slice(colon + 1));
    }
  }
  return found;
}

/**
 * A URL's userinfo with a password in a text, from the `://` after its scheme (`postgres://admin:PASSWORD@db:5432/x`,
 * `redis://:PASSWORD@cache`): group 1 the password as written, after the userinfo's first `:` and up to its last `@`,
 * as a URL parser reads it (a password may hold `@`, and so may the user name: `smtp://me@example.com:PASSWORD@smtp`).
 * The URL ends at a space, a quote, `<`, `>` or a backslash, its authority at `/`, `?` or `#`, and the password at `,`
 * or `;` too (`http://svc:8080,bob@example.com` is a port and an email address in a row of cells): `http://host:8080/a@b`
 * and `user@host` hold none, and an email address is no URL.
 */
const URL_PASSWORD = /:\/\/[^\s/?#:"'`<>\\]*:([^\s/?#"'`<>\\,;]+)@/y;

/** A character of a URL's scheme (RFC 3986: a letter, then letters, digits, `+`, `-` and `.`). */
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;

/** A password written in a URL of a text (urlPasswordsIn), and whether it is also a credential to mask everywhere. */
export interface UrlPassword {
  /** Percent-decoded (as written when that fails). */
  password: string;
  /** 8 characters or more and credential-like, as a credential written as text is: masked wherever it shows, not only in the URL. */
  everywhere: boolean;
}

/** A value 8 characters or more long that looks like a credential (as one written as text must): one to learn, and mask wherever it shows. */
export function learnableCredential(value: string): boolean {
  return value.length >= MIN_LENGTH && credentialLike(value);
}

/** Whether a text may show a URL's password (urlPasswordsIn): it holds `@` and `://`. Most outputs are left at this test. */
export function mayHoldUrlPassword(text: string): boolean {
  return text.includes("@") && text.includes("://");
}

/**
 * The passwords of the URLs `text` holds (`scheme://user:PASSWORD@host`, the user name may be empty), or undefined when
 * there is none. A reference (`$PASS`, `${PASS}`) or a value already masked is none. A text without both `://` and `@`
 * holds none: most outputs are left at that test.
 */
export function urlPasswordsIn(text: string): UrlPassword[] | undefined {
  if (!mayHoldUrlPassword(text)) return undefined;
  let found: UrlPassword[] | undefined;
  // From each `://` (a regex tried at every position of a long text cost as much as all the other finders).
  for (let at = text.indexOf("://"); at !== -1; at = text.indexOf("://", at + 3)) {
    let scheme = at;
    while (scheme > 0 && SCHEME_CHAR.test(text[scheme - 1]!)) scheme--;
    if (scheme === at || !LETTER.test(text[scheme]!)) continue;
    URL_PASSWORD.lastIndex = at;
    const m = URL_PASSWORD.exec(text);
    if (!m) continue;
    const written = m[1]!;
    if (written.startsWith("$") || written.includes("${") || written.includes("***")) continue;
    let password = written;
    try {
      password = decodeURIComponent(written);
    } catch {
      // Not percent-encoded text: the password as written.
    }
    if (found?.some((f) => f.password === password)) continue;
    (found ??= []).push({ password, everywhere: learnableCredential(password) });
  }
  return found;
}
