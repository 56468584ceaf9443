// Which content coding fetch decodes for a response's Content-Encoding lines: exactly one known coding besides identity, else none.

const KNOWN: ReadonlySet<string> = new Set(["gzip", "x-gzip", "deflate", "br", "zstd"]);

/** The coding to decode, or undefined when fetch hands the body over as it came (none, identity only, unknown or stacked codings). */
export function contentCoding(lines: readonly string[]): string | undefined {
  const codings: string[] = [];
  for (const line of lines)
    for (const token of line.split(",")) {
      const name = token.trim().toLowerCase();
      if (name !== "" && name !== "identity") codings.push(name);
    }
  return codings.length === 1 && KNOWN.has(codings[0]!) ? codings[0] : undefined;
}

/**
 * A response's Content-Encoding when neither client decodes it (stacked codings, `gzip, gzip`, or one they do not know):
 * its body is then the encoded bytes, and a check of it would check those. Undefined when there is nothing left encoded.
 */
export function undecodedCoding(header: string | null): string | undefined {
  if (header === null) return undefined;
  const lines = [header];
  const codings = header.split(",").map((t) => t.trim().toLowerCase()).filter((t) => t !== "" && t !== "identity");
  if (codings.length === 0 || contentCoding(lines) !== undefined) return undefined;
  return header;
}

/**
 * A response's Transfer-Encoding when it names a coding besides chunked (and identity): `gzip, chunked`, `deflate`.
 * Neither client removes those (fetch hands the body over with them, and the wire client reads it as fetch does), so its
 * body is still coded, and a check of it would check those bytes. Undefined when chunked is all there is.
 */
export function undecodedTransfer(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const token of header.split(",")) {
    const name = token.trim().toLowerCase();
    if (name !== "" && name !== "chunked" && name !== "identity") return header;
  }
  return undefined;
}
