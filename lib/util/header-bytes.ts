// A request header's value as fetch must be given it to send the value's UTF-8 bytes, as curl sends them.

const ASCII = /^[\x00-\x7f]*$/;

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
