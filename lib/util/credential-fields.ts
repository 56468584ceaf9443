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
 * A credential written as text, not JSON: a `NAME=VALUE` or `NAME: VALUE` pair whose name says it holds one (the names
 * above, plus `token`, `secret` and `secret_access_key`, after any prefix ending in a character that is no letter or
 * digit, `pgpassword` (libpq's PGPASSWORD), and `pwd` after `_` or `-` only (`MYSQL_PWD=…`; `PWD=/home/…` and
 * `OLDPWD=…` are folders): `DB_PASSWORD=…`, `AWS_SECRET_ACCESS_KEY=…`, `X-Api-Key: …`, `?token=…`), the value of an
 * `Authorization` or `Proxy-Authorization` header after its scheme, the word after `Bearer`, and the argument after a
 * command-line option so named (`--api-key VALUE`, `--db-password VALUE`). Group 1, 2, 3 or 4 is the
 * value as written, up to a space, a quote, a backslash or `&;,<>` (the quotes may be backslash-escaped: `\"password\": \"…\"` in a
 * command line).
 */
const CREDENTIAL_TEXT =
  /(?<![A-Za-z0-9])(?:(?:(?:access|refresh|id|session|auth|api)[_-]?)?token|(?:client|api)[_-]?(?:secret|key)|apikey|secret|pass(?:word|wd)|(?:private|secret)[_-]?key|secret[_-]?access[_-]?key|pgpassword|(?<=[_-])pwd)(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?([^\s"'&;,<>\\]{8,})|(?<![A-Za-z0-9])(?:proxy-)?authorization(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?(?:[A-Za-z][\w.+-]*[ \t]+)?([^\s"'&;,<>\\]{8,})|(?<![A-Za-z0-9])bearer[ \t]+([^\s"'&;,<>\\]{8,})|(?<![\w-])--(?:[a-z0-9]+-)*(?:token|secret|pass(?:word|wd)|(?:api|private|secret)-?key|apikey)[ \t]+["']?([^\s"'&;,<>\\]{8,})/gi;

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
