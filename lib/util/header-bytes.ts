// Header values and their bytes: a request's sent as its UTF-8 bytes, as curl sends them; a response's read as UTF-8 when its bytes are.

const ASCII = /^[\x00-\x7f]*$/;
/** A character beyond ASCII somewhere in a text. */
export const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The value with each of its UTF-8 bytes as one character (U+0000–U+00FF). Fetch sends a header value's characters as
 * bytes, one each: `ä` went out as the byte E4 (Latin-1, which a server echoing it back turned into U+FFFD, a form of a
 * secret no mask knew), and `€`, beyond one byte, was refused ("Header 'X-E' has invalid value"). An ASCII value is itself.
 */
export function headerBytes(value: string): string {
  return ASCII.test(value) ? value : Buffer.from(value, "utf8").toString("latin1");
}

/** The text a value made by headerBytes stands for (the value itself when ASCII), for the reports' request detail. */
export function headerText(bytes: string): string {
  return ASCII.test(bytes) ? bytes : Buffer.from(bytes, "latin1").toString("utf8");
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A response header's value as text: both clients give each byte as one character (Latin-1, as fetch's Headers do), so
 * `X-User: José` sent as UTF-8 read `JosÃ©` in checks, captures and the response detail. Bytes that are UTF-8 are read
 * as UTF-8 (as curl shows them); any other bytes stay Latin-1 characters, one a byte.
 */
export function responseHeaderValue(raw: string): string {
  if (ASCII.test(raw)) return raw;
  try {
    return strictUtf8.decode(Buffer.from(raw, "latin1"));
  } catch {
    return raw;
  }
}
