// Credentials a response or an output hands over in JSON (a token endpoint's {"access_token": "…"}): masked as secrets.

/**
 * A JSON member whose name says it holds a credential, with a string value: access, refresh, id, session and auth
 * tokens, client and API secrets and keys, passwords, private and secret keys, in snake, kebab or camel case. Group 1 is
 * the value as written (its escapes kept).
 */
const CREDENTIAL_MEMBER =
  /"(?:(?:access|refresh|id|session|auth)[_-]?token|(?:client|api)[_-]?(?:secret|key)|apikey|pass(?:word|wd)|(?:private|secret)[_-]?key)"\s*:\s*"((?:[^"\\\n]|\\.){8,})"/gi;

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
